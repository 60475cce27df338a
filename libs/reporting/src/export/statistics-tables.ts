import { parseYuan } from '@app/platform';
import { CATEGORY_LABELS } from '@app/stations';
import { StatisticsModel } from '../dto/reporting.model';
import { PeriodKind } from '../period';
import { TableSpec } from './format';
import { CHANNEL_LABELS, ISSUE_TYPE_LABELS, label, PERIOD_LABELS, SATISFACTION_LABELS } from './labels';

/** What a statistics export holds: the figures of one scope and period, and what to call them. */
export interface StatisticsFile {
  scopeName: string;
  kind: PeriodKind;
  stats: StatisticsModel;
}

/** The figures, one row per export (the same definitions as the `Statistics` type of the API). */
export const STATISTICS_TABLE: TableSpec<StatisticsFile> = {
  name: '统计数据',
  columns: [
    { header: '统计范围', kind: 'text', width: 24, value: (f) => f.scopeName },
    { header: '周期', kind: 'text', width: 6, value: (f) => PERIOD_LABELS[f.kind] },
    { header: '起始日期', kind: 'date', width: 12, value: (f) => f.stats.from },
    { header: '截止日期', kind: 'date', width: 12, value: (f) => f.stats.to },
    { header: '咨询', kind: 'int', value: (f) => f.stats.consultations },
    { header: '投诉', kind: 'int', value: (f) => f.stats.complaints },
    { header: '举报', kind: 'int', value: (f) => f.stats.reports },
    { header: '受理', kind: 'int', value: (f) => f.stats.accepted },
    { header: '办结', kind: 'int', value: (f) => f.stats.closed },
    { header: '办结率', kind: 'ratio', value: (f) => f.stats.closureRate },
    { header: '服务站纠纷', kind: 'int', value: (f) => f.stats.stationDisputes },
    { header: '服务站和解', kind: 'int', value: (f) => f.stats.stationSettled },
    { header: '和解率', kind: 'ratio', value: (f) => f.stats.settlementRate },
    { header: '挽回经济损失（元）', kind: 'money', width: 18, value: (f) => parseYuan(f.stats.amountRecovered) },
    { header: '超期中心案件', kind: 'int', value: (f) => f.stats.overdueCases },
    { header: '超期纠纷', kind: 'int', value: (f) => f.stats.overdueDisputes },
    { header: '回访', kind: 'int', value: (f) => f.stats.callbacks },
    { header: '满意率', kind: 'ratio', value: (f) => f.stats.satisfactionRate },
  ],
};

/** One line of a breakdown: a labelled count. */
export interface CountRow {
  label: string;
  count: number;
}

const breakdown = (name: string, what: string, counted: string): TableSpec<CountRow> => ({
  name,
  columns: [
    { header: what, kind: 'text', width: 20, value: (r) => r.label },
    { header: counted, kind: 'int', width: 14, value: (r) => r.count },
  ],
});

/** Every table of a statistics export, in order: the figures, then the breakdowns. */
export function statisticsTables(f: StatisticsFile): { spec: TableSpec<any>; rows: readonly unknown[] }[] {
  const s = f.stats;
  return [
    { spec: STATISTICS_TABLE, rows: [f] },
    {
      spec: breakdown('按服务站类别', '服务站类别', '服务站纠纷数'),
      rows: s.byCategory.map((r) => ({ label: CATEGORY_LABELS[r.category] ?? r.category, count: r.count })),
    },
    { spec: breakdown('按来源渠道', '来源渠道', '中心案件数'), rows: s.byChannel.map((r) => ({ label: label(CHANNEL_LABELS, r.channel), count: r.count })) },
    { spec: breakdown('按商品或服务类别', '商品或服务类别', '服务站纠纷数'), rows: s.byGoodsCategory.map((r) => ({ label: r.category ?? '未填写', count: r.count })) },
    { spec: breakdown('按问题类别', '问题类别', '服务站纠纷数'), rows: s.byIssueType.map((r) => ({ label: label(ISSUE_TYPE_LABELS, r.issueType) ?? '未分类', count: r.count })) },
    {
      spec: breakdown('按回访满意度', '满意度', '回访数'),
      rows: s.bySatisfaction.map((r) => ({ label: label(SATISFACTION_LABELS, r.satisfaction), count: r.count })),
    },
  ];
}
