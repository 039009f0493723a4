// Date and time functions whose Trino meaning DuckDB's built-ins miss for some arguments: date() of text
// (Trino takes a date only, no time; DuckDB's parser makes date(x) a cast, rewritten in translate.ts), date_diff of dates by sub-day units (an error in Trino),
// from_unixtime of NaN (the epoch) and its rounding to milliseconds, current_date() (not Trino syntax), and
// from_iso8601_timestamp of a constant text (Joda's ISO parser: years of 1-9 digits, a bare 'T', a comma
// fraction; DuckDB's cast reads other texts).
import { type Expr, stringConstant, varcharConstant } from './ast';
import type { Tpl } from './function-rewrites';
import { SqlRejectedError } from '../errors/engine-error';
import { refuseEmbedded, refusalSql } from './refusal';
import type { TemporalInfo } from './result-types';

const SUB_DAY_UNITS = new Set(['millisecond', 'second', 'minute', 'hour']);

/** from_unixtime(seconds): Java's Math.round of the milliseconds (half up), NaN as the epoch. */
export const FROM_UNIXTIME =
  'make_timestamptz(CAST(CASE WHEN isnan(CAST($1 AS DOUBLE)) THEN 0e0 ELSE floor(CAST($1 AS DOUBLE) * 1000 + 0.5) END AS BIGINT) * 1000)';

/** CAST(varchar AS date) as Trino reads the text: [+-]yyyy-m-d between optional spaces, nothing else. */
/**
 * CAST(text AS date) of a constant text: the text DuckDB reads the same, a run-time error where Trino fails,
 * undefined for years Trino shows with a sign (refused by the caller).
 */
export function dateText(text: string): { text: string } | { error: string } | undefined {
  if (/^\s*\+?\d{1,4}-\d{1,2}-\d{1,2}\s*$/.test(text)) return { text: text.trim().replace(/^\+/, '') };
  if (/^\s*[+-]?\d{5,}-\d{1,2}-\d{1,2}\s*$/.test(text)) return undefined;
  return { error: `Value cannot be cast to date: ${text}` };
}

export const VARCHAR_TO_DATE =
  "CASE WHEN $1 IS NULL THEN NULL WHEN regexp_full_match($1, '\\s*\\+?\\d{1,4}-\\d{1,2}-\\d{1,2}\\s*') THEN CAST(ltrim(trim($1), '+') AS DATE) " +
  `WHEN regexp_full_match($1, '\\s*[+-]?\\d{5,}-\\d{1,2}-\\d{1,2}\\s*') THEN ${refusalSql('dates of years past 9999 or before 1')} ` +
  "ELSE error('Value cannot be cast to date: ' || $1) END";

/** Joda's ISO date-time (Trino's from_iso8601_timestamp): calendar date, optional 'T' time and offset. */
const ISO_DATE_TIME =
  /^(?:(\d{1,9})(?:-(\d{1,2})(?:-(\d{1,2}))?)?)?(?:T(?:(\d{1,2})(?::(\d{1,2})(?::(\d{1,2})(?:[.,](\d{1,9}))?)?)?)?(Z|[+-]\d\d(?::?\d\d)?)?)?$/;

/** Where Joda's parser stops: the longest prefix it reads (its error names the rest). */
function parsedPrefixLength(text: string): number {
  for (let n = text.length; n > 0; n--) {
    const prefix = text.slice(0, n);
    const m = ISO_DATE_TIME.exec(prefix);
    if (m && (m[1] !== undefined || prefix.startsWith('T'))) return n;
  }
  return 0;
}

/** Joda's message for a text it cannot parse. */
function invalidFormat(text: string): string {
  const at = parsedPrefixLength(text);
  if (at <= 0) return `Invalid format: "${text}"`;
  if (at >= text.length) return `Invalid format: "${text}" is too short`;
  return `Invalid format: "${text}" is malformed at "${text.slice(at)}"`;
}

const pad = (v: string | undefined, n: number, fallback = '0') => (v ?? fallback).padStart(n, '0');

/**
 * A constant from_iso8601_timestamp text as DuckDB's cast reads it, or an error message (Trino fails on it
 * when the call runs), or undefined when the text is of a form not handled here (refused by the caller).
 */
export function normalizeIsoTimestamp(text: string): { text: string } | { error: string } | undefined {
  const m = ISO_DATE_TIME.exec(text);
  if (!m || (m[1] === undefined && !text.startsWith('T'))) {
    // ISO week dates (2024-W10-3) and ordinal dates (2024-070) are valid in Joda; not handled here
    // and fractions of an hour or a minute (T10.5)
    return /^\d{1,9}-(W|\d{3})|T\d{1,2}(:\d{1,2})?[.,]/.test(text) ? undefined : { error: invalidFormat(text) };
  }
  const [, year, month, day, hour, minute, second, fraction, zone] = m;
  if (year !== undefined && (year.length > 4 || Number(year) === 0)) return undefined;
  const date = year === undefined ? '1970-01-01' : `${pad(year, 4)}-${pad(month, 2, '1')}-${pad(day, 2, '1')}`;
  const time = `${pad(hour, 2)}:${pad(minute, 2)}:${pad(second, 2)}${fraction ? `.${fraction.slice(0, 6)}` : ''}`;
  const offset = !zone || zone === 'Z' ? '+00:00' : zone;
  return { text: `${date} ${time}${offset}` };
}

/**
 * The rewrite of a date/time call for the arguments named above, or undefined to keep the generic one.
 * `isVarchar` says whether an argument is known to be text.
 */
export function rewriteDatetimeFunction(name: string, e: Expr, infoOf: (x: Expr) => TemporalInfo | undefined, isVarchar: (x: Expr) => boolean, tpl: Tpl): Expr | undefined {
  const args: Expr[] = e.children ?? [];
  if (name === 'current_date' && args.length === 0 && !e.is_operator) {
    throw new SqlRejectedError("mismatched input '(' after current_date: current_date is written without parentheses");
  }
  if (name === 'date_diff' && args.length === 3 && infoOf(args[1]!)?.kind === 'date' && infoOf(args[2]!)?.kind === 'date') {
    const unit = stringConstant(args[0])?.toLowerCase();
    if (unit && SUB_DAY_UNITS.has(unit)) {
      return tpl(`CASE WHEN $1 IS NULL OR $2 IS NULL OR $3 IS NULL THEN CAST(NULL AS BIGINT) ELSE error('''${unit}'' is not a valid DATE field') END`, args);
    }
  }
  if (name === 'from_unixtime' && args.length === 1) return tpl(FROM_UNIXTIME, args);
  if (name === 'from_iso8601_timestamp' && args.length === 1) {
    const text = stringConstant(args[0]);
    if (text === undefined) return undefined;
    const normalized = normalizeIsoTimestamp(text);
    if (!normalized) refuseEmbedded('from_iso8601_timestamp of an ISO week date, an ordinal date, a fraction of an hour or minute, or a year outside 1-9999');
    if ('error' in normalized) return tpl(`CAST(error(${sqlText(normalized.error)}) AS TIMESTAMP WITH TIME ZONE)`, []);
    e.children = [varcharConstant(normalized.text)];
  }
  return undefined;
}

function sqlText(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}
