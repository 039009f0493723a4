// The feed's promise end to end: a poller process killed (SIGKILL) at random moments and started
// again, against a gateway that keeps recording report runs and is itself restarted, ends up with
// every change of the feed exactly once: nothing lost, nothing repeated.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { parseCoreConfig } from '../../../src/config';
import { createEngine } from '../../../src/cli/compose/engine';
import type { QueryEngine } from '../../../src/engine/types';
import { parseReportDefinition } from '../../../src/reports/definitions';
import { readFeed } from '../../../src/reports/findings/feed';
import { createReportsRuntime, REPORTS_EXTENSION, type ReportsRuntime } from '../../../src/reports/runtime';
import { startTestGateway, type TestGateway } from '../../support/gateway';

const POLLER = fileURLToPath(new URL('../../support/feed-poller.ts', import.meta.url));
const USERS = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi'];

let dir: string;
let engine: QueryEngine | undefined;
let runtime: ReportsRuntime | undefined;
let gw: TestGateway | undefined;
let poller: ChildProcess | undefined;

afterAll(async () => {
  poller?.kill('SIGKILL');
  await gw?.close();
  await runtime?.stop();
  await engine?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function report(version: number, users: [string, number][]) {
  return parseReportDefinition({
    name: 'churn',
    version: `1.0.${version}`,
    audit_queries: [{ name: 'by_user', query: users.length ? users.map(([u, n]) => `SELECT '${u}' AS user, ${n} AS n`).join(' UNION ALL ') : "SELECT 'nobody' AS user, 0 AS n" }],
  });
}

it('a poller killed at random points loses and repeats nothing, across gateway restarts', async () => {
  dir = mkdtempSync(join(tmpdir(), 'amctl-poller-'));
  const pollDir = join(dir, 'poller');
  mkdirSync(pollDir);
  const config = parseCoreConfig({ reports: { scheduler: false, rerun_throttle_seconds: 0 } }, { cwd: dir, dataDir: join(dir, 'data') });
  engine = await createEngine(config, { ingest: false });
  let seed = 7;
  const rand = (n: number) => {
    seed = (seed * 48271) % 2147483647;
    return Math.floor((seed / 2147483647) * n);
  };

  const startGateway = async () => {
    runtime = createReportsRuntime(config, { engine: engine!, builtins: [report(0, [])] });
    await runtime.start();
    gw = await startTestGateway({ engine: engine!, dataDir: config.dataDir, raw: config.raw, gateway: { extensions: new Map([[REPORTS_EXTENSION, runtime]]) } });
    writeFileSync(join(pollDir, 'token'), await gw.token({ user: 'siem', roles: ['auditor'], expiresIn: '1h' }));
    writeFileSync(join(pollDir, 'url'), gw.gateway.origin);
  };
  const startPoller = (once = false) =>
    spawn(process.execPath, ['--import', 'tsx', POLLER, pollDir, ...(once ? ['once'] : [])], { stdio: ['ignore', 'ignore', 'inherit'] });

  await startGateway();
  poller = startPoller();
  let kills = 0;
  for (let round = 1; round <= 24; round++) {
    const users = USERS.filter(() => rand(2) === 0).map((u) => [u, rand(3)] as [string, number]);
    await runtime!.reports.upsertReport(report(round, users));
    await runtime!.reports.runReport('churn', 7);
    await runtime!.reports.waitForRun('churn', 7, 20);
    await runtime!.findings.idle();
    await new Promise((r) => setTimeout(r, rand(150)));
    if (rand(3) === 0) {
      poller.kill('SIGKILL');
      kills++;
      await new Promise((r) => poller!.once('exit', r));
      poller = startPoller();
    }
    if (round === 12) {
      await gw!.close();
      await runtime!.stop();
      await startGateway();
    }
  }
  expect(kills).toBeGreaterThan(2);
  // Let the last poller catch up, then one that runs to the end and exits.
  poller.kill('SIGKILL');
  await new Promise((r) => poller!.once('exit', r));
  const last = startPoller(true);
  const code = await new Promise((r) => last.once('exit', r));
  expect(code).toBe(0);

  const seen = (JSON.parse(readFileSync(join(pollDir, 'state.json'), 'utf8')) as { seen: string[] }).seen;
  const all: string[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await readFeed(runtime!.findings.store.log, cursor, 1000);
    all.push(...page.items.map((i) => `${i.finding.id}#${i.finding.version}`));
    cursor = page.endCursor;
    if (!page.hasNextPage) break;
  }
  expect(all.length).toBeGreaterThan(30);
  expect(new Set(all).size).toBe(all.length);
  expect(seen).toEqual(all);
}, 300_000);
