import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useLocation, useSearchParams } from 'react-router';
import { useClient, type CombinedError, type OperationResult } from 'urql';
import { graphql } from '../../gql';
import type { CaseType, CenterCaseStatus } from '../../gql/enums';
import type { CenterQueueQuery } from '../../gql/graphql';
import { formatDateTime, timeLeft } from '../../app/format';
import { CASE_CHANNEL_LABELS, CASE_TYPE_LABELS, CENTER_CASE_STATUS_LABELS, DEADLINE_KIND_LABELS, optionsOf } from '../../app/labels';
import { hasRole, useSignedIn } from '../../app/session';
import { Badge, Button, DeadlineBadge, Empty, Loading, PageHeader, useNow } from '../../ui/common';
import { ErrorBanner } from '../../ui/form';
import { useOrgUnitOptions } from '../stations/org-units';
import { nearestOpenDeadline } from './case-moves';
import { CaseStatusBadge } from './case-status';

const QueueQuery = graphql(`
  query CenterQueue($filter: CenterCaseFilter, $first: Int, $after: String) {
    centerCases(filter: $filter, first: $first, after: $after) {
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
          }
        }
      }
    }
  }
`);

type QueueCase = CenterQueueQuery['centerCases']['edges'][number]['node'];

/** Statuses still in the center's hands (not rejected, not archived): the default queue. */
const OPEN_STATUSES: CenterCaseStatus[] = ['REGISTERED', 'ACCEPTED', 'ASSIGNED', 'CLOSED', 'FEEDBACK_GIVEN'];
/** The API pages by receipt (at most 100 a page); the queue reads them all, up to this many per status. */
const PAGE = 100;
const MAX_PAGES = 10;
const REFRESH_MS = 60_000;

interface QueueState {
  cases: QueueCase[];
  /** More cases matched than the queue read (MAX_PAGES × PAGE per status). */
  truncated: boolean;
  error: CombinedError | null;
  fetching: boolean;
}

/**
 * Every case matching the filter. The API lists by receipt time; the queue must be ordered by
 * the nearest deadline, so it reads all pages and orders them here (by the API's dueAt).
 */
function useAllCases(statuses: CenterCaseStatus[], type: CaseType | '', overdue: boolean, orgUnitId: string): QueueState & { reload(): void } {
  const client = useClient();
  const [state, setState] = useState<QueueState>({ cases: [], truncated: false, error: null, fetching: true });
  const [generation, setGeneration] = useState(0);
  // Each visit (also a click on the nav link of the queue already shown) reads the queue again,
  // and an open queue refreshes itself every minute.
  const { key: visit } = useLocation();
  useEffect(() => {
    const t = setInterval(() => setGeneration((g) => g + 1), REFRESH_MS);
    return () => clearInterval(t);
  }, []);
  const key = statuses.join(',');
  useEffect(() => {
    let cancelled = false;
    setState((s) => ({ ...s, fetching: true }));
    (async () => {
      const cases: QueueCase[] = [];
      let truncated = false;
      for (const status of key.split(',') as CenterCaseStatus[]) {
        let after: string | null = null;
        for (let page = 0; ; page++) {
          if (page === MAX_PAGES) {
            truncated = true;
            break;
          }
          const filter = { status, type: type || null, overdue: overdue ? true : null, orgUnitId: orgUnitId || null };
          const res: OperationResult<CenterQueueQuery> = await client.query(QueueQuery, { filter, first: PAGE, after }, { requestPolicy: 'network-only' }).toPromise();
          if (cancelled) return;
          if (res.error || !res.data) {
            setState({ cases: [], truncated: false, error: res.error ?? null, fetching: false });
            return;
          }
          const conn: CenterQueueQuery['centerCases'] = res.data.centerCases;
          cases.push(...conn.edges.map((e) => e.node));
          if (!conn.pageInfo.hasNextPage) break;
          after = conn.pageInfo.endCursor ?? null;
        }
      }
      if (!cancelled) setState({ cases, truncated, error: null, fetching: false });
    })();
    return () => {
      cancelled = true;
    };
  }, [client, key, type, overdue, orgUnitId, generation, visit]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { ...state, reload };
}

/** Nearest running deadline first; cases with none follow, newest receipt first. */
function byNearestDeadline(a: QueueCase, b: QueueCase): number {
  const da = nearestOpenDeadline(a.deadlines);
  const db = nearestOpenDeadline(b.deadlines);
  if (da && db) return Date.parse(da.dueAt) - Date.parse(db.dueAt);
  if (da) return -1;
  if (db) return 1;
  return Date.parse(b.receivedAt) - Date.parse(a.receivedAt);
}

/** The case queue: cases in scope ordered by the nearest deadline, overdue and near ones marked. */
export default function QueuePage() {
  const session = useSignedIn();
  const operator = hasRole(session, 'CENTER_OPERATOR');
  const now = useNow();
  const [params, setParams] = useSearchParams();
  const status = (params.get('status') ?? '') as CenterCaseStatus | '';
  const type = (params.get('type') ?? '') as CaseType | '';
  const overdue = params.get('overdue') === '1';
  const orgUnitId = params.get('org') ?? '';
  const statuses = useMemo(() => (status ? [status] : OPEN_STATUSES), [status]);
  const { cases, truncated, error, fetching, reload } = useAllCases(statuses, type, overdue, orgUnitId);
  const sorted = useMemo(() => [...cases].sort(byNearestDeadline), [cases]);
  const { options: units } = useOrgUnitOptions();
  const setFilter = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  const overdueCount = sorted.filter((c) => c.deadlines.some((d) => !d.metAt && (d.breached || timeLeft(d.dueAt, now).urgency === 'overdue'))).length;

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
        <p className="muted">按最近的办理时限排列；已超期的标红，一天内到期的标黄。</p>
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
        <label className="radio">
          <input type="checkbox" checked={overdue} onChange={(e) => setFilter('overdue', e.target.checked ? '1' : '')} />
          只看超期
        </label>
        {!fetching || cases.length ? (
          <p className="muted" data-testid="queue-count">
            共 {sorted.length} 件{overdueCount ? `，其中超期 ${overdueCount} 件` : ''}
          </p>
        ) : null}
      </div>

      <ErrorBanner error={error} />
      {truncated ? <p className="notice">案件较多，仅显示每种状态最近接收的 {PAGE * MAX_PAGES} 件；请用筛选条件缩小范围。</p> : null}
      {fetching && !cases.length ? <Loading /> : null}
      {!fetching && !error && sorted.length === 0 ? <Empty>队列中没有案件。</Empty> : null}
      {sorted.length > 0 ? (
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
              {sorted.map((c) => {
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
    </section>
  );
}
