// Queries through the gateway on the real embedded engine over a generated audit log: run, status,
// typed paged results, ownership, the per-user limit, cancel, and subscriptions (order of states,
// one poller for many subscribers).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runToCompletion } from '../../src/cli/local-client';
import {
  ENDLESS_SQL,
  collectSubscription,
  countingEngine,
  startDemoEngine,
  startTestGateway,
  type CallCounts,
  type DemoEngine,
  type TestGateway,
} from '../support/gateway';

let demo: DemoEngine;
let t: TestGateway;
let calls: CallCounts;

beforeAll(async () => {
  demo = await startDemoEngine();
  const counted = countingEngine(demo.engine);
  calls = counted.calls;
  t = await startTestGateway({ engine: counted.engine, auth: { max_running_queries_per_user: 2, max_queued_queries_per_user: 1 } });
});

afterAll(async () => {
  await t?.close();
  await demo?.cleanup();
});

const RUN = 'mutation ($sql: String!, $days: Int!) { runQuery(sql: $sql, days: $days) { id state sql days submittedAt } }';
const STATUS = `query ($id: ID!) { queryExecution(id: $id) {
  id state error { code message } submittedAt startedAt completedAt executionMs rowCount bytesScanned } }`;
const RESULTS = `query ($id: ID!, $first: Int!, $after: String) { queryResults(id: $id, first: $first, after: $after) {
  columns { name type } rows { data } pageInfo { hasNextPage endCursor } } }`;
const WATCH = 'subscription ($id: ID!) { queryStatus(id: $id) { id state startedAt completedAt rowCount error { code } } }';

async function run(sql: string, days = 30, token?: string): Promise<string> {
  const r = await t.gql(RUN, { sql, days }, token);
  expect(r.errors).toBeUndefined();
  return r.data.runQuery.id;
}

async function waitTerminal(id: string, token?: string) {
  for (let i = 0; i < 600; i++) {
    const r = await t.gql(STATUS, { id }, token);
    expect(r.errors).toBeUndefined();
    const s = r.data.queryExecution;
    if (['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(s.state)) return s;
    await new Promise((res) => setTimeout(res, 20));
  }
  throw new Error(`execution ${id} did not finish`);
}

/** Lets a RUNNING query reach its long statement: a cancel sent earlier may not interrupt it. */
const settle = () => new Promise((r) => setTimeout(r, 500));

async function waitState(id: string, state: string, token?: string) {
  for (let i = 0; i < 600; i++) {
    const r = await t.gql(STATUS, { id }, token);
    if (r.data?.queryExecution.state === state) return;
    await new Promise((res) => setTimeout(res, 20));
  }
  throw new Error(`execution ${id} never reached ${state}`);
}

describe('running a query', () => {
  it('returns typed cells: numbers, 64-bit as strings, booleans, lists, ISO timestamps, nulls', async () => {
    const id = await run(
      // 2^53 + 1 computed in bigint: a double would round it to ...992.
      `SELECT 7 AS i, CAST(9007199254 AS bigint) * 1000000 + 740993 AS big, CAST(2.5 AS double) AS d, 2.5 AS dec,
              true AS b, ARRAY['x', 'y'] AS arr, TIMESTAMP '2024-03-20 12:12:03.374' AS ts, DATE '2024-03-20' AS day,
              CAST(NULL AS varchar) AS nothing`,
    );
    const done = await waitTerminal(id);
    expect(done).toMatchObject({ state: 'SUCCEEDED', rowCount: 1, error: null });
    expect(Date.parse(done.submittedAt)).toBeLessThanOrEqual(Date.parse(done.startedAt));
    expect(Date.parse(done.startedAt)).toBeLessThanOrEqual(Date.parse(done.completedAt));
    const r = await t.gql(RESULTS, { id, first: 10 });
    expect(r.errors).toBeUndefined();
    const page = r.data.queryResults;
    expect(page.columns.map((c: { name: string }) => c.name)).toEqual(['i', 'big', 'd', 'dec', 'b', 'arr', 'ts', 'day', 'nothing']);
    expect(page.columns.find((c: { name: string }) => c.name === 'big').type).toBe('bigint');
    expect(page.rows).toEqual([
      { data: [7, '9007199254740993', 2.5, '2.5', true, ['x', 'y'], '2024-03-20T12:12:03.374Z', '2024-03-20', null] },
    ]);
    expect(page.pageInfo).toEqual({ hasNextPage: false, endCursor: null });
  });

  it('pages results with cursors; the pages put together are the whole result', async () => {
    const sql = 'SELECT event_date, user, COUNT(*) AS n FROM session_start GROUP BY event_date, user ORDER BY event_date, user';
    // Expected straight from the engine, not through the gateway.
    const direct = await runToCompletion(demo.engine, sql, 30);
    expect(direct.rows.length).toBeGreaterThan(25);
    const id = await run(sql);
    await waitTerminal(id);
    const rows: unknown[] = [];
    let after: string | undefined;
    let pages = 0;
    do {
      const r = await t.gql(RESULTS, { id, first: 10, after });
      expect(r.errors).toBeUndefined();
      const page = r.data.queryResults;
      expect(page.rows.length).toBeLessThanOrEqual(10);
      rows.push(...page.rows.map((x: { data: unknown[] }) => x.data));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : undefined;
      pages++;
    } while (after);
    expect(pages).toBe(Math.ceil(direct.rows.length / 10));
    // bigint counts arrive as strings; dates as YYYY-MM-DD: the same values the engine gave.
    expect(rows).toEqual(direct.rows);
  });

  it('refuses bad input with BAD_USER_INPUT before anything runs', async () => {
    const before = calls.start;
    const days = await t.gql(RUN, { sql: 'SELECT 1', days: 5 });
    expect(days.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(days.errors?.[0]?.message).toMatch(/days must be one of 7, 30, 90, 120/);
    const empty = await t.gql(RUN, { sql: '', days: 7 });
    expect(empty.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const huge = await t.gql(RUN, { sql: `SELECT '${'x'.repeat(100_001)}'`, days: 7 });
    expect(huge.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(calls.start).toBe(before);
    // The SQL guard runs in the engine: refused, nothing started.
    const drop = await t.gql(RUN, { sql: 'DROP TABLE session_start', days: 7 });
    expect(drop.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('reports a failing query as FAILED with QUERY_FAILED, and its results as QUERY_FAILED', async () => {
    const id = await run('SELECT no_such_column FROM session_start');
    const done = await waitTerminal(id);
    expect(done.state).toBe('FAILED');
    expect(done.error.code).toBe('QUERY_FAILED');
    expect(done.error.message).toMatch(/no_such_column/);
    const r = await t.gql(RESULTS, { id, first: 10 });
    expect(r.errors?.[0]?.extensions?.code).toBe('QUERY_FAILED');
  });

  it("reports Trino's failures in Trino's words with QUERY_FAILED: division by zero", async () => {
    const id = await run('SELECT 155 / 0');
    const done = await waitTerminal(id);
    expect(done.state).toBe('FAILED');
    expect(done.error).toEqual({ code: 'QUERY_FAILED', message: 'Division by zero' });
  });
});

describe('ownership and limits', () => {
  it('hides an execution from every other user (NOT_FOUND), whatever their roles', async () => {
    const id = await run('SELECT 1 AS one');
    await waitTerminal(id);
    const bob = await t.token({ user: 'bob', roles: ['auditor'] });
    for (const [query, vars] of [
      [STATUS, { id }],
      [RESULTS, { id, first: 1 }],
      ['mutation ($id: ID!) { cancelQuery(id: $id) { state } }', { id }],
    ] as const) {
      const r = await t.gql(query, vars, bob);
      expect(r.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    }
    const sub = await collectSubscription(t.ws(bob), WATCH, { id });
    expect(sub.data).toEqual([]);
    expect((sub.errors as { extensions?: { code?: string } }[])[0]?.extensions?.code).toBe('NOT_FOUND');
    const unknown = await t.gql(STATUS, { id: 'no-such-execution' });
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('runs at most N queries per user; the next waits QUEUED with its place, past the queue limit it is refused; cancel frees a slot', async () => {
    const carol = await t.token({ user: 'carol', roles: ['auditor'] });
    const a = await run(ENDLESS_SQL, 30, carol);
    const b = await run(ENDLESS_SQL, 30, carol);
    await waitState(a, 'RUNNING', carol);
    await waitState(b, 'RUNNING', carol);
    // A third is not refused (queued is not running): it waits for one of carol's own.
    const third = await run('SELECT 1 AS one', 7, carol);
    const waiting = await t.gql(`query ($id: ID!) { queryExecution(id: $id) { state queuePosition } }`, { id: third }, carol);
    expect(waiting.data.queryExecution).toEqual({ state: 'QUEUED', queuePosition: 1 });
    // Past the queue limit (1 here), the next is refused, saying what runs and what waits.
    const fourth = await t.gql(RUN, { sql: 'SELECT 1', days: 7 }, carol);
    expect(fourth.errors?.[0]?.extensions?.code).toBe('LIMIT_EXCEEDED');
    expect(fourth.errors?.[0]?.message).toMatch(/carol already has 2 queries running \(limit 2\) and 1 waiting \(limit 1, auth.max_queued_queries_per_user\)/);
    // Another user is not limited by carol's queries.
    const dave = await t.token({ user: 'dave', roles: ['auditor'] });
    const daves = await run('SELECT 1 AS one', 7, dave);
    expect((await waitTerminal(daves, dave)).state).toBe('SUCCEEDED');
    // Cancelling one of carol's frees a slot: her waiting query runs.
    await settle();
    const cancelled = await t.gql('mutation ($id: ID!) { cancelQuery(id: $id) { id state } }', { id: a }, carol);
    expect(cancelled.errors).toBeUndefined();
    expect((await waitTerminal(a, carol)).state).toBe('CANCELLED');
    expect((await waitTerminal(third, carol)).state).toBe('SUCCEEDED');
    await t.gql('mutation ($id: ID!) { cancelQuery(id: $id) { id } }', { id: b }, carol);
    expect((await waitTerminal(b, carol)).state).toBe('CANCELLED');
  });
});

describe('queryStatus subscription', () => {
  it('pushes QUEUED, RUNNING, SUCCEEDED in order, then completes', async () => {
    const token = await t.token();
    const id = await run('SELECT user, COUNT(*) AS n FROM session_start GROUP BY user');
    const sub = await collectSubscription(t.ws(token), WATCH, { id });
    expect(sub.errors).toBeUndefined();
    expect(sub.data.map((d) => d.queryStatus.state)).toEqual(['QUEUED', 'RUNNING', 'SUCCEEDED']);
    const [queued, running, succeeded] = sub.data.map((d) => d.queryStatus);
    expect(queued.startedAt).toBeNull();
    expect(running.startedAt).not.toBeNull();
    expect(running.completedAt).toBeNull();
    expect(succeeded.completedAt).not.toBeNull();
    expect(succeeded.rowCount).toBeGreaterThan(0);
  });

  it('pushes QUEUED, RUNNING, CANCELLED to a subscriber watching while the query is cancelled', async () => {
    const token = await t.token();
    const id = await run(ENDLESS_SQL);
    await waitState(id, 'RUNNING');
    const pending = collectSubscription(t.ws(token), WATCH, { id });
    await settle();
    await t.gql('mutation ($id: ID!) { cancelQuery(id: $id) { id } }', { id });
    const sub = await pending;
    expect(sub.data.map((d) => d.queryStatus.state)).toEqual(['QUEUED', 'RUNNING', 'CANCELLED']);
  });

  it('serves 50 concurrent subscribers of one execution from one poller', async () => {
    const hub = t.gateway.services.executions.hub;
    const startedBefore = hub.pollersStarted;
    const token = await t.token();
    const id = await run(ENDLESS_SQL);
    await waitState(id, 'RUNNING');
    const client = t.ws(token);
    const subs = Array.from({ length: 50 }, () => collectSubscription(client, WATCH, { id }));
    // Wait until all 50 are attached, then look at the poller count while they watch.
    for (let i = 0; i < 200 && (hub.activePollers === 0 || calls.status === 0); i++) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 300));
    expect(hub.activePollers).toBe(1);
    const metrics = await (await fetch(`${t.gateway.origin}/metrics`)).text();
    expect(metrics).toMatch(/^amctl_status_pollers 1$/m);
    const statusCallsBefore = calls.status;
    await new Promise((r) => setTimeout(r, 300));
    // One poller at most every 10-100 ms: far fewer calls than one per subscriber per tick.
    expect(calls.status - statusCallsBefore).toBeLessThan(50);
    await t.gql('mutation ($id: ID!) { cancelQuery(id: $id) { id } }', { id });
    const results = await Promise.all(subs);
    for (const r of results) expect(r.data.map((d) => d.queryStatus.state)).toEqual(['QUEUED', 'RUNNING', 'CANCELLED']);
    expect(hub.pollersStarted - startedBefore).toBe(1);
    expect(hub.activePollers).toBe(0);
  });
});
