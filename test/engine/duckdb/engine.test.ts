// The embedded engine behind the QueryEngine interface: lifecycle, paging, limits, errors, sandbox.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedEngine } from '../../../src/engine/duckdb/engine';
import { EngineError } from '../../../src/errors/engine-error';
import { TERMINAL_STATES, type ExecutionStatus } from '../../../src/engine/types';
import { certLogLines, openEngine, query, tempDir, testConfig } from '../../support/engine';

const now = new Date();
const at = (daysAgo: number, ms: number) =>
  new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - daysAgo, 10) + ms).toISOString();

async function waitTerminal(e: EmbeddedEngine, id: string): Promise<ExecutionStatus> {
  for (let i = 0; i < 2000; i++) {
    const s = await e.status(id);
    if (TERMINAL_STATES.has(s.state)) return s;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error('execution did not finish');
}

describe('embedded engine', () => {
  let cleanup: () => void;
  let engine: EmbeddedEngine;
  const N = 2500;

  beforeAll(async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const logDir = join(t.dir, 'log');
    mkdirSync(logDir);
    const lines = certLogLines(N);
    lines.push(JSON.stringify({ event: 'session.start', code: 'T2000I', time: at(0, 1), uid: 's1', user: 'carol', login: 'root', proto: 'ssh' }));
    lines.push(JSON.stringify({ event: 'session.start', code: 'T2000I', time: at(0, 2), uid: 's2', login: 'ubuntu', proto: 'ssh', access_requests: ['r1', 'r2'] }));
    writeFileSync(join(logDir, 'a.log'), lines.join('\n') + '\n');
    engine = await openEngine(testConfig(join(t.dir, 'data'), { embedded: { audit_log: logDir, limits: { max_result_rows: 3000, query_timeout_ms: 4000 } } }));
    await engine.ingest();
  });
  afterAll(async () => {
    await engine?.close();
    cleanup?.();
  });

  it('runs a query through QUEUED/RUNNING to SUCCEEDED with timings and a row count', async () => {
    const { id } = await engine.start({ sql: 'SELECT identity_user, count(*) AS n FROM cert_create GROUP BY 1 ORDER BY 1', days: 7, user: 'u1' });
    const s = await waitTerminal(engine, id);
    expect(s.state).toBe('SUCCEEDED');
    expect(s.user).toBe('u1');
    expect(s.rowCount).toBe(2);
    expect(s.completedAt!.getTime()).toBeGreaterThanOrEqual(s.submittedAt.getTime());
    const page = await engine.results(id);
    expect(page.columns).toEqual([
      { name: 'identity_user', type: 'varchar' },
      { name: 'n', type: 'bigint' },
    ]);
    expect(page.rows).toEqual([
      ['alice', String(N / 2)],
      ['bob', String(N / 2)],
    ]);
    expect(page.nextToken).toBeUndefined();
  });

  it('pages by token, in ORDER BY order, without losing or repeating a row', async () => {
    const { id } = await engine.start({ sql: 'SELECT uid, event_time FROM cert_create ORDER BY uid DESC', days: 7 });
    expect((await waitTerminal(engine, id)).state).toBe('SUCCEEDED');
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const p = await engine.results(id, { nextToken: token, maxResults: 300 });
      expect(p.columns[1]).toEqual({ name: 'event_time', type: 'timestamp(3)' });
      seen.push(...p.rows.map((r) => r[0] as string));
      token = p.nextToken;
      pages++;
    } while (token);
    const expected = Array.from({ length: N }, (_, i) => `u${String(i).padStart(5, '0')}`).sort().reverse();
    expect(seen).toEqual(expected);
    expect(pages).toBe(Math.ceil(N / 300));
  });

  it('types cells as the interface says: timestamps in Trino text, bigint as string, arrays as lists', async () => {
    const r = await query(engine, "SELECT event_time, access_requests, CARDINALITY(access_requests) AS c, user FROM session_start WHERE uid = 's2'", 7);
    expect(r.columns.map((c) => c.type)).toEqual(['timestamp(3)', 'array(varchar)', 'bigint', 'varchar']);
    expect(r.rows[0]![0]).toMatch(/^\d{4}-\d{2}-\d{2} 10:00:00\.002$/);
    expect(r.rows[0]!.slice(1)).toEqual([['r1', 'r2'], '2', null]);
  });

  it('answers `user` with the column, never the database session user', async () => {
    const r = await query(engine, 'SELECT user FROM session_start ORDER BY uid', 7);
    expect(r.columns[0]!.name).toBe('user');
    expect(r.rows).toEqual([['carol'], [null]]);
  });

  it('keeps repeated column names of SELECT * over a join, as Trino does', async () => {
    const r = await query(engine, "SELECT * FROM session_start a, session_start b WHERE a.uid = 's1' AND b.uid = 's1'", 7);
    const names = r.columns.map((c) => c.name);
    expect(names.filter((n) => n === 'uid')).toHaveLength(2);
    expect(names.slice(0, 2)).toEqual(['event_date', 'event_time']);
  });

  it('refuses SQL the guard rejects before creating an execution', async () => {
    await expect(engine.start({ sql: 'DROP TABLE events', days: 7 })).rejects.toMatchObject({ code: 'SQL_REJECTED' });
    await expect(engine.start({ sql: 'SELECT * FROM events', days: 7 })).rejects.toMatchObject({ code: 'SQL_REJECTED' });
  });

  it('rejects a window other than 7/30/90/120 days', async () => {
    await expect(engine.start({ sql: 'SELECT 1', days: 14 as never })).rejects.toMatchObject({ code: 'BAD_INPUT' });
  });

  it('fails a query naming a missing column, as a user error, and stays usable', async () => {
    const { id } = await engine.start({ sql: 'SELECT no_such_column FROM cert_create', days: 7 });
    const s = await waitTerminal(engine, id);
    expect(s.state).toBe('FAILED');
    expect(s.error?.kind).toBe('USER');
    expect(s.error?.message).toMatch(/no_such_column/);
    await expect(engine.results(id)).rejects.toMatchObject({ code: 'NOT_READY' });
    expect((await query(engine, 'SELECT count(*) FROM cert_create', 7)).rows).toEqual([[String(N)]]);
  });

  it('fails a result over the row cap with a clear message', async () => {
    const { id } = await engine.start({ sql: 'SELECT a.uid FROM cert_create a, session_start b', days: 7 });
    const s = await waitTerminal(engine, id);
    expect(s.state).toBe('FAILED');
    expect(s.error?.message).toMatch(/more than 3000 rows/);
  });

  it('stops a query past its time limit', async () => {
    const { id } = await engine.start({
      sql: 'SELECT count(*) FROM cert_create a, cert_create b, cert_create c WHERE a.uid <> b.uid AND b.uid <> c.uid',
      days: 7,
    });
    const s = await waitTerminal(engine, id);
    expect(s.state).toBe('FAILED');
    expect(s.error?.message).toMatch(/longer than 4 s/);
  });

  it('cancels a running query', async () => {
    const { id } = await engine.start({
      sql: 'SELECT count(*) FROM cert_create a, cert_create b, cert_create c WHERE a.uid <> b.uid AND b.uid <> c.uid',
      days: 7,
    });
    for (let i = 0; i < 200 && (await engine.status(id)).state !== 'RUNNING'; i++) await new Promise((r) => setTimeout(r, 5));
    await engine.cancel(id);
    expect((await waitTerminal(engine, id)).state).toBe('CANCELLED');
    await engine.cancel(id); // idempotent
    expect((await engine.status(id)).state).toBe('CANCELLED');
  });

  it('cancels a query at once, whatever step it is at', async () => {
    // no waiting for RUNNING: the cancel lands while the execution is being set up
    for (let i = 0; i < 5; i++) {
      const { id } = await engine.start({
        sql: 'SELECT count(*) FROM cert_create a, cert_create b, cert_create c WHERE a.uid <> b.uid AND b.uid <> c.uid',
        days: 7,
      });
      await new Promise((r) => setTimeout(r, i * 3));
      await engine.cancel(id);
      const s = await waitTerminal(engine, id);
      expect(s.state).toBe('CANCELLED');
      expect(s.completedAt!.getTime() - s.submittedAt.getTime()).toBeLessThan(3000); // well under the 4 s limit
    }
  });

  it('keeps integer literals past 2^53 exact', async () => {
    const r = await query(engine, 'SELECT CAST(9007199254740993 AS bigint) AS a, 9007199254740993 - 1 AS b', 7);
    expect(r.rows).toEqual([['9007199254740993', '9007199254740992']]);
  });

  it('returns the same execution for the same client token', async () => {
    const a = await engine.start({ sql: 'SELECT 1', days: 7, clientToken: 'tok-1' });
    const b = await engine.start({ sql: 'SELECT 1', days: 7, clientToken: 'tok-1' });
    expect(b.id).toBe(a.id);
  });

  it('rejects a page token of another execution and unknown ids', async () => {
    const a = await engine.start({ sql: 'SELECT uid FROM cert_create LIMIT 10', days: 7 });
    const b = await engine.start({ sql: 'SELECT uid FROM cert_create LIMIT 10', days: 7 });
    await waitTerminal(engine, a.id);
    await waitTerminal(engine, b.id);
    const p = await engine.results(a.id, { maxResults: 3 });
    await expect(engine.results(b.id, { nextToken: p.nextToken })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await expect(engine.status('nope')).rejects.toBeInstanceOf(EngineError);
  });
});

describe('DuckDB sandbox (defence in depth behind the guard)', () => {
  it('refuses file access and configuration changes even to SQL that skips the guard', async () => {
    const t = tempDir();
    const engine = await openEngine(testConfig(join(t.dir, 'data')));
    // reach under the interface on purpose: this is what a guard bypass would get
    const conn = await (engine as unknown as { db: { instance: { connect(): Promise<any> } } }).db.instance.connect();
    try {
      await expect(conn.run("SELECT * FROM read_csv('/etc/passwd')")).rejects.toThrow(/disabled by configuration|Permission/i);
      await expect(conn.run('SET enable_external_access = true')).rejects.toThrow(/locked/i);
      await expect(conn.run("ATTACH '/tmp/x.duckdb' AS x")).rejects.toThrow();
      await expect(conn.run("COPY (SELECT 1) TO '/tmp/amctl-should-not-exist.csv'")).rejects.toThrow();
    } finally {
      conn.closeSync();
      await engine.close();
      t.cleanup();
    }
  });
});
