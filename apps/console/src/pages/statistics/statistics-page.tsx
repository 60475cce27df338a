import { lazy, Suspense, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import type { StatisticsPageQuery } from '../../gql/graphql';
import type { ApiError } from '../../app/errors';
import { chinaToday, formatDate, formatMoney, formatPercent } from '../../app/format';
import { CASE_CHANNEL_LABELS, ISSUE_TYPE_LABELS, PERIOD_KIND_LABELS, SATISFACTION_LABELS, STATION_CATEGORY_LABELS } from '../../app/labels';
import { hasRole, useSignedIn } from '../../app/session';
import { Badge, Button, Empty, Loading, PageHeader } from '../../ui/common';
import { ErrorBanner } from '../../ui/form';
import type { Datum } from './charts';
import { downloadExport } from './download';
import { PeriodicReports } from './periodic-reports';
import { anchorOf, choiceOf, isPickerKind, partLabel, partOptions, PICKER_KINDS, yearLabel, yearOptions, type PeriodChoice, type PickerKind } from './period';

const StatisticsQuery = graphql(`
  query StatisticsPage($orgUnitId: ID, $period: PeriodInput!) {
    statistics(orgUnitId: $orgUnitId, period: $period) {
      from
      to
      consultations
      complaints
      reports
      accepted
      closed
      closureRate
      stationDisputes
      stationSettled
      settlementRate
      amountRecovered
      overdueCases
      overdueDisputes
      callbacks
      satisfactionRate
      byCategory {
        category
        count
      }
      byChannel {
        channel
        count
      }
      byIssueType {
        issueType
        count
      }
      byGoodsCategory {
        category
        count
      }
      bySatisfaction {
        satisfaction
        count
      }
    }
    hotSpots(orgUnitId: $orgUnitId, period: $period, limit: 10) {
      from
      to
      previousFrom
      previousTo
      issueTypes {
        issueType
        count
        previousCount
        change
      }
      respondents {
        name
        creditCode
        count
        previousCount
        change
      }
    }
  }
`);

const UnitsQuery = graphql(`
  query StatisticsUnits {
    orgUnits {
      id
      name
      level
      parentId
    }
  }
`);

// ECharts is its own chunk, fetched after the page: the figures show without waiting for it.
const Chart = lazy(() => import('./charts').then((m) => ({ default: m.Chart })));

type Stats = StatisticsPageQuery['statistics'];
type Hot = StatisticsPageQuery['hotSpots'];

/** The units in scope as a tree in display order, each with its depth (for indentation). */
function unitTree(units: { id: string; name: string; parentId?: string | null }[]): { id: string; name: string; depth: number }[] {
  const ids = new Set(units.map((u) => u.id));
  const children = new Map<string | null, typeof units>();
  for (const u of units) {
    const parent = u.parentId && ids.has(u.parentId) ? u.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), u]);
  }
  const out: { id: string; name: string; depth: number }[] = [];
  const walk = (parent: string | null, depth: number) => {
    for (const u of children.get(parent) ?? []) {
      out.push({ id: u.id, name: u.name, depth });
      walk(u.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

/**
 * Statistics of a period and unit (001 信息报送, 数据分析制度): the figures every seed report
 * carries, charts of the breakdowns, hot spots against the previous period, and the exports.
 * The period and unit live in the URL (?period=MONTH&date=2026-03-01&orgUnitId=…), the names
 * the export routes use, so a view can be shared and exported as shown.
 */
export default function StatisticsPage() {
  const session = useSignedIn();
  const today = chinaToday();
  const [params, setParams] = useSearchParams();
  const kindParam = params.get('period');
  const kind: PickerKind = isPickerKind(kindParam) ? kindParam : 'MONTH';
  const dateParam = params.get('date');
  const choice = choiceOf(kind, dateParam && /^\d{4}-\d{2}-\d{2}$/.test(dateParam) ? dateParam : today);
  const orgUnitId = params.get('orgUnitId') || null;
  const anchor = anchorOf(choice);

  const update = (next: Partial<PeriodChoice> & { orgUnitId?: string | null }) => {
    const c = { ...choice, ...next };
    // Switching the kind keeps the period around the same date.
    const date = next.kind && next.kind !== choice.kind ? anchorOf(choiceOf(next.kind, anchor)) : anchorOf(c);
    const unit = next.orgUnitId !== undefined ? next.orgUnitId : orgUnitId;
    setParams({ period: c.kind, date, ...(unit ? { orgUnitId: unit } : {}) }, { replace: true });
  };

  const [{ data: unitsData }] = useQuery({ query: UnitsQuery });
  const tree = useMemo(() => unitTree(unitsData?.orgUnits ?? []), [unitsData]);
  const [{ data, fetching, error }] = useQuery({ query: StatisticsQuery, variables: { orgUnitId, period: { kind, anchor } } });
  const stats = data?.statistics;
  const years = yearOptions(kind, today);
  if (!years.includes(choice.year)) years.push(choice.year);
  const parts = partOptions(kind);
  const unitName = orgUnitId ? tree.find((u) => u.id === orgUnitId)?.name : session.user.orgUnit?.name;

  return (
    <section>
      <PageHeader title="统计">
        <p className="muted">按事件发生时间计入周期（中国标准时间），范围为所选单位及其下级单位。</p>
      </PageHeader>

      <div className="panel">
        <h2 className="visually-hidden">统计周期与单位</h2>
        <div className="toolbar period-picker" role="group" aria-label="统计周期与单位">
          <div className="field">
            <label htmlFor="stat-kind">周期</label>
            <select id="stat-kind" value={kind} onChange={(e) => update({ kind: e.target.value as PickerKind })}>
              {PICKER_KINDS.map((k) => (
                <option key={k} value={k}>
                  {PERIOD_KIND_LABELS[k]}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="stat-year">年度</label>
            <select id="stat-year" value={choice.year} onChange={(e) => update({ year: Number(e.target.value) })}>
              {years.map((y) => (
                <option key={y} value={y}>
                  {yearLabel(kind, y)}
                </option>
              ))}
            </select>
          </div>
          {parts.length ? (
            <div className="field">
              <label htmlFor="stat-part">{partLabel(kind)}</label>
              <select id="stat-part" value={choice.part} onChange={(e) => update({ part: Number(e.target.value) })}>
                {parts.map((p) => (
                  <option key={p.value} value={p.value}>
                    {p.label}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          <div className="field">
            <label htmlFor="stat-unit">单位</label>
            <select id="stat-unit" value={orgUnitId ?? ''} onChange={(e) => update({ orgUnitId: e.target.value || null })}>
              <option value="">本人所在单位{session.user.orgUnit ? `（${session.user.orgUnit.name}）` : ''}</option>
              {tree.map((u) => (
                <option key={u.id} value={u.id}>
                  {'　'.repeat(u.depth)}
                  {u.name}
                </option>
              ))}
            </select>
          </div>
        </div>
        {stats ? (
          <p className="period-range" aria-live="polite">
            统计期间：{formatDate(stats.from)} – {formatDate(stats.to)}
            {unitName ? ` · ${unitName}` : ''}
          </p>
        ) : null}
      </div>

      <ErrorBanner error={error} />
      {fetching && !stats ? <Loading /> : null}
      {stats ? (
        <>
          <Figures stats={stats} />
          <Charts stats={stats} />
          {data.hotSpots ? <HotSpots hot={data.hotSpots} /> : null}
          <Exports kind={kind} anchor={anchor} orgUnitId={orgUnitId} from={stats.from} to={stats.to} mayLedger={hasRole(session, 'CENTER_OPERATOR', 'OFFICER')} />
          <PeriodicReports kind={kind} orgUnitId={orgUnitId} />
        </>
      ) : null}
    </section>
  );
}

function Figures({ stats: s }: { stats: Stats }) {
  const groups: { title: string; items: [string, string][] }[] = [
    {
      title: '12315 中心',
      items: [
        ['咨询', `${s.consultations}`],
        ['投诉', `${s.complaints}`],
        ['举报', `${s.reports}`],
        ['受理', `${s.accepted}`],
        ['办结', `${s.closed}`],
        ['办结率', formatPercent(s.closureRate)],
        ['超期案件', `${s.overdueCases}`],
      ],
    },
    {
      title: '服务站',
      items: [
        ['服务站纠纷', `${s.stationDisputes}`],
        ['和解', `${s.stationSettled}`],
        ['和解率', formatPercent(s.settlementRate)],
        ['超期纠纷', `${s.overdueDisputes}`],
      ],
    },
    {
      title: '成效与回访',
      items: [
        ['挽回经济损失', formatMoney(s.amountRecovered)],
        ['回访', `${s.callbacks}`],
        ['满意率', formatPercent(s.satisfactionRate)],
      ],
    },
  ];
  return (
    <div className="stat-groups">
      {groups.map((g) => (
        <div className="panel" key={g.title}>
          <h2>{g.title}</h2>
          <dl className="stat-cards" aria-label={g.title}>
            {g.items.map(([k, v]) => (
              <div className="stat-card" key={k} data-figure={k}>
                <dt>{k}</dt>
                <dd>{v}</dd>
              </div>
            ))}
          </dl>
        </div>
      ))}
    </div>
  );
}

function Charts({ stats: s }: { stats: Stats }) {
  const byCategory = useMemo<Datum[]>(() => s.byCategory.map((c) => ({ label: STATION_CATEGORY_LABELS[c.category], value: c.count })), [s.byCategory]);
  const byIssue = useMemo<Datum[]>(() => s.byIssueType.map((c) => ({ label: c.issueType ? ISSUE_TYPE_LABELS[c.issueType] : '未分类', value: c.count })), [s.byIssueType]);
  const byChannel = useMemo<Datum[]>(() => s.byChannel.map((c) => ({ label: CASE_CHANNEL_LABELS[c.channel], value: c.count })), [s.byChannel]);
  const bySatisfaction = useMemo<Datum[]>(() => s.bySatisfaction.map((c) => ({ label: SATISFACTION_LABELS[c.satisfaction], value: c.count })), [s.bySatisfaction]);
  const byGoods = useMemo<Datum[]>(() => s.byGoodsCategory.map((c) => ({ label: c.category ?? '未填写', value: c.count })), [s.byGoodsCategory]);
  return (
    <div className="panel">
      <h2>分类统计</h2>
      <Suspense fallback={<Loading label="正在加载图表…" />}>
        <div className="chart-grid">
          <Chart title="服务站纠纷 · 按站点类别" kind="bar" data={byCategory} />
          <Chart title="服务站纠纷 · 按问题类别" kind="bar" data={byIssue} />
          <Chart title="中心案件 · 按来源渠道" kind="pie" data={byChannel} />
          <Chart title="回访 · 按满意度" kind="pie" data={bySatisfaction} unit="次" />
          {byGoods.length ? <Chart title="服务站纠纷 · 按商品或服务类别" kind="bar" data={byGoods} /> : null}
        </div>
      </Suspense>
    </div>
  );
}

function Change({ n }: { n: number }) {
  if (n > 0) return <Badge tone="danger">↑ 增加 {n}</Badge>;
  if (n < 0) return <Badge tone="success">↓ 减少 {-n}</Badge>;
  return <Badge>持平</Badge>;
}

function HotSpots({ hot }: { hot: Hot }) {
  const previous = `上期 ${formatDate(hot.previousFrom)} – ${formatDate(hot.previousTo)}`;
  return (
    <div className="panel">
      <h2>热点</h2>
      <p className="muted">与{previous}相比。</p>
      <div className="hot-grid">
        <div>
          <h3>问题类别</h3>
          {hot.issueTypes.length === 0 ? (
            <Empty>本期没有服务站纠纷。</Empty>
          ) : (
            <div className="table-wrap">
              <table className="table" aria-label="热点问题类别">
                <thead>
                  <tr>
                    <th scope="col">问题类别</th>
                    <th scope="col">本期</th>
                    <th scope="col">上期</th>
                    <th scope="col">增减</th>
                  </tr>
                </thead>
                <tbody>
                  {hot.issueTypes.map((h) => (
                    <tr key={h.issueType ?? 'none'}>
                      <td>{h.issueType ? ISSUE_TYPE_LABELS[h.issueType] : '未分类'}</td>
                      <td>{h.count}</td>
                      <td>{h.previousCount}</td>
                      <td>
                        <Change n={h.change} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
        <div>
          <h3>被投诉方</h3>
          {hot.respondents.length === 0 ? (
            <Empty>本期没有投诉、举报。</Empty>
          ) : (
            <div className="table-wrap">
              <table className="table" aria-label="热点被投诉方">
                <thead>
                  <tr>
                    <th scope="col">被投诉方</th>
                    <th scope="col">本期</th>
                    <th scope="col">上期</th>
                    <th scope="col">增减</th>
                  </tr>
                </thead>
                <tbody>
                  {hot.respondents.map((r) => (
                    <tr key={`${r.creditCode ?? ''}|${r.name}`}>
                      <td>
                        {r.name}
                        {r.creditCode ? <div className="muted">{r.creditCode}</div> : null}
                      </td>
                      <td>{r.count}</td>
                      <td>{r.previousCount}</td>
                      <td>
                        <Change n={r.change} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      </div>
    </div>
  );
}

interface ExportButton {
  key: string;
  label: string;
  path: string;
  params: Record<string, string | null>;
  fallback: string;
}

/** Files from the API's /exports routes, for the period and unit shown (bearer token: fetch + blob). */
function Exports({ kind, anchor, orgUnitId, from, to, mayLedger }: { kind: PickerKind; anchor: string; orgUnitId: string | null; from: string; to: string; mayLedger: boolean }) {
  const { token } = useSignedIn();
  const [busy, setBusy] = useState<string | null>(null);
  const [errors, setErrors] = useState<ApiError[]>([]);
  const [saved, setSaved] = useState<string | null>(null);
  const stats = { period: kind, date: anchor, orgUnitId };
  const ledger = { from, to, orgUnitId };
  const buttons: ExportButton[] = [
    { key: 'stats-csv', label: '导出统计（CSV）', path: '/exports/statistics.csv', params: stats, fallback: '统计数据.csv' },
    { key: 'stats-xlsx', label: '导出统计（Excel）', path: '/exports/statistics.xlsx', params: stats, fallback: '统计数据.xlsx' },
    ...(mayLedger
      ? [
          { key: 'ledger-csv', label: '导出投诉受理台账（CSV）', path: '/exports/ledger.csv', params: ledger, fallback: '投诉受理台账.csv' },
          { key: 'ledger-xlsx', label: '导出投诉受理台账（Excel）', path: '/exports/ledger.xlsx', params: ledger, fallback: '投诉受理台账.xlsx' },
        ]
      : []),
  ];
  const run = async (b: ExportButton) => {
    setBusy(b.key);
    setErrors([]);
    setSaved(null);
    try {
      setSaved(await downloadExport(b.path, b.params, token, b.fallback));
    } catch (e) {
      setErrors([e as ApiError]);
    } finally {
      setBusy(null);
    }
  };
  return (
    <div className="panel">
      <h2>导出</h2>
      <p className="muted">
        统计数据为本页所示周期与单位；投诉受理台账为 {formatDate(from)} – {formatDate(to)} 接收的中心案件。
      </p>
      <div className="form-actions">
        {buttons.map((b) => (
          <Button key={b.key} busy={busy === b.key} disabled={!!busy && busy !== b.key} onClick={() => run(b)}>
            {b.label}
          </Button>
        ))}
      </div>
      {saved ? (
        <p className="notice notice-success" role="status">
          已下载 {saved}
        </p>
      ) : null}
      <ErrorBanner errors={errors} />
    </div>
  );
}
