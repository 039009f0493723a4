// Test helpers: a real embedded engine over a temporary data directory.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCatalog } from '../../src/catalog';
import { parseCoreConfig, type CoreConfig } from '../../src/config';
import { EmbeddedEngine } from '../../src/engine/duckdb/engine';
import { runToCompletion } from '../../src/cli/local-client';
import type { WindowDays } from '../../src/engine/types';

export function tempDir(prefix = 'amctl-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function testConfig(dataDir: string, raw: Record<string, unknown> = {}): CoreConfig {
  return parseCoreConfig({ data_dir: dataDir, ...raw }, { cwd: dataDir });
}

export async function openEngine(config: CoreConfig): Promise<EmbeddedEngine> {
  return EmbeddedEngine.open(config, loadCatalog());
}

/** Runs SQL to completion and returns rows as tctl-style strings. */
export async function query(engine: EmbeddedEngine, sql: string, days: WindowDays = 30) {
  return runToCompletion(engine, sql, days);
}
