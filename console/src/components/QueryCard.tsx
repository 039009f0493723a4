// One query of a report result: title, description, chart (or why there is none), the suggestion,
// the rows, and a link that opens its SQL in the query editor over the same window.
import { lazy, Suspense } from 'react';
import type { ReportResultQuery } from '../gql/graphql';
import { formatCount, formatDuration } from '../lib/units';
import { Link } from '../router';
import { ResultsGrid } from './ResultsGrid';

const Chart = lazy(() => import('./Chart'));

type QueryResult = NonNullable<ReportResultQuery['reportResult']>['queries'][number];

function chartEmptyReason(q: QueryResult, days: number): string | undefined {
  if (q.status === 'FAILED') return 'The query failed: no chart.';
  if (!q.chart || q.chart.type === 'table' || !q.chart.x || !q.chart.y) return 'This query is shown as a table.';
  if (q.rowCount === 0) return `Nothing found in the last ${days} days.`;
  if (q.series.every((s) => s.points.length === 0)) return `The rows have no ${q.chart.y} values to chart.`;
  return undefined;
}

export function QueryCard({ q, days }: { q: QueryResult; days: number }) {
  const empty = chartEmptyReason(q, days);
  const headingId = `q-${q.name}`;
  return (
    <article className="card query-card" aria-labelledby={headingId} data-query={q.name}>
      <h2 id={headingId}>{q.title}</h2>
      <p className="desc">{q.description}</p>
      {empty ? (
        <div className="chart-empty" data-empty-chart>
          {empty}
        </div>
      ) : (
        <Suspense fallback={<div className="chart-empty">Drawing…</div>}>
          <Chart type={q.chart!.type} series={q.series} xLabel={q.chart!.x} yLabel={q.chart!.y} title={q.title} />
        </Suspense>
      )}
      <div className="meta">
        <span className={`badge ${q.status}`}>{q.status}</span>
        <span>
          {formatCount(q.rowCount)} rows{q.truncated ? ` (first ${formatCount(q.rows.length)} kept)` : ''}
        </span>
        <span>{formatDuration(q.executionMs)}</span>
        <Link href={`/query?${new URLSearchParams({ sql: q.query, days: String(days) })}`}>Open in query editor</Link>
      </div>
      {q.error && <p className="error-text">{q.error}</p>}
      {q.suggestion && (
        <p className="suggestion">
          <strong>Suggestion: </strong>
          {q.suggestion}
        </p>
      )}
      {q.rows.length > 0 && (
        <details>
          <summary>Rows ({formatCount(q.rows.length)})</summary>
          <div className="card-rows">
            <ResultsGrid columns={q.columns} rows={q.rows.map((r) => r.data)} label={`Rows of ${q.title}`} days={days} />
          </div>
        </details>
      )}
    </article>
  );
}
