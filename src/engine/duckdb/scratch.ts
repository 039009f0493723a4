// A throwaway embedded engine for rule tests: events are written to a file audit log and ingested
// as any log is, into a temporary data directory removed on close. `load` replaces what the views
// show, so one engine serves many tests in turn.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCatalog } from '../../catalog';
import { parseCoreConfig } from '../../config';
import type { QueryEngine } from '../types';
import { EmbeddedEngine } from './engine';

export interface ScratchEngine {
  engine: QueryEngine;
  /** Replaces the events every view shows with these; returns the lines refused by ingest. */
  load(events: Record<string, unknown>[]): Promise<string[]>;
  close(): Promise<void>;
}

export async function openScratchEngine(): Promise<ScratchEngine> {
  const dir = mkdtempSync(join(tmpdir(), 'amctl-rule-tests-'));
  const logDir = join(dir, 'log');
  mkdirSync(logDir);
  const config = parseCoreConfig({ data_dir: join(dir, 'data'), embedded: { audit_log: logDir, limits: { threads: 1, memory: '256MB' } } }, { cwd: dir });
  let engine: EmbeddedEngine;
  try {
    engine = await EmbeddedEngine.open(config, loadCatalog(), { maxConcurrent: 2 });
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  let n = 0;
  return {
    engine,
    async load(events) {
      await engine.clearViews();
      writeFileSync(join(logDir, `batch-${String(++n).padStart(6, '0')}.log`), events.map((e) => JSON.stringify(e)).join('\n') + '\n');
      const summary = await engine.ingest();
      return summary.warnings;
    },
    async close() {
      await engine.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
