import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useLocation, useSearchParams } from 'react-router';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import type { CaseType, CenterCaseOrder, CenterCaseStatus } from '../../gql/enums';
import { formatDateTime, timeLeft } from '../../app/format';
import { CASE_CHANNEL_LABELS, CASE_TYPE_LABELS, CENTER_CASE_STATUS_LABELS, DEADLINE_KIND_LABELS, optionsOf } from '../../app/labels';
import { hasRole, useSignedIn } from '../../app/session';
import { Badge, Button, DeadlineBadge, Empty, Loading, PageHeader, useNow } from '../../ui/common';
import { ErrorBanner } from '../../ui/form';
import { useOrgUnitOptions } from '../stations/org-units';
import { nearestOpenDeadline } from './case-moves';
import { CaseStatusBadge } from './case-status';

const QueueQuery = graphql(`
  query CenterQueue($filter: CenterCaseFilter, $overdueFilter: CenterCaseFilter, $first: Int, $after: String, $orderBy: CenterCaseOrder) {
    centerCases(filter: $filter, first: $first, after: $after, orderBy: $orderBy) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          caseNumber
          type
          channel
          status
          subject
          receivedAt
          urgeCount
          registeredUnit {
            id
            name
          }
          assignedUnit {
            id
            name
          }
          sourceStation {
            id
            name
          }
          deadlines {
            kind
            dueAt
            metAt
            breached
            extended
          }
        }
      }
    }
    overdue: centerCases(filter: $overdueFilter, first: 0) {
      totalCount
    }
  }
`);

/** Statuses still in the center's hands (not rejected, not archived): the default queue. */
const OPEN_STATUSES: CenterCaseStatus[] = ['REGISTERED', 'ACCEPTED', 'ASSIGNED', 'CLOSED', 'FEEDBACK_GIVEN'];
const PAGE = 50;
const REFRESH_MS = 60_000;

/** The queue's orders (the API's CenterCaseOrder); the nearest deadline first by default. */
const ORDER_LABELS: Record<CenterCaseOrder, string> = {
  DEADLINE_ASC: '最近时限优先',
  RECEIVED_AT_DESC: '最新接收优先',
};

/**
 * The case queue: cases in scope in the API's order (by default the nearest running deadline
 * first, overdue ones marked), a page at a time; the filter's open statuses go to the API as one
 * `statuses` list.
 */
export default function QueuePage() {
  const session = useSignedIn();
  const operator = hasRole(session, 'CENTER_OPERATOR');
  const now = useNow();
  const [params, setParams] = useSearchParams();
  const status = (params.get('status') ?? '') as CenterCaseStatus | '';
  const type = (params.get('type') ?? '') as CaseType | '';
  const overdue = params.get('overdue') === '1';
  const orgUnitId = params.get('org') ?? '';
  const mine = operator && params.get('mine') === '1';
  const orderBy: CenterCaseOrder = params.get('order') === 'RECEIVED_AT_DESC' ? 'RECEIVED_AT_DESC' : 'DEADLINE_ASC';
  const filter = useMemo(
    () => ({ statuses: status ? [status] : OPEN_STATUSES, type: type || null, overdue: overdue ? true : null, orgUnitId: orgUnitId || null, registeredByMe: mine ? true : null }),
    [status, type, overdue, orgUnitId, mine],
  );
  // Cursors of the pages read so far (the first page has none); a new filter or order starts again.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const filterKey = `${JSON.stringify(filter)}|${orderBy}`;
  const [pagedKey, setPagedKey] = useState(filterKey);
  if (pagedKey !== filterKey) {
    setPagedKey(filterKey);
    setCursors([null]);
  }
  const after = pagedKey === filterKey ? cursors[cursors.length - 1] : null;
  const variables = useMemo(() => ({ filter, overdueFilter: { ...filter, overdue: true }, first: PAGE, after, orderBy }), [filter, after, orderBy]);
  const [{ data: last, fetching, error, operation }, reexecute] = useQuery({ query: QueueQuery, variables });
  // urql keeps the previous result while the next page (or filter) loads: show only the answer
  // to what is asked, never page 1's rows under "第 2 页".
  const data = operation && JSON.stringify(operation.variables) === JSON.stringify(variables) ? last : undefined;
  // Each visit (also a click on the nav link of the queue already shown: same search, new
  // location key) reads the queue again from its first page; an open queue refreshes every minute.
  const location = useLocation();
  const [seen, setSeen] = useState({ key: location.key, search: location.search });
  const [visits, setVisits] = useState(0);
  if (seen.key !== location.key) {
    setSeen({ key: location.key, search: location.search });
    if (seen.search === location.search) {
      // Back to the first page reads it anew (new variables); on it already, read it again.
      if (cursors.length > 1) setCursors([null]);
      else setVisits((v) => v + 1);
    }
  }
  const handledVisits = useRef(0);
  useEffect(() => {
    if (visits === handledVisits.current) return;
    handledVisits.current = visits;
    reexecute({ requestPolicy: 'network-only' });
  }, [visits, reexecute]);
  useEffect(() => {
    const t = setInterval(() => reexecute({ requestPolicy: 'network-only' }), REFRESH_MS);
    return () => clearInterval(t);
  }, [reexecute]);
  const reload = () => reexecute({ requestPolicy: 'network-only' });

  const conn = data?.centerCases;
  const cases = conn?.edges.map((e) => e.node) ?? [];
  const { options: units } = useOrgUnitOptions();
  const setFilter = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  const overdueCount = data?.overdue.totalCount ?? 0;
  const pageNo = cursors.length;
  /** The next page (after the shown page's endCursor) or the previous one; the new page is read from its top. */
  const turn = (by: 1 | -1) => {
    setCursors((c) => (by === 1 ? [...c, conn?.pageInfo.endCursor ?? null] : c.slice(0, -1)));
    window.scrollTo({ top: 0 });
  };

  return (
    <section>
      <PageHeader
        title="12315 中心 · 案件队列"
        actions={
          <>
            {operator ? (
              <Link className="btn btn-primary" to="/center/new">
                登记案件
              </Link>
            ) : null}
            {operator ? (
              <Link className="btn btn-secondary" to="/center/callbacks">
                月末回访
              </Link>
            ) : null}
            <Button onClick={reload} busy={fetching}>
              刷新
            </Button>
          </>
        }
      >
        <p className="muted">
          {orderBy === 'DEADLINE_ASC' ? '按最近的办理时限排列（没有进行中时限的排在最后）' : '按接收时间排列，最新的在前'}；已超期的标红，一天内到期的标黄。
        </p>
      </PageHeader>

      <div className="toolbar" role="search" aria-label="筛选案件">
        <div className="field">
          <label htmlFor="queue-status">状态</label>
          <select id="queue-status" value={status} onChange={(e) => setFilter('status', e.target.value)}>
            <option value="">待办（未归档）</option>
            {optionsOf(CENTER_CASE_STATUS_LABELS).map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="queue-type">类型</label>
          <select id="queue-type" value={type} onChange={(e) => setFilter('type', e.target.value)}>
            <option value="">全部</option>
            {optionsOf(CASE_TYPE_LABELS).map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="queue-org">单位</label>
          <select id="queue-org" value={orgUnitId} onChange={(e) => setFilter('org', e.target.value)}>
            <option value="">全部</option>
            {units.map((u) => (
              <option key={u.value} value={u.value}>
                {u.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="queue-order">排序</label>
          <select id="queue-order" value={orderBy} onChange={(e) => setFilter('order', e.target.value === 'DEADLINE_ASC' ? '' : e.target.value)}>
            {optionsOf(ORDER_LABELS).map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
        <label className="radio">
          <input type="checkbox" checked={overdue} onChange={(e) => setFilter('overdue', e.target.checked ? '1' : '')} />
          只看超期
        </label>
        {operator ? (
          <label className="radio">
            <input type="checkbox" checked={mine} onChange={(e) => setFilter('mine', e.target.checked ? '1' : '')} />
            只看我首问的
          </label>
        ) : null}
        {conn ? (
          <p className="muted" data-testid="queue-count">
            共 {conn.totalCount} 件{overdueCount ? `，其中超期 ${overdueCount} 件` : ''}
          </p>
        ) : null}
      </div>

      <ErrorBanner error={error} />
      {fetching && !conn ? <Loading /> : null}
      {conn && !error && cases.length === 0 ? <Empty>队列中没有案件。</Empty> : null}
      {cases.length > 0 ? (
        <div className="table-wrap">
          <table className="table" aria-label="案件队列">
            <thead>
              <tr>
                <th scope="col">案件编号</th>
                <th scope="col">类型</th>
                <th scope="col">事由</th>
                <th scope="col">状态</th>
                <th scope="col">最近时限</th>
                <th scope="col">单位</th>
                <th scope="col">接收时间</th>
              </tr>
            </thead>
            <tbody>
              {cases.map((c) => {
                const next = nearestOpenDeadline(c.deadlines);
                const breached = c.deadlines.some((d) => !d.metAt && d.breached);
                const urgency = breached ? 'overdue' : next ? timeLeft(next.dueAt, now).urgency : 'ok';
                return (
                  <tr key={c.id} className={urgency !== 'ok' ? `row-${urgency}` : undefined} data-case={c.caseNumber}>
                    <td>
                      <Link to={`/center/${c.id}`}>{c.caseNumber}</Link>
                      {c.urgeCount ? (
                        <div>
                          <Badge tone="warning">催办 {c.urgeCount} 次</Badge>
                        </div>
                      ) : null}
                    </td>
                    <td>
                      {CASE_TYPE_LABELS[c.type]}
                      <div className="muted">{CASE_CHANNEL_LABELS[c.channel]}</div>
                    </td>
                    <td>
                      {c.subject}
                      {c.sourceStation ? <div className="muted">{c.sourceStation.name}</div> : null}
                    </td>
                    <td>
                      <CaseStatusBadge status={c.status} />
                    </td>
                    <td>
                      {next ? (
                        <>
                          <div>
                            {DEADLINE_KIND_LABELS[next.kind]}
                            {next.extended ? (
                              <>
                                {' '}
                                <Badge tone="info">已延期</Badge>
                              </>
                            ) : null}
                            {breached ? (
                              <>
                                {' '}
                                <Badge tone="danger">已超期</Badge>
                              </>
                            ) : null}
                          </div>
                          <DeadlineBadge deadline={next.dueAt} now={now} />
                        </>
                      ) : (
                        <span className="muted">—</span>
                      )}
                    </td>
                    <td>
                      {c.registeredUnit.name}
                      {c.assignedUnit ? <div className="muted">承办：{c.assignedUnit.name}</div> : null}
                    </td>
                    <td>{formatDateTime(c.receivedAt)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
      {conn && (pageNo > 1 || conn.pageInfo.hasNextPage) ? (
        <div className="pager" aria-label="分页">
          <Button disabled={pageNo <= 1} onClick={() => turn(-1)}>
            上一页
          </Button>
          <span className="muted" data-testid="queue-page">
            第 {pageNo} 页，共 {Math.max(1, Math.ceil(conn.totalCount / PAGE))} 页
          </span>
          <Button disabled={!conn.pageInfo.hasNextPage || fetching} onClick={() => turn(1)}>
            下一页
          </Button>
        </div>
      ) : null}
    </section>
  );
}
