// The CLI as a user runs it: bin/amctl in a child process, exact tctl output, stdin, errors.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../support/engine';

const AMCTL = fileURLToPath(new URL('../../bin/amctl', import.meta.url));

describe('amctl CLI', () => {
  let dir: string;
  let cleanup: () => void;
  let logDir: string;
  const day = new Date().toISOString().slice(0, 10);

  const run = (args: string[], input?: string) => {
    const r = spawnSync(process.execPath, [AMCTL, '--data-dir', join(dir, 'data'), ...args], {
      input,
      encoding: 'utf8',
      cwd: dir,
      env: { ...process.env, AMCTL_CONFIG: '', AMCTL_DEBUG: '' },
    });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };

  beforeAll(() => {
    ({ dir, cleanup } = tempDir());
    logDir = join(dir, 'log');
    mkdirSync(logDir);
    const events = [
      { event: 'cert.create', code: 'TC000I', time: `${day}T12:12:03.374Z`, uid: 'a', identity: { user: 'alice', client_ip: '10.1.1.1' } },
      { event: 'cert.create', code: 'TC000I', time: `${day}T12:13:00Z`, uid: 'b', identity: { user: 'bob' } },
    ];
    writeFileSync(join(logDir, `${day}.log`), events.map((e) => JSON.stringify(e)).join('\n') + '\n');
  });
  afterAll(() => cleanup());

  it('prints exactly the tctl audit query exec JSON', () => {
    const r = run(['--audit-log', logDir, 'audit', 'query', 'exec', 'SELECT event_time, identity_user, identity_client_ip, 1 AS one FROM cert_create ORDER BY event_time']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const expected = [
      { data: ['event_time', 'identity_user', 'identity_client_ip', 'one'] },
      { data: [`${day} 12:12:03.374`, 'alice', '10.1.1.1', '1'] },
      { data: [`${day} 12:13:00.000`, 'bob', '', '1'] },
    ];
    expect(r.out).toBe(JSON.stringify(expected, null, 4) + '\n');
  });

  it('reads the SQL from standard input and honours --days', () => {
    const r = run(['--audit-log', logDir, 'audit', 'query', 'exec', '--days', '30'], 'SELECT count(*) AS n FROM cert_create\n');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual([{ data: ['n'] }, { data: ['2'] }]);
  });

  it('exits non-zero with one line, no stack trace, for refused SQL', () => {
    const r = run(['--audit-log', logDir, 'audit', 'query', 'exec', 'DELETE FROM cert_create']);
    expect(r.code).not.toBe(0);
    expect(r.out).toBe('');
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/^amctl: sql rejected: /);
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('reports a failing query with the engine reason', () => {
    const r = run(['--audit-log', logDir, 'audit', 'query', 'exec', 'SELECT nope FROM cert_create']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^amctl: query failed: .*nope/);
  });

  it("fails as Trino fails, in Trino's words: division by zero, an invalid cast", () => {
    const zero = run(['--audit-log', logDir, 'audit', 'query', 'exec', 'SELECT 155 / 0']);
    expect(zero.code).toBe(1);
    expect(zero.out).toBe('');
    expect(zero.err).toBe('amctl: query failed: Division by zero\n');
    const cast = run(['--audit-log', logDir, 'audit', 'query', 'exec', "SELECT CAST('P332a' AS BIGINT)"]);
    expect(cast.code).toBe(1);
    expect(cast.err).toBe("amctl: query failed: Cannot cast 'P332a' to BIGINT\n");
  });

  it('refuses what the embedded engine cannot answer as Trino does, saying so', () => {
    const r = run(['--audit-log', logDir, 'audit', 'query', 'exec', "SELECT format('%03d', 8)"]);
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(/not supported by the embedded engine: format \(Java format strings\); it runs on Athena/);
  });

  it("prints values in Trino's text forms: precision, zones, doubles, dates, arrays, maps and rows", () => {
    const sql = `SELECT TIMESTAMP '2020-06-10 15:55:23.383345' AS t6, TIMESTAMP '2020-06-10 15:55:23' AS t0,
      from_iso8601_timestamp('2020-05-11T11:15:05.055+01:00') AS tz, dot_product(ARRAY[1.0, 2.0], ARRAY[3.0, 4.0]) AS d,
      date '2012-08-08' + interval '2' day AS dt, ARRAY[1, NULL] AS a, MAP(ARRAY['k'], ARRAY[1]) AS m,
      CAST(ROW(123, 'abc') AS ROW(v1 BIGINT, v2 VARCHAR)) AS r, ROW(1, 'a') AS anon`;
    const r = run(['--audit-log', logDir, 'audit', 'query', 'exec', sql]);
    expect(r.err).toBe('');
    expect(JSON.parse(r.out)).toEqual([
      { data: ['t6', 't0', 'tz', 'd', 'dt', 'a', 'm', 'r', 'anon'] },
      {
        data: ['2020-06-10 15:55:23.383345', '2020-06-10 15:55:23', '2020-05-11 11:15:05.055 +01:00', '11.0', '2012-08-10', '[1, null]', '{k=1}', '{v1=123, v2=abc}', '{1, a}'],
      },
    ]);
  });

  it('rejects a bad --days value', () => {
    const r = run(['audit', 'query', 'exec', '--days', '14', 'SELECT 1']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/--days must be one of 7, 30, 90, 120/);
  });

  it('says what to do when the audit log does not exist', () => {
    const r = run(['--audit-log', join(dir, 'missing'), 'ingest']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/does not exist: point --audit-log/);
  });

  it('ingest prints a summary with events, files and bad lines', () => {
    writeFileSync(join(logDir, 'bad.log'), 'garbage\n');
    const r = run(['--audit-log', logDir, 'ingest', '--quiet']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^ingested [\d,]+ events from \d+ of 2 files in [\d.]+ s; 1 bad line skipped\n$/);
    expect(r.err).toMatch(/bad\.log:1: not valid JSON/);
  });

  it('stops quietly when the reader of its output goes away (| head)', () => {
    const r = spawnSync('bash', ['-c', `"${process.execPath}" "${AMCTL}" audit schema | head -1`], { encoding: 'utf8', cwd: dir });
    expect(r.stdout).toBe('View: access_list_create\n');
    expect(r.stderr).toBe('');
  });

  it('audit schema lists every view with Name/Type/Description', () => {
    const r = run(['audit', 'schema']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/View: session_start\n/);
    expect(r.out).toMatch(/Name\s+Type\s+Description/);
    expect(r.out).toMatch(/\nidentity_user\s+varchar\s+\S/);
    const json = JSON.parse(run(['audit', 'schema', '--format', 'json', '--view', 'cert_create']).out);
    expect(json.views[0].columns.slice(0, 2).map((c: { name: string }) => c.name)).toEqual(['event_date', 'event_time']);
  });
});
