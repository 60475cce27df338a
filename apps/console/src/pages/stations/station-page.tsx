import { useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import { formatDate, formatDateTime } from '../../app/format';
import { STATION_CATEGORY_LABELS } from '../../app/labels';
import { Badge, Button, Details, Empty, Loading, PageHeader } from '../../ui/common';
import { ErrorBanner, Form, TextAreaField, useFormValues } from '../../ui/form';
import { InspectionResultBadge, StationStatusBadge } from './station-status';
import { hasRole, useSignedIn } from '../../app/session';
import { StationStaffPanel } from '../admin/station-staff';

const StationQuery = graphql(`
  query StationsDetail($id: ID!) {
    station(id: $id) {
      id
      code
      name
      category
      status
      hostName
      hostCreditCode
      address
      contactName
      contactPhone
      establishedOn
      revokedReason
      suspendedReason
      orgUnit {
        id
        name
      }
      openRectifications {
        id
        description
        dueOn
        workingDays
        overdue
      }
    }
  }
`);

const InspectionsQuery = graphql(`
  query StationsInspections($stationId: ID!) {
    stationInspections(stationId: $stationId) {
      id
      inspectedOn
      inspectorName
      result
      note
      items {
        code
        title
        passed
        note
      }
      rectifications {
        id
        description
        dueOn
        workingDays
        overdue
        closedAt
        closingNote
      }
    }
    trainingRecords(stationId: $stationId) {
      id
      trainedOn
      traineeName
      topic
      organizer
      hours
    }
  }
`);

const ApproveMutation = graphql(`
  mutation StationsApprove($id: ID!) {
    approveStation(id: $id) {
      id
      status
      suspendedReason
    }
  }
`);

const SuspendMutation = graphql(`
  mutation StationsSuspend($id: ID!, $reason: String!) {
    suspendStation(id: $id, reason: $reason) {
      id
      status
      suspendedReason
    }
  }
`);

const RevokeMutation = graphql(`
  mutation StationsRevoke($id: ID!, $reason: String!) {
    revokeStation(id: $id, reason: $reason) {
      id
      status
      revokedReason
    }
  }
`);

const CloseRectificationMutation = graphql(`
  mutation StationsCloseRectification($id: ID!, $note: String!) {
    closeRectification(id: $id, note: $note) {
      id
      closedAt
      closingNote
      overdue
    }
  }
`);

type ReasonAction = 'suspend' | 'revoke';

/** One station: details, the lifecycle moves its status allows, rectification follow-up, inspections, training. */
export default function StationPage() {
  const { id = '' } = useParams();
  const location = useLocation();
  const [{ data, fetching, error }] = useQuery({ query: StationQuery, variables: { id } });
  const [inspections] = useQuery({ query: InspectionsQuery, variables: { stationId: id } });
  const [approval, approve] = useMutation(ApproveMutation);
  const [action, setAction] = useState<ReasonAction | null>(null);
  const [closing, setClosing] = useState<string | null>(null);
  const admin = hasRole(useSignedIn(), 'TENANT_ADMIN');
  const s = data?.station;

  if (fetching && !s) return <Loading />;
  if (error) return <ErrorBanner error={error} />;
  if (!s) return <p>站点不存在。</p>;

  const canApprove = s.status === 'PENDING' || s.status === 'SUSPENDED';
  const canSuspend = s.status === 'ACTIVE';
  const canRevoke = s.status !== 'REVOKED';
  const list = inspections.data?.stationInspections ?? [];
  const training = inspections.data?.trainingRecords ?? [];
  return (
    <section>
      <PageHeader
        title={s.name}
        actions={
          <>
            {s.status !== 'REVOKED' ? (
              <Link className="btn btn-secondary" to={`/stations/${s.id}/inspect`}>
                记录检查
              </Link>
            ) : null}
            <Link className="btn btn-secondary" to="/stations">
              返回名录
            </Link>
          </>
        }
      >
        <p>
          <StationStatusBadge status={s.status} /> 站点编号 {s.code}
        </p>
      </PageHeader>

      {(location.state as { registered?: boolean } | null)?.registered && s.status === 'PENDING' ? (
        <p className="notice notice-success">已登记，站点编号 {s.code}，待审批。</p>
      ) : null}

      {canApprove || canSuspend || canRevoke ? (
        <div className="panel">
          <h2>站点状态</h2>
          {s.status === 'SUSPENDED' && s.suspendedReason ? <p>暂停原因：{s.suspendedReason}</p> : null}
          <div className="form-actions">
            {canApprove ? (
              <Button variant="primary" busy={approval.fetching} onClick={() => approve({ id: s.id })}>
                {s.status === 'PENDING' ? '批准' : '恢复'}
              </Button>
            ) : null}
            {canSuspend ? (
              <Button aria-pressed={action === 'suspend'} onClick={() => setAction(action === 'suspend' ? null : 'suspend')}>
                暂停
              </Button>
            ) : null}
            {canRevoke ? (
              <Button variant="danger" aria-pressed={action === 'revoke'} onClick={() => setAction(action === 'revoke' ? null : 'revoke')}>
                撤销
              </Button>
            ) : null}
          </div>
          <ErrorBanner error={approval.error} />
          {(action === 'suspend' && canSuspend) || (action === 'revoke' && canRevoke) ? <ReasonForm id={s.id} action={action!} onDone={() => setAction(null)} /> : null}
        </div>
      ) : null}

      {s.status === 'REVOKED' ? (
        <p className="notice" role="note">
          本站点已撤销{s.revokedReason ? `：${s.revokedReason}` : ''}。
        </p>
      ) : null}

      <div className="panel">
        <h2>站点信息</h2>
        <Details
          items={[
            ['类别', STATION_CATEGORY_LABELS[s.category]],
            ['监管单位', s.orgUnit.name],
            ['建站企业', s.hostName],
            ['统一社会信用代码', s.hostCreditCode],
            ['地址', s.address],
            ['设立日期', formatDate(s.establishedOn)],
            ['联系人', s.contactName],
            ['联系电话', s.contactPhone],
          ]}
        />
      </div>

      {admin && s.status !== 'REVOKED' ? <StationStaffPanel stationId={s.id} active={s.status === 'ACTIVE'} /> : null}

      <div className="panel" data-testid="open-rectifications">
        <h2>未完成的整改事项</h2>
        {s.openRectifications.length === 0 ? <Empty>没有未完成的整改事项。</Empty> : null}
        {s.openRectifications.length > 0 ? (
          <div className="table-wrap">
            <table className="table" aria-label="未完成的整改事项">
              <thead>
                <tr>
                  <th scope="col">整改事项</th>
                  <th scope="col">整改期限</th>
                  <th scope="col">跟进</th>
                </tr>
              </thead>
              <tbody>
                {s.openRectifications.map((r) => (
                  <tr key={r.id} className={r.overdue ? 'row-overdue' : undefined}>
                    <td>{r.description}</td>
                    <td>
                      {formatDate(r.dueOn)}（{r.workingDays} 个工作日）{r.overdue ? <Badge tone="danger">已逾期</Badge> : null}
                    </td>
                    <td>
                      {closing === r.id ? (
                        <CloseRectificationForm id={r.id} onDone={() => setClosing(null)} />
                      ) : (
                        <Button onClick={() => setClosing(r.id)} aria-label={`复查确认整改完毕：${r.description}`}>
                          复查确认整改完毕
                        </Button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </div>

      <div className="panel">
        <h2>检查记录</h2>
        <ErrorBanner error={inspections.error} />
        {inspections.fetching && !inspections.data ? <Loading /> : null}
        {inspections.data && list.length === 0 ? <Empty>尚无检查记录。</Empty> : null}
        {list.map((i) => (
          <article key={i.id} className="inspection" aria-label={`${formatDate(i.inspectedOn)}检查`}>
            <h3>
              {formatDate(i.inspectedOn)} · {i.inspectorName} <InspectionResultBadge result={i.result} />
            </h3>
            <ul className="inspection-items">
              {i.items.map((it) => (
                <li key={it.code} className={it.passed ? undefined : 'failed'}>
                  {it.passed ? '✓ 合格' : '✗ 不合格'}：{it.title}
                  {it.note ? `（${it.note}）` : ''}
                </li>
              ))}
            </ul>
            {i.note ? <p>检查意见：{i.note}</p> : null}
            {i.rectifications.length ? (
              <>
                <h4>限期整改</h4>
                <ul>
                  {i.rectifications.map((r) => (
                    <li key={r.id}>
                      {r.description}，期限 {formatDate(r.dueOn)}{' '}
                      {r.closedAt ? (
                        <Badge tone="success">已于 {formatDateTime(r.closedAt)} 整改完毕</Badge>
                      ) : r.overdue ? (
                        <Badge tone="danger">已逾期</Badge>
                      ) : (
                        <Badge tone="warning">整改中</Badge>
                      )}
                      {r.closingNote ? <span className="muted">（{r.closingNote}）</span> : null}
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
          </article>
        ))}
      </div>

      <div className="panel">
        <h2>培训记录</h2>
        {inspections.data && training.length === 0 ? <Empty>尚无培训记录。</Empty> : null}
        {training.length ? (
          <div className="table-wrap">
            <table className="table" aria-label="培训记录">
              <thead>
                <tr>
                  <th scope="col">日期</th>
                  <th scope="col">参训人员</th>
                  <th scope="col">内容</th>
                  <th scope="col">组织单位</th>
                  <th scope="col">学时</th>
                </tr>
              </thead>
              <tbody>
                {training.map((t) => (
                  <tr key={t.id}>
                    <td>{formatDate(t.trainedOn)}</td>
                    <td>{t.traineeName}</td>
                    <td>{t.topic}</td>
                    <td>{t.organizer}</td>
                    <td>{t.hours}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </div>
    </section>
  );
}

function ReasonForm({ id, action, onDone }: { id: string; action: ReasonAction; onDone(): void }) {
  const { values, bind } = useFormValues({ reason: '' });
  const [suspended, suspend] = useMutation(SuspendMutation);
  const [revoked, revoke] = useMutation(RevokeMutation);
  const result = action === 'suspend' ? suspended : revoked;
  const title = action === 'suspend' ? '暂停站点' : '撤销站点';
  const submit = async () => {
    const res = action === 'suspend' ? await suspend({ id, reason: values.reason }) : await revoke({ id, reason: values.reason });
    if (res.data) onDone();
  };
  return (
    <div className="subpanel">
      <h3>{title}</h3>
      <Form error={result.error} onSubmit={submit} aria-label={title}>
        <TextAreaField
          name="reason"
          label={action === 'suspend' ? '暂停原因' : '撤销原因'}
          required
          hint={action === 'revoke' ? '撤销后不可恢复，如：建站企业已注销' : undefined}
          {...bind('reason')}
        />
        <div className="form-actions">
          <Button type="submit" variant={action === 'revoke' ? 'danger' : 'primary'} busy={result.fetching}>
            {action === 'suspend' ? '确认暂停' : '确认撤销'}
          </Button>
          <Button onClick={onDone}>取消</Button>
        </div>
      </Form>
    </div>
  );
}

function CloseRectificationForm({ id, onDone }: { id: string; onDone(): void }) {
  const { values, bind } = useFormValues({ note: '' });
  const [result, close] = useMutation(CloseRectificationMutation);
  const submit = async () => {
    const res = await close({ id, note: values.note });
    if (res.data) onDone();
  };
  return (
    <Form error={result.error} onSubmit={submit} aria-label="复查确认整改完毕">
      <TextAreaField name="note" label="复查情况" required rows={2} {...bind('note')} />
      <div className="form-actions">
        <Button type="submit" variant="primary" busy={result.fetching}>
          确认整改完毕
        </Button>
        <Button onClick={onDone}>取消</Button>
      </div>
    </Form>
  );
}
