import { useState } from 'react';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import { chinaToday, formatDateTime } from '../../app/format';
import { CursorPager, Empty, Loading, PageHeader } from '../../ui/common';
import { ErrorBanner } from '../../ui/form';
import { CaseStatusBadge } from './case-status';

const NeedingCallbackQuery = graphql(`
  query CenterNeedingCallback($month: String!, $first: Int, $after: String) {
    casesNeedingCallback(month: $month, first: $first, after: $after) {
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
          subject
          closedAt
          assignedUnit {
            id
            name
          }
        }
      }
    }
  }
`);

const PAGE = 20;

/** Month-end cross call-back: complaints closed in the month and not yet called back. */
export default function CallbacksPage() {
  const [month, setMonth] = useState(() => chinaToday().slice(0, 7));
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [{ data, fetching, error }] = useQuery({
    query: NeedingCallbackQuery,
    variables: { month, first: PAGE, after: cursors[cursors.length - 1] },
    pause: !/^\d{4}-\d{2}$/.test(month),
  });
  const conn = data?.casesNeedingCallback;
  return (
    <section>
      <PageHeader
        title="月末回访"
        actions={
          <Link className="btn btn-secondary" to="/center">
            返回队列
          </Link>
        }
      >
        <p className="muted">每月月末对当月办结的投诉逐件回访，由办结人以外的人员进行（交叉回访）。</p>
      </PageHeader>
      <div className="toolbar">
        <div className="field">
          <label htmlFor="callback-month">办结月份</label>
          <input
            id="callback-month"
            type="month"
            value={month}
            onChange={(e) => {
              setMonth(e.target.value);
              setCursors([null]);
            }}
          />
        </div>
        {conn ? <p className="muted">待回访 {conn.totalCount} 件</p> : null}
      </div>
      <ErrorBanner error={error} />
      {fetching && !conn ? <Loading /> : null}
      {conn && conn.edges.length === 0 ? <Empty>该月没有待回访的投诉。</Empty> : null}
      {conn && conn.edges.length > 0 ? (
        <div className="table-wrap">
          <table className="table" aria-label="待回访案件">
            <thead>
              <tr>
                <th scope="col">案件编号</th>
                <th scope="col">事由</th>
                <th scope="col">承办单位</th>
                <th scope="col">状态</th>
                <th scope="col">办结时间</th>
              </tr>
            </thead>
            <tbody>
              {conn.edges.map(({ node: c }) => (
                <tr key={c.id}>
                  <td>
                    <Link to={`/center/${c.id}`}>{c.caseNumber}</Link>
                  </td>
                  <td>{c.subject}</td>
                  <td>{c.assignedUnit?.name ?? '—'}</td>
                  <td>
                    <CaseStatusBadge status={c.status} />
                  </td>
                  <td>{formatDateTime(c.closedAt)}</td>
                </tr>
              ))}
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
