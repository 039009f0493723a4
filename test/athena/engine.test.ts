// The Athena engine's behaviour against AWS's failure modes, through the real SDK: throttling, FAILED
// (user and system), CANCELLED, timeouts, expired credentials, S3 errors, the concurrency queue, status
// polling, idempotency, paging and the scanned-bytes budget. Athena is the local protocol stub, S3 and
// STS are moto_server.
import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAthenaEngine } from '../../src/athena';
import { EngineError } from '../../src/errors/engine-error';
import { startHarness, type Harness } from '../support/athena-stub/harness';
import { readAll, runToEnd, sleep, waitTerminal } from '../support/athena-stub/run';
import { MOTO_CREDENTIALS, startMoto } from '../support/moto';
import { TRINO_WAIT_MS } from '../support/trino';

const SQL = 'SELECT user, count(*) AS n FROM exec GROUP BY user ORDER BY user';

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ events: 2000, days: 5, seed: 3 });
}, TRINO_WAIT_MS);

afterAll(async () => {
  await h?.close();
});

async function expectEngineError(p: Promise<unknown>, code: string, message: RegExp): Promise<void> {
  const e = await p.then(
    () => undefined,
    (err) => err,
  );
  expect(e).toBeInstanceOf(EngineError);
  expect((e as EngineError).code).toBe(code);
  expect((e as EngineError).message).toMatch(message);
}

async function waitForState(id: string, state: string): Promise<void> {
  for (let i = 0; i < 2000; i++) {
    if ((await h.engine.status(id)).state === state) return;
    await sleep(5);
  }
  throw new Error(`never reached ${state}`);
}

describe('test support', () => {
  it('fails loudly, with the install command, when moto_server is missing', async () => {
    const saved = process.env.MOTO_SERVER;
    process.env.MOTO_SERVER = '/nonexistent/moto_server';
    try {
      await expect(startMoto()).rejects.toThrow(/moto_server is required .* pip install "moto\[server\]"/);
    } finally {
      if (saved === undefined) delete process.env.MOTO_SERVER;
      else process.env.MOTO_SERVER = saved;
    }
  });
});

describe('throttling', () => {
  it('retries TooManyRequests and Throttling on every call with backoff, and the query still succeeds', async () => {
    const baseline = await runToEnd(h.engine, SQL);
    h.stub.resetCounters();
    h.stub.throttle('StartQueryExecution', 3, 'TooManyRequestsException');
    h.stub.throttle('GetQueryExecution', 2, 'ThrottlingException');
    h.stub.throttle('GetQueryResults', 2, 'ThrottlingException');
    const retriesBefore = h.engine.api.stats.retries;
    const r = await runToEnd(h.engine, SQL);
    expect(r.status.state).toBe('SUCCEEDED');
    expect(r.rows).toEqual(baseline.rows);
    expect(h.stub.errors).toMatchObject({ TooManyRequestsException: 3, ThrottlingException: 4 });
    expect(h.engine.api.stats.retries - retriesBefore).toBe(7);
    // A retried StartQueryExecution carries the same ClientRequestToken: one execution in Athena.
    expect([...h.stub.executions.values()].filter((e) => e.token === r.id)).toHaveLength(1);
  });

  it('gives up after max_attempts and fails the execution with a system error', async () => {
    h.stub.throttle('StartQueryExecution', 100, 'TooManyRequestsException');
    const r = await runToEnd(h.engine, SQL);
    h.stub.throttle('StartQueryExecution', 0);
    expect(r.status.state).toBe('FAILED');
    expect(r.status.error).toEqual({ kind: 'SYSTEM', message: expect.stringMatching(/could not start the query on Athena: TooManyRequestsException/) });
  });
});

describe('FAILED', () => {
  it('maps ErrorCategory 2 to a user error with Athena’s reason', async () => {
    h.stub.script({ fail: { category: 2, message: "COLUMN_NOT_FOUND: line 1:8: Column 'nope' cannot be resolved" } });
    const r = await runToEnd(h.engine, SQL);
    expect(r.status.state).toBe('FAILED');
    expect(r.status.error).toEqual({ kind: 'USER', message: "COLUMN_NOT_FOUND: line 1:8: Column 'nope' cannot be resolved" });
    await expectEngineError(h.engine.results(r.id), 'NOT_READY', /FAILED.*Column 'nope' cannot be resolved/);
  });

  it('maps ErrorCategory 1 and 3 to system errors', async () => {
    h.stub.script({ fail: { category: 1, message: 'Internal error: worker lost' } }, { fail: { category: 3, message: 'Something else' } });
    const a = await runToEnd(h.engine, SQL);
    const b = await runToEnd(h.engine, SQL);
    expect(a.status.error).toEqual({ kind: 'SYSTEM', message: 'Internal error: worker lost' });
    expect(b.status.error).toEqual({ kind: 'SYSTEM', message: 'Something else' });
  });

  it('a query the engine cannot run (unknown column) comes back FAILED as a user error', async () => {
    const r = await runToEnd(h.engine, 'SELECT no_such_column FROM exec');
    expect(r.status.state).toBe('FAILED');
    expect(r.status.error?.kind).toBe('USER');
    expect(r.status.error?.message).toMatch(/no_such_column/);
  });

  it('the SQL guard refuses before anything reaches Athena', async () => {
    const before = h.stub.calls.StartQueryExecution ?? 0;
    await expectEngineError(h.engine.start({ sql: 'DROP TABLE audit_db.audit_table', days: 7 }), 'SQL_REJECTED', /SELECT/);
    await expectEngineError(h.engine.start({ sql: SQL, days: 5 as 7 }), 'BAD_INPUT', /days must be one of 7, 30, 90, 120/);
    expect(h.stub.calls.StartQueryExecution ?? 0).toBe(before);
  });
});

describe('CANCELLED and timeouts', () => {
  it('cancel() stops a running query in Athena', async () => {
    h.stub.script({ hang: true });
    const { id } = await h.engine.start({ sql: SQL, days: 7 });
    await waitForState(id, 'RUNNING');
    await h.engine.cancel(id);
    expect((await h.engine.status(id)).state).toBe('CANCELLED');
    expect(h.stub.byToken(id)!.state).toBe('CANCELLED');
    await h.engine.cancel(id); // idempotent
    await expectEngineError(h.engine.results(id), 'NOT_READY', /CANCELLED/);
  });

  it('a query cancelled in Athena by someone else is reported CANCELLED', async () => {
    h.stub.script({ hang: true });
    const { id } = await h.engine.start({ sql: SQL, days: 7 });
    await waitForState(id, 'RUNNING');
    h.stub.stopExternally(h.stub.byToken(id)!.id);
    const s = await waitTerminal(h.engine, id);
    expect(s.state).toBe('CANCELLED');
  });

  it('a query outliving query_timeout_ms is stopped in Athena and FAILED', async () => {
    const engine = await h.newEngine({ overrides: (c) => ({ ...c, queryTimeoutMs: 150 }) });
    h.stub.script({ hang: true });
    const { id } = await engine.start({ sql: SQL, days: 7 });
    const s = await waitTerminal(engine, id);
    expect(s.state).toBe('FAILED');
    expect(s.error?.message).toMatch(/ran longer than 0 s \(athena\.query_timeout_ms\) and was stopped/);
    for (let i = 0; i < 200 && h.stub.byToken(id)!.state !== 'CANCELLED'; i++) await sleep(5);
    expect(h.stub.byToken(id)!.state).toBe('CANCELLED');
  });

  it('a stopped query’s final scanned bytes, known only after the stop, reach status and budget', async () => {
    const dataDir = `${h.dir}/final-scan`;
    const engine = await h.newEngine({
      overrides: (c) => ({ ...c, queryTimeoutMs: 100, ledgerFile: `${dataDir}/ledger.jsonl`, budget: { userBytes: 1000, windowDays: 30 } }),
    });
    h.stub.script({ hang: true, bytesScanned: 100, finalBytesScanned: 5000 });
    const { id } = await engine.start({ sql: SQL, days: 7, user: 'gina' });
    expect((await waitTerminal(engine, id)).state).toBe('FAILED');
    for (let i = 0; i < 400 && (await engine.status(id)).bytesScanned !== 5000; i++) await sleep(5);
    expect((await engine.status(id)).bytesScanned).toBe(5000);
    // 100 bytes would leave gina under her 1000-byte budget; the final 5000 puts her over.
    await expectEngineError(engine.start({ sql: SQL, days: 7, user: 'gina' }), 'LIMIT_EXCEEDED', /user gina has scanned 5.00 KB/);
  });
});

describe('credentials', () => {
  it('assumes the role once, and again when Athena says the token has expired', async () => {
    const engine = await h.newEngine();
    await runToEnd(engine, SQL);
    h.stub.resetCounters();
    h.stub.expireSeenCredentials();
    const r = await runToEnd(engine, SQL);
    expect(r.status.state).toBe('SUCCEEDED');
    expect(h.stub.errors.ExpiredTokenException).toBeGreaterThanOrEqual(1);
    expect(engine.api.stats.credentialRefreshes).toBeGreaterThanOrEqual(1);
  });

  it('refreshes the assumed-role credentials ahead of their expiry', async () => {
    const { AssumedRoleCredentials } = await import('../../src/athena/credentials');
    let now = Date.now();
    const creds = new AssumedRoleCredentials({
      roleArn: 'arn:aws:iam::123456789012:role/AccessMonitoringRole',
      sessionName: 'test',
      durationSeconds: 900,
      region: 'eu-central-1',
      stsEndpoint: h.moto.endpoint,
      sourceCredentials: MOTO_CREDENTIALS,
      now: () => now,
    });
    const first = await creds.get();
    expect((await creds.get()).accessKeyId).toBe(first.accessKeyId);
    expect(creds.assumeCount).toBe(1);
    // Five minutes before expiry (moto grants the 900 s asked for): a new AssumeRole.
    now = first.expiration!.getTime() - 4 * 60_000;
    const second = await creds.get();
    expect(creds.assumeCount).toBe(2);
    expect(second.accessKeyId).not.toBe(first.accessKeyId);
    creds.close();
  });

  it('an unreachable STS fails the execution with a clear system error', async () => {
    const engine = await h.newEngine({ overrides: (c) => ({ ...c, endpoints: { ...c.endpoints, sts: 'http://127.0.0.1:1' } }) });
    const r = await runToEnd(engine, SQL);
    expect(r.status.state).toBe('FAILED');
    expect(r.status.error?.kind).toBe('SYSTEM');
    expect(r.status.error?.message).toMatch(/could not assume arn:aws:iam::123456789012:role\/AccessMonitoringRole with STS/);
  });
});

describe('S3', () => {
  it('a missing results bucket fails the execution with Athena’s reason', async () => {
    const engine = await h.newEngine({ overrides: (c) => ({ ...c, queryResults: 's3://no-such-bucket/results/' }) });
    const r = await runToEnd(engine, SQL);
    expect(r.status.state).toBe('FAILED');
    expect(r.status.error).toEqual({ kind: 'SYSTEM', message: expect.stringMatching(/Unable to verify\/create output bucket no-such-bucket/) });
  });

  it('exportUrl: a result file that is gone is NOT_FOUND; not-yet-succeeded is NOT_READY', async () => {
    const r = await runToEnd(h.engine, SQL);
    const exec = h.stub.byToken(r.id)!;
    await h.s3.send(new DeleteObjectCommand({ Bucket: 'audit-transient', Key: `results/${exec.id}.csv` }));
    await expectEngineError(h.engine.exportUrl(r.id), 'NOT_FOUND', /no longer exists/);
    h.stub.script({ hang: true });
    const { id } = await h.engine.start({ sql: SQL, days: 7 });
    await expectEngineError(h.engine.exportUrl(id), 'NOT_READY', /SUCCEEDED/);
    await h.engine.cancel(id);
  });

  it('sends SSE-KMS encryption and result reuse when configured', async () => {
    const engine = await h.newEngine({
      overrides: (c) => ({ ...c, encryption: { option: 'SSE_KMS', kmsKey: 'alias/audit' }, resultReuseMaxAgeMinutes: 60 }),
    });
    const r = await runToEnd(engine, SQL);
    const exec = h.stub.byToken(r.id)!;
    expect(exec.encryption).toEqual({ EncryptionOption: 'SSE_KMS', KmsKey: 'alias/audit' });
    expect(exec.resultReuse).toEqual({ ResultReuseByAgeConfiguration: { Enabled: true, MaxAgeInMinutes: 60 } });
  });
});

describe('queue, polling, idempotency', () => {
  it('reports Athena’s QUEUED and RUNNING phases before SUCCEEDED', async () => {
    h.stub.script({ queuedMs: 150, runningMs: 150 });
    const { id } = await h.engine.start({ sql: SQL, days: 7 });
    const seen: string[] = [];
    for (;;) {
      const s = await h.engine.status(id);
      if (seen.at(-1) !== s.state) seen.push(s.state);
      if (s.state === 'SUCCEEDED' || s.state === 'FAILED') break;
      await sleep(5);
    }
    expect(seen).toEqual(['QUEUED', 'RUNNING', 'SUCCEEDED']);
    const s = await h.engine.status(id);
    expect(s.startedAt!.getTime()).toBeGreaterThanOrEqual(s.submittedAt.getTime());
    expect(s.completedAt!.getTime()).toBeGreaterThanOrEqual(s.startedAt!.getTime());
  });

  it('never runs more than `concurrency` queries in Athena at once; the rest wait QUEUED', async () => {
    const engine = await h.newEngine({ overrides: (c) => ({ ...c, concurrency: 2 }) });
    h.stub.resetCounters();
    h.stub.script(...Array.from({ length: 6 }, () => ({ runningMs: 150 })));
    const ids = await Promise.all(Array.from({ length: 6 }, () => engine.start({ sql: SQL, days: 7 }).then((r) => r.id)));
    expect(engine.load.waiting + engine.load.running).toBe(6);
    const states = await Promise.all(ids.map((id) => waitTerminal(engine, id)));
    expect(states.every((s) => s.state === 'SUCCEEDED')).toBe(true);
    expect(h.stub.maxActive).toBe(2);
  });

  it('polls many running queries with BatchGetQueryExecution', async () => {
    const engine = await h.newEngine();
    h.stub.resetCounters();
    h.stub.script(...Array.from({ length: 8 }, () => ({ runningMs: 400 })));
    const ids = await Promise.all(Array.from({ length: 8 }, () => engine.start({ sql: SQL, days: 7 }).then((r) => r.id)));
    await Promise.all(ids.map((id) => waitTerminal(engine, id)));
    expect(h.stub.calls.BatchGetQueryExecution).toBeGreaterThan(0);
    // Far fewer status requests than executions x polls.
    const requests = (h.stub.calls.BatchGetQueryExecution ?? 0) + (h.stub.calls.GetQueryExecution ?? 0);
    const lookups = ids.reduce((s, id) => s + h.stub.byToken(id)!.statusLookups, 0);
    expect(requests).toBeLessThan(lookups);
  });

  it('backs off: a 3 s query with the default polling costs a handful of status calls, not 30', async () => {
    const engine = await h.newEngine({ overrides: (c) => ({ ...c, polling: { initialMs: 200, factor: 1.5, maxMs: 5000 } }) });
    h.stub.script({ runningMs: 3000 });
    const { id } = await engine.start({ sql: SQL, days: 7 });
    await waitTerminal(engine, id);
    // Delays 200, 300, 450, 675, 1013, 1519 ms reach 3 s on the 6th-7th call (fewer when calls are slow).
    expect(h.stub.byToken(id)!.statusLookups).toBeLessThanOrEqual(8);
    expect(h.stub.byToken(id)!.statusLookups).toBeGreaterThanOrEqual(3);
  });

  it('the same clientToken gives the same execution', async () => {
    const a = await h.engine.start({ sql: SQL, days: 7, user: 'bob', clientToken: 'report-7-run-1' });
    const b = await h.engine.start({ sql: SQL, days: 7, user: 'bob', clientToken: 'report-7-run-1' });
    const c = await h.engine.start({ sql: SQL, days: 7, user: 'carol', clientToken: 'report-7-run-1' });
    expect(b.id).toBe(a.id);
    expect(c.id).not.toBe(a.id);
    await waitTerminal(h.engine, a.id);
    await waitTerminal(h.engine, c.id);
  });

  it('unknown ids are NOT_FOUND', async () => {
    await expectEngineError(h.engine.status('nope'), 'NOT_FOUND', /nope/);
  });
});

describe('paging', () => {
  it('pages by NextToken: the header row is dropped and pages join up to the full result', async () => {
    const sql = 'SELECT event_time, user, command FROM exec ORDER BY event_time, user, command';
    const full = await runToEnd(h.engine, sql, 30);
    expect(full.rows.length).toBeGreaterThan(25);
    const { id } = await h.engine.start({ sql, days: 30 });
    await waitTerminal(h.engine, id);
    const first = await h.engine.results(id, { maxResults: 10 });
    expect(first.rows).toHaveLength(10);
    expect(first.rows[0]).not.toEqual(['event_time', 'user', 'command']);
    expect(first.nextToken).toBeDefined();
    const paged = await readAll(h.engine, id, 10);
    expect(paged.rows).toEqual(full.rows);
    expect(paged.pages).toBe(Math.ceil(full.rows.length / 10));
    expect(full.columns).toEqual([
      { name: 'event_time', type: 'timestamp(3)' },
      { name: 'user', type: 'varchar' },
      { name: 'command', type: 'varchar' },
    ]);
    expect(full.rows[0]![0]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}$/);
    await expectEngineError(h.engine.results(id, { nextToken: 'garbage' }), 'BAD_INPUT', /page token/);
  });
});

describe('the engine factory', () => {
  it('builds the Athena engine from `engine: athena`, with the default credential chain calling STS', async () => {
    const { createEngine } = await import('../../src/cli/compose/engine');
    const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
    process.env.AWS_ACCESS_KEY_ID = MOTO_CREDENTIALS.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = MOTO_CREDENTIALS.secretAccessKey;
    try {
      const engine = await createEngine(h.config);
      try {
        expect(engine.kind).toBe('athena');
        const r = await runToEnd(engine, SQL);
        expect(r.status.state).toBe('SUCCEEDED');
        expect(r.rows.length).toBeGreaterThan(0);
      } finally {
        await engine.close();
      }
    } finally {
      process.env.AWS_ACCESS_KEY_ID = saved.id;
      process.env.AWS_SECRET_ACCESS_KEY = saved.secret;
      if (saved.id === undefined) delete process.env.AWS_ACCESS_KEY_ID;
      if (saved.secret === undefined) delete process.env.AWS_SECRET_ACCESS_KEY;
    }
  });
});

describe('data_limit', () => {
  it('stops a query that scans more than access_monitoring.data_limit', async () => {
    const engine = await h.newEngine({ overrides: (c) => ({ ...c, dataLimitBytes: 1000 }) });
    h.stub.script({ hang: true, bytesScanned: 5000 });
    const { id } = await engine.start({ sql: SQL, days: 7 });
    const s = await waitTerminal(engine, id);
    expect(s.state).toBe('FAILED');
    expect(s.error).toEqual({ kind: 'USER', message: expect.stringMatching(/scanned more than 1000 bytes \(auth_service\.access_monitoring\.data_limit\)/) });
    for (let i = 0; i < 200 && h.stub.byToken(id)!.state !== 'CANCELLED'; i++) await sleep(5);
    expect(h.stub.byToken(id)!.state).toBe('CANCELLED');
  });
});

describe('compile', () => {
  it('shows the statement Athena would run, without starting anything', async () => {
    const before = h.stub.calls.StartQueryExecution ?? 0;
    const sql = await h.engine.compile('SELECT count(*) FROM session_start', 90);
    expect(sql.startsWith('WITH "session_start" AS (SELECT event_date, event_time,')).toBe(true);
    expect(sql).toContain(`INTERVAL '89' DAY`);
    expect(h.stub.calls.StartQueryExecution ?? 0).toBe(before);
  });
});

describe('scanned-bytes budget', () => {
  it('refuses a user past the rolling budget, persists across restarts, and leaves others alone', async () => {
    const perQuery = h.stub.executions.values().next().value!.bytesScanned;
    expect(perQuery).toBeGreaterThan(0);
    const dataDir = `${h.dir}/budget-data`;
    const config = { ...h.config, dataDir };
    const budget = { userBytes: Math.floor(perQuery * 1.5), roleBytes: perQuery * 3, windowDays: 30 };
    const open = () =>
      createAthenaEngine(config, {
        sourceCredentials: MOTO_CREDENTIALS,
        overrides: (c) => ({ ...c, budget, polling: { initialMs: 20, factor: 1.5, maxMs: 200 } }),
      });
    const engine = await open();
    try {
      expect((await runToEnd(engine, SQL, 7, { user: 'dave', roles: ['auditor'] })).status.bytesScanned).toBe(perQuery);
      await runToEnd(engine, SQL, 7, { user: 'dave', roles: ['auditor'] }); // under 1.5x before it starts
      await expectEngineError(engine.start({ sql: SQL, days: 7, user: 'dave', roles: ['auditor'] }), 'LIMIT_EXCEEDED', /user dave has scanned .* in the last 30 days, over the .* Athena budget/);
      // erin shares the role: the role has 2x of its 3x.
      await runToEnd(engine, SQL, 7, { user: 'erin', roles: ['auditor'] });
      await expectEngineError(engine.start({ sql: SQL, days: 7, user: 'frank', roles: ['auditor'] }), 'LIMIT_EXCEEDED', /role auditor has scanned/);
      expect((await runToEnd(engine, SQL, 7, { user: 'frank', roles: ['other'] })).status.state).toBe('SUCCEEDED');
    } finally {
      await engine.close();
    }
    const again = await open();
    try {
      await expectEngineError(again.start({ sql: SQL, days: 7, user: 'dave' }), 'LIMIT_EXCEEDED', /user dave/);
    } finally {
      await again.close();
    }
  });
});
