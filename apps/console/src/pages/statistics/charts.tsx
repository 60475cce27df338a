import { useEffect, useRef } from 'react';
// Only the parts of ECharts the statistics page draws (tree-shaken; this module is in the
// statistics page's lazy chunk, never in the first load).
import { init, use, type ComposeOption } from 'echarts/core';
import { BarChart, PieChart, type BarSeriesOption, type PieSeriesOption } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, type GridComponentOption, type LegendComponentOption, type TooltipComponentOption } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

// No AriaComponent: its generated description would replace the summary given below.
use([BarChart, PieChart, GridComponent, TooltipComponent, LegendComponent, SVGRenderer]);

type Option = ComposeOption<BarSeriesOption | PieSeriesOption | GridComponentOption | TooltipComponentOption | LegendComponentOption>;

export interface Datum {
  label: string;
  value: number;
}

const FONT = "-apple-system, 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', sans-serif";
const PRIMARY = '#0b5cad';

function barOption(data: Datum[]): Option {
  return {
    animation: false,
    textStyle: { fontFamily: FONT },
    grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'category', data: data.map((d) => d.label), axisLabel: { interval: 0, hideOverlap: true } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ type: 'bar', data: data.map((d) => d.value), itemStyle: { color: PRIMARY }, barMaxWidth: 36, label: { show: true, position: 'top' } }],
  } as Option;
}

function pieOption(data: Datum[]): Option {
  return {
    animation: false,
    textStyle: { fontFamily: FONT },
    tooltip: { trigger: 'item', formatter: '{b}：{c}（{d}%）' },
    legend: { type: 'scroll', bottom: 0 },
    series: [
      {
        type: 'pie',
        radius: ['35%', '65%'],
        center: ['50%', '45%'],
        data: data.filter((d) => d.value > 0).map((d) => ({ name: d.label, value: d.value })),
        label: { formatter: '{b} {c}' },
      },
    ],
  } as Option;
}

/**
 * One chart (SVG, so its text is text, not pixels) with a caption and, for screen readers and
 * keyboard users, the same figures as a table under "查看数据".
 */
export function Chart({ title, kind, data, unit = '件' }: { title: string; kind: 'bar' | 'pie'; data: Datum[]; unit?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const total = data.reduce((s, d) => s + d.value, 0);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const chart = init(el, undefined, { renderer: 'svg', locale: 'ZH' });
    chart.setOption(kind === 'bar' ? barOption(data) : pieOption(data));
    const ro = new ResizeObserver(() => chart.resize());
    ro.observe(el);
    return () => {
      ro.disconnect();
      chart.dispose();
    };
  }, [kind, data]);
  const summary = `${title}：${data.map((d) => `${d.label} ${d.value} ${unit}`).join('，')}`;
  return (
    <figure className="chart" data-chart={title}>
      <figcaption>{title}</figcaption>
      {kind === 'pie' && total === 0 ? (
        <p className="empty chart-empty">本期没有数据。</p>
      ) : (
        <div className="chart-canvas" ref={ref} role="img" aria-label={summary} />
      )}
      <details>
        <summary>查看数据</summary>
        <table className="table">
          <thead>
            <tr>
              <th scope="col">项目</th>
              <th scope="col">数量（{unit}）</th>
            </tr>
          </thead>
          <tbody>
            {data.map((d) => (
              <tr key={d.label}>
                <td>{d.label}</td>
                <td>{d.value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
