// Incremental ingest of Teleport file audit logs: append, truncated last line, gzip, bad lines, rotation.
import { appendFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EmbeddedEngine } from '../../../src/engine/duckdb/engine';
import { openEngine, query, tempDir, testConfig } from '../../support/engine';

const today = new Date();
const iso = (daysAgo: number, ms = 0) => new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - daysAgo, 12) + ms).toISOString();

let n = 0;
function ev(extra: Record<string, unknown> = {}, daysAgo = 1): string {
  n++;
  return JSON.stringify({
    event: 'session.start',
    code: 'T2000I',
    time: iso(daysAgo, n),
    uid: `uid-${n}`,
    user: 'alice',
    sid: `sid-${n}`,
    login: 'root',
    proto: 'ssh',
    ...extra,
  });
}

describe('incremental ingest', () => {
  let dir: string;
  let cleanup: () => void;
  let logDir: string;
  let engine: EmbeddedEngine | undefined;

  beforeEach(() => {
    ({ dir, cleanup } = tempDir());
    logDir = join(dir, 'log');
    mkdirSync(logDir);
  });
  afterEach(async () => {
    await engine?.close();
    engine = undefined;
    cleanup();
  });

  const open = async () => {
    engine = await openEngine(testConfig(join(dir, 'data'), { embedded: { audit_log: logDir } }));
    return engine;
  };
  const count = async (e: EmbeddedEngine, view = 'session_start') =>
    Number((await query(e, `SELECT count(*) FROM ${view}`, 30)).rows[0]![0]);
  const uids = async (e: EmbeddedEngine) => (await query(e, 'SELECT uid FROM session_start ORDER BY uid', 30)).rows.map((r) => r[0]);

  it('loads only new lines on a re-run, never a line twice', async () => {
    const f = join(logDir, '2024-03-20.log');
    writeFileSync(f, [ev(), ev(), ev()].join('\n') + '\n');
    const e = await open();
    expect((await e.ingest()).events).toBe(3);
    expect(await count(e)).toBe(3);
    expect((await e.ingest()).events).toBe(0);
    appendFileSync(f, [ev(), ev()].join('\n') + '\n');
    expect((await e.ingest()).events).toBe(2);
    expect(await count(e)).toBe(5);
    expect(new Set(await uids(e)).size).toBe(5);
  });

  it('keeps its place across restarts', async () => {
    const f = join(logDir, 'a.log');
    writeFileSync(f, ev() + '\n' + ev() + '\n');
    let e = await open();
    await e.ingest();
    await e.close();
    appendFileSync(f, ev() + '\n');
    e = await open();
    expect((await e.ingest()).events).toBe(1);
    expect(await count(e)).toBe(3);
  });

  it('picks up a truncated last line once it is complete, exactly once', async () => {
    const f = join(logDir, 'a.log');
    const whole = ev();
    const partial = ev();
    writeFileSync(f, whole + '\n' + partial.slice(0, 25));
    const e = await open();
    const first = await e.ingest();
    expect(first.events).toBe(1);
    expect(first.badLines).toBe(0);
    appendFileSync(f, partial.slice(25) + '\n');
    expect((await e.ingest()).events).toBe(1);
    expect((await e.ingest()).events).toBe(0);
    expect(await count(e)).toBe(2);
  });

  it('takes a complete last line without a newline, and does not re-read it when the newline arrives', async () => {
    const f = join(logDir, 'a.log');
    writeFileSync(f, ev() + '\n' + ev());
    const e = await open();
    expect((await e.ingest()).events).toBe(2);
    appendFileSync(f, '\n' + ev() + '\n');
    expect((await e.ingest()).events).toBe(1);
    expect(await count(e)).toBe(3);
  });

  it('reports and skips bad lines without failing the ingest', async () => {
    const f = join(logDir, 'a.log');
    const lines = [ev(), '{not json', '[1,2]', JSON.stringify({ time: iso(1) }), JSON.stringify({ event: 'x' }), JSON.stringify({ event: 'session.start', time: 'yesterday' }), '', ev()];
    writeFileSync(f, lines.join('\n') + '\n');
    const e = await open();
    const s = await e.ingest();
    expect(s.events).toBe(2);
    expect(s.badLines).toBe(5);
    const bad = await e.recentBadLines(10);
    expect(bad.map((b) => [b.lineNo, b.reason]).sort((a, b) => Number(a[0]) - Number(b[0]))).toEqual([
      [2, 'not valid JSON'],
      [3, 'not a JSON object'],
      [4, 'no "event" field'],
      [5, 'no "time" field'],
      [6, '"time" is not an RFC 3339 timestamp'],
    ]);
    expect(bad.every((b) => b.source === f)).toBe(true);
  });

  it('reads .log.gz files, and does not re-read a log after it is compressed', async () => {
    writeFileSync(join(logDir, 'old.log.gz'), gzipSync([ev(), ev()].join('\n') + '\n'));
    const live = join(logDir, 'live.log');
    writeFileSync(live, [ev(), ev(), ev()].join('\n') + '\n');
    const e = await open();
    expect((await e.ingest()).events).toBe(5);
    // rotation: the live file gets compressed, with one more line it got before compression
    const content = readFileSync(live, 'utf8') + ev() + '\n';
    writeFileSync(live + '.gz', gzipSync(content));
    rmSync(live);
    expect((await e.ingest()).events).toBe(1);
    expect(await count(e)).toBe(6);
  });

  it('reads a replaced file from the start', async () => {
    const f = join(logDir, 'a.log');
    writeFileSync(f, ev() + '\n' + ev() + '\n');
    const e = await open();
    await e.ingest();
    writeFileSync(f, ev() + '\n');
    const s = await e.ingest();
    expect(s.events).toBe(1);
    expect(s.warnings.join()).toMatch(/replaced/);
    expect(await count(e)).toBe(3);
  });

  it('finishes the typed tables of an ingest that stopped after its events were committed', async () => {
    writeFileSync(join(logDir, 'a.log'), [ev(), ev(), ev()].join('\n') + '\n');
    let e = await open();
    await e.ingest();
    // the state a crash between the two steps leaves: events stored, typed rows not yet copied
    const admin = (e as unknown as { db: { admin: { run(sql: string): Promise<unknown> } } }).db.admin;
    await admin.run('DELETE FROM ev_session_start');
    await admin.run("UPDATE meta SET value = '0' WHERE key = 'typed_rowid'");
    await e.close();
    e = await open();
    expect(await count(e)).toBe(3);
    expect(new Set(await uids(e)).size).toBe(3);
    expect((await e.ingest()).events).toBe(0);
    expect(await count(e)).toBe(3);
  });

  it('keeps events of unknown types out of the views but counts them', async () => {
    writeFileSync(join(logDir, 'a.log'), [ev(), ev({ event: 'future.thing', code: 'X0001I' })].join('\n') + '\n');
    const e = await open();
    const s = await e.ingest();
    expect(s.events).toBe(2);
    expect(s.unknownTypes).toBe(1);
    expect(await count(e)).toBe(1);
  });

  it('keeps events older than the longest window out of the typed tables, but in events', async () => {
    writeFileSync(join(logDir, 'a.log'), [ev({}, 119), ev({}, 120), ev({}, 400)].join('\n') + '\n');
    const e = await open();
    expect((await e.ingest()).events).toBe(3);
    expect(await count(e, 'session_start')).toBe(0); // 30-day window
    expect(Number((await query(e, 'SELECT count(*) FROM session_start', 120)).rows[0]![0])).toBe(1);
    const admin = (e as unknown as { db: { admin: { runAndReadAll(sql: string): Promise<{ getRows(): unknown[][] }> } } }).db.admin;
    expect(Number((await admin.runAndReadAll('SELECT count(*) FROM events')).getRows()[0]![0])).toBe(3);
    expect(Number((await admin.runAndReadAll('SELECT count(*) FROM ev_session_start')).getRows()[0]![0])).toBe(1);
  });

  it('honours the days window', async () => {
    writeFileSync(
      join(logDir, 'a.log'),
      [ev({}, 0), ev({}, 6), ev({}, 7), ev({}, 29), ev({}, 30), ev({}, 119), ev({}, 120)].join('\n') + '\n',
    );
    const e = await open();
    await e.ingest();
    const c = async (days: 7 | 30 | 90 | 120) => Number((await query(e, 'SELECT count(*) FROM session_start', days)).rows[0]![0]);
    expect(await c(7)).toBe(2);
    expect(await c(30)).toBe(4);
    expect(await c(90)).toBe(5);
    expect(await c(120)).toBe(6);
  });
});

describe('Athena-layout Parquet ingest', () => {
  it('loads <prefix>/<YYYY-MM-DD>/<uuid>.parquet once, into the same views as the file log', async () => {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const { dir, cleanup } = tempDir();
    try {
      const day = new Date().toISOString().slice(0, 10);
      const prefix = join(dir, 'events');
      mkdirSync(join(prefix, day), { recursive: true });
      const rows = [
        { event: 'session.start', code: 'T2000I', time: `${day}T01:00:00.123Z`, uid: 'p1', user: 'alice', sid: 's1', login: 'root', proto: 'ssh' },
        { event: 'session.start', code: 'T2000I', time: `${day}T02:00:00.000Z`, uid: 'p2', user: 'bob', sid: 's2', login: 'ubuntu', proto: 'ssh', with_mfa: 'dev-1' },
        { event: 'cert.create', code: 'TC000I', time: `${day}T03:00:00.000Z`, uid: 'p3', identity: { user: 'carol' } },
      ];
      // Write the Parquet the way Teleport's Athena backend lays it out, with a separate DuckDB.
      const db = await DuckDBInstance.create(':memory:');
      const c = await db.connect();
      await c.run(`CREATE TABLE t (uid VARCHAR, session_id VARCHAR, event_type VARCHAR, event_time TIMESTAMP_MS, "user" VARCHAR, event_data VARCHAR)`);
      for (const r of rows) {
        const v = (s: unknown) => (s == null ? 'NULL' : `'${String(s).replace(/'/g, "''")}'`);
        await c.run(
          `INSERT INTO t VALUES (${v(r.uid)}, ${v((r as { sid?: string }).sid)}, ${v(r.event)}, '${r.time.replace('T', ' ').replace('Z', '')}', ${v((r as { user?: string }).user)}, ${v(JSON.stringify(r))})`,
        );
      }
      await c.run(`COPY t TO '${join(prefix, day, '0b5d9f3e-1111-4c2b-9f00-000000000001.parquet')}' (FORMAT parquet)`);
      c.closeSync();
      db.closeSync();

      const engine = await openEngine(testConfig(join(dir, 'data'), { embedded: { parquet: [prefix] } }));
      try {
        const s = await engine.ingest();
        expect(s.events).toBe(3);
        expect((await engine.ingest()).events).toBe(0);
        const r = await query(engine, 'SELECT uid, user, login, with_mfa, event_time, event_date FROM session_start ORDER BY uid', 7);
        expect(r.rows).toEqual([
          ['p1', 'alice', 'root', null, `${day} 01:00:00.123`, day],
          ['p2', 'bob', 'ubuntu', 'dev-1', `${day} 02:00:00.000`, day],
        ]);
        expect((await query(engine, 'SELECT identity_user FROM cert_create', 7)).rows).toEqual([['carol']]);
      } finally {
        await engine.close();
      }
    } finally {
      cleanup();
    }
  });
});
