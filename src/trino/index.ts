// The Trino engine's entry point: src/cli/compose/engine.ts calls createTrinoEngine when `engine: trino`.
import { dirname } from 'node:path';
import { loadCatalog } from '../catalog';
import type { Catalog } from '../catalog/types';
import type { CoreConfig } from '../config';
import { checkQuery } from '../sql';
import { TrinoClient } from './client';
import { parseTrinoConfig, type TrinoConfig } from './config';
import { TrinoEngine, type QueryGuard } from './engine';

export { TrinoEngine } from './engine';
export { TrinoClient, TrinoQueryError, TrinoProtocolError, type TrinoConnection } from './client';
export { parseTrinoConfig, type TrinoConfig } from './config';
export { toCell, toColumnInfo, toRow, normalizeType } from './cells';

export interface CreateTrinoEngineOptions {
  catalog?: Catalog;
  guard?: QueryGuard;
  /** Replace the parsed settings (tests, benchmarks). */
  overrides?: (cfg: TrinoConfig) => TrinoConfig;
}

export function clientFor(cfg: TrinoConfig): TrinoClient {
  return new TrinoClient({
    server: cfg.server,
    user: cfg.user,
    catalog: cfg.catalog,
    schema: cfg.schema,
    auth: cfg.auth,
    tls: cfg.tls,
    source: cfg.source,
    session: cfg.session,
  });
}

export async function createTrinoEngine(config: CoreConfig, opts: CreateTrinoEngineOptions = {}): Promise<TrinoEngine> {
  let cfg = parseTrinoConfig(config.raw, config.file ? dirname(config.file) : process.cwd());
  if (opts.overrides) cfg = opts.overrides(cfg);
  const guard: QueryGuard = opts.guard ?? (async (sql, catalog) => checkQuery(sql, catalog));
  return new TrinoEngine({ config: cfg, client: clientFor(cfg), catalog: opts.catalog ?? loadCatalog(), guard });
}
