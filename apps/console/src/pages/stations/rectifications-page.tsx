import { useState } from 'react';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import { formatDate } from '../../app/format';
import { Badge, CursorPager, Empty, Loading, PageHeader } from '../../ui/common';
import { ErrorBanner } from '../../ui/form';
import { useOrgUnitOptions } from './org-units';
import { StationStatusBadge } from './station-status';

const OverdueQuery = graphql(`
  query StationsOverdueRectification($orgUnitId: ID, $first: Int, $after: String) {
    stationsWithOverdueRectification(orgUnitId: $orgUnitId, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          code
          name
          status
          orgUnit {
            id
            name
          }
          openRectifications {
            id
            description
            dueOn
            overdue
          }
        }
      }
    }
  }
`);

const PAGE = 20;

/** Rectification follow-up: stations with an order past its deadline, each with its open orders. */
export default function RectificationsPage() {
  const { options: units } = useOrgUnitOptions();
  const [orgUnitId, setOrgUnitId] = useState('');
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [{ data, fetching, error }] = useQuery({
    query: OverdueQuery,
    variables: { orgUnitId: orgUnitId || null, first: PAGE, after: cursors[cursors.length - 1] },
  });
  const conn = data?.stationsWithOverdueRectification;
  return (
    <section>
      <PageHeader
        title="整改跟进"
        actions={
          <Link className="btn btn-secondary" to="/stations">
            返回名录
          </Link>
        }
      >
        <p className="muted">有逾期未完成整改事项的站点。打开站点，复查后确认整改完毕。</p>
      </PageHeader>
      <div className="toolbar">
        <div className="field">
          <label htmlFor="rect-org">监管单位</label>
          <select
            id="rect-org"
            value={orgUnitId}
            onChange={(e) => {
              setOrgUnitId(e.target.value);
              setCursors([null]);
            }}
          >
            <option value="">全部</option>
            {units.map((u) => (
              <option key={u.value} value={u.value}>
                {u.label}
              </option>
            ))}
          </select>
        </div>
        {conn ? <p className="muted">共 {conn.totalCount} 个站点</p> : null}
      </div>
      <ErrorBanner error={error} />
      {fetching && !conn ? <Loading /> : null}
      {conn && conn.edges.length === 0 ? <Empty>没有逾期未完成整改的站点。</Empty> : null}
      {conn && conn.edges.length > 0 ? (
        <div className="table-wrap">
          <table className="table" aria-label="逾期整改站点">
            <thead>
              <tr>
                <th scope="col">站点</th>
                <th scope="col">监管单位</th>
                <th scope="col">状态</th>
                <th scope="col">未完成的整改事项</th>
              </tr>
            </thead>
            <tbody>
              {conn.edges.map(({ node: s }) => (
                <tr key={s.id}>
                  <td>
                    <Link to={`/stations/${s.id}`}>{s.name}</Link>
                    <div className="muted">{s.code}</div>
                  </td>
                  <td>{s.orgUnit.name}</td>
                  <td>
                    <StationStatusBadge status={s.status} />
                  </td>
                  <td>
                    <ul className="plain-list">
                      {s.openRectifications.map((r) => (
                        <li key={r.id}>
                          {r.description}，期限 {formatDate(r.dueOn)} {r.overdue ? <Badge tone="danger">已逾期</Badge> : <Badge tone="warning">整改中</Badge>}
                        </li>
                      ))}
                    </ul>
                  </td>
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
