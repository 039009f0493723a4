// Waiting for an execution and reading its rows: what every in-process caller of an engine (the CLI,
// reports) needs, through the QueryEngine interface alone.
import { TERMINAL_STATES, type ColumnInfo, type ExecutionStatus, type QueryEngine, type Row } from './types';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until the execution is SUCCEEDED, FAILED or CANCELLED, backing off from `firstMs` to `maxMs`. */
export async function waitForTerminal(engine: QueryEngine, id: string, firstMs = 5, maxMs = 500): Promise<ExecutionStatus> {
  let delay = firstMs;
  for (;;) {
    const st = await engine.status(id);
    if (TERMINAL_STATES.has(st.state)) return st;
    await sleep(delay);
    delay = Math.min(delay * 2, maxMs);
  }
}

export interface CollectedRows {
  columns: ColumnInfo[];
  rows: Row[];
  /** Rows the result holds, including any past `maxRows`. */
  total: number;
  /** Pages were left unread because `maxRows` was reached. */
  truncated: boolean;
}

/** Pages through a SUCCEEDED execution's results, keeping at most `maxRows` rows. */
export async function readRows(engine: QueryEngine, id: string, maxRows = Infinity, pageSize = 1000): Promise<CollectedRows> {
  const rows: Row[] = [];
  let columns: ColumnInfo[] = [];
  let token: string | undefined;
  let total = 0;
  do {
    const page = await engine.results(id, { nextToken: token, maxResults: pageSize });
    columns = page.columns;
    total += page.rows.length;
    for (const r of page.rows) if (rows.length < maxRows) rows.push(r);
    token = page.nextToken;
  } while (token && rows.length < maxRows);
  return { columns, rows, total, truncated: token !== undefined };
}
