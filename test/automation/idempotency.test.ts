// Automation on both engines: runQuery with a clientRequestToken is idempotent per user for 24 hours,
// also across a gateway restart and under concurrent retries; waitForQuery long-polls an execution.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientTokenStore } from '../../src/automation/client-tokens';
import { parseCoreConfig, type CoreConfig } from '../../src/config';
import { createEngine } from '../../src/cli/compose/engine';
import type { QueryEngine } from '../../src/engine/types';
import { ExecutionService } from '../../src/executions/service';
import { LocalBlobStore } from '../../src/reports/local-blobstore';
import { startHarness, type Harness } from '../support/athena-stub/harness';
import { countingEngine, startTestGateway, type CallCounts, type TestGateway } from '../support/gateway';

const RUN = `mutation($sql: String!, $token: String) { runQuery(sql: $sql, days: 7, clientRequestToken: $token) { id state } }`;
const WAIT = `query($id: ID!, $t: Int!) { waitForQuery(id: $id, timeoutSeconds: $t) { id state rowCount error { message } } }`;

interface Setup {
  config: CoreConfig;
  newEngine(): Promise<QueryEngine>;
  /** After a restart the engine still knows executions started before (Athena: journal + Athena). */
  survivesRestart: boolean;
  close(): Promise<void>;
}

async function embedded(): Promise<Setup> {
  const dir = mkdtempSync(join(tmpdir(), 'amctl-idem-'));
  const config = parseCoreConfig({ embedded: { limits: { threads: 4 } } }, { cwd: dir, dataDir: dir });
  const engines: QueryEngine[] = [];
  return {
    config,
    survivesRestart: false,
    async newEngine() {
      await Promise.all(engines.map((e) => e.close()));
      const e = await createEngine(config, { ingest: false });
      engines.push(e);
      return e;
    },
    async close() {
      await Promise.all(engines.map((e) => e.close()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function athena(): Promise<Setup> {
  const h: Harness = await startHarness({ events: 1000, days: 3 });
  mkdirSync(h.config.dataDir, { recursive: true });
  return { config: h.config, survivesRestart: true, newEngine: () => h.newEngine(), close: () => h.close() };
}

describe.each([
  ['embedded', embedded],
  ['athena', athena],
] as const)('idempotent runQuery on the %s engine', (kind, setup) => {
  let s: Setup;
  let gw: TestGateway;
  let calls: CallCounts;
  let alice: string;

  const startGateway = async () => {
    const counted = countingEngine(await s.newEngine());
    calls = counted.calls;
    gw = await startTestGateway({ engine: counted.engine, dataDir: s.config.dataDir, raw: s.config.raw });
    alice = await gw.token({ user: 'alice' });
  };

  beforeAll(async () => {
    s = await setup();
    await startGateway();
  }, 180_000);

  afterAll(async () => {
    await gw?.close();
    await s?.close();
  });

  const run = (sql: string, token?: string, tok = alice) => gw.gql(RUN, { sql, token }, tok);

  let firstId: string;

  it('the same token returns the same execution; the engine is asked once', async () => {
    const before = calls.start;
    const a = await run('SELECT 1 AS one', 'job-1');
    expect(a.errors).toBeUndefined();
    const b = await run('SELECT 1 AS one', 'job-1');
    expect(b.data.runQuery.id).toBe(a.data.runQuery.id);
    expect(calls.start - before).toBe(1);
    firstId = a.data.runQuery.id;
    // Without a token every call is a new execution.
    const c = await run('SELECT 1 AS one');
    const d = await run('SELECT 1 AS one');
    expect(new Set([a.data.runQuery.id, c.data.runQuery.id, d.data.runQuery.id]).size).toBe(3);
    // Let them finish: the per-user limit of running queries applies to the next tests.
    for (const id of [a.data.runQuery.id, c.data.runQuery.id, d.data.runQuery.id]) await gw.gql(WAIT, { id, t: 30 }, alice);
  });

  it('concurrent retries with one token start one execution', async () => {
    const before = calls.start;
    const all = await Promise.all(Array.from({ length: 6 }, () => run('SELECT 2 AS two', 'job-concurrent')));
    expect(all.map((r) => r.errors?.[0]?.message)).toEqual(all.map(() => undefined));
    expect(new Set(all.map((r) => r.data.runQuery.id)).size).toBe(1);
    expect(calls.start - before).toBe(1);
  });

  it('tokens are per user, and a token names one query', async () => {
    const bob = await run('SELECT 1 AS one', 'job-1', await gw.token({ user: 'bob' }));
    expect(bob.errors).toBeUndefined();
    expect(bob.data.runQuery.id).not.toBe(firstId);
    const other = await run('SELECT 3 AS three', 'job-1');
    expect(other.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(other.errors?.[0]?.message).toMatch(/different query/);
    const bad = await run('SELECT 1 AS one', 'has spaces');
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('waitForQuery returns the terminal state, and refuses someone else', async () => {
    const w = await gw.gql(WAIT, { id: firstId, t: 20 }, alice);
    expect(w.errors).toBeUndefined();
    expect(w.data.waitForQuery).toMatchObject({ id: firstId, state: 'SUCCEEDED' });
    const bob = await gw.gql(WAIT, { id: firstId, t: 1 }, await gw.token({ user: 'bob' }));
    expect(bob.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const tooLong = await gw.gql(WAIT, { id: firstId, t: 600 }, alice);
    expect(tooLong.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('the token still holds after a gateway restart', async () => {
    await gw.close();
    await startGateway();
    const again = await run('SELECT 1 AS one', 'job-1');
    expect(again.errors).toBeUndefined();
    if (s.survivesRestart) {
      expect(again.data.runQuery.id).toBe(firstId);
      expect(calls.start).toBe(0);
    } else {
      // The embedded engine kept the result in memory: it runs again, once, under the same token.
      expect(again.data.runQuery.id).not.toBe(firstId);
      expect(calls.start).toBe(1);
      const third = await run('SELECT 1 AS one', 'job-1');
      expect(third.data.runQuery.id).toBe(again.data.runQuery.id);
      expect(calls.start).toBe(1);
    }
    const w = await gw.gql(WAIT, { id: again.data.runQuery.id, t: 20 }, alice);
    expect(w.data.waitForQuery.state).toBe('SUCCEEDED');
  });

  if (kind === 'embedded') {
    it('waitForQuery answers at the timeout with the current state', async () => {
      // Far more rows than any test lives to count (sequence stops at 10,000 entries, as in Trino); cancelled below.
      const r = await run('SELECT count(*) AS n FROM UNNEST(sequence(1, 10000)) AS a(x), UNNEST(sequence(1, 10000)) AS b(y), UNNEST(sequence(1, 10000)) AS c(z)');
      const id = r.data.runQuery.id;
      const t0 = Date.now();
      const w = await gw.gql(WAIT, { id, t: 1 }, alice);
      expect(Date.now() - t0).toBeGreaterThanOrEqual(900);
      expect(['QUEUED', 'RUNNING']).toContain(w.data.waitForQuery.state);
      await gw.gql('mutation($id: ID!) { cancelQuery(id: $id) { state } }', { id }, alice);
      const done = await gw.gql(WAIT, { id, t: 20 }, alice);
      expect(done.data.waitForQuery.state).toBe('CANCELLED');
    });
  }
});

describe('client token expiry', () => {
  it('after 24 hours the same token starts a new execution', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'amctl-idem-ttl-'));
    const engine = await createEngine(parseCoreConfig({}, { cwd: dir, dataDir: dir }), { ingest: false });
    try {
      let now = Date.UTC(2026, 0, 1);
      const tokens = new ClientTokenStore(new LocalBlobStore(join(dir, 'tokens')), () => now);
      const executions = new ExecutionService({ engine, maxRunningPerUser: 3 });
      const caller = { user: 'alice' };
      const a = await tokens.start(executions, caller, 'SELECT 1', 7, 'nightly');
      now += 23 * 3600 * 1000;
      expect((await tokens.start(executions, caller, 'SELECT 1', 7, 'nightly')).id).toBe(a.id);
      now += 2 * 3600 * 1000;
      const b = await tokens.start(executions, caller, 'SELECT 1', 7, 'nightly');
      expect(b.id).not.toBe(a.id);
      expect((await tokens.start(executions, caller, 'SELECT 1', 7, 'nightly')).id).toBe(b.id);
      executions.close();
    } finally {
      await engine.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
