// The investigation timeline's SQL: Trino SQL over the base view `audit_events` (every event type in
// one scan of the window), so it runs unchanged on the embedded engine and, as view CTEs over
// Teleport's table, on Athena and Trino. Values are literals escaped here; the SQL guard checks the
// result like any other query.
import { BASE_VIEW_NAME } from '../catalog/base-view';

export type EntityKind = 'user' | 'host' | 'ip' | 'session';
export const ENTITY_KINDS: readonly EntityKind[] = ['user', 'host', 'ip', 'session'];

export const sqlString = (s: string) => `'${s.replace(/'/g, "''")}'`;

const field = (path: string) => `json_extract_scalar(event_data, '${path}')`;

/** Event fields the timeline reads: where Teleport's events keep the remote address, host and login. */
export const FIELDS = {
  ip: field('$["addr.remote"]'),
  host: field('$.server_hostname'),
  login: field('$.login'),
  sid: field('$.sid'),
} as const;

/** `TIMESTAMP '...'` from an ISO instant (UTC, ms), the base table's event_time type. */
export function timestampLiteral(ms: number): string {
  return `TIMESTAMP '${new Date(ms).toISOString().replace('T', ' ').replace('Z', '')}'`;
}

/** The rows that concern the entity. An IP matches with or without a port. */
export function entityPredicate(kind: EntityKind, value: string): string {
  const v = sqlString(value);
  switch (kind) {
    case 'user':
      return `("user" = ${v} OR ${field('$.user')} = ${v})`;
    case 'host':
      return `(${FIELDS.host} = ${v} OR ${field('$.server_addr')} = ${v})`;
    case 'ip':
      return `(${FIELDS.ip} = ${v} OR ${FIELDS.ip} LIKE ${sqlString(`${value.replace(/[%_]/g, '')}:%`)} OR ${field('$.remote_addr')} = ${v})`;
    case 'session':
      return `(session_id = ${v} OR ${FIELDS.sid} = ${v})`;
  }
}

export interface TimelineRange {
  fromMs: number;
  toMs: number;
}

function where(kind: EntityKind, value: string, r: TimelineRange): string {
  return `${entityPredicate(kind, value)} AND event_time >= ${timestampLiteral(r.fromMs)} AND event_time < ${timestampLiteral(r.toMs)}`;
}

/** A page of events, newest first; `before` is the (time, uid) of the last row of the previous page. */
export function eventsSql(kind: EntityKind, value: string, r: TimelineRange, limit: number, before?: { timeMs: number; uid: string }): string {
  const keyset = before
    ? ` AND (event_time < ${timestampLiteral(before.timeMs)} OR (event_time = ${timestampLiteral(before.timeMs)} AND uid < ${sqlString(before.uid)}))`
    : '';
  return (
    `SELECT event_time, event_type, uid, session_id, "user", event_data FROM ${BASE_VIEW_NAME} ` +
    `WHERE ${where(kind, value, r)}${keyset} ORDER BY event_time DESC, uid DESC LIMIT ${limit}`
  );
}

export type BucketUnit = 'hour' | 'day';

/** Events per hour (ranges up to two days) or per day. */
export function histogramSql(kind: EntityKind, value: string, r: TimelineRange, unit: BucketUnit): string {
  return (
    `SELECT date_trunc('${unit}', event_time) AS bucket, count(*) AS events FROM ${BASE_VIEW_NAME} ` +
    `WHERE ${where(kind, value, r)} GROUP BY 1 ORDER BY 1`
  );
}

/** Distinct (ip, host, login, user, roles) combinations with counts; folded into lists by the caller. */
export function facetsSql(kind: EntityKind, value: string, r: TimelineRange, limit: number): string {
  return (
    `SELECT ${FIELDS.ip} AS ip, ${FIELDS.host} AS host, ${FIELDS.login} AS login, "user" AS login_user, ` +
    `json_format(json_extract(event_data, '$.roles')) AS roles, count(*) AS events FROM ${BASE_VIEW_NAME} ` +
    `WHERE ${where(kind, value, r)} GROUP BY 1, 2, 3, 4, 5 ORDER BY 6 DESC LIMIT ${limit}`
  );
}
