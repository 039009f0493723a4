// Test helpers: a real embedded engine over a temporary data directory.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll } from 'vitest';
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

/**
 * An empty embedded engine for the test file: opened before its tests, closed and its data directory
 * removed after them. Read `.engine` inside tests.
 */
export function engineForFile(prefix: string): { readonly engine: EmbeddedEngine } {
  let engine: EmbeddedEngine | undefined;
  let cleanup: (() => void) | undefined;
  beforeAll(async () => {
    const t = tempDir(prefix);
    cleanup = t.cleanup;
    engine = await openEngine(testConfig(t.dir));
  });
  afterAll(async () => {
    await engine?.close();
    cleanup?.();
  });
  return {
    get engine() {
      if (!engine) throw new Error('the test engine is opened in beforeAll: read it inside a test');
      return engine;
    },
  };
}

/** Runs SQL to completion and returns rows as tctl-style strings. */
export async function query(engine: EmbeddedEngine, sql: string, days: WindowDays = 30) {
  return runToCompletion(engine, sql, days);
}

/** `n` cert.create log lines over the last 3 days (users alice and bob, five client IPs), at 10:00 UTC plus i ms. */
export function certLogLines(n: number): string[] {
  const now = new Date();
  const at = (daysAgo: number, ms: number) =>
    new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - daysAgo, 10) + ms).toISOString();
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    lines.push(
      JSON.stringify({
        event: 'cert.create',
        code: 'TC000I',
        time: at(i % 3, i),
        uid: `u${String(i).padStart(5, '0')}`,
        cert_type: 'user',
        identity: { user: i % 2 ? 'alice' : 'bob', client_ip: `10.0.0.${i % 5}`, expires: at(i % 3, i + 3_600_000) },
      }),
    );
  }
  return lines;
}

/** A file audit log of `n` cert.create events (certLogLines) in `dir`/log; its path. */
export function writeCertLog(dir: string, n: number): string {
  const logDir = join(dir, 'log');
  mkdirSync(logDir, { recursive: true });
  writeFileSync(join(logDir, 'a.log'), certLogLines(n).join('\n') + '\n');
  return logDir;
}
