import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import type { Role } from '../../gql/enums';
import { ROLE_LABELS } from '../../app/labels';
import { useSignedIn } from '../../app/session';
import { Badge, Button, CursorPager, Empty, Loading, PageHeader } from '../../ui/common';
import { CheckboxField, ErrorBanner, Form, SelectField, TextField, useFormValues } from '../../ui/form';
import { useOrgUnitOptions } from '../stations/org-units';
import { NewAccountFields, PASSWORD_HINT } from './station-staff';

const UsersQuery = graphql(`
  query AdminUsers($filter: UserFilter, $first: Int, $after: String) {
    users(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          username
          displayName
          roles
          disabled
          orgUnit {
            id
            name
          }
          station {
            id
            name
          }
        }
      }
    }
  }
`);

const CreateUserMutation = graphql(`
  mutation AdminCreateUser($input: CreateUserInput!) {
    createUser(input: $input) {
      id
      username
    }
  }
`);

const UpdateUserMutation = graphql(`
  mutation AdminUpdateUser($id: ID!, $input: UpdateUserInput!) {
    updateUser(id: $id, input: $input) {
      id
      displayName
      roles
      orgUnit {
        id
        name
      }
    }
  }
`);

const DisableUserMutation = graphql(`
  mutation AdminDisableUser($id: ID!) {
    disableUser(id: $id) {
      id
      disabled
    }
  }
`);

const EnableUserMutation = graphql(`
  mutation AdminEnableUser($id: ID!) {
    enableUser(id: $id) {
      id
      disabled
    }
  }
`);

const ResetPasswordMutation = graphql(`
  mutation AdminResetPassword($id: ID!, $password: String!) {
    resetUserPassword(id: $id, password: $password) {
      id
    }
  }
`);

const PAGE = 20;

/**
 * The roles this page assigns. Station staff are tied to a station (createUser's stationId), which
 * this page does not pick: their accounts keep their station when edited here.
 */
const ASSIGNABLE: Role[] = ['TENANT_ADMIN', 'OFFICER', 'CENTER_OPERATOR', 'EVALUATOR'];

type UserRow = {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  disabled: boolean;
  orgUnit?: { id: string; name: string } | null;
  station?: { id: string; name: string } | null;
};

type Panel = { kind: 'create' } | { kind: 'edit' | 'password' | 'disable'; user: UserRow };

/** User administration (TENANT_ADMIN): the tenant's accounts, new ones, roles and unit, disabling and password resets. */
export default function UsersPage() {
  const session = useSignedIn();
  const { options: units } = useOrgUnitOptions();
  const [search, setSearch] = useState('');
  const [filter, setFilter] = useState<{ orgUnitId: string; role: Role | ''; state: '' | 'enabled' | 'disabled'; search: string }>({ orgUnitId: '', role: '', state: '', search: '' });
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [panel, setPanel] = useState<Panel | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const variables = {
    filter: {
      orgUnitId: filter.orgUnitId || null,
      role: filter.role || null,
      disabled: filter.state === '' ? null : filter.state === 'disabled',
      search: filter.search || null,
    },
    first: PAGE,
    after: cursors[cursors.length - 1],
  };
  const [{ data, fetching, error }, reexecute] = useQuery({ query: UsersQuery, variables });
  const conn = data?.users;
  const change = (next: Partial<typeof filter>) => {
    setFilter((f) => ({ ...f, ...next }));
    setCursors([null]);
  };
  const done = (message: string) => {
    setPanel(null);
    setNotice(message);
    reexecute({ requestPolicy: 'network-only' });
  };

  return (
    <section>
      <PageHeader
        title="用户管理"
        actions={
          <Button variant="primary" onClick={() => setPanel({ kind: 'create' })}>
            新建用户
          </Button>
        }
      >
        <p className="muted">停用的账号不能登录，已登录的在下一次操作时退出。租户须至少保留一名启用中的租户管理员。</p>
      </PageHeader>

      <div className="toolbar" role="search" aria-label="筛选用户">
        <div className="field">
          <label htmlFor="users-org">单位</label>
          <select id="users-org" value={filter.orgUnitId} onChange={(e) => change({ orgUnitId: e.target.value })}>
            <option value="">全部</option>
            {units.map((u) => (
              <option key={u.value} value={u.value}>
                {u.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="users-role">角色</label>
          <select id="users-role" value={filter.role} onChange={(e) => change({ role: e.target.value as Role | '' })}>
            <option value="">全部</option>
            {(Object.keys(ROLE_LABELS) as Role[])
              .filter((r) => r !== 'PLATFORM_ADMIN')
              .map((r) => (
                <option key={r} value={r}>
                  {ROLE_LABELS[r]}
                </option>
              ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="users-state">状态</label>
          <select id="users-state" value={filter.state} onChange={(e) => change({ state: e.target.value as typeof filter.state })}>
            <option value="">全部</option>
            <option value="enabled">启用中</option>
            <option value="disabled">已停用</option>
          </select>
        </div>
        <form
          className="field"
          onSubmit={(e) => {
            e.preventDefault();
            change({ search: search.trim() });
          }}
        >
          <label htmlFor="users-search">用户名或姓名</label>
          <input id="users-search" value={search} maxLength={50} onChange={(e) => setSearch(e.target.value)} />
        </form>
        {conn ? (
          <p className="muted" data-testid="users-count">
            共 {conn.totalCount} 个账号
          </p>
        ) : null}
      </div>

      {notice ? (
        <p className="notice notice-success" role="status">
          {notice}
        </p>
      ) : null}
      {panel?.kind === 'create' ? <CreateUserForm units={units} onDone={(username) => done(`已新建用户 ${username}`)} onCancel={() => setPanel(null)} /> : null}
      {panel && panel.kind !== 'create' ? (
        <UserActionPanel panel={panel} units={units} onDone={done} onCancel={() => setPanel(null)} />
      ) : null}

      <ErrorBanner error={error} />
      {fetching && !conn ? <Loading /> : null}
      {conn && !conn.edges.length ? <Empty>没有符合条件的用户。</Empty> : null}
      {conn && conn.edges.length ? (
        <div className="table-wrap">
          <table className="table" aria-label="用户">
            <thead>
              <tr>
                <th>用户名</th>
                <th>姓名</th>
                <th>角色</th>
                <th>单位 / 站点</th>
                <th>状态</th>
                <th>操作</th>
              </tr>
            </thead>
            <tbody>
              {conn.edges.map(({ node: u }) => (
                <tr key={u.id} data-user={u.username}>
                  <td>{u.username}</td>
                  <td>{u.displayName}</td>
                  <td>{u.roles.map((r) => ROLE_LABELS[r]).join('、')}</td>
                  <td>{u.station?.name ?? u.orgUnit?.name ?? '—'}</td>
                  <td>{u.disabled ? <Badge tone="danger">已停用</Badge> : <Badge tone="success">启用中</Badge>}</td>
                  <td className="actions">
                    <Button variant="link" onClick={() => setPanel({ kind: 'edit', user: u })}>
                      编辑
                    </Button>
                    <Button variant="link" onClick={() => setPanel({ kind: 'password', user: u })}>
                      重设密码
                    </Button>
                    {u.disabled ? (
                      <EnableButton id={u.id} onDone={() => done(`已启用 ${u.username}`)} />
                    ) : u.id === session.user.id ? null : (
                      <Button variant="link" onClick={() => setPanel({ kind: 'disable', user: u })}>
                        停用
                      </Button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {conn && (cursors.length > 1 || conn.pageInfo.hasNextPage) ? (
        <CursorPager cursors={cursors} setCursors={setCursors} pageInfo={conn.pageInfo} />
      ) : null}
    </section>
  );
}

type UnitOptions = { value: string; label: string }[];

/** Role checkboxes (the roles this page assigns; others the user holds are kept). */
function RoleChecks({ roles, onChange }: { roles: Role[]; onChange(roles: Role[]): void }) {
  return (
    <fieldset className="field" data-field="roles">
      <legend>角色</legend>
      {ASSIGNABLE.map((r) => (
        <CheckboxField key={r} name={`role-${r}`} label={ROLE_LABELS[r]} checked={roles.includes(r)} onChange={(on) => onChange(on ? [...roles, r] : roles.filter((x) => x !== r))} />
      ))}
    </fieldset>
  );
}

function CreateUserForm({ units, onDone, onCancel }: { units: UnitOptions; onDone(username: string): void; onCancel(): void }) {
  const { values, bind } = useFormValues({ username: '', displayName: '', password: '', orgUnitId: '' });
  const [roles, setRoles] = useState<Role[]>(['OFFICER']);
  const [result, create] = useMutation(CreateUserMutation);
  const submit = async () => {
    const res = await create({ input: { username: values.username.trim(), displayName: values.displayName, password: values.password, roles, orgUnitId: values.orgUnitId || null } });
    if (res.data) onDone(res.data.createUser.username);
  };
  return (
    <div className="panel">
      <h2>新建用户</h2>
      <Form error={result.error} onSubmit={submit} aria-label="新建用户">
        <NewAccountFields bind={bind} />
        <RoleChecks roles={roles} onChange={setRoles} />
        <SelectField name="orgUnitId" label="所属单位" placeholder="（不指定）" options={units} {...bind('orgUnitId')} />
        <div className="form-actions">
          <Button type="submit" variant="primary" busy={result.fetching}>
            创建
          </Button>
          <Button onClick={onCancel}>取消</Button>
        </div>
      </Form>
    </div>
  );
}

function UserActionPanel({ panel, units, onDone, onCancel }: { panel: Exclude<Panel, { kind: 'create' }>; units: UnitOptions; onDone(message: string): void; onCancel(): void }) {
  const u = panel.user;
  if (panel.kind === 'edit') return <EditUserForm user={u} units={units} onDone={() => onDone(`已保存 ${u.username}`)} onCancel={onCancel} />;
  if (panel.kind === 'password') return <ResetPasswordForm user={u} onDone={() => onDone(`已为 ${u.username} 重设密码`)} onCancel={onCancel} />;
  return <DisableUserForm user={u} onDone={() => onDone(`已停用 ${u.username}`)} onCancel={onCancel} />;
}

function EditUserForm({ user, units, onDone, onCancel }: { user: UserRow; units: UnitOptions; onDone(): void; onCancel(): void }) {
  const { values, bind } = useFormValues({ displayName: user.displayName, orgUnitId: user.orgUnit?.id ?? '' });
  const [roles, setRoles] = useState<Role[]>(user.roles);
  const [result, update] = useMutation(UpdateUserMutation);
  const submit = async () => {
    const res = await update({ id: user.id, input: { displayName: values.displayName, roles, orgUnitId: values.orgUnitId || null } });
    if (res.data) onDone();
  };
  return (
    <div className="panel">
      <h2>编辑用户 {user.username}</h2>
      <Form error={result.error} onSubmit={submit} aria-label="编辑用户">
        <TextField name="displayName" label="姓名" required {...bind('displayName')} />
        <RoleChecks roles={roles} onChange={setRoles} />
        {user.station ? <p className="muted">站点工作人员，所属站点：{user.station.name}</p> : null}
        <SelectField name="orgUnitId" label="所属单位" placeholder="（不变）" options={units} {...bind('orgUnitId')} />
        <div className="form-actions">
          <Button type="submit" variant="primary" busy={result.fetching}>
            保存
          </Button>
          <Button onClick={onCancel}>取消</Button>
        </div>
      </Form>
    </div>
  );
}

function ResetPasswordForm({ user, onDone, onCancel }: { user: UserRow; onDone(): void; onCancel(): void }) {
  const { values, bind } = useFormValues({ password: '' });
  const [result, reset] = useMutation(ResetPasswordMutation);
  const submit = async () => {
    const res = await reset({ id: user.id, password: values.password });
    if (res.data) onDone();
  };
  return (
    <div className="panel">
      <h2>为 {user.username} 重设密码</h2>
      <Form error={result.error} onSubmit={submit} aria-label="重设密码">
        <TextField name="password" label="新密码" hint={PASSWORD_HINT} required type="password" autoComplete="new-password" {...bind('password')} />
        <div className="form-actions">
          <Button type="submit" variant="primary" busy={result.fetching}>
            重设密码
          </Button>
          <Button onClick={onCancel}>取消</Button>
        </div>
      </Form>
    </div>
  );
}

/** Offered for other accounts only (the list shows no 停用 on the caller's own row; the API refuses it too). */
function DisableUserForm({ user, onDone, onCancel }: { user: UserRow; onDone(): void; onCancel(): void }) {
  const [result, disable] = useMutation(DisableUserMutation);
  const submit = async () => {
    const res = await disable({ id: user.id });
    if (res.data) onDone();
  };
  return (
    <div className="panel">
      <h2>停用 {user.username}</h2>
      <Form error={result.error} onSubmit={submit} aria-label="停用用户">
        <p>停用后 {user.displayName} 不能再登录，已登录的会在下一次操作时退出。可随时重新启用。</p>
        <div className="form-actions">
          <Button type="submit" variant="danger" busy={result.fetching}>
            确认停用
          </Button>
          <Button onClick={onCancel}>取消</Button>
        </div>
      </Form>
    </div>
  );
}

function EnableButton({ id, onDone }: { id: string; onDone(): void }) {
  const [result, enable] = useMutation(EnableUserMutation);
  return (
    <>
      <Button
        variant="link"
        busy={result.fetching}
        onClick={async () => {
          if ((await enable({ id })).data) onDone();
        }}
      >
        启用
      </Button>
      <ErrorBanner error={result.error} />
    </>
  );
}
