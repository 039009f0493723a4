// The demo's planted intrusion is found by the built-in rules it is there to show: each step by its
// rule, about the entity a person would look for (bob, the intruder's address, the orders database).
// The intrusion's events are picked out of the generated log by their own properties (the intruder's
// address, or bob during that afternoon), not by the generator's code.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateAuditLog } from '../../src/demo/generate';
import { openScratchEngine, type ScratchEngine } from '../../src/engine/duckdb/scratch';
import { loadLibrary } from '../../src/reports/rules/library';
import { runRule } from '../../src/reports/rules/runner';
import { tempDir } from '../support/engine';

const DAY = 86_400_000;
const IP = '203.0.113.66';
let bench: ScratchEngine;
let tmp: ReturnType<typeof tempDir>;
let intrusion: Set<string>;
let dayBefore: number;
const library = loadLibrary({ builtin: true });

beforeAll(async () => {
  tmp = tempDir('amctl-intrusion-');
  const today = new Date().toISOString().slice(0, 10);
  await generateAuditLog({ outDir: tmp.dir, days: 8, events: 4000, seed: 11, end: today });
  const events = readdirSync(tmp.dir).flatMap((f) => readFileSync(join(tmp.dir, f), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>));
  dayBefore = Date.parse(today) - DAY;
  const afternoon = (e: Record<string, unknown>) => {
    const t = Date.parse(e.time as string);
    return t >= dayBefore + 14 * 3_600_000 && t < dayBefore + 18 * 3_600_000;
  };
  intrusion = new Set(events.filter((e) => String(e['addr.remote'] ?? '').startsWith(IP) || (e.user === 'bob' && afternoon(e))).map((e) => e.uid as string));
  bench = await openScratchEngine();
  expect(await bench.load(events)).toEqual([]);
}, 120_000);

afterAll(async () => {
  await bench?.close();
  tmp?.cleanup();
});

describe('the demo intrusion', () => {
  const cases: [string, string][] = [
    ['teleport.password_spray_ip', IP],
    ['teleport.brute_force_user', 'bob'],
    ['teleport.new_ip_for_user', 'bob'],
    ['teleport.download_and_run', 'bob'],
    ['teleport.reverse_shell', 'bob'],
    ['teleport.base64_decoded_script', 'bob'],
    ['teleport.history_tampering', 'bob'],
    ['teleport.network_scanning', 'bob'],
    ['teleport.kube_exec_system_namespace', 'bob'],
    ['teleport.db_destructive_sql', 'orders-pg'],
  ];
  it.each(cases)('%s finds it, about %s', async (id, entity) => {
    const rule = library.rules.find((r) => r.id === id)!;
    expect(rule, id).toBeDefined();
    const now = Date.now();
    const { hits } = await runRule(bench.engine, rule, dayBefore, now + 1000, now, (x) => library.rules.find((r) => r.id === x));
    const mine = hits.filter((h) => h.events.some((e) => intrusion.has(e.uid)));
    expect(mine.map((h) => h.entity)).toContain(entity);
  }, 60_000);
});
