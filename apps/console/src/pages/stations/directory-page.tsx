import { useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useClient, useQuery, type CombinedError } from 'urql';
import { graphql } from '../../gql';
import type { StationCategory, StationStatus } from '../../gql/enums';
import type { StationFilter } from '../../gql/graphql';
import { chinaToday } from '../../app/format';
import { STATION_CATEGORY_LABELS, STATION_STATUS_LABELS, optionsOf } from '../../app/labels';
import { Badge, Button, CursorPager, Empty, Loading, PageHeader } from '../../ui/common';
import { ErrorBanner } from '../../ui/form';
import { downloadText } from './download';
import { useOrgUnitOptions } from './org-units';
import { StationStatusBadge } from './station-status';

const DirectoryQuery = graphql(`
  query StationsDirectory($filter: StationFilter, $first: Int, $after: String) {
    stations(filter: $filter, first: $first, after: $after) {
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
          category
          status
          hostName
          orgUnit {
            id
            name
          }
          openRectifications {
            id
            overdue
          }
        }
      }
    }
  }
`);

const CountsQuery = graphql(`
  query StationsCountsByCategory($orgUnitId: ID, $status: StationStatus) {
    stationCountsByCategory(orgUnitId: $orgUnitId, status: $status) {
      category
      count
    }
  }
`);

const ExportQuery = graphql(`
  query StationsExport($filter: StationFilter) {
    exportStations(filter: $filter)
  }
`);

const PAGE = 20;

/**
 * The five-into directory: filters (supervising unit, category, status) and search kept in the
 * URL, counts by category, the stations page by page, and the export of what is filtered.
 */
export default function DirectoryPage() {
  const [params, setParams] = useSearchParams();
  const orgUnitId = params.get('org') ?? '';
  const category = (params.get('category') ?? '') as StationCategory | '';
  const status = (params.get('status') ?? '') as StationStatus | '';
  const search = params.get('q') ?? '';
  const [searchText, setSearchText] = useState(search);
  useEffect(() => setSearchText(search), [search]);
  const { options: units } = useOrgUnitOptions();

  const filter: StationFilter = useMemo(
    () => ({ orgUnitId: orgUnitId || null, category: category || null, status: status || null, search: search || null }),
    [orgUnitId, category, status, search],
  );
  // Cursors of the pages before the current one (keyset pagination); a new filter starts over.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  useEffect(() => setCursors([null]), [filter]);
  const after = cursors[cursors.length - 1];
  const [{ data, fetching, error }] = useQuery({ query: DirectoryQuery, variables: { filter, first: PAGE, after } });
  const countsStatus: StationStatus = status || 'ACTIVE';
  const [counts] = useQuery({ query: CountsQuery, variables: { orgUnitId: orgUnitId || null, status: countsStatus } });

  const setFilter = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };

  const client = useClient();
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<CombinedError | null>(null);
  const exportCsv = async () => {
    setExporting(true);
    const res = await client.query(ExportQuery, { filter }, { requestPolicy: 'network-only' }).toPromise();
    setExporting(false);
    setExportError(res.error ?? null);
    if (res.data) downloadText(res.data.exportStations, `站点名录-${chinaToday()}.csv`);
  };

  const conn = data?.stations;
  const countList = counts.data?.stationCountsByCategory ?? [];
  const countTotal = countList.reduce((n, c) => n + c.count, 0);
  return (
    <section>
      <PageHeader
        title="站点名录"
        actions={
          <>
            <Link className="btn btn-primary" to="/stations/new">
              登记站点
            </Link>
            <Link className="btn btn-secondary" to="/stations/import">
              导入 CSV
            </Link>
            <Link className="btn btn-secondary" to="/stations/rectifications">
              整改跟进
            </Link>
            <Button onClick={exportCsv} busy={exporting}>
              导出 CSV
            </Button>
          </>
        }
      >
        <p className="muted">“五进”消费维权服务站：商场、超市、市场、企业、景区及其它。</p>
      </PageHeader>
      <ErrorBanner error={exportError} />

      <div className="panel" aria-labelledby="counts-heading">
        <h2 id="counts-heading">各类别{STATION_STATUS_LABELS[countsStatus]}站点数</h2>
        {counts.fetching && !counts.data ? <Loading /> : null}
        <ErrorBanner error={counts.error} />
        {counts.data ? (
          <ul className="category-counts" data-testid="category-counts">
            {countList.map((c) => (
              <li key={c.category}>
                <button
                  type="button"
                  className={`count-chip${category === c.category ? ' active' : ''}`}
                  aria-pressed={category === c.category}
                  onClick={() => setFilter('category', category === c.category ? '' : c.category)}
                >
                  <span>{STATION_CATEGORY_LABELS[c.category]}</span> <strong>{c.count}</strong>
                </button>
              </li>
            ))}
            <li className="count-total">
              合计 <strong>{countTotal}</strong>
            </li>
          </ul>
        ) : null}
      </div>

      <form
        className="toolbar"
        role="search"
        aria-label="筛选站点"
        onSubmit={(e) => {
          e.preventDefault();
          setFilter('q', searchText.trim());
        }}
      >
        <div className="field">
          <label htmlFor="filter-org">监管单位</label>
          <select id="filter-org" value={orgUnitId} onChange={(e) => setFilter('org', e.target.value)}>
            <option value="">全部</option>
            {units.map((u) => (
              <option key={u.value} value={u.value}>
                {u.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-category">类别</label>
          <select id="filter-category" value={category} onChange={(e) => setFilter('category', e.target.value)}>
            <option value="">全部</option>
            {optionsOf(STATION_CATEGORY_LABELS).map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-status">状态</label>
          <select id="filter-status" value={status} onChange={(e) => setFilter('status', e.target.value)}>
            <option value="">全部</option>
            {optionsOf(STATION_STATUS_LABELS).map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-search">搜索</label>
          <input id="filter-search" type="search" placeholder="站点名称、建站企业或信用代码" value={searchText} onChange={(e) => setSearchText(e.target.value)} />
        </div>
        <Button type="submit">查询</Button>
        {conn ? <p className="muted">共 {conn.totalCount} 个站点</p> : null}
      </form>

      <ErrorBanner error={error} />
      {fetching && !conn ? <Loading /> : null}
      {conn && conn.edges.length === 0 ? <Empty>没有符合条件的站点。</Empty> : null}
      {conn && conn.edges.length > 0 ? (
        <div className="table-wrap">
          <table className="table" aria-label="站点列表">
            <thead>
              <tr>
                <th scope="col">站点编号</th>
                <th scope="col">站点名称</th>
                <th scope="col">类别</th>
                <th scope="col">建站企业</th>
                <th scope="col">监管单位</th>
                <th scope="col">状态</th>
                <th scope="col">未完成整改</th>
              </tr>
            </thead>
            <tbody>
              {conn.edges.map(({ node: s }) => {
                const overdue = s.openRectifications.filter((r) => r.overdue).length;
                return (
                  <tr key={s.id} data-status={s.status}>
                    <td>{s.code}</td>
                    <td>
                      <Link to={`/stations/${s.id}`}>{s.name}</Link>
                    </td>
                    <td>{STATION_CATEGORY_LABELS[s.category]}</td>
                    <td>{s.hostName}</td>
                    <td>{s.orgUnit.name}</td>
                    <td>
                      <StationStatusBadge status={s.status} />
                    </td>
                    <td>
                      {s.openRectifications.length ? (
                        <>
                          {s.openRectifications.length} 项{overdue ? <Badge tone="danger">{overdue} 项逾期</Badge> : null}
                        </>
                      ) : (
                        <span className="muted">—</span>
                      )}
                    </td>
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
