// Rule tests: each test's events are loaded alone into a throwaway engine, the rule runs once as the
// scheduler would right after the last of them, and what it found is compared with what the test
// says. Test event times keep their time of day: they are moved by whole days to end within the last
// day (the query windows count days back from today); every ISO timestamp in an event moves with it.
import { randomUUID } from 'node:crypto';
import type { QueryEngine } from '../../engine/types';
import { formatDuration } from './duration';
import type { RuleLibrary } from './library';
import { runRule } from './runner';
import type { Rule, RuleTest } from './types';

export interface TestBench {
  engine: QueryEngine;
  load(events: Record<string, unknown>[]): Promise<string[]>;
}

export interface TestOutcome {
  rule: string;
  file: string;
  test: string;
  ok: boolean;
  /** What came out, in words. */
  detail: string;
}

const DAY_MS = 86_400_000;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function shiftTimes(v: unknown, by: number): unknown {
  // Go's zero time (0001-01-01: never expires) stays as it is.
  if (typeof v === 'string' && ISO.test(v) && v >= '1971') return new Date(Date.parse(v) + by).toISOString();
  if (Array.isArray(v)) return v.map((x) => shiftTimes(x, by));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shiftTimes(x, by)]));
  return v;
}

/** The test's events as they will be ingested, and the time of the last one. */
export function prepareEvents(test: RuleTest, now: number): { events: Record<string, unknown>[]; last: number } {
  // Events without a time: one second apart, ending at the last timed one (or now).
  const timed = test.events.map((e) => (typeof e.time === 'string' ? Date.parse(e.time) : NaN)).filter((t) => !Number.isNaN(t));
  const end = timed.length ? Math.max(...timed) : now - 60_000;
  const untimed = test.events.filter((e) => typeof e.time !== 'string').length;
  let k = 0;
  const filled = test.events.map((e) => ({
    uid: randomUUID(),
    cluster_name: 'teleport.example.com',
    ...e,
    time: typeof e.time === 'string' ? e.time : new Date(end - (untimed - ++k) * 1000).toISOString(),
  }));
  const last = Math.max(...filled.map((e) => Date.parse(e.time as string)));
  if (Number.isNaN(last)) throw new Error(`test ${test.name}: an event's time is not an ISO-8601 timestamp`);
  const shift = Math.floor((now - 1000 - last) / DAY_MS) * DAY_MS;
  return { events: filled.map((e) => shiftTimes(e, shift) as Record<string, unknown>), last: last + shift };
}

function describeHits(hits: { entity: string; events: unknown[] }[]): string {
  return hits.map((h) => `${h.entity} (${h.events.length} event${h.events.length === 1 ? '' : 's'})`).join(', ');
}

export async function runRuleTest(bench: TestBench, rule: Rule, test: RuleTest, library: RuleLibrary, now = Date.now()): Promise<TestOutcome> {
  const base = { rule: rule.id, file: rule.file, test: test.name };
  try {
    const { events, last } = prepareEvents(test, now);
    const refused = await bench.load(events);
    if (refused.length) return { ...base, ok: false, detail: `ingest refused test events: ${refused.join('; ')}` };
    const until = last + 1;
    const since = until - rule.scheduleMs;
    const res = await runRule(bench.engine, rule, since, until, now, (id) => library.get(id));
    const entities = res.hits.map((h) => h.entity).sort();
    if (test.fires) {
      if (!res.hits.length) {
        return { ...base, ok: false, detail: `expected the rule to fire; it stayed quiet (its SQL returned ${res.events} event${res.events === 1 ? '' : 's'}${rule.threshold ? `, threshold ${rule.threshold.count} in ${formatDuration(rule.threshold.windowMs)}` : ''})` };
      }
      if (test.entities && JSON.stringify([...test.entities].sort()) !== JSON.stringify(entities)) {
        return { ...base, ok: false, detail: `expected entities ${test.entities.join(', ')}; it found ${describeHits(res.hits)}` };
      }
      return { ...base, ok: true, detail: `fired: ${describeHits(res.hits)}` };
    }
    if (res.hits.length) return { ...base, ok: false, detail: `expected no finding; it fired on ${describeHits(res.hits)}` };
    return { ...base, ok: true, detail: `quiet (its SQL returned ${res.events} event${res.events === 1 ? '' : 's'})` };
  } catch (e) {
    return { ...base, ok: false, detail: `error: ${(e as Error).message}` };
  }
}

/** Every test of every rule, one after another on one bench. */
export async function runLibraryTests(bench: TestBench, library: RuleLibrary, rules: Rule[] = library.rules): Promise<TestOutcome[]> {
  const out: TestOutcome[] = [];
  for (const r of rules) for (const t of r.tests) out.push(await runRuleTest(bench, r, t, library));
  return out;
}
