// Rules run by the background service: incremental runs over the events since the last one, one
// finding per entity that a rule keeps matching (stable id, UPDATED, never a second NEW), resolved
// once the suppression window passes without a match; and the scheduler's tick on demo data files
// findings that name their rule, severity, entity and events. Real DuckDB, real report store.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateAuditLog } from '../../../src/demo/generate';
import { createEngine } from '../../../src/cli/compose/engine';
import { openScratchEngine, type ScratchEngine } from '../../../src/engine/duckdb/scratch';
import type { QueryEngine } from '../../../src/engine/types';
import { ManualClock } from '../../../src/reports/clock';
import { readFeed } from '../../../src/reports/findings/feed';
import { createReportsRuntime, type ReportsRuntime } from '../../../src/reports/runtime';
import { parseRulesConfig } from '../../../src/reports/rules/config';
import { tempDir, testConfig } from '../../support/engine';

const MIN = 60_000;

describe('rule runs', () => {
  let bench: ScratchEngine;
  let tmp: ReturnType<typeof tempDir>;
  let runtime: ReportsRuntime;
  let clock: ManualClock;
  const events: Record<string, unknown>[] = [];
  const fail = (user: string, at: number) => events.push({ event: 'user.login', code: 'T1000W', uid: randomUUID(), user, success: false, method: 'local', time: new Date(at).toISOString(), 'addr.remote': '203.0.113.5:4000' });

  beforeAll(async () => {
    bench = await openScratchEngine();
    tmp = tempDir('amctl-rule-svc-');
    clock = new ManualClock(Date.now());
    runtime = createReportsRuntime(testConfig(tmp.dir), { engine: bench.engine, clock });
  });
  afterAll(async () => {
    await runtime.stop();
    await bench.close();
    tmp.cleanup();
  });

  it('update one finding while the rule keeps matching, and resolve it after the suppression window', async () => {
    const t0 = clock.now();
    for (let i = 0; i < 5; i++) fail('alice', t0 - 10 * MIN + i * MIN);
    fail('bob', t0 - 5 * MIN); // one failure: under the threshold
    await bench.load(events);
    const first = await runtime.rules.run('teleport.brute_force_user');
    expect(first).toMatchObject({ status: 'FIRED', entities: ['alice'], changes: 1 });
    let feed = (await readFeed(runtime.findings.store.log, undefined, 100)).items.map((i) => i.finding);
    expect(feed).toHaveLength(1);
    const id = feed[0]!.id;
    expect(feed[0]).toMatchObject({
      change: 'NEW',
      severity: 'high',
      title: 'Brute force against one user',
      source: { kind: 'detection', rule: 'teleport.brute_force_user', detection: 'teleport.brute_force_user' },
      key: ['entity'],
      fields: { rule: 'teleport.brute_force_user', severity: 'high', entity_kind: 'user', entity: 'alice', event_count: '5' },
    });
    expect(feed[0]!.fields.events).toEqual(events.slice(0, 5).map((e) => e.uid));
    expect(feed[0]!.suggestion).toMatch(/lock the user/);

    // Five minutes on: two more failures. The next run reads from the last one (with overlap) and counts only new events.
    clock.advance(5 * MIN);
    fail('alice', clock.now() - 30_000);
    fail('alice', clock.now() - 20_000);
    await bench.load(events);
    const second = await runtime.rules.run('teleport.brute_force_user');
    expect(second).toMatchObject({ status: 'FIRED', entities: ['alice'], changes: 1 });
    expect(Date.parse(second.since)).toBeGreaterThan(t0 - 10 * MIN); // incremental, not the initial 7-day look-back
    feed = (await readFeed(runtime.findings.store.log, undefined, 100)).items.map((i) => i.finding);
    expect(feed.map((f) => [f.id, f.change, f.fields.event_count])).toEqual([
      [id, 'NEW', '5'],
      [id, 'UPDATED', '7'],
    ]);

    // Quiet runs inside the suppression window keep the finding open and change nothing.
    clock.advance(30 * MIN);
    expect(await runtime.rules.run('teleport.brute_force_user')).toMatchObject({ status: 'QUIET', changes: 0 });
    // Past the 6-hour suppression window without a match: resolved, same id.
    clock.advance(6 * 60 * MIN);
    expect(await runtime.rules.run('teleport.brute_force_user')).toMatchObject({ status: 'QUIET', changes: 1 });
    feed = (await readFeed(runtime.findings.store.log, undefined, 100)).items.map((i) => i.finding);
    expect(feed.map((f) => [f.id, f.change])).toEqual([
      [id, 'NEW'],
      [id, 'UPDATED'],
      [id, 'RESOLVED'],
    ]);
  });

  it('a backfill reads the history it is given; a failing rule reports its error and keeps its place', async () => {
    const out = await runtime.rules.run('teleport.root_login', { sinceMs: 90 * 24 * 60 * MIN });
    expect(Date.parse(out.since)).toBe(clock.now() - 90 * 24 * 60 * MIN);
    await expect(runtime.rules.run('teleport.nope')).rejects.toThrow(/no detection rule "teleport\.nope"/);
  });

  it('the detections config section rejects unknown keys', () => {
    expect(() => parseRulesConfig({ raw: { detections: { dirr: './x' } } })).toThrow(/detections\.dirr is not a known key/);
    expect(() => parseRulesConfig({ raw: { detections: { initial_lookback: '9y' } } })).toThrow(/detections\.initial_lookback/);
    expect(parseRulesConfig({ raw: {} })).toMatchObject({ builtin: true, enabled: true, initialLookbackMs: 7 * 24 * 60 * MIN });
  });
});

describe('the background service on demo data', () => {
  let tmp: ReturnType<typeof tempDir>;
  let engine: QueryEngine;
  let runtime: ReportsRuntime;

  beforeAll(async () => {
    tmp = tempDir('amctl-rule-demo-');
    await generateAuditLog({ outDir: join(tmp.dir, 'log'), days: 7, events: 20_000, seed: 1 });
    const config = testConfig(tmp.dir, { embedded: { audit_log: join(tmp.dir, 'log') } });
    engine = await createEngine(config);
    runtime = createReportsRuntime(config, { engine });
  }, 120_000);
  afterAll(async () => {
    await runtime?.stop({ wait: false });
    await engine?.close();
    tmp.cleanup();
  });

  it('runs every enabled rule on its first tick and files findings naming rule, severity, entity and events', { timeout: 240_000 }, async () => {
    const tick = await runtime.scheduler.tick();
    expect(tick.leader).toBe(true);
    await runtime.findings.idle();
    const findings = (await readFeed(runtime.findings.store.log, undefined, 1000)).items.map((i) => i.finding).filter((f) => f.source.rule);
    const rules = new Set(findings.map((f) => f.source.rule));
    // The demo plants root sessions, superuser database sessions, system:masters requests and long-lived certificates.
    for (const r of ['teleport.root_login', 'teleport.db_privileged_user', 'teleport.kube_system_masters', 'teleport.long_lived_certificate']) expect(rules).toContain(r);
    expect(rules.size).toBeGreaterThanOrEqual(8);
    for (const f of findings) {
      expect(f.fields.rule).toBe(f.source.rule);
      expect(f.fields.severity).toBe(f.severity);
      expect(typeof f.fields.entity).toBe('string');
      expect((f.fields.events as string[]).length).toBeGreaterThan(0);
    }
    const root = findings.find((f) => f.source.rule === 'teleport.root_login' && f.fields.entity === 'bob');
    expect(root).toMatchObject({ severity: 'medium', status: 'ACTIVE' });
    // Every rule ran once; a second tick right away runs none (none is due).
    const states = await Promise.all(runtime.rules.library.enabled().map((r) => runtime.rules.state(r.id)));
    expect(states.every((s) => s.last_status === 'QUIET' || s.last_status === 'FIRED')).toBe(true);
    expect(await runtime.rules.runDue()).toEqual([]);
  });
});
