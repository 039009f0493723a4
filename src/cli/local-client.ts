// The CLI's local mode: the engine from the configuration, in this process.
import { createEngine, type CreateEngineOptions } from './compose/engine';
import { EngineError } from '../errors/engine-error';
import { readRows, waitForTerminal } from '../engine/collect';
import type { QueryEngine, WindowDays } from '../engine/types';
import type { CoreConfig } from '../config';
import type { AuditClient, QueryResult } from './client';

/** Starts a query, waits for it, and returns every row. */
export async function runToCompletion(engine: QueryEngine, sql: string, days: WindowDays, user?: string): Promise<QueryResult> {
  const { id } = await engine.start({ sql, days, user });
  const st = await waitForTerminal(engine, id);
  if (st.state === 'FAILED') throw new EngineError('QUERY_FAILED', st.error?.message ?? 'the query failed');
  if (st.state === 'CANCELLED') throw new EngineError('QUERY_FAILED', 'the query was cancelled');
  const { columns, rows } = await readRows(engine, id, Infinity, 10_000);
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
