// An entity's activity over the timeline's range: events per hour or per day, every bucket of the
// range drawn (the chart component, loaded with ECharts after the page).
import { lazy, Suspense, useMemo } from 'react';
import { histogramPoints, type Bucket } from '../lib/time-range';

const Chart = lazy(() => import('./Chart'));

export function ActivityHistogram({ buckets, from, to, unit, title }: { buckets: readonly Bucket[]; from: string; to: string; unit: string; title: string }) {
  const series = useMemo(() => [{ name: 'events', points: histogramPoints(buckets, from, to, unit) }], [buckets, from, to, unit]);
  if (buckets.length === 0) return <div className="chart-empty small">No events in this range.</div>;
  return (
    <Suspense fallback={<div className="chart-empty small">Drawing…</div>}>
      <Chart type="bar" series={series} xLabel={unit} yLabel="events" title={title} className="chart small" />
    </Suspense>
  );
}
