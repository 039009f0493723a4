// The one place that picks an engine from the configuration. It sits above every engine (and the
// cluster the Athena engine may join), beside the entry points that call it: `amctl serve` and the CLI.
import { loadCatalog } from '../../catalog';
import type { CoreConfig } from '../../config';
import { EmbeddedEngine } from '../../engine/duckdb/engine';
import type { IngestProgress, IngestSummary } from '../../engine/duckdb/ingest';
import type { QueryEngine } from '../../engine/types';

export interface CreateEngineOptions {
  /** Embedded engine: load new source data before returning (default true). */
  ingest?: boolean;
  onIngestProgress?: (p: IngestProgress) => void;
  onIngest?: (s: IngestSummary) => void;
}

export async function createEngine(config: CoreConfig, opts: CreateEngineOptions = {}): Promise<QueryEngine> {
  if (config.engine === 'athena') {
    const { createAthenaEngine } = await import('../../athena');
    const { clusterJoiner } = await import('../../cluster');
    return createAthenaEngine(config, { joinCluster: clusterJoiner(config) });
  }
  if (config.engine === 'trino') {
    const { createTrinoEngine } = await import('../../trino');
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
