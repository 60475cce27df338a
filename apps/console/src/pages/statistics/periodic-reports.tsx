import { useQuery } from 'urql';
import { graphql } from '../../gql';
import { formatDate, formatDateTime, formatPercent } from '../../app/format';
import { PERIOD_KIND_LABELS } from '../../app/labels';
import { Empty } from '../../ui/common';
import { ErrorBanner } from '../../ui/form';
import type { PickerKind } from './period';

const PeriodicReportsQuery = graphql(`
  query StatisticsPeriodicReports($orgUnitId: ID, $kind: PeriodKind!) {
    periodicReports(orgUnitId: $orgUnitId, kind: $kind, first: 12) {
      totalCount
      edges {
        node {
          id
          from
          to
          generatedAt
          dueAt
          statistics {
            complaints
            closed
            closureRate
            stationDisputes
            settlementRate
          }
        }
      }
    }
  }
`);

/** The stored reports of the unit (generated after each period ends), newest first, with their due times. */
export function PeriodicReports({ kind, orgUnitId }: { kind: PickerKind; orgUnitId: string | null }) {
  const [{ data, error }] = useQuery({ query: PeriodicReportsQuery, variables: { orgUnitId, kind } });
  const reports = data?.periodicReports.edges.map((e) => e.node) ?? [];
  return (
    <div className="panel" data-testid="periodic-reports">
      <h2>定期报告（{PERIOD_KIND_LABELS[kind]}）</h2>
      <p className="muted">周期结束后自动生成并保存，生成后不再变化。月报、季报于下一周期第一个工作日 10:00 前报送；上半年报 6 月 10 日前，年报 12 月 10 日前。</p>
      <ErrorBanner error={error} />
      {data && !reports.length ? <Empty>还没有生成的报告。</Empty> : null}
      {reports.length ? (
        <div className="table-wrap">
          <table className="table" aria-label="定期报告">
            <thead>
              <tr>
                <th>周期</th>
                <th>生成时间</th>
                <th>报送截止</th>
                <th>投诉</th>
                <th>办结</th>
                <th>办结率</th>
                <th>站点纠纷</th>
                <th>和解率</th>
              </tr>
            </thead>
            <tbody>
              {reports.map((r) => (
                <tr key={r.id}>
                  <td>
                    {formatDate(r.from)} – {formatDate(r.to)}
                  </td>
                  <td>{formatDateTime(r.generatedAt)}</td>
                  <td>{r.dueAt ? formatDateTime(r.dueAt) : '待节假日安排发布'}</td>
                  <td>{r.statistics.complaints}</td>
                  <td>{r.statistics.closed}</td>
                  <td>{formatPercent(r.statistics.closureRate)}</td>
                  <td>{r.statistics.stationDisputes}</td>
                  <td>{formatPercent(r.statistics.settlementRate)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}
