// The CLI's local mode: the engine from the configuration, in this process.
import { createEngine, type CreateEngineOptions } from '../engine/factory';
import { EngineError } from '../engine/errors';
import { TERMINAL_STATES, type QueryEngine, type Row, type WindowDays } from '../engine/types';
import type { CoreConfig } from '../config';
import type { AuditClient, QueryResult } from './client';

/** Starts a query, waits for it, and returns every row. Shared by the CLI and reports. */
export async function runToCompletion(engine: QueryEngine, sql: string, days: WindowDays, user?: string): Promise<QueryResult> {
  const { id } = await engine.start({ sql, days, user });
  let wait = 5;
  for (;;) {
    const st = await engine.status(id);
    if (TERMINAL_STATES.has(st.state)) {
      if (st.state === 'FAILED') throw new EngineError('QUERY_FAILED', st.error?.message ?? 'the query failed');
      if (st.state === 'CANCELLED') throw new EngineError('QUERY_FAILED', 'the query was cancelled');
      break;
    }
    await new Promise((r) => setTimeout(r, wait));
    wait = Math.min(wait * 2, 500);
  }
  const rows: Row[] = [];
  let page = await engine.results(id, { maxResults: 10_000 });
  const columns = page.columns;
  rows.push(...page.rows);
  while (page.nextToken) {
    page = await engine.results(id, { nextToken: page.nextToken, maxResults: 10_000 });
    rows.push(...page.rows);
  }
  return { columns, rows };
}

export class LocalAuditClient implements AuditClient {
  constructor(readonly engine: QueryEngine) {}

  static async open(config: CoreConfig, opts?: CreateEngineOptions): Promise<LocalAuditClient> {
    return new LocalAuditClient(await createEngine(config, opts));
  }

  runQuery(sql: string, days: WindowDays): Promise<QueryResult> {
    return runToCompletion(this.engine, sql, days, process.env.USER);
  }

  close(): Promise<void> {
    return this.engine.close();
  }
}
