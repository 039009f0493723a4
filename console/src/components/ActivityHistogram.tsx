// An entity's activity over the timeline's range: events per hour or per day, every bucket of the
// range drawn (the chart component, loaded with ECharts after the page).
import { lazy, Suspense, useMemo } from 'react';
import { histogramPoints, type Bucket } from '../lib/time-range';

const Chart = lazy(() => import('./Chart'));
const TWO_DAYS = 2 * 86_400_000;

export function ActivityHistogram({ buckets, from, to, title }: { buckets: readonly Bucket[]; from: string; to: string; title: string }) {
  // The gateway buckets by hour up to two days, else by day.
  const unit = buckets[0]?.unit ?? (Date.parse(to) - Date.parse(from) <= TWO_DAYS ? 'hour' : 'day');
  const series = useMemo(() => [{ name: 'events', points: histogramPoints(buckets, from, to, unit) }], [buckets, from, to, unit]);
  if (buckets.length === 0) return <div className="chart-empty small">No events in this range.</div>;
  return (
    <Suspense fallback={<div className="chart-empty small">Drawing…</div>}>
      <Chart type="bar" series={series} xLabel={unit} yLabel="events" title={title} className="chart small" />
    </Suspense>
  );
}
