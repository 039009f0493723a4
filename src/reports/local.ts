// Reports wired from the configuration for a process that already has an engine: the gateway
// (`amctl serve`, with the background scheduler) and the CLI's local mode (no scheduler, opened by
// src/cli/compose/reports.ts).
import { loadCatalog } from '../catalog';
import type { CoreConfig } from '../config';
import type { QueryEngine } from '../engine/types';
import { checkQuery } from '../sql';
import { openAuditQueryStore } from '../store';
import { createReportsRuntime, type ReportsRuntime } from './runtime';

/** SQL guard for report and detection queries: the same check the engines run before executing. */
export function catalogSqlCheck(): (sql: string) => Promise<void> {
  const catalog = loadCatalog();
  return async (sql) => {
    await checkQuery(sql, catalog);
  };
}

/** The reports runtime over an engine: SQL guard on save, saved queries for detections. Not started. */
export function configuredReports(config: CoreConfig, engine: QueryEngine, log?: (msg: string, err?: unknown) => void): ReportsRuntime {
  const checkSql = catalogSqlCheck();
  const savedQueries = openAuditQueryStore(config, checkSql);
  return createReportsRuntime(config, {
    engine,
    checkSql,
    resolveSavedQuery: async (name) => (await savedQueries.get(name).catch(() => undefined))?.query,
    log,
  });
}

/**
 * For the gateway: installs pre-built reports, resumes interrupted runs and starts the background
 * scheduler (unless `reports.scheduler` is off). Put the result in the gateway's extensions under
 * REPORTS_EXTENSION and call stop() on shutdown.
 */
export async function startGatewayReports(config: CoreConfig, engine: QueryEngine, log?: (msg: string, err?: unknown) => void): Promise<ReportsRuntime> {
  const runtime = configuredReports(config, engine, log);
  await runtime.start();
  return runtime;
}
