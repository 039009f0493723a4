// How the embedded engine shares itself: heavy queries (by their plan's estimate) wait for the heavy
// lane and leave the light slots alone; far too costly ones are refused before they start; queued is
// QUEUED with a place that is fair between users; cancel frees the slot; the engine-time budget
// refuses with its message. Mechanisms only: no timing is asserted.
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedEngine } from '../../../src/engine/duckdb/engine';
import { TERMINAL_STATES, type ExecutionStatus, type QueryState } from '../../../src/engine/types';
import { openEngine, tempDir, testConfig, writeCertLog } from '../../support/engine';

const N = 2500;
/** Minutes of work on N rows a side (a regular expression over every triple), yet under the bound. */
const HEAVY = "SELECT count(*) FROM cert_create a, cert_create b, cert_create c WHERE regexp_like(a.uid || b.uid || c.uid, '(a+)+b')";
/** N^4 rows, some 4e13: far above the bound below. */
const TOO_HEAVY = 'SELECT count(*) FROM cert_create a, cert_create b, cert_create c, cert_create d';
const LIGHT = 'SELECT identity_user, count(*) AS n FROM cert_create GROUP BY 1 ORDER BY 1';

async function waitFor(e: EmbeddedEngine, id: string, ok: (s: ExecutionStatus) => boolean, what: string): Promise<ExecutionStatus> {
  for (let i = 0; i < 3000; i++) {
    const s = await e.status(id);
    if (ok(s)) return s;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`execution ${id} never got ${what}`);
}
const waitState = (e: EmbeddedEngine, id: string, state: QueryState) => waitFor(e, id, (s) => s.state === state, state);
const waitTerminal = (e: EmbeddedEngine, id: string) => waitFor(e, id, (s) => TERMINAL_STATES.has(s.state), 'terminal');

describe('embedded engine under load', () => {
  let cleanup: () => void;
  let engine: EmbeddedEngine;
  const started: string[] = [];
  const start = async (sql: string, user: string, maxRunning?: number) => {
    const { id } = await engine.start({ sql, days: 7, user, maxRunning });
    started.push(id);
    return id;
  };

  beforeAll(async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const limits = { threads: 2, query_slots: 2, heavy_query_slots: 1, heavy_estimated_rows: 1_000_000, max_estimated_rows: 1e12, query_timeout_ms: 120_000 };
    engine = await openEngine(testConfig(join(t.dir, 'data'), { embedded: { audit_log: writeCertLog(t.dir, N), limits } }));
    await engine.ingest();
  });
  afterEach(async () => {
    const ids = started.splice(0);
    for (const id of ids) await engine.cancel(id);
    for (const id of ids) await waitTerminal(engine, id);
    for (let i = 0; i < 1000 && engine.load().heavy.running + engine.load().light.running > 0; i++) await new Promise((r) => setTimeout(r, 10));
  });
  afterAll(async () => {
    await engine?.close();
    cleanup?.();
  });

  it('runs a heavy query in the heavy lane; a second waits there while light queries keep their slots', async () => {
    const h1 = await start(HEAVY, 'anna');
    const s1 = await waitState(engine, h1, 'RUNNING');
    expect(s1.lane).toBe('heavy');
    expect(s1.estimatedRows).toBeGreaterThanOrEqual(N ** 3);
    const h2 = await start(HEAVY, 'anna');
    expect(await engine.status(h2)).toMatchObject({ state: 'QUEUED', lane: 'heavy', queuePosition: 1 });
    for (let i = 0; i < 3; i++) {
      const light = await start(LIGHT, 'ben');
      const done = await waitTerminal(engine, light);
      expect(done).toMatchObject({ state: 'SUCCEEDED', lane: 'light', rowCount: 2 });
    }
    // The light ones ran while both heavy ones stayed where they were.
    expect((await engine.status(h1)).state).toBe('RUNNING');
    expect((await engine.status(h2)).state).toBe('QUEUED');
    expect(engine.load().heavy).toEqual({ running: 1, queued: 1, slots: 1 });
    expect(engine.load().light).toMatchObject({ running: 0, queued: 0 });
  });

  it('refuses at once a query far above what it can do in the timeout, naming the estimate, the bound and what to change', async () => {
    const before = engine.load();
    const err = await engine.start({ sql: TOO_HEAVY, days: 30, user: 'anna' }).then(
      () => undefined,
      (e: unknown) => e as { code: string; message: string },
    );
    expect(err?.code).toBe('LIMIT_EXCEEDED');
    expect(err?.message).toMatch(/estimated at [\d.]+e\d+ rows, far above the 1e12 rows .*120 s timeout \(embedded\.limits\.max_estimated_rows\)/);
    expect(err?.message).toMatch(/cert_create x cert_create x cert_create x cert_create/);
    expect(err?.message).toMatch(/join the tables on a condition/);
    expect(err?.message).toMatch(/narrower window \(days: 7\)/);
    expect(engine.load()).toEqual(before);
  });

  it('keeps queued queries QUEUED with their place, the next going to the user with the least running', async () => {
    const h1 = await start(HEAVY, 'anna');
    await waitState(engine, h1, 'RUNNING');
    const a2 = await start(HEAVY, 'anna');
    const a3 = await start(HEAVY, 'anna');
    const b1 = await start(HEAVY, 'ben');
    // ben has nothing running: his query goes before anna's second and third, though it came last.
    const place = async (id: string) => (await engine.status(id)).queuePosition;
    expect([await place(b1), await place(a2), await place(a3)]).toEqual([1, 2, 3]);
    for (const id of [a2, a3, b1]) expect((await engine.status(id)).state).toBe('QUEUED');
    await engine.cancel(h1);
    await waitState(engine, b1, 'RUNNING');
    expect([await place(a2), await place(a3)]).toEqual([1, 2]);
  });

  it('holds a user past their running limit QUEUED while other users run', async () => {
    const a1 = await start(LIGHT.replace('ORDER BY 1', 'ORDER BY 1 LIMIT 5'), 'carl', 1);
    const h = await start(HEAVY, 'carl', 1);
    await waitTerminal(engine, a1);
    await waitState(engine, h, 'RUNNING');
    const light = await start(LIGHT, 'carl', 1);
    expect((await engine.status(light)).state).toBe('QUEUED');
    const other = await start(LIGHT, 'dora', 1);
    expect((await waitTerminal(engine, other)).state).toBe('SUCCEEDED');
    expect((await engine.status(light)).state).toBe('QUEUED');
    await engine.cancel(h);
    expect((await waitTerminal(engine, light)).state).toBe('SUCCEEDED');
  });

  it('frees the slot when a running query is cancelled: DuckDB is interrupted and the next query starts', async () => {
    const h1 = await start(HEAVY, 'anna');
    await waitState(engine, h1, 'RUNNING');
    const h2 = await start(HEAVY, 'ben');
    expect((await engine.status(h2)).state).toBe('QUEUED');
    await engine.cancel(h1);
    const cancelled = await waitTerminal(engine, h1);
    expect(cancelled.state).toBe('CANCELLED');
    // The slot h1 held went to h2: the heavy work stopped rather than running on in the background.
    await waitState(engine, h2, 'RUNNING');
    expect(engine.load().heavy).toEqual({ running: 1, queued: 0, slots: 1 });
    expect(cancelled.engineSeconds).toBeGreaterThan(0);
  });
});

describe('engine-time budget', () => {
  it('refuses a user who has spent it, with the usage, the budget and the setting; others still run', async () => {
    const t = tempDir();
    const engine = await openEngine(
      testConfig(join(t.dir, 'data'), { embedded: { audit_log: writeCertLog(t.dir, N), budget: { per_user: 0.001, window_hours: 24 } } }),
    );
    try {
      await engine.ingest();
      const { id } = await engine.start({ sql: LIGHT, days: 7, user: 'erin' });
      const done = await waitTerminal(engine, id);
      expect(done.state).toBe('SUCCEEDED');
      expect(done.engineSeconds).toBeGreaterThan(0.001);
      const usage = await engine.budgetUsage('erin');
      expect(usage).toEqual({ measure: 'engine_seconds', used: done.engineSeconds, limit: 0.001, windowHours: 24, setting: 'embedded.budget.per_user' });
      await expect(engine.start({ sql: LIGHT, days: 7, user: 'erin' })).rejects.toMatchObject({
        code: 'LIMIT_EXCEEDED',
        message: expect.stringMatching(/^user erin has used [\d.]+ engine-seconds of the embedded engine in the last 24 hours, over the 0\.001 engine-seconds budget \(embedded\.budget\.per_user\)/),
      });
      const other = await engine.start({ sql: LIGHT, days: 7, user: 'fred' });
      expect((await waitTerminal(engine, other.id)).state).toBe('SUCCEEDED');
    } finally {
      await engine.close();
      t.cleanup();
    }
  });
});
