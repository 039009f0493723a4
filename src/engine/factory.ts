// The one place that picks an engine from the configuration.
import { loadCatalog } from '../catalog';
import type { CoreConfig } from '../config';
import { EmbeddedEngine } from './duckdb/engine';
import type { IngestProgress, IngestSummary } from './duckdb/ingest';
import type { QueryEngine } from './types';

export interface CreateEngineOptions {
  /** Embedded engine: load new source data before returning (default true). */
  ingest?: boolean;
  onIngestProgress?: (p: IngestProgress) => void;
  onIngest?: (s: IngestSummary) => void;
}

export async function createEngine(config: CoreConfig, opts: CreateEngineOptions = {}): Promise<QueryEngine> {
  if (config.engine === 'athena') {
    const { createAthenaEngine } = await import('../athena');
    return createAthenaEngine(config);
  }
  if (config.engine === 'trino') {
    const { createTrinoEngine } = await import('../trino');
    return createTrinoEngine(config);
  }
  const engine = await EmbeddedEngine.open(config, loadCatalog());
  if (opts.ingest !== false) {
    try {
      const summary = await engine.ingest(opts.onIngestProgress);
      opts.onIngest?.(summary);
    } catch (e) {
      await engine.close();
      throw e;
    }
  }
  return engine;
}

export { EmbeddedEngine };
