// Runs one report query to completion through the engine interface: start (or re-attach to an
// execution that survived a crash), poll until terminal, page every row.
import { EngineError } from '../errors/engine-error';
import { readRows, waitForTerminal } from '../engine/collect';
import type { ColumnInfo, ExecutionStatus, QueryEngine, Row, WindowDays } from '../engine/types';

/** Rows a report keeps per query; report queries are aggregates, so more means a runaway query. */
export const MAX_REPORT_ROWS = 10_000;

export interface ExecutedQuery {
  execution_id: string;
  ok: boolean;
  error?: string;
  columns: ColumnInfo[];
  rows: Row[];
  row_count: number;
  truncated: boolean;
  execution_ms: number;
  bytes_scanned: number;
}

/** Engine-side identity of report runs (quotas, audit). */
export const REPORT_USER = 'security-report';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The status of an execution the engine still knows, or undefined (e.g. a restarted embedded engine). */
export async function knownExecution(engine: QueryEngine, id: string): Promise<ExecutionStatus | undefined> {
  try {
    return await engine.status(id);
  } catch (e) {
    if (e instanceof EngineError && e.code === 'NOT_FOUND') return undefined;
    throw e;
  }
}

/** Starts the query; an engine at its concurrency limit is retried with backoff for a while. */
export async function startQuery(engine: QueryEngine, sql: string, days: WindowDays, clientToken: string): Promise<string> {
  let delay = 200;
  for (let attempt = 0; ; attempt++) {
    try {
      return (await engine.start({ sql, days, user: REPORT_USER, clientToken })).id;
    } catch (e) {
      if (!(e instanceof EngineError && e.code === 'LIMIT_EXCEEDED') || attempt >= 8) throw e;
      await sleep(delay);
      delay = Math.min(delay * 2, 10_000);
    }
  }
}

/** Waits for the execution and reads its rows. Query failures come back as ok=false, never thrown. */
export async function collectQuery(engine: QueryEngine, id: string): Promise<ExecutedQuery> {
  const st = await waitForTerminal(engine, id, 25, 1000);
  const base = { execution_id: id, execution_ms: st.executionMs ?? 0, bytes_scanned: st.bytesScanned ?? 0 };
  if (st.state !== 'SUCCEEDED') {
    const error = st.error?.message ?? (st.state === 'CANCELLED' ? 'the query was cancelled' : 'the query failed');
    return { ...base, ok: false, error, columns: [], rows: [], row_count: 0, truncated: false };
  }
  const { columns, rows, total, truncated } = await readRows(engine, id, MAX_REPORT_ROWS);
  const rowCount = Math.max(st.rowCount ?? total, total);
  return { ...base, ok: true, columns, rows, row_count: rowCount, truncated: truncated || rowCount > rows.length };
}
