// The embedded engine's one refusal form. What DuckDB cannot compute exactly as Trino does is refused with
// this message (at translation time where the query text shows it, else when the value shows it), never
// answered differently. Athena runs every refused form.
import { SqlRejectedError } from '../errors/engine-error';

export function refusalMessage(what: string): string {
  return `not supported by the embedded engine: ${what}; it runs on Athena`;
}

/** Thrown at translation time: the query is refused before it runs. */
export function refuseEmbedded(what: string): never {
  throw new SqlRejectedError(refusalMessage(what));
}

/** A SQL expression that refuses at run time (for what only the value shows). */
export function refusalSql(what: string): string {
  return `error('${refusalMessage(what).replace(/'/g, "''")}')`;
}

/**
 * Trino forms DuckDB's parser cannot read, recognised in the text of a statement that failed to parse:
 * the syntax error becomes the refusal naming the form.
 */
const UNPARSEABLE_TRINO_FORMS: readonly [RegExp, string][] = [
  [/\bjson_(object|array)\s*\(/i, 'json_object / json_array'],
  [/\bjson_(query|value|exists|table)\s*\(/i, 'the SQL/JSON path functions (json_query, json_value, json_exists, json_table)'],
  [/\bON\s+OVERFLOW\b/i, 'listagg ... ON OVERFLOW'],
  [/\bROW\s*\(\s*(integer|int|bigint|smallint|tinyint|double|real|varchar|boolean|date|timestamp|decimal|array|map|row)\b\s*[,()]/i, 'anonymous ROW types (ROW(integer, integer)) in casts'],
  [/\bMATCH_RECOGNIZE\b/i, 'MATCH_RECOGNIZE'],
  [/\bFORMAT\s+JSON\b/i, 'FORMAT JSON'],
  [/\bTRY_CAST\s*\([^)]*\bAS\s+ROW\b/i, 'TRY_CAST to ROW'],
];

/** The refusal for a statement DuckDB could not parse, when its text uses a Trino form we know. */
export function unparseableTrinoForm(sql: string): string | undefined {
  for (const [pattern, what] of UNPARSEABLE_TRINO_FORMS) if (pattern.test(sql)) return refusalMessage(what);
  return undefined;
}
