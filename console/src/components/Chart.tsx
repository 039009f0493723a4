// A report query's chart from its hint: stacked bars or lines, one series per user (or whatever the
// hint's series column holds), drawn with ECharts (modular imports, SVG renderer) in the page's colours.
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import { chartData, seriesColors, type SeriesIn } from '../lib/chart-data';

echarts.use([BarChart, LineChart, GridComponent, TooltipComponent, LegendComponent, AriaComponent, SVGRenderer]);

const PALETTE = ['#6e56cf', '#0f9d8f', '#e5484d', '#f2a33a', '#3e8ef7', '#b45fc2', '#5f8d2a', '#d6409f', '#8a7f72', '#14a3c7', '#c2692f', '#4f5bd5'];

function cssVar(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

export interface ChartProps {
  type: string;
  series: SeriesIn[];
  xLabel?: string | null;
  yLabel?: string | null;
  title: string;
  /** The drawing area's class (its height): `chart` unless given. */
  className?: string;
}

export default function Chart({ type, series, xLabel, yLabel, title, className = 'chart' }: ChartProps) {
  const host = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const el = host.current!;
    const chart = echarts.init(el, undefined, { renderer: 'svg' });
    const draw = () => {
      const data = chartData(series);
      const colors = seriesColors(data.series.map((s) => s.name), PALETTE.length).map((i) => PALETTE[i]!);
      const fg = cssVar('--fg');
      const muted = cssVar('--muted');
      const border = cssVar('--border');
      chart.setOption(
        {
          color: colors,
          aria: { enabled: true, label: { description: `${title}: ${type} chart of ${yLabel ?? 'values'} by ${xLabel ?? 'x'}, ${data.series.length} series` } },
          animation: false,
          textStyle: { color: fg, fontFamily: 'system-ui, sans-serif' },
          grid: { left: 8, right: 12, top: data.series.length > 1 ? 40 : 16, bottom: 8, containLabel: true },
          tooltip: { trigger: 'axis', confine: true, backgroundColor: cssVar('--surface'), borderColor: border, textStyle: { color: fg } },
          legend: data.series.length > 1 ? { type: 'scroll', top: 0, textStyle: { color: muted }, pageTextStyle: { color: muted } } : undefined,
          xAxis: { type: 'category', data: data.categories, name: undefined, axisLabel: { color: muted, hideOverlap: true }, axisLine: { lineStyle: { color: border } } },
          yAxis: { type: 'value', minInterval: 1, axisLabel: { color: muted }, splitLine: { lineStyle: { color: border, opacity: 0.6 } } },
          series: data.series.map((s) =>
            type === 'line'
              ? { type: 'line', name: s.name, data: s.values, connectNulls: false, showSymbol: data.categories.length < 40 }
              : { type: 'bar', name: s.name, data: s.values, stack: 'total', barMaxWidth: 28 },
          ),
        },
        true,
      );
    };
    draw();
    const resize = new ResizeObserver(() => chart.resize());
    resize.observe(el);
    const scheme = matchMedia('(prefers-color-scheme: dark)');
    scheme.addEventListener('change', draw);
    return () => {
      resize.disconnect();
      scheme.removeEventListener('change', draw);
      chart.dispose();
    };
  }, [type, series, xLabel, yLabel, title]);

  return <div className={className} ref={host} role="img" aria-label={`${title}: ${type} chart`} />;
}
