// The embedded engine shared by users (`npm run bench -- --only load`): light-query latency alone and
// beside one and two heavy queries of another user, on the demo data `npm start` serves, through the
// execution service (per-user limits, queue) as the gateway runs it. Heavy = a three-way cross join
// (some 3e10 rows, tens of seconds) kept running for the whole measurement; light = the Privileged
// Access report's 9 queries in turn. Also: the four-way cross join (refused at once), and how
// soon a cancelled heavy query's slot goes to the next one.
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCatalog } from '../src/catalog';
import { parseCoreConfig } from '../src/config';
import { EmbeddedEngine } from '../src/engine/duckdb/engine';
import { TERMINAL_STATES, type ExecutionStatus } from '../src/engine/types';
import { ExecutionService } from '../src/executions/service';
import { generateAuditLog } from '../src/demo';
import { DEMO_LOG } from '../src/cli/commands/serve';
import { documentedQueriesText } from '../test/support/documented-queries';

const HEAVY = 'SELECT count(*) FROM session_start a, session_start b, exec c';
const REFUSED = 'SELECT count(*) FROM session_start a, session_start b, session_start c, exec d';
const RUNS = 27; // three rounds of the 9 report queries per scenario

function reportQueries(): string[] {
  return documentedQueriesText()
    .split(/\n(?=-- report \d+:)/)
    .slice(1)
    .map((block) => block.split('\n').filter((l) => !l.startsWith('--')).join('\n').trim().replace(/;\s*$/, ''));
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};

async function waitFor(service: ExecutionService, user: string, id: string, done: (s: ExecutionStatus) => boolean): Promise<ExecutionStatus> {
  for (;;) {
    const s = await service.status({ user }, id);
    if (done(s)) return s;
    await new Promise((r) => setTimeout(r, 5));
  }
}

export async function runLoadBench(work: string): Promise<string> {
  const logDir = join(work, 'load-demo-log');
  if (!existsSync(join(logDir, '.complete'))) {
    rmSync(logDir, { recursive: true, force: true });
    await generateAuditLog({ outDir: logDir, ...DEMO_LOG });
    writeFileSync(join(logDir, '.complete'), '');
  }
  const dataDir = join(work, 'load-data');
  rmSync(dataDir, { recursive: true, force: true });
  // The defaults `npm start` runs with: 2 threads, 2 light slots, 1 heavy slot, 300 s timeout.
  const config = parseCoreConfig({ data_dir: dataDir, embedded: { audit_log: logDir } });
  const engine = await EmbeddedEngine.open(config, loadCatalog());
  await engine.ingest();
  const service = new ExecutionService({ engine, maxRunningPerUser: 3 });
  const light = reportQueries();
  const heavyIds: string[] = [];
  let keepHeavy = 0;
  let stopped = false;
  // Keeps `keepHeavy` heavy queries of user A in flight (one ends: another starts).
  const heavyLoop = (async () => {
    while (!stopped) {
      const live: string[] = [];
      for (const id of heavyIds) if (!TERMINAL_STATES.has((await service.status({ user: 'heavy-alice' }, id)).state)) live.push(id);
      heavyIds.splice(0, heavyIds.length, ...live);
      while (heavyIds.length < keepHeavy) heavyIds.push((await service.start({ user: 'heavy-alice' }, HEAVY, 30)).id);
      while (heavyIds.length > keepHeavy) await service.cancel({ user: 'heavy-alice' }, heavyIds.pop()!);
      await new Promise((r) => setTimeout(r, 50));
    }
  })();

  const scenario = async (heavy: number) => {
    keepHeavy = heavy;
    // Let the heavy ones start and settle into their lane.
    while (heavyIds.length < heavy) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, heavy ? 2000 : 0));
    const ms: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      const { id } = await service.start({ user: 'light-bob' }, light[i % light.length]!, 30);
      const s = await waitFor(service, 'light-bob', id, (x) => TERMINAL_STATES.has(x.state));
      if (s.state !== 'SUCCEEDED') throw new Error(`light query ${s.state}: ${s.error?.message}`);
      ms.push(performance.now() - t0);
    }
    const lanes = engine.load();
    return { heavy, ms, heavyRunning: lanes.heavy.running, heavyQueued: lanes.heavy.queued };
  };

  const results = [];
  for (const h of [0, 1, 2]) results.push(await scenario(h));

  // The four-way cross join: refused before it runs.
  const t0 = performance.now();
  const refusal = await service.start({ user: 'heavy-alice' }, REFUSED, 30).then(
    () => 'started (not refused)',
    (e: Error) => e.message,
  );
  const refusedMs = performance.now() - t0;

  // Cancel the running heavy query: how soon does the waiting one get the slot?
  const running: string[] = [];
  for (const id of heavyIds) if ((await service.status({ user: 'heavy-alice' }, id)).state === 'RUNNING') running.push(id);
  const waiting = heavyIds.find((id) => !running.includes(id));
  stopped = true;
  await heavyLoop;
  let handOverMs: number | undefined;
  if (running[0] && waiting) {
    const c0 = performance.now();
    await service.cancel({ user: 'heavy-alice' }, running[0]);
    await waitFor(service, 'heavy-alice', waiting, (s) => s.state === 'RUNNING');
    handOverMs = performance.now() - c0;
  }
  for (const id of heavyIds) await service.cancel({ user: 'heavy-alice' }, id);
  service.close();
  await engine.close();
  rmSync(dataDir, { recursive: true, force: true });

  const rows = results.map((r) => {
    const label = r.heavy === 0 ? 'alone' : `beside ${r.heavy} heavy (${r.heavyRunning} running, ${r.heavyQueued} waiting for the heavy lane)`;
    return `| ${label} | ${RUNS} | ${Math.round(pct(r.ms, 50))} | ${Math.round(pct(r.ms, 99))} | ${Math.round(Math.max(...r.ms))} |`;
  });
  return [
    `Demo data of \`npm start\` (${DEMO_LOG.events.toLocaleString('en')} events, ${DEMO_LOG.days} days), default limits (2 threads, 2 light slots, 1 heavy slot).`,
    `Light: the 9 Privileged Access report queries in turn, one at a time, by user light-bob, submitted through the execution`,
    `service and polled every 5 ms (time = submit to SUCCEEDED). Heavy: \`${HEAVY}\` (days 30) by user heavy-alice,`,
    'kept in flight for the whole scenario. Target beside 2 heavy: p50 <= 2000 ms, worst <= 5000 ms.',
    '',
    '| light queries | runs | p50 ms | p99 ms | worst ms |',
    '|---|---|---|---|---|',
    ...rows,
    '',
    `The issue's \`${REFUSED}\`: refused in ${Math.round(refusedMs)} ms with: "${refusal}"`,
    '',
    handOverMs === undefined
      ? 'Cancel hand-over: not measured (no heavy query was waiting).'
      : `Cancel: ${Math.round(handOverMs)} ms from cancelQuery of the running heavy query to the waiting one being RUNNING in its slot.`,
  ].join('\n');
}
