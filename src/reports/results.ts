// Report results at the report_results location: one JSON document per finished run, kept as
// history under results/<report>/<days>_days/<run_id>.json (run ids sort by start time).
import { getJson, putJson, type BlobStore } from './blobstore';
import type { ChartHint } from './definitions';
import type { ColumnInfo, Row, WindowDays } from '../engine/types';
import type { ReportStatus } from './state';

export type QueryOutcomeStatus = 'SUCCEEDED' | 'FAILED';

export interface QueryResult {
  name: string;
  title: string;
  description: string;
  suggestion: string;
  chart?: ChartHint;
  query: string;
  status: QueryOutcomeStatus;
  error?: string;
  execution_id?: string;
  columns: ColumnInfo[];
  rows: Row[];
  row_count: number;
  /** More rows than a report keeps (MAX_REPORT_ROWS) were returned; rows holds the first ones. */
  truncated: boolean;
  execution_ms: number;
  bytes_scanned: number;
  started_at: string;
  completed_at: string;
}

export interface ReportResultTotals {
  queries: number;
  succeeded: number;
  failed: number;
  rows: number;
  execution_ms: number;
  bytes_scanned: number;
}

export interface ReportResult {
  report: string;
  title: string;
  version: string;
  days: WindowDays;
  run_id: string;
  status: Exclude<ReportStatus, 'RUNNING'>;
  error?: string;
  started_at: string;
  completed_at: string;
  queries: QueryResult[];
  totals: ReportResultTotals;
}

export interface ReportRunSummary {
  report: string;
  days: WindowDays;
  run_id: string;
  status: Exclude<ReportStatus, 'RUNNING'>;
  error?: string;
  started_at: string;
  completed_at: string;
  totals: ReportResultTotals;
}

const prefix = (report: string, days: number) => `results/${report}/${days}_days/`;

export function totalsOf(queries: QueryResult[]): ReportResultTotals {
  return {
    queries: queries.length,
    succeeded: queries.filter((q) => q.status === 'SUCCEEDED').length,
    failed: queries.filter((q) => q.status === 'FAILED').length,
    rows: queries.reduce((n, q) => n + q.row_count, 0),
    execution_ms: queries.reduce((n, q) => n + q.execution_ms, 0),
    bytes_scanned: queries.reduce((n, q) => n + q.bytes_scanned, 0),
  };
}

export class ResultStore {
  constructor(private readonly store: BlobStore) {}

  get location(): string {
    return this.store.location;
  }

  async save(result: ReportResult): Promise<void> {
    await putJson(this.store, `${prefix(result.report, result.days)}${result.run_id}.json`, result);
  }

  async get(report: string, days: number, runId: string): Promise<ReportResult | undefined> {
    return (await getJson<ReportResult>(this.store, `${prefix(report, days)}${runId}.json`))?.value;
  }

  async runIds(report: string, days: number): Promise<string[]> {
    const p = prefix(report, days);
    return (await this.store.list(p)).filter((k) => k.endsWith('.json')).map((k) => k.slice(p.length, -5));
  }

  /** Past runs, newest first. */
  async history(report: string, days: number, limit = 50): Promise<ReportRunSummary[]> {
    const ids = (await this.runIds(report, days)).reverse().slice(0, limit);
    const docs = await Promise.all(ids.map((id) => this.get(report, days, id)));
    return docs.flatMap((r) =>
      r
        ? [{ report: r.report, days: r.days, run_id: r.run_id, status: r.status, error: r.error, started_at: r.started_at, completed_at: r.completed_at, totals: r.totals }]
        : [],
    );
  }

  /**
   * Deletes the oldest runs beyond `keep`, never `protect` (the current result). Returns how many went.
   * A store that refuses deletes (an IAM role with Put/Get only) keeps everything; that is not an error.
   */
  async prune(report: string, days: number, keep: number, protect?: string): Promise<number> {
    const ids = await this.runIds(report, days);
    const drop = ids.slice(0, Math.max(0, ids.length - keep)).filter((id) => id !== protect);
    let removed = 0;
    for (const id of drop) {
      try {
        await this.store.delete(`${prefix(report, days)}${id}.json`);
        removed++;
      } catch {
        break;
      }
    }
    return removed;
  }

  async latest(report: string, days: number): Promise<ReportResult | undefined> {
    const ids = await this.runIds(report, days);
    return ids.length ? this.get(report, days, ids[ids.length - 1]) : undefined;
  }
}
