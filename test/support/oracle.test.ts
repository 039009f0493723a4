// The query oracle's own semantics, on hand-written events whose answers are worked out here:
// the window, Trino NULL rules, the one-day interval boundary, rendering, log reading. The oracle
// is the reference the engine is judged by, so it gets judged first.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parse as parseYaml } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ORACLE_QUERIES, QUERY_SQL, canonicalRows, isOrderedBy, isoToMillis, readAuditLogDetailed, renderCell, runOracle, timestampText, utcDate,
  type AuditEvent, type QueryId,
} from './oracle';
import { documentedQueriesText } from './documented-queries';

const W = { days: 7, today: '2024-03-20' };
let n = 0;
const ev = (event: string, time: string, fields: Record<string, unknown> = {}): AuditEvent => ({
  ei: 0, event, uid: `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`, code: 'X', time, cluster_name: 'c', ...fields,
});
const rows = (id: QueryId, events: AuditEvent[], window = W) => runOracle(id, events, window).rows;

describe('time window', () => {
  it('keeps event_date BETWEEN today - (days - 1) AND today, by the UTC date of time', () => {
    const events = [
      ev('session.start', '2024-03-13T23:59:59.999Z', { user: 'too-early', login: 'root' }),
      ev('session.start', '2024-03-14T00:00:00Z', { user: 'first-day', login: 'root' }),
      ev('session.start', '2024-03-13T23:30:00-01:00', { user: 'offset', login: 'root' }), // 2024-03-14T00:30Z
      ev('session.start', '2024-03-20T23:59:59.999Z', { user: 'last-ms', login: 'root' }),
      ev('session.start', '2024-03-21T00:00:00Z', { user: 'tomorrow', login: 'root' }),
    ];
    expect(rows('report-8', events)).toEqual([
      ['2024-03-14', '1', 'first-day'],
      ['2024-03-14', '1', 'offset'],
      ['2024-03-20', '1', 'last-ms'],
    ]);
    expect(rows('report-8', events, { days: 1, today: '2024-03-21' })).toEqual([['2024-03-21', '1', 'tomorrow']]);
  });

  it('rejects a malformed window', () => {
    expect(() => runOracle('report-8', [], { days: 0, today: '2024-03-20' })).toThrow(/days/);
    expect(() => runOracle('report-8', [], { days: 7, today: '20.3.2024' })).toThrow(/today/);
  });
});

describe('Trino semantics', () => {
  it('weak security: any one protection excludes a session; JSON null is NULL', () => {
    const t = '2024-03-20T10:00:00.5Z';
    const events = [
      ev('db.session.start', t, { user: 'weak' }),
      ev('db.session.start', t, { user: 'weak', with_mfa: null, access_requests: null }),
      ev('db.session.start', t, { user: 'mfa', with_mfa: 'u' }),
      ev('db.session.start', t, { user: 'req', access_requests: ['r'] }),
      ev('db.session.start', t, { user: 'imp', impersonator: 'x' }),
      ev('db.session.start', t, { user: 'dev', trusted_device: { device_id: 'd' } }),
      ev('db.session.start', t, { user: 'devnoid', trusted_device: { asset_tag: 'a' } }), // no device_id: still weak
      ev('db.session.start', t, { with_mfa: undefined }), // user NULL: its own group
    ];
    expect(rows('report-1', events)).toEqual([
      ['2024-03-20', '1', ''],
      ['2024-03-20', '1', 'devnoid'],
      ['2024-03-20', '2', 'weak'],
    ]);
  });

  it('SSH weak sessions count proto ssh only; root sessions count whatever the protection', () => {
    const t = '2024-03-19T08:00:00Z';
    const events = [
      ev('session.start', t, { user: 'a', login: 'root', proto: 'ssh' }),
      ev('session.start', t, { user: 'a', login: 'root', proto: 'kube' }),
      ev('session.start', t, { user: 'b', login: 'root', proto: 'ssh', with_mfa: 'm' }),
      ev('session.start', t, { user: 'c', login: 'ubuntu' }), // proto NULL
    ];
    expect(rows('report-2', events)).toEqual([['2024-03-19', '1', 'a']]);
    expect(rows('report-8', events)).toEqual([['2024-03-19', '2', 'a'], ['2024-03-19', '1', 'b']].sort((x, y) => (x.join() < y.join() ? -1 : 1)));
  });

  it('postgres superuser needs both protocol and user; kube execs need proto kube', () => {
    const t = '2024-03-18T08:00:00Z';
    expect(rows('report-4', [
      ev('db.session.start', t, { user: 'p', db_protocol: 'postgres', db_user: 'postgres' }),
      ev('db.session.start', t, { user: 'm', db_protocol: 'mysql', db_user: 'postgres' }),
      ev('db.session.start', t, { user: 'q', db_protocol: 'postgres', db_user: 'app' }),
    ])).toEqual([['2024-03-18', '1', 'p']]);
    expect(rows('report-5', [
      ev('exec', t, { user: 'k', proto: 'kube', command: 'sh' }),
      ev('exec', t, { user: 's', proto: 'ssh', command: 'sh' }),
    ])).toEqual([['2024-03-18', '1', 'k']]);
  });

  it('CONTAINS matches an element exactly; a NULL array matches nothing', () => {
    const t = '2024-03-18T08:00:00Z';
    expect(rows('report-9', [
      ev('kube.request', t, { user: 'm', kubernetes_groups: ['dev', 'system:masters'] }),
      ev('kube.request', t, { user: 'r', kubernetes_groups: ['system:masters-readonly'] }),
      ev('kube.request', t, { user: 'n' }),
    ])).toEqual([['2024-03-18', '1', 'm']]);
  });

  it('more than one day means more than 86 400 000 ms, with sub-millisecond digits dropped', () => {
    const time = '2024-03-20T12:00:00.25Z';
    const cert = (user: string, expires?: string) => ev('cert.create', time, { identity: { user, expires } });
    const events = [
      cert('exact', '2024-03-21T12:00:00.25Z'),
      cert('plus-1ms', '2024-03-21T12:00:00.251Z'),
      cert('plus-0.9ms', '2024-03-21T12:00:00.250900Z'),
      cert('plus-1.5ms-nanos', '2024-03-21T12:00:00.251500001Z'),
      cert('week', '2024-03-27T12:00:00Z'),
      cert('no-expiry'),
      cert('hour', '2024-03-20T13:00:00.25Z'),
    ];
    expect(rows('report-6', events).map((r) => r[2])).toEqual(['plus-1.5ms-nanos', 'plus-1ms', 'week']);
    expect(rows('report-7', [
      ev('instance.join', time, { node_name: 'n1', host_id: 'h1', token_expires: '2024-03-21T12:00:00.251Z' }),
      ev('instance.join', time, { node_name: 'n1', host_id: 'h1', token_expires: '2024-04-20T00:00:00Z' }),
      ev('instance.join', time, { node_name: 'zero', host_id: 'h2', token_expires: '0001-01-01T00:00:00Z' }),
      ev('instance.join', time, { node_name: 'none', host_id: 'h3' }),
    ])).toEqual([['2024-03-20', '2', 'n1', 'h1']]);
  });

  it('COUNT(DISTINCT) ignores NULL; DISTINCT keeps one NULL row', () => {
    const c = (day: string, user: string, ip?: string) => ev('cert.create', `${day}T09:00:00Z`, { identity: { user, client_ip: ip } });
    const events = [
      c('2024-03-19', 'admin-annie', '10.0.0.1'),
      c('2024-03-19', 'admin-annie', '10.0.0.2'),
      c('2024-03-19', 'admin-annie', '10.0.0.2'),
      c('2024-03-19', 'admin-annie'),
      c('2024-03-19', 'bob'),
      c('2024-03-20', 'admin-annie', '10.0.0.1'),
    ];
    expect(rows('example-2', events)).toEqual([
      ['2024-03-19', 'admin-annie', '2'],
      ['2024-03-19', 'bob', '0'],
      ['2024-03-20', 'admin-annie', '1'],
    ]);
    expect(rows('example-3', events)).toEqual([['2024-03-19', 'admin-annie', '2']]);
    expect(rows('example-4', events)).toEqual([[''], ['10.0.0.1'], ['10.0.0.2']]);
  });

  it('LIKE %/etc/passwd% is a case-sensitive substring match, users distinct', () => {
    const t = '2024-03-20T01:00:00Z';
    expect(rows('example-1', [
      ev('exec', t, { user: 'a', command: 'cat /etc/passwd' }),
      ev('exec', t, { user: 'a', command: 'vi /etc/passwd' }),
      ev('exec', t, { user: 'b', command: 'cat /ETC/PASSWD' }),
      ev('exec', t, { user: 'c' }),
      ev('session.start', t, { user: 'd', command: 'cat /etc/passwd' }),
    ])).toEqual([['a']]);
  });
});

describe('joins and rendering', () => {
  const create = ev('access_request.create', '2024-03-20T10:00:00.5Z', {
    user: 'frank', id: 'req-1', roles: ['db-admin', 'access'], reason: 'incident', state: 'PENDING',
    resource_ids: [{ cluster: 'c', kind: 'node', name: 'web-1' }],
  });
  const review = ev('access_request.review', '2024-03-20T10:20:00Z', { id: 'req-1', reviewer: 'annie', state: 'APPROVED', proposed_state: 'APPROVED' });
  const other = ev('access_request.review', '2024-03-20T10:30:00Z', { id: 'req-2', reviewer: 'annie', state: 'DENIED' });

  it('example 6 joins on the request id and prints arrays and rows as Trino does', () => {
    expect(runOracle('example-6', [create, review, other], W)).toEqual({
      columns: ['user', 'reason', 'roles', 'resource_ids', 'reviewer', 'state'],
      rows: [['frank', 'incident', '[db-admin, access]', '[{cluster=c, kind=node, name=web-1, sub_resource=null}]', 'annie', 'APPROVED']],
    });
  });

  it('example 5 selects every column of both views, event_date and event_time first', () => {
    const r = runOracle('example-5', [create, review, other], W);
    expect(r.rows).toHaveLength(1);
    expect(r.columns.filter((c) => c === 'event_date')).toHaveLength(2);
    expect(r.columns.slice(0, 2)).toEqual(['event_date', 'event_time']);
    const cell = (name: string, nth = 0) => r.rows[0][r.columns.map((c, i) => [c, i] as const).filter(([c]) => c === name)[nth][1]];
    expect(cell('event_time')).toBe('2024-03-20 10:00:00.500');
    expect(cell('event_time', 1)).toBe('2024-03-20 10:20:00.000');
    expect(cell('user')).toBe('frank');
    expect(cell('state')).toBe('PENDING');
    expect(cell('state', 1)).toBe('APPROVED');
    expect(cell('ei')).toBe('0');
    expect(cell('login')).toBe('');
  });

  it('renders cells in tctl text form', () => {
    expect(renderCell(undefined, 'varchar')).toBe('');
    expect(renderCell(true, 'boolean')).toBe('true');
    expect(renderCell(4294968064, 'bigint')).toBe('4294968064');
    expect(renderCell(['a', null], 'array(varchar)')).toBe('[a, null]');
    expect(renderCell({ team: 'web', env: 'prod' }, 'map(varchar, varchar)')).toBe('{env=prod, team=web}');
    expect(timestampText(isoToMillis('2024-03-20T12:12:03.37Z'))).toBe('2024-03-20 12:12:03.370');
  });
});

describe('helpers', () => {
  it('parses ISO-8601 like from_iso8601_timestamp, including year 1', () => {
    expect(isoToMillis('2024-03-20T12:12:03.374Z')).toBe(Date.parse('2024-03-20T12:12:03.374Z'));
    expect(isoToMillis('2024-03-20T12:12:03.374999999Z')).toBe(Date.parse('2024-03-20T12:12:03.374Z'));
    expect(isoToMillis('2024-03-20T14:12:03+02:00')).toBe(Date.parse('2024-03-20T12:12:03Z'));
    const year1 = new Date(0);
    year1.setUTCFullYear(1, 0, 1);
    expect(isoToMillis('0001-01-01T00:00:00Z')).toBe(year1.getTime());
    expect(utcDate(year1.getTime())).toBe('0001-01-01');
    expect(() => isoToMillis('yesterday')).toThrow(/invalid format/);
  });

  it('sorts rows canonically and checks ORDER BY with ties', () => {
    expect(canonicalRows([['b', '1'], ['a', '2'], ['a', '10']])).toEqual([['a', '10'], ['a', '2'], ['b', '1']]);
    expect(isOrderedBy([['2024-03-01', 'z'], ['2024-03-01', 'a'], ['2024-03-02', 'm']], [0])).toBe(true);
    expect(isOrderedBy([['2024-03-02', 'a'], ['2024-03-01', 'b']], [0])).toBe(false);
  });

  it('reads .log and .log.gz files in name order, skipping blank and malformed lines', () => {
    const dir = mkdtempSync(join(tmpdir(), 'amctl-oracle-'));
    try {
      writeFileSync(join(dir, '2024-03-19.log.gz'), gzipSync('{"event":"a","time":"2024-03-19T01:00:00Z"}\n'));
      writeFileSync(join(dir, '2024-03-20.log'), '{"event":"b"}\n\nnot json\n[1,2]\nnull\n{"event":"c"}\n{"event":"trunc');
      writeFileSync(join(dir, 'notes.txt'), '{"event":"ignored"}\n');
      const { events, badLines, files } = readAuditLogDetailed(dir);
      expect(events.map((e) => e.event)).toEqual(['a', 'b', 'c']);
      expect(badLines).toBe(4);
      expect(files.map((f) => f.slice(dir.length + 1))).toEqual(['2024-03-19.log.gz', '2024-03-20.log']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the SQL the oracle answers for', () => {
  it('has all 15 queries, in order', () => {
    expect(ORACLE_QUERIES.map((q) => q.id)).toEqual([
      ...[1, 2, 3, 4, 5, 6].map((i) => `example-${i}`),
      ...[1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => `report-${i}`),
    ]);
    expect(ORACLE_QUERIES.filter((q) => q.id.startsWith('report')).every((q) => q.orderBy.join() === '0')).toBe(true);
  });

  it('matches the shipped Privileged Access report word for word', () => {
    const doc = parseYaml(readFileSync(join(process.cwd(), 'schema/reports/privilege_access_report.yaml'), 'utf8')) as { audit_queries: { query: string }[] };
    expect(doc.audit_queries.map((q) => q.query)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => QUERY_SQL[`report-${i}` as QueryId]));
  });

  it('matches the documented queries (schema/examples/queries.sql)', () => {
    const spec = documentedQueriesText();
    for (const q of ORACLE_QUERIES) expect(spec, q.id).toContain(q.sql);
  });
});
