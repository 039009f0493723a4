// Three `amctl serve` processes behind a round-robin proxy with no session affinity, on the Athena
// stand-in and moto (S3, STS): every request of a flow lands on the next replica, and each replica
// answers for executions another one started; limits and budgets hold across replicas; a replica
// killed with -9 mid-query loses nothing; report state changes reach subscribers on every replica.
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/athena-stub/harness';
import { runToEnd } from '../support/athena-stub/run';
import { ReplicaSet, STATE_BUCKET, STATE_PREFIX } from '../support/cluster/replicas';

const RUN = 'mutation ($sql: String!, $days: Int!) { runQuery(sql: $sql, days: $days) { id state } }';
const STATUS = 'query ($id: ID!) { queryExecution(id: $id) { id state sql days bytesScanned error { message } } }';
const PAGE = 'query ($id: ID!, $first: Int!, $after: String) { queryResults(id: $id, first: $first, after: $after) { columns { name type } rows { data } pageInfo { hasNextPage endCursor } } }';
const CANCEL = 'mutation ($id: ID!) { cancelQuery(id: $id) { id state } }';
const EXPORT = 'query ($id: ID!) { queryResultsExportUrl(id: $id) }';
const SQL = 'SELECT user, count(*) AS n FROM exec GROUP BY user ORDER BY user';
const GB = 1_000_000_000;

const ROLES = `kind: role
version: v7
metadata: { name: spender }
spec:
  allow:
    rules:
      - resources: [audit_query]
        verbs: [list, read, use]
`;

let h: Harness;
let rs: ReplicaSet;

beforeAll(async () => {
  h = await startHarness({ events: 2000, days: 5, seed: 5 });
  rs = new ReplicaSet({ harness: h, roles: ROLES, athena: { budget: { per_user: '1.5GB', per_role: '2.5GB', window_days: 30 } } });
  await rs.start();
}, 240_000);
afterAll(async () => {
  await rs?.stop();
  await h?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitState(id: string, token: string, want: (s: string) => boolean, timeoutMs = 30_000, pollMs = 50): Promise<{ state: string; upstreams: number[] }> {
  const deadline = Date.now() + timeoutMs;
  const upstreams: number[] = [];
  for (;;) {
    const r = await rs.gql(STATUS, { id }, token);
    upstreams.push(r.upstream);
    if (r.errors) throw new Error(`queryExecution failed on replica ${r.upstream}: ${JSON.stringify(r.errors)}`);
    const state = r.data!.queryExecution.state as string;
    if (want(state)) return { state, upstreams };
    if (Date.now() > deadline) throw new Error(`execution ${id} still ${state} after ${timeoutMs} ms`);
    await sleep(pollMs);
  }
}
const terminal = (s: string) => s === 'SUCCEEDED' || s === 'FAILED' || s === 'CANCELLED';

async function readDoc(key: string): Promise<any | undefined> {
  try {
    const got = await h.s3.send(new GetObjectCommand({ Bucket: STATE_BUCKET, Key: key }));
    return JSON.parse(await got.Body!.transformToString());
  } catch (e) {
    if ((e as { name?: string }).name === 'NoSuchKey') return undefined;
    throw e;
  }
}

/** What the shared state says a user or role was charged (read straight from S3, not through the gateway). */
async function charges(kind: 'users' | 'roles', name: string): Promise<Array<{ id: string; bytes: number }>> {
  // A user's charges sit with their slots in one document; a role's are spread over several.
  if (kind === 'users') return (await readDoc(`${STATE_PREFIX}/users/${encodeURIComponent(name)}.json`))?.charges ?? [];
  const listed = await h.s3.send(new ListObjectsV2Command({ Bucket: STATE_BUCKET, Prefix: `${STATE_PREFIX}/usage/roles/${encodeURIComponent(name)}/` }));
  const out: Array<{ id: string; bytes: number }> = [];
  for (const o of listed.Contents ?? []) out.push(...(await readDoc(o.Key!)).charges);
  return out;
}
async function slots(user: string): Promise<number> {
  return (await readDoc(`${STATE_PREFIX}/users/${encodeURIComponent(user)}.json`))?.slots.length ?? 0;
}
async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (ok(v) || Date.now() > deadline) return v;
    await sleep(100);
  }
}

describe('three replicas behind a round-robin load balancer', () => {
  it('run on one replica, watch on another, page on a third, export and cancel elsewhere', async () => {
    const alice = await rs.token({ user: 'alice', roles: ['auditor'] });
    const expected = await runToEnd(h.engine, SQL, 7);
    expect(expected.rows.length).toBeGreaterThan(2);

    h.stub.script({ runningMs: 600 });
    const run = await rs.gql(RUN, { sql: SQL, days: 7 }, alice);
    expect(run.errors).toBeUndefined();
    const id = run.data!.runQuery.id as string;
    expect(id).toMatch(/^[A-Za-z0-9_-]+$/);

    // The subscription lands on the next replica, which never saw this id.
    const client = rs.ws(alice);
    const states: string[] = [];
    const watched = new Promise<void>((resolve, reject) => {
      client.subscribe<{ queryStatus: { state: string } }>(
        { query: 'subscription ($id: ID!) { queryStatus(id: $id) { state } }', variables: { id } },
        { next: (v) => (v.errors ? reject(new Error(JSON.stringify(v.errors))) : states.push(v.data!.queryStatus.state)), error: reject, complete: resolve },
      );
    });
    await watched;
    expect(states).toEqual(['QUEUED', 'RUNNING', 'SUCCEEDED']);

    const status = await rs.gql(STATUS, { id }, alice);
    expect(status.data!.queryExecution).toMatchObject({ id, state: 'SUCCEEDED', sql: SQL, days: 7 });

    // Pages of two rows, each from the next replica, add up to the result.
    const rows: unknown[] = [];
    const pageUpstreams = new Set<number>();
    let after: string | undefined;
    do {
      const p = await rs.gql(PAGE, { id, first: 2, after }, alice);
      expect(p.errors).toBeUndefined();
      pageUpstreams.add(p.upstream);
      rows.push(...p.data!.queryResults.rows.map((r: { data: unknown[] }) => r.data));
      after = p.data!.queryResults.pageInfo.endCursor ?? undefined;
      if (!p.data!.queryResults.pageInfo.hasNextPage) break;
    } while (after);
    expect(pageUpstreams.size).toBe(3);
    expect(rows).toEqual(expected.rows);

    const url = await rs.gql(EXPORT, { id }, alice);
    expect(url.errors).toBeUndefined();
    const csv = await (await fetch(url.data!.queryResultsExportUrl)).text();
    expect(csv.trim().split('\n')).toHaveLength(expected.rows.length + 1);

    // Cancel on another replica than the one that started it.
    h.stub.script({ hang: true });
    const hanging = await rs.gql(RUN, { sql: SQL, days: 7 }, alice);
    const hid = hanging.data!.runQuery.id as string;
    await waitState(hid, alice, (s) => s === 'RUNNING');
    const cancel = await rs.gql(CANCEL, { id: hid }, alice);
    expect(cancel.upstream).not.toBe(hanging.upstream);
    expect(cancel.data!.cancelQuery.state).toBe('CANCELLED');
    const athenaSide = [...h.stub.executions.values()].find((e) => e.state === 'CANCELLED' && e.query.endsWith(SQL));
    expect(athenaSide).toBeDefined();
    expect((await waitState(hid, alice, terminal)).state).toBe('CANCELLED');
  });

  it('keeps executions private: another user and a tampered id are NOT_FOUND on every replica', async () => {
    const alice = await rs.token({ user: 'alice', roles: ['auditor'] });
    const mallory = await rs.token({ user: 'mallory', roles: ['auditor'] });
    const run = await rs.gql(RUN, { sql: 'SELECT count(*) AS n FROM exec', days: 7 }, alice);
    const id = run.data!.runQuery.id as string;
    await waitState(id, alice, terminal);
    // Flip one character in the middle (the signature no longer matches) and swap the owner bytes.
    const mid = Math.floor(id.length / 2);
    const tampered = id.slice(0, mid) + (id[mid] === 'A' ? 'B' : 'A') + id.slice(mid + 1);
    for (let i = 0; i < 3; i++) {
      for (const [tok, which] of [[mallory, id], [alice, tampered]] as const) {
        for (const q of [STATUS, PAGE, CANCEL]) {
          const r = await rs.gql(q, { id: which, first: 1 }, tok);
          expect(r.errors?.[0]?.extensions?.code, `${q.slice(0, 30)} on replica ${r.upstream}`).toBe('NOT_FOUND');
        }
      }
    }
  });

  it('admits exactly 3 of 4 concurrent starts for one user across replicas, and frees a slot on cancel elsewhere', async () => {
    const bob = await rs.token({ user: 'bob', roles: ['auditor'] });
    h.stub.script({ hang: true }, { hang: true }, { hang: true }, { hang: true });
    const starts = await Promise.all([0, 1, 2, 3].map(() => rs.gql(RUN, { sql: SQL, days: 7 }, bob)));
    h.stub.clearScripts();
    expect(new Set(starts.map((s) => s.upstream)).size).toBe(3);
    const admitted = starts.filter((s) => !s.errors);
    const refused = starts.filter((s) => s.errors);
    expect(admitted).toHaveLength(3);
    expect(refused).toHaveLength(1);
    expect(refused[0]!.errors![0]!.extensions?.code).toBe('LIMIT_EXCEEDED');
    expect(refused[0]!.errors![0]!.message).toMatch(/already has 3 queries running/);
    expect(await slots('bob')).toBe(3);

    // A fifth start anywhere is refused too, until one is cancelled (on whichever replica).
    expect((await rs.gql(RUN, { sql: SQL, days: 7 }, bob)).errors?.[0]?.extensions?.code).toBe('LIMIT_EXCEEDED');
    const first = admitted[0]!.data!.runQuery.id;
    expect((await rs.gql(CANCEL, { id: first }, bob)).data!.cancelQuery.state).toBe('CANCELLED');
    await eventually(() => slots('bob'), (n) => n === 2);
    const again = await rs.gql(RUN, { sql: 'SELECT 1 AS one', days: 7 }, bob);
    expect(again.errors).toBeUndefined();
    for (const s of [...admitted.slice(1), again]) await rs.gql(CANCEL, { id: s.data!.runQuery.id }, bob);
    expect(await eventually(() => slots('bob'), (n) => n === 0)).toBe(0);
  });

  it('adds up scanned bytes across replicas for the per-user and per-role budgets', async () => {
    const u1 = await rs.token({ user: 'spender-1', roles: ['spender'] });
    const u2 = await rs.token({ user: 'spender-2', roles: ['spender'] });
    // Each start on a different replica: none of them alone has seen enough to refuse.
    const runCharged = async (token: string, user: string, chargesBefore: number, replica: number) => {
      h.stub.script({ bytesScanned: GB });
      const r = await rs.gql(RUN, { sql: 'SELECT count(*) AS n FROM exec', days: 7 }, token, rs.replicas[replica]);
      expect(r.errors).toBeUndefined();
      expect((await waitState(r.data!.runQuery.id, token, terminal)).state).toBe('SUCCEEDED');
      // Charged once, by whichever replica saw it end.
      expect((await eventually(() => charges('users', user), (c) => c.length === chargesBefore + 1)).length).toBe(chargesBefore + 1);
    };
    await runCharged(u1, 'spender-1', 0, 0);
    await runCharged(u1, 'spender-1', 1, 1); // 1 GB used < 1.5 GB: still admitted
    const third = await rs.gql(RUN, { sql: 'SELECT 1 AS one', days: 7 }, u1, rs.replicas[2]);
    expect(third.errors?.[0]?.extensions?.code).toBe('LIMIT_EXCEEDED');
    expect(third.errors?.[0]?.message).toMatch(/user spender-1 has scanned 2\.00 GB .* 1\.50 GB Athena budget \(athena\.budget\.per_user\)/);
    expect((await charges('users', 'spender-1')).reduce((s, c) => s + c.bytes, 0)).toBe(2 * GB);

    // The role has 2 GB from spender-1; spender-2's first query takes it to 3 GB, over 2.5 GB.
    await runCharged(u2, 'spender-2', 0, 2);
    expect((await eventually(() => charges('roles', 'spender'), (c) => c.length === 3)).reduce((s, c) => s + c.bytes, 0)).toBe(3 * GB);
    const refused = await rs.gql(RUN, { sql: 'SELECT 1 AS one', days: 7 }, u2, rs.replicas[0]);
    expect(refused.errors?.[0]?.message).toMatch(/role spender has scanned 3\.00 GB .*athena\.budget\.per_role/);
    h.stub.clearScripts();
  });

  it('a replica killed with -9 mid-query loses nothing: another answers, the slot is freed, the scan charged once', async () => {
    const carol = await rs.token({ user: 'carol', roles: ['auditor'] });
    const victim = rs.replicas[0]!;
    h.stub.script({ runningMs: 2500, bytesScanned: 1000 });
    const run = await rs.gql(RUN, { sql: SQL, days: 7 }, carol, victim);
    expect(run.errors).toBeUndefined();
    const id = run.data!.runQuery.id as string;
    expect(await slots('carol')).toBe(1);
    await rs.kill(victim);
    try {
      const { state, upstreams } = await waitState(id, carol, terminal);
      expect(state).toBe('SUCCEEDED');
      expect(upstreams.every((u) => u !== 0)).toBe(true);
      const page = await rs.gql(PAGE, { id, first: 100 }, carol);
      expect(page.data!.queryResults.rows.length).toBe((await runToEnd(h.engine, SQL, 7)).rows.length);
      expect(await eventually(() => slots('carol'), (n) => n === 0)).toBe(0);
      expect(await eventually(() => charges('users', 'carol'), (c) => c.length === 1)).toEqual([expect.objectContaining({ bytes: 1000 })]);
    } finally {
      await rs.launch(victim);
    }
    // Back in the rotation, it answers for the execution too.
    const back = await rs.gql(STATUS, { id }, carol, victim);
    expect(back.data!.queryExecution.state).toBe('SUCCEEDED');
    expect(await charges('users', 'carol')).toHaveLength(1);
  });

  it('delivers report state changes made on one replica to subscribers on the others', async () => {
    const admin = await rs.token({ user: 'dana', roles: ['auditor'] });
    const clients = [rs.ws(admin), rs.ws(admin)];
    const seen: string[][] = [[], []];
    const done = clients.map(
      (c, i) =>
        new Promise<void>((resolve, reject) => {
          c.subscribe<{ reportStateChanged: { status: string; days: number } }>(
            { query: 'subscription { reportStateChanged(name: "privilege_access_report") { status days } }' },
            {
              next: (v) => {
                if (v.errors) return reject(new Error(JSON.stringify(v.errors)));
                seen[i]!.push(v.data!.reportStateChanged.status);
                if (v.data!.reportStateChanged.status !== 'RUNNING') resolve();
              },
              error: reject,
              complete: resolve,
            },
          );
        }),
    );
    await sleep(1500); // both subscriptions open (and primed) on their replicas
    const run = await rs.gql('mutation { runReport(name: "privilege_access_report", days: 7) { status } }', {}, admin);
    expect(run.errors).toBeUndefined();
    await Promise.race([Promise.all(done), sleep(30_000).then(() => Promise.reject(new Error(`states seen: ${JSON.stringify(seen)}`)))]);
    // The subscriptions were on two replicas; at most one of them ran the report itself.
    for (const s of seen) expect(s.at(-1)).toBe('READY');
    for (const s of seen) expect(s.filter((x) => x === 'READY')).toHaveLength(1);
  });
});

describe('soak: 200 queries from 20 users over three replicas', () => {
  it('accounts for every execution exactly once', async () => {
    // Queries that read no view: the stand-in answers them at once, so the soak measures the gateways'
    // bookkeeping, not DuckDB; their answers are known without running anything.
    const variants = ['SELECT 1 AS one', "SELECT 'two' AS two", 'SELECT 3 AS three, 4 AS four'];
    const expected = [[[1]], [['two']], [[3, 4]]];
    const before = new Set(h.stub.executions.keys());
    const users = Array.from({ length: 20 }, (_, i) => `soak-${String(i).padStart(2, '0')}`);
    const done: Array<{ user: string; id: string; state: string }> = [];
    const upstreams = new Set<number>();
    await Promise.all(
      users.map(async (user, u) => {
        const token = await rs.token({ user, roles: ['auditor'] });
        for (let q = 0; q < 10; q++) {
          const v = (u + q) % variants.length;
          const run = await rs.gql(RUN, { sql: variants[v], days: 7 }, token);
          if (run.errors) throw new Error(`${user} query ${q} on replica ${run.upstream}: ${JSON.stringify(run.errors)}`);
          upstreams.add(run.upstream);
          const id = run.data!.runQuery.id as string;
          const { state } = await waitState(id, token, terminal, 60_000, 250);
          const page = await rs.gql(PAGE, { id, first: 1000 }, token);
          if (page.errors) throw new Error(`${user} page of ${id}: ${JSON.stringify(page.errors)}`);
          expect(page.data!.queryResults.rows.map((r: { data: unknown[] }) => r.data)).toEqual(expected[v]);
          done.push({ user, id, state });
        }
      }),
    );
    expect(upstreams.size).toBe(3);
    expect(done).toHaveLength(200);
    expect(new Set(done.map((d) => d.id)).size).toBe(200);
    expect(done.every((d) => d.state === 'SUCCEEDED')).toBe(true);

    // Athena ran exactly 200 new queries, and each was charged exactly once, to its own user.
    const ran = [...h.stub.executions.keys()].filter((k) => !before.has(k));
    expect(ran).toHaveLength(200);
    const charged: string[] = [];
    for (const user of users) {
      const c = await eventually(() => charges('users', user), (x) => x.length >= 10);
      expect(c, user).toHaveLength(10);
      charged.push(...c.map((x) => x.id));
      expect(await eventually(() => slots(user), (n) => n === 0), user).toBe(0);
    }
    expect(charged.sort()).toEqual(ran.sort());
  }, 300_000);
});
