// The catalogue views as Trino CTEs in front of the user's SQL, for the engines that run Trino SQL
// over Teleport's Athena table (Athena, Trino). The views are never created in the metastore (the
// engine's identity need not be allowed DDL, and we never want it to): every query carries the
// definitions of the views it reads, each restricted to the `days` window so the engine prunes the
// event_date partitions.
import type { AuditView, ViewColumn } from '../catalog/types';
import type { WindowDays } from './types';

/** Teleport's audit table: Glue database (Trino schema) and table, and on Trino its catalog. */
export interface AuditTableRef {
  catalog?: string;
  database: string;
  table: string;
}

/** A Trino identifier, always quoted: view columns include reserved words (`user`). */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function sqlString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** Trino JSON path in bracket form, so keys with dots (`addr.local`) stay one key. */
export function jsonPath(keys: readonly string[]): string {
  for (const k of keys) {
    if (/["\\]/.test(k)) throw new Error(`JSON key ${JSON.stringify(k)} contains a quote or backslash; the catalogue should not have one`);
  }
  return '$' + keys.map((k) => `["${k}"]`).join('');
}

// Type names come from our own catalogue; still, only plain type syntax goes into SQL text.
const TYPE_TEXT = /^[a-z][a-z0-9_ ]*(\([a-z0-9_ ,()"]*\))?$/i;

/** The Trino expression that reads one view column out of the event's JSON text. */
export function columnExpression(col: ViewColumn): string {
  const type = col.type.trim().toLowerCase();
  if (!TYPE_TEXT.test(type)) throw new Error(`column ${col.name} has an unexpected type ${JSON.stringify(col.type)}`);
  const path = sqlString(jsonPath(col.path));
  // varchar: json_extract_scalar gives the string itself (no JSON quotes) and NULL for a missing key,
  // a JSON null, or an object/array, where CAST(json AS varchar) would fail the whole query.
  if (type === 'varchar' || type.startsWith('varchar(')) return `json_extract_scalar(event_data, ${path})`;
  if (type === 'json') return `json_extract(event_data, ${path})`;
  // Everything else (numbers, booleans, arrays, rows, maps) is Trino's JSON cast: a missing key or a
  // JSON null gives NULL, objects map to row fields by name.
  return `CAST(json_extract(event_data, ${path}) AS ${type})`;
}

/** `current_date - (days-1)` .. `current_date`: today counts as the first day (SPEC section 2). */
export function windowPredicate(days: WindowDays): string {
  return `event_date BETWEEN current_date - INTERVAL '${days - 1}' DAY AND current_date`;
}

/** `name AS (SELECT ... FROM "db"."table" WHERE event_type = '...' AND <window>)` */
export function viewCte(view: AuditView, target: AuditTableRef, days: WindowDays): string {
  if (view.base) {
    return (
      `${quoteIdent(view.name)} AS (SELECT event_date, event_time, ${view.columns.map((c) => quoteIdent(c.name)).join(', ')} ` +
      `FROM ${quoteIdent(target.database)}.${quoteIdent(target.table)} WHERE ${windowPredicate(days)})`
    );
  }
  const cols = [
    'event_date',
    'event_time',
    ...view.columns.map((c) => `${columnExpression(c)} AS ${quoteIdent(c.name)}`),
  ];
  return (
    `${quoteIdent(view.name)} AS (SELECT ${cols.join(', ')} ` +
    `FROM ${quoteIdent(target.database)}.${quoteIdent(target.table)} ` +
    `WHERE event_type = ${sqlString(view.eventType)} AND ${windowPredicate(days)})`
  );
}

/** Index just past whitespace and comments starting at i. */
function skipTrivia(sql: string, i: number): number {
  for (;;) {
    while (i < sql.length && /\s/.test(sql[i]!)) i++;
    if (sql.startsWith('--', i)) {
      const nl = sql.indexOf('\n', i);
      i = nl < 0 ? sql.length : nl + 1;
    } else if (sql.startsWith('/*', i)) {
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? sql.length : end + 2;
    } else {
      return i;
    }
  }
}

/** End of the last token that is not a comment, whitespace or `;` (strings and quoted names skipped whole). */
function significantEnd(sql: string): number {
  let end = 0;
  let i = 0;
  while (i < sql.length) {
    const j = skipTrivia(sql, i);
    if (j !== i) {
      i = j;
      continue;
    }
    const ch = sql[i]!;
    if (ch === "'" || ch === '"') {
      let k = i + 1;
      for (; k < sql.length; k++) {
        if (sql[k] === ch) {
          if (sql[k + 1] === ch) k++;
          else break;
        }
      }
      i = k + 1;
      end = Math.min(i, sql.length);
      continue;
    }
    i++;
    if (ch !== ';') end = i;
  }
  return end;
}

/**
 * The statement Athena runs: the views' CTEs, then the user's SQL. A user WITH clause is merged into
 * ours (`WITH <views>, <user ctes> SELECT ...`) because Trino has one WITH per query level. Trailing
 * semicolons are dropped (Athena takes one statement).
 */
export function buildAthenaStatement(userSql: string, views: readonly AuditView[], target: AuditTableRef, days: WindowDays): string {
  const body = userSql.slice(0, significantEnd(userSql));
  if (views.length === 0) return body;
  const ctes = views.map((v) => viewCte(v, target, days)).join(',\n');
  const start = skipTrivia(body, 0);
  const m = /^with(\s+recursive)?\b/i.exec(body.slice(start));
  if (!m) return `WITH ${ctes}\n${body}`;
  const rest = body.slice(start + m[0].length);
  return `WITH${m[1] ? ' RECURSIVE' : ''} ${ctes},\n${rest.replace(/^\s+/, '')}`;
}

/** The same statement for any Trino engine (Athena is one). */
export const buildViewStatement = buildAthenaStatement;
