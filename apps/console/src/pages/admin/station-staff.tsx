import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import { Badge, Button, Empty } from '../../ui/common';
import { ErrorBanner, Form, TextField, useFormValues } from '../../ui/form';

const StationStaffQuery = graphql(`
  query AdminStationStaff($stationId: ID!) {
    users(filter: { stationId: $stationId }, first: 100) {
      totalCount
      edges {
        node {
          id
          username
          displayName
          disabled
        }
      }
    }
  }
`);

const CreateStaffMutation = graphql(`
  mutation AdminCreateStationStaff($input: CreateUserInput!) {
    createUser(input: $input) {
      id
      username
    }
  }
`);

/** The password rule of the API (isStrongPassword), said beside every password field. */
export const PASSWORD_HINT = '至少 10 位，同时包含字母和数字';

type Bind = (key: 'username' | 'displayName' | 'password') => { value: string; onChange(e: { target: { value: string } }): void };

/** Username, name and initial password of a new account (createUser). */
export function NewAccountFields({ bind }: { bind: Bind }) {
  return (
    <>
      <TextField name="username" label="用户名" required autoComplete="off" {...bind('username')} />
      <TextField name="displayName" label="姓名" required {...bind('displayName')} />
      <TextField name="password" label="初始密码" hint={PASSWORD_HINT} required type="password" autoComplete="new-password" {...bind('password')} />
    </>
  );
}

/**
 * The station's staff accounts and a new one (TENANT_ADMIN: users, createUser): a station opens
 * disputes only through its staff. Disabling and password resets are on the 用户 page.
 */
export function StationStaffPanel({ stationId, active }: { stationId: string; active: boolean }) {
  const [{ data, error }, reexecute] = useQuery({ query: StationStaffQuery, variables: { stationId } });
  const { values, bind, reset } = useFormValues({ username: '', displayName: '', password: '' });
  const [result, create] = useMutation(CreateStaffMutation);
  const staff = data?.users.edges.map((e) => e.node) ?? [];
  const submit = async () => {
    const res = await create({ input: { username: values.username.trim(), displayName: values.displayName, password: values.password, roles: ['STATION_STAFF'], stationId } });
    if (res.data) {
      reset();
      reexecute({ requestPolicy: 'network-only' });
    }
  };
  return (
    <div className="panel" data-testid="station-staff">
      <h2>站点工作人员</h2>
      <ErrorBanner error={error} />
      {data && !staff.length ? <Empty>还没有工作人员账号。</Empty> : null}
      {staff.length ? (
        <ul className="plain-list" aria-label="工作人员账号">
          {staff.map((u) => (
            <li key={u.id}>
              {u.displayName}（{u.username}）{u.disabled ? <Badge tone="danger">已停用</Badge> : null}
            </li>
          ))}
        </ul>
      ) : null}
      {active ? null : <p className="muted">站点批准后工作人员才能在柜台登记纠纷。</p>}
      <h3>添加工作人员账号</h3>
      <Form error={result.error} onSubmit={submit} aria-label="添加工作人员账号">
        <NewAccountFields bind={bind} />
        <div className="form-actions">
          <Button type="submit" variant="primary" busy={result.fetching}>
            添加
          </Button>
        </div>
      </Form>
    </div>
  );
}
