// The CLI's local reports: an engine of its own (picked by ./engine) and the reports runtime over it.
import type { CoreConfig } from '../../config';
import type { QueryEngine } from '../../engine/types';
import { configuredReports } from '../../reports/local';
import type { ReportsRuntime } from '../../reports/runtime';
import { createEngine } from './engine';

export interface LocalReports {
  engine: QueryEngine;
  runtime: ReportsRuntime;
  close(): Promise<void>;
}

/**
 * For the CLI: its own engine, reports without the scheduler. Commands that run queries ingest new
 * log lines first and resume interrupted runs; the others (ls, get, state, ...) do neither.
 */
export async function openLocalReports(config: CoreConfig, opts: { runs?: boolean } = {}): Promise<LocalReports> {
  const runs = opts.runs ?? true;
  const engine = await createEngine(config, { ingest: runs });
  try {
    const runtime = configuredReports(config, engine);
    await runtime.start({ scheduler: false, resume: runs });
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
