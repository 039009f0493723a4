// Reports in one process without a gateway (the CLI's local mode): the engine from the config, the
// SQL guard over the catalogue, saved queries from the store, no background scheduler.
import { loadCatalog } from '../catalog';
import type { CoreConfig } from '../config';
import { createEngine } from '../engine/factory';
import type { QueryEngine } from '../engine/types';
import { checkQuery } from '../sql';
import { openAuditQueryStore } from '../store';
import { createReportsRuntime, type ReportsRuntime } from './runtime';

export interface LocalReports {
  engine: QueryEngine;
  runtime: ReportsRuntime;
  close(): Promise<void>;
}

/** SQL guard for report and detection queries: the same check the engines run before executing. */
export function catalogSqlCheck(): (sql: string) => Promise<void> {
  const catalog = loadCatalog();
  return async (sql) => {
    await checkQuery(sql, catalog);
  };
}

export async function openLocalReports(config: CoreConfig, opts: { ingest?: boolean } = {}): Promise<LocalReports> {
  const engine = await createEngine(config, { ingest: opts.ingest });
  try {
    const checkSql = catalogSqlCheck();
    const savedQueries = openAuditQueryStore(config, checkSql);
    const runtime = createReportsRuntime(config, {
      engine,
      checkSql,
      resolveSavedQuery: async (name) => (await savedQueries.get(name).catch(() => undefined))?.query,
    });
    await runtime.start({ scheduler: false });
    return {
      engine,
      runtime,
      async close() {
        await runtime.stop();
        await engine.close();
      },
    };
  } catch (e) {
    await engine.close();
    throw e;
  }
}
