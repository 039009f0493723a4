// An independent oracle for every query in the product's queries.sql (6 documented examples and the
// 9 Privileged Access report queries): plain TypeScript over the parsed JSON events, no SQL engine.
// Tests run the SQL on an engine and compare its rows with these. Semantics follow Trino (Athena):
// - The window: event_date BETWEEN today - (days - 1) AND today, event_date the UTC date of `time`.
// - A field absent from the event (or JSON null) is NULL; Teleport omits empty values, so an
//   absent array is what `CARDINALITY(x) IS NULL` finds.
// - COUNT(DISTINCT x) ignores NULLs; DISTINCT keeps one NULL row.
// - from_iso8601_timestamp keeps milliseconds (digits beyond are dropped), so "valid for more than
//   one day" is `expires - time > 86 400 000 ms` on millisecond-truncated instants.
// - CONTAINS(array, v) is true only when an element equals v exactly.
// Rows come back in `tctl audit query exec` text form: every cell a string, NULL as "", counts as
// decimal text, dates YYYY-MM-DD, timestamps 'YYYY-MM-DD HH:MM:SS.mmm', arrays `[a, b]`, rows
// `{field=value, ...}` (a missing field prints `null`), maps `{k=v, ...}` sorted by key.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { loadCatalog } from '../../src/catalog';

export type AuditEvent = Record<string, unknown>;

export interface OracleWindow {
  /** Days in the window, counting today. */
  days: number;
  /** The window's last day, YYYY-MM-DD (UTC): what current_date is when the query runs. */
  today: string;
}

export interface OracleResult {
  columns: string[];
  /** Sorted canonically (see canonicalRows), which also satisfies each query's ORDER BY. */
  rows: string[][];
}

export type QueryId =
  | 'example-1' | 'example-2' | 'example-3' | 'example-4' | 'example-5' | 'example-6'
  | 'report-1' | 'report-2' | 'report-3' | 'report-4' | 'report-5' | 'report-6' | 'report-7' | 'report-8' | 'report-9';

export interface OracleQuery {
  id: QueryId;
  title: string;
  /** The SQL exactly as queries.sql gives it. */
  sql: string;
  /** Positions of the ORDER BY columns: engines must return rows ordered by them (ties in any order). */
  orderBy: number[];
  run(events: readonly AuditEvent[], window: OracleWindow): OracleResult;
}

/** The SQL of queries.sql, verbatim. */
export const QUERY_SQL: Record<QueryId, string> = {
  'example-1': `SELECT
  DISTINCT user
FROM
  exec
WHERE
  command LIKE '%/etc/passwd%';`,
  'example-2': `SELECT
  event_date,
  identity_user AS user,
  COUNT(DISTINCT cert_create.identity_client_ip) AS unique_ip_count
FROM
  cert_create
GROUP BY
  event_date,
  identity_user
ORDER BY
  event_date;`,
  'example-3': `SELECT * FROM (SELECT
  event_date,
  identity_user AS user,
  COUNT(DISTINCT cert_create.identity_client_ip) AS unique_ip_count
FROM
  cert_create
GROUP BY
  event_date,
  identity_user
ORDER BY
  event_date) AS data WHERE unique_ip_count > 1;`,
  'example-4': `SELECT
  DISTINCT identity_client_ip
FROM
  cert_create
WHERE identity_user = 'admin-annie';`,
  'example-5': `SELECT
  *
FROM
  access_request_create, access_request_review
WHERE
  access_request_create.id = access_request_review.id;`,
  'example-6': `SELECT
  request.user, request.reason, request.roles, request.resource_ids, review.reviewer, review.state
FROM
  access_request_create as request, access_request_review as review
WHERE
  request.id = review.id;`,
  'report-1': `SELECT
    event_date,
    count(*) as count,
    user
FROM
    db_session_start
WHERE
    CARDINALITY(access_requests) IS NULL
AND
    with_mfa IS NULL
AND
    impersonator IS NULL
AND
    trusted_device_device_id IS NULL
GROUP BY
    event_date,
    user
ORDER BY
    event_date;`,
  'report-2': `SELECT
    event_date,
    count(*) as count,
    user
FROM
    session_start
WHERE
    CARDINALITY(access_requests) IS NULL
AND
    proto='ssh'
AND
    with_mfa IS NULL
AND
    impersonator IS NULL
AND
    trusted_device_device_id IS NULL
GROUP BY
    event_date,
    proto,
    user
ORDER BY
    event_date;`,
  'report-3': `SELECT
    event_date,
    count(*) as count,
    user
FROM
    kube_request
WHERE
    CARDINALITY(access_requests) IS NULL
AND
    with_mfa IS NULL
AND
    impersonator IS NULL
AND
    trusted_device_device_id IS NULL
GROUP BY
    event_date,
    user
ORDER BY
    event_date;`,
  'report-4': `SELECT
	event_date,
	COUNT(*) AS count,
	user
FROM
    db_session_start
WHERE
    db_protocol='postgres' and db_user='postgres'
GROUP BY
    event_date,
    user
ORDER BY
    event_date;`,
  'report-5': `SELECT
    event_date,
    count(*) as count,
    user
FROM
    exec
WHERE
    proto='kube'
GROUP BY
    event_date,
    proto,
    user
ORDER BY
    event_date;`,
  'report-6': `SELECT DISTINCT
    event_date,
    COUNT(*) AS count,
    identity_user AS user
FROM
    cert_create
WHERE
    from_iso8601_timestamp(identity_expires) - from_iso8601_timestamp(time) > INTERVAL '1' DAY
GROUP BY
    event_date,
    identity_user
ORDER BY
    event_date;`,
  'report-7': `SELECT
    event_date,
    COUNT(*) as count,
    node_name,
    host_id
FROM
    instance_join
WHERE
    FROM_ISO8601_TIMESTAMP(token_expires) - FROM_ISO8601_TIMESTAMP(time) > INTERVAL '1' DAY
GROUP BY
    event_date,
    node_name,
    host_id
ORDER BY
    event_date;`,
  'report-8': `SELECT
    event_date,
    COUNT(*) as count,
    user
FROM
    session_start
WHERE
    login='root'
GROUP BY
    event_date,
    user
ORDER BY
    event_date;`,
  'report-9': `SELECT
	event_date,
	COUNT(*) as count,
	user
FROM
    kube_request
WHERE
    CONTAINS(kubernetes_groups, 'system:masters')
GROUP BY
    event_date,
    user
ORDER BY
    event_date;`,
};

// ---- Reading a Teleport file audit log -------------------------------------------------------

export interface AuditLogContents {
  events: AuditEvent[];
  /** Lines that are not a JSON object (blank lines are not counted). */
  badLines: number;
  files: string[];
}

/** Every event of a file audit log (a directory of .log / .log.gz files, or one file), in file order. */
export function readAuditLog(path: string): AuditEvent[] {
  return readAuditLogDetailed(path).events;
}

export function readAuditLogDetailed(path: string): AuditLogContents {
  const files = statSync(path).isDirectory()
    ? readdirSync(path).filter((f) => /\.log(\.gz)?$/.test(f)).sort().map((f) => join(path, f))
    : [path];
  const events: AuditEvent[] = [];
  let badLines = 0;
  for (const file of files) {
    const raw = readFileSync(file);
    const text = (file.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      try {
        const value: unknown = JSON.parse(line);
        if (value !== null && typeof value === 'object' && !Array.isArray(value)) events.push(value as AuditEvent);
        else badLines++;
      } catch {
        badLines++;
      }
    }
  }
  return { events, badLines, files };
}

// ---- Values ----------------------------------------------------------------------------------

const DAY_MS = 86_400_000;

/** The value at `path` inside the event; undefined stands for SQL NULL (absent or JSON null). */
export function fieldAt(event: AuditEvent, path: readonly string[]): unknown {
  let value: unknown = event;
  for (const key of path) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value === null ? undefined : value;
}

function str(event: AuditEvent, ...path: string[]): string | undefined {
  const v = fieldAt(event, path);
  if (v === undefined) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw new Error(`${path.join('.')} is not a scalar: ${JSON.stringify(v)}`);
}

const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:?\d{2})$/;

/** Days from 1970-01-01 to a proleptic Gregorian date (valid for year 1, unlike Date.UTC). */
function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** from_iso8601_timestamp as epoch milliseconds (fraction truncated to ms); throws like Trino on bad input. */
export function isoToMillis(text: string): number {
  const m = ISO_RE.exec(text);
  if (!m) throw new Error(`from_iso8601_timestamp: invalid format "${text}"`);
  const [, y, mo, d, h, mi, s, frac = '', zone] = m;
  let ms = daysFromCivil(Number(y), Number(mo), Number(d)) * DAY_MS + ((Number(h) * 60 + Number(mi)) * 60 + Number(s)) * 1000;
  ms += Number((frac + '000').slice(0, 3));
  if (zone !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  }
  return ms;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** YYYY-MM-DD of the UTC day containing `ms`. */
export function utcDate(ms: number): string {
  const days = Math.floor(ms / DAY_MS);
  // civil-from-days, the inverse of daysFromCivil
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
}

/** Trino's timestamp(3) text: 'YYYY-MM-DD HH:MM:SS.mmm'. */
export function timestampText(ms: number): string {
  const inDay = ((ms % DAY_MS) + DAY_MS) % DAY_MS;
  const h = Math.floor(inDay / 3_600_000);
  const mi = Math.floor((inDay % 3_600_000) / 60_000);
  const s = Math.floor((inDay % 60_000) / 1000);
  return `${utcDate(ms)} ${pad(h)}:${pad(mi)}:${pad(s)}.${pad(inDay % 1000, 3)}`;
}

/** One view row: the event with its event_date and event_time, the way every view starts. */
interface ViewRow {
  event: AuditEvent;
  date: string;
  timeMs: number;
}

/** Rows of the view for `eventType` inside the window. */
function viewRows(events: readonly AuditEvent[], eventType: string, window: OracleWindow): ViewRow[] {
  const lastDay = isoToMillis(`${window.today}T00:00:00Z`);
  const first = utcDate(lastDay - (window.days - 1) * DAY_MS);
  const rows: ViewRow[] = [];
  for (const event of events) {
    if (event.event !== eventType || typeof event.time !== 'string') continue;
    const timeMs = isoToMillis(event.time);
    const date = utcDate(timeMs);
    if (date >= first && date <= window.today) rows.push({ event, date, timeMs });
  }
  return rows;
}

// ---- Rendering cells as tctl prints them ----------------------------------------------------

function scalarText(v: unknown): string {
  if (v === undefined || v === null) return 'null';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

/** Splits `row(a varchar, b varchar)` field names. */
function rowFields(type: string): string[] {
  const inner = /^array\(row\((.*)\)\)$/.exec(type)?.[1] ?? '';
  return inner.split(',').map((f) => f.trim().split(/\s+/)[0]);
}

/** A cell of the given Trino type, as `tctl audit query exec` prints it ("" for NULL). */
export function renderCell(value: unknown, type: string): string {
  if (value === undefined || value === null) return '';
  if (type.startsWith('array(row(')) {
    if (!Array.isArray(value)) throw new Error(`expected an array for ${type}, got ${JSON.stringify(value)}`);
    const fields = rowFields(type);
    return `[${value
      .map((item) => (item === null ? 'null' : `{${fields.map((f) => `${f}=${scalarText((item as Record<string, unknown>)[f])}`).join(', ')}}`))
      .join(', ')}]`;
  }
  if (type.startsWith('array(')) {
    if (!Array.isArray(value)) throw new Error(`expected an array for ${type}, got ${JSON.stringify(value)}`);
    return `[${value.map(scalarText).join(', ')}]`;
  }
  if (type.startsWith('map(')) {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${k}=${scalarText(v)}`).join(', ')}}`;
  }
  if (type === 'integer' || type === 'bigint') {
    if (typeof value !== 'number') throw new Error(`expected a number for ${type}, got ${JSON.stringify(value)}`);
    return String(Math.trunc(value));
  }
  return scalarText(value);
}

/** All columns of a view (event_date, event_time, then the catalogue's), rendered. */
function selectStar(viewName: string): { columns: string[]; render(row: ViewRow): string[] } {
  const view = loadCatalog().byName.get(viewName);
  if (!view) throw new Error(`catalogue has no view ${viewName}`);
  return {
    columns: ['event_date', 'event_time', ...view.columns.map((c) => c.name)],
    render: (row) => [row.date, timestampText(row.timeMs), ...view.columns.map((c) => renderCell(fieldAt(row.event, c.path), c.type))],
  };
}

// ---- Row helpers -----------------------------------------------------------------------------

function compareRows(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  }
  return a.length - b.length;
}

/** A sorted copy (lexicographic over all cells): compare an engine's rows with the oracle's through it. */
export function canonicalRows(rows: readonly (readonly string[])[]): string[][] {
  return rows.map((r) => [...r]).sort(compareRows);
}

/** Whether rows are in ascending order of the given columns (ties in any order), as ORDER BY requires. */
export function isOrderedBy(rows: readonly (readonly string[])[], columns: readonly number[]): boolean {
  for (let i = 1; i < rows.length; i++) {
    const a = columns.map((c) => rows[i - 1][c]);
    const b = columns.map((c) => rows[i][c]);
    if (compareRows(a, b) > 0) return false;
  }
  return true;
}

function text(v: string | undefined): string {
  return v ?? '';
}

/** GROUP BY keys -> COUNT(*), rendered as [...keys, count] in the column order given by `shape`. */
function countBy(rows: readonly ViewRow[], keyOf: (r: ViewRow) => (string | undefined)[], shape: (keys: string[], count: string) => string[]): string[][] {
  const counts = new Map<string, { keys: string[]; n: number }>();
  for (const r of rows) {
    const keys = keyOf(r).map(text);
    // NULL and '' are different groups in SQL: keep them apart in the map key.
    const id = JSON.stringify(keyOf(r).map((k) => (k === undefined ? null : k)));
    const entry = counts.get(id);
    if (entry) entry.n++;
    else counts.set(id, { keys, n: 1 });
  }
  return canonicalRows([...counts.values()].map(({ keys, n }) => shape(keys, String(n))));
}

function distinctRows(rows: string[][], nullAware: (string | undefined)[][]): string[][] {
  const seen = new Map<string, string[]>();
  rows.forEach((r, i) => seen.set(JSON.stringify(nullAware[i].map((k) => (k === undefined ? null : k))), r));
  return canonicalRows([...seen.values()]);
}

/** with_mfa, access requests, impersonator and trusted device all absent (reports 1 to 3). */
function weakSecurity(e: AuditEvent): boolean {
  return (
    fieldAt(e, ['access_requests']) === undefined &&
    fieldAt(e, ['with_mfa']) === undefined &&
    fieldAt(e, ['impersonator']) === undefined &&
    fieldAt(e, ['trusted_device', 'device_id']) === undefined
  );
}

/** from_iso8601_timestamp(a) - from_iso8601_timestamp(b) > INTERVAL '1' DAY; NULL (false) when either is NULL. */
function longerThanADay(expires: string | undefined, time: string | undefined): boolean {
  if (expires === undefined || time === undefined) return false;
  return isoToMillis(expires) - isoToMillis(time) > DAY_MS;
}

const perDayUser = (r: ViewRow): (string | undefined)[] => [r.date, str(r.event, 'user')];
const dateCountUser = (keys: string[], count: string): string[] => [keys[0], count, keys[1]];

function ipCountsPerDay(events: readonly AuditEvent[], window: OracleWindow): { date: string; user: string | undefined; ips: number }[] {
  const groups = new Map<string, { date: string; user: string | undefined; ips: Set<string> }>();
  for (const r of viewRows(events, 'cert.create', window)) {
    const user = str(r.event, 'identity', 'user');
    const id = JSON.stringify([r.date, user ?? null]);
    let g = groups.get(id);
    if (!g) groups.set(id, (g = { date: r.date, user, ips: new Set() }));
    const ip = str(r.event, 'identity', 'client_ip');
    if (ip !== undefined) g.ips.add(ip);
  }
  return [...groups.values()].map((g) => ({ date: g.date, user: g.user, ips: g.ips.size }));
}

function requestReviewPairs(events: readonly AuditEvent[], window: OracleWindow): [ViewRow, ViewRow][] {
  const reviews = viewRows(events, 'access_request.review', window);
  const pairs: [ViewRow, ViewRow][] = [];
  for (const req of viewRows(events, 'access_request.create', window)) {
    const id = str(req.event, 'id');
    if (id === undefined) continue;
    for (const rev of reviews) if (str(rev.event, 'id') === id) pairs.push([req, rev]);
  }
  return pairs;
}

// ---- The queries -----------------------------------------------------------------------------

type Runner = (events: readonly AuditEvent[], window: OracleWindow) => OracleResult;

const RUNNERS: Record<QueryId, { title: string; orderBy: number[]; run: Runner }> = {
  'example-1': {
    title: 'Distinct users who ran an ssh command touching /etc/passwd',
    orderBy: [],
    run: (events, w) => {
      const hits = viewRows(events, 'exec', w).filter((r) => str(r.event, 'command')?.includes('/etc/passwd'));
      const keys = hits.map((r) => [str(r.event, 'user')]);
      return { columns: ['user'], rows: distinctRows(keys.map((k) => k.map(text)), keys) };
    },
  },
  'example-2': {
    title: "Per day, the number of distinct IP addresses behind each user's certificates",
    orderBy: [0],
    run: (events, w) => ({
      columns: ['event_date', 'user', 'unique_ip_count'],
      rows: canonicalRows(ipCountsPerDay(events, w).map((g) => [g.date, text(g.user), String(g.ips)])),
    }),
  },
  'example-3': {
    title: 'Users who reached the cluster from more than one IP address on a day',
    orderBy: [],
    run: (events, w) => ({
      columns: ['event_date', 'user', 'unique_ip_count'],
      rows: canonicalRows(ipCountsPerDay(events, w).filter((g) => g.ips > 1).map((g) => [g.date, text(g.user), String(g.ips)])),
    }),
  },
  'example-4': {
    title: "Every distinct IP address used by user 'admin-annie'",
    orderBy: [],
    run: (events, w) => {
      const keys = viewRows(events, 'cert.create', w)
        .filter((r) => str(r.event, 'identity', 'user') === 'admin-annie')
        .map((r) => [str(r.event, 'identity', 'client_ip')]);
      return { columns: ['identity_client_ip'], rows: distinctRows(keys.map((k) => k.map(text)), keys) };
    },
  },
  'example-5': {
    title: 'Access requests and their reviews',
    orderBy: [],
    run: (events, w) => {
      const req = selectStar('access_request_create');
      const rev = selectStar('access_request_review');
      return {
        columns: [...req.columns, ...rev.columns],
        rows: canonicalRows(requestReviewPairs(events, w).map(([a, b]) => [...req.render(a), ...rev.render(b)])),
      };
    },
  },
  'example-6': {
    title: 'Access request and review details',
    orderBy: [],
    run: (events, w) => {
      const view = loadCatalog().byName.get('access_request_create');
      const typeOf = (name: string): string => view?.columns.find((c) => c.name === name)?.type ?? 'varchar';
      return {
        columns: ['user', 'reason', 'roles', 'resource_ids', 'reviewer', 'state'],
        rows: canonicalRows(
          requestReviewPairs(events, w).map(([a, b]) => [
            text(str(a.event, 'user')),
            text(str(a.event, 'reason')),
            renderCell(fieldAt(a.event, ['roles']), typeOf('roles')),
            renderCell(fieldAt(a.event, ['resource_ids']), typeOf('resource_ids')),
            text(str(b.event, 'reviewer')),
            text(str(b.event, 'state')),
          ]),
        ),
      };
    },
  },
  'report-1': {
    title: 'Database sessions with weak security',
    orderBy: [0],
    run: (events, w) => ({
      columns: ['event_date', 'count', 'user'],
      rows: countBy(viewRows(events, 'db.session.start', w).filter((r) => weakSecurity(r.event)), perDayUser, dateCountUser),
    }),
  },
  'report-2': {
    title: 'SSH sessions with weak security',
    orderBy: [0],
    run: (events, w) => ({
      columns: ['event_date', 'count', 'user'],
      rows: countBy(
        viewRows(events, 'session.start', w).filter((r) => str(r.event, 'proto') === 'ssh' && weakSecurity(r.event)),
        perDayUser,
        dateCountUser,
      ),
    }),
  },
  'report-3': {
    title: 'Kubernetes API calls with weak security',
    orderBy: [0],
    run: (events, w) => ({
      columns: ['event_date', 'count', 'user'],
      rows: countBy(viewRows(events, 'kube.request', w).filter((r) => weakSecurity(r.event)), perDayUser, dateCountUser),
    }),
  },
  'report-4': {
    title: 'Privileged PostgreSQL sessions',
    orderBy: [0],
    run: (events, w) => ({
      columns: ['event_date', 'count', 'user'],
      rows: countBy(
        viewRows(events, 'db.session.start', w).filter((r) => str(r.event, 'db_protocol') === 'postgres' && str(r.event, 'db_user') === 'postgres'),
        perDayUser,
        dateCountUser,
      ),
    }),
  },
  'report-5': {
    title: 'Kube Execs',
    orderBy: [0],
    run: (events, w) => ({
      columns: ['event_date', 'count', 'user'],
      rows: countBy(viewRows(events, 'exec', w).filter((r) => str(r.event, 'proto') === 'kube'), perDayUser, dateCountUser),
    }),
  },
  'report-6': {
    title: 'Long-lived certificates',
    orderBy: [0],
    run: (events, w) => ({
      columns: ['event_date', 'count', 'user'],
      rows: countBy(
        viewRows(events, 'cert.create', w).filter((r) => longerThanADay(str(r.event, 'identity', 'expires'), str(r.event, 'time'))),
        (r) => [r.date, str(r.event, 'identity', 'user')],
        dateCountUser,
      ),
    }),
  },
  'report-7': {
    title: 'Long-lived join tokens',
    orderBy: [0],
    run: (events, w) => ({
      columns: ['event_date', 'count', 'node_name', 'host_id'],
      rows: countBy(
        viewRows(events, 'instance.join', w).filter((r) => longerThanADay(str(r.event, 'token_expires'), str(r.event, 'time'))),
        (r) => [r.date, str(r.event, 'node_name'), str(r.event, 'host_id')],
        (keys, count) => [keys[0], count, keys[1], keys[2]],
      ),
    }),
  },
  'report-8': {
    title: 'Root SSH sessions',
    orderBy: [0],
    run: (events, w) => ({
      columns: ['event_date', 'count', 'user'],
      rows: countBy(viewRows(events, 'session.start', w).filter((r) => str(r.event, 'login') === 'root'), perDayUser, dateCountUser),
    }),
  },
  'report-9': {
    title: 'System Kubernetes API calls',
    orderBy: [0],
    run: (events, w) => ({
      columns: ['event_date', 'count', 'user'],
      rows: countBy(
        viewRows(events, 'kube.request', w).filter((r) => {
          const groups = fieldAt(r.event, ['kubernetes_groups']);
          return Array.isArray(groups) && groups.includes('system:masters');
        }),
        perDayUser,
        dateCountUser,
      ),
    }),
  },
};

function validateWindow(window: OracleWindow): void {
  if (!Number.isInteger(window.days) || window.days < 1) throw new Error(`oracle: days must be a positive whole number, got ${window.days}`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(window.today)) throw new Error(`oracle: today must be YYYY-MM-DD, got ${window.today}`);
}

export const ORACLE_QUERIES: readonly OracleQuery[] = (Object.keys(RUNNERS) as QueryId[]).map((id) => ({
  id,
  title: RUNNERS[id].title,
  sql: QUERY_SQL[id],
  orderBy: RUNNERS[id].orderBy,
  run: (events, window) => {
    validateWindow(window);
    return RUNNERS[id].run(events, window);
  },
}));

export function oracleQuery(id: QueryId): OracleQuery {
  const q = ORACLE_QUERIES.find((x) => x.id === id);
  if (!q) throw new Error(`oracle: no query ${id}`);
  return q;
}

/** The rows `id` returns over `events` in the window. */
export function runOracle(id: QueryId, events: readonly AuditEvent[], window: OracleWindow): OracleResult {
  return oracleQuery(id).run(events, window);
}
