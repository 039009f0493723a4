// Test helpers: run a query on any QueryEngine to the end and read every page.
import type { ExecutionStatus, QueryEngine, ResultsPage, Row, StartQueryInput, WindowDays } from '../../../src/engine/types';
import { TERMINAL_STATES } from '../../../src/engine/types';

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Waits for a terminal state by asking the engine's status() (cheap on both engines). */
export async function waitTerminal(engine: QueryEngine, id: string, timeoutMs = 60_000): Promise<ExecutionStatus> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = await engine.status(id);
    if (TERMINAL_STATES.has(s.state)) return s;
    if (Date.now() > deadline) throw new Error(`execution ${id} still ${s.state} after ${timeoutMs} ms`);
    await sleep(10);
  }
}

export async function readAll(engine: QueryEngine, id: string, maxResults?: number): Promise<{ columns: ResultsPage['columns']; rows: Row[]; pages: number }> {
  let token: string | undefined;
  const rows: Row[] = [];
  let columns: ResultsPage['columns'] = [];
  let pages = 0;
  do {
    const page = await engine.results(id, { nextToken: token, maxResults });
    pages++;
    columns = page.columns;
    rows.push(...page.rows);
    token = page.nextToken;
  } while (token);
  return { columns, rows, pages };
}

export async function runToEnd(engine: QueryEngine, sql: string, days: WindowDays = 7, extra: Partial<StartQueryInput> = {}) {
  const { id } = await engine.start({ sql, days, ...extra });
  const status = await waitTerminal(engine, id);
  if (status.state !== 'SUCCEEDED') return { id, status, columns: [], rows: [] as Row[] };
  const { columns, rows } = await readAll(engine, id);
  return { id, status, columns, rows };
}
