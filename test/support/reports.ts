// Fixtures shared by the report, scheduler and actions tests: a real embedded engine over a generated
// demo audit log (known planted findings), and reports runtimes on a shared local store.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCoreConfig, type CoreConfig } from '../../src/config';
import { generateAuditLog } from '../../src/demo';
import { createEngine } from '../../src/cli/compose/engine';
import type { QueryEngine } from '../../src/engine/types';
import type { ReportDefinition } from '../../src/reports/definitions';
import { parseReportDefinition } from '../../src/reports/definitions';

export interface DemoEngine {
  dir: string;
  logDir: string;
  config: CoreConfig;
  engine: QueryEngine;
  cleanup(): Promise<void>;
}

export function tempDir(prefix = 'amctl-reports-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function demoEngine(opts: { events?: number; days?: number; seed?: number; raw?: Record<string, unknown> } = {}): Promise<DemoEngine> {
  const { dir, cleanup } = tempDir();
  const logDir = join(dir, 'log');
  await generateAuditLog({ outDir: logDir, days: opts.days ?? 30, events: opts.events ?? 3000, seed: opts.seed ?? 7 });
  const config = parseCoreConfig({ data_dir: join(dir, 'data'), embedded: { audit_log: logDir }, ...opts.raw }, { cwd: dir });
  const engine = await createEngine(config);
  return {
    dir,
    logDir,
    config,
    engine,
    async cleanup() {
      await engine.close();
      cleanup();
    },
  };
}

/** A small custom report: quick to run many times in scheduler tests. */
export function smallReport(name = 'small_report', queries: { name: string; query: string }[] = [
  { name: 'root_sessions', query: "SELECT event_date, COUNT(*) AS count, user FROM session_start WHERE login='root' GROUP BY event_date, user ORDER BY event_date" },
  { name: 'users', query: 'SELECT DISTINCT user FROM session_start ORDER BY user' },
]): ReportDefinition {
  return parseReportDefinition({ name, title: name, version: '1.0.0', audit_queries: queries.map((q) => ({ ...q, title: q.name, suggestion: 'n/a' })) });
}
