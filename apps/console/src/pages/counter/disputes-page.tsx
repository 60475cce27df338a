import { useState } from 'react';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import type { DisputeStatus } from '../../gql/graphql';
import { formatDateTime, formatMoney, timeLeft } from '../../app/format';
import { CENTER_CASE_STATUS_LABELS, CLAIM_TYPE_LABELS, DISPUTE_STATUS_LABELS, optionsOf } from '../../app/labels';
import { useSignedIn } from '../../app/session';
import { Badge, CursorPager, DeadlineBadge, Empty, Loading, PageHeader, useNow } from '../../ui/common';
import { ErrorBanner } from '../../ui/form';
import { DisputeStatusBadge } from './dispute-status';

const DisputesQuery = graphql(`
  query CounterDisputes($filter: DisputeFilter, $first: Int, $after: String) {
    disputes(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          caseNumber
          status
          consumerName
          subject
          claimType
          amountClaimed
          openedAt
          settleBy
          settleByProvisional
          centerCase {
            id
            caseNumber
            status
          }
        }
      }
    }
  }
`);

const PAGE = 20;

/** The station's disputes, newest first; open ones show the time left to settleBy. */
export default function DisputesPage() {
  const { user } = useSignedIn();
  const now = useNow();
  const [status, setStatus] = useState<DisputeStatus | ''>('');
  // Cursors of the pages before the current one (keyset pagination).
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const after = cursors[cursors.length - 1];
  const [{ data, fetching, error }] = useQuery({
    query: DisputesQuery,
    variables: { filter: { stationId: user.station?.id, status: status || null }, first: PAGE, after },
  });
  const conn = data?.disputes;
  return (
    <section>
      <PageHeader
        title="柜台 · 消费纠纷"
        actions={
          <Link className="btn btn-primary" to="/counter/new">
            受理新纠纷
          </Link>
        }
      >
        <p className="muted">{user.station ? `${user.station.name}（${user.station.code}）` : '未关联服务站'}</p>
      </PageHeader>
      <div className="toolbar">
        <div className="field">
          <label htmlFor="status-filter">状态</label>
          <select
            id="status-filter"
            value={status}
            onChange={(e) => {
              setStatus(e.target.value as DisputeStatus | '');
              setCursors([null]);
            }}
          >
            <option value="">全部</option>
            {optionsOf(DISPUTE_STATUS_LABELS).map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
        {conn ? <p className="muted">共 {conn.totalCount} 件</p> : null}
      </div>
      <ErrorBanner error={error} />
      {fetching && !conn ? <Loading /> : null}
      {conn && conn.edges.length === 0 ? <Empty>没有纠纷记录。</Empty> : null}
      {conn && conn.edges.length > 0 ? (
        <div className="table-wrap">
          <table className="table" aria-label="纠纷列表">
            <thead>
              <tr>
                <th scope="col">受理编号</th>
                <th scope="col">消费者</th>
                <th scope="col">事由</th>
                <th scope="col">诉求</th>
                <th scope="col">状态</th>
                <th scope="col">和解期限</th>
                <th scope="col">受理时间</th>
              </tr>
            </thead>
            <tbody>
              {conn.edges.map(({ node: d }) => {
                const open = d.status === 'OPEN';
                const urgency = open ? timeLeft(d.settleBy, now).urgency : 'ok';
                return (
                  <tr key={d.id} className={open && urgency !== 'ok' ? `row-${urgency}` : undefined} data-status={d.status}>
                    <td>
                      <Link to={`/counter/${d.id}`}>{d.caseNumber}</Link>
                    </td>
                    <td>{d.consumerName}</td>
                    <td>{d.subject}</td>
                    <td>
                      {CLAIM_TYPE_LABELS[d.claimType]}
                      {d.amountClaimed ? ` ${formatMoney(d.amountClaimed)}` : ''}
                    </td>
                    <td>
                      <DisputeStatusBadge status={d.status} />
                      {d.centerCase ? (
                        <div className="muted">
                          中心 {d.centerCase.caseNumber} <Badge tone="info">{CENTER_CASE_STATUS_LABELS[d.centerCase.status]}</Badge>
                        </div>
                      ) : null}
                    </td>
                    <td>{open ? <DeadlineBadge deadline={d.settleBy} now={now} provisional={d.settleByProvisional} /> : <span className="muted">—</span>}</td>
                    <td>{formatDateTime(d.openedAt)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
      {conn ? (
        <CursorPager cursors={cursors} setCursors={setCursors} pageInfo={conn.pageInfo} />
      ) : null}
    </section>
  );
}
