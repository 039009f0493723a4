// Date and time functions of a timestamp with time zone whose zone the query text shows (a literal, AT TIME
// ZONE, with_timezone, ...). DuckDB keeps the instant (the engine's session zone is UTC); Trino works in the
// value's own zone: its fields, formats and day-or-longer truncation and arithmetic are those of the local
// wall time, while sub-day arithmetic and differences are of the instant. These rewrites compute the local
// wall time (a DuckDB TIMESTAMP) and, where the result is zoned again, turn it back into the instant.
import { type Expr, stringConstant } from './ast';
import { type Tpl, sqlString, zonelessTimestamp } from './function-rewrites';
import { UnsupportedSpecifierError, jodaFormatToStrftime, mysqlFormatToStrftime } from './datetime-format';
import { SqlRejectedError } from '../errors/engine-error';
import { refuseEmbedded } from './refusal';
import type { TemporalInfo } from './result-types';

const FIXED_OFFSET = /^([+-])(\d\d):(\d\d)$/;

function offsetMinutes(zone: string): number | undefined {
  const m = FIXED_OFFSET.exec(zone);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : undefined;
}

/** The local wall time of a zoned timestamp (`$1`) in its zone, as a DuckDB TIMESTAMP template. */
export function localTimeTemplate(zone: string | undefined, arg = '$1'): string {
  if (!zone || zone === 'UTC') return arg;
  const minutes = offsetMinutes(zone);
  if (minutes !== undefined) return `(CAST(${arg} AS TIMESTAMP) + INTERVAL '${minutes} minutes')`;
  return `timezone(${sqlString(zone)}, ${arg})`;
}

/** Functions of a timestamp's fields: computed from the local wall time in the value's zone. */
const FIELD_FUNCTIONS = new Set([
  'hour', 'minute', 'day', 'day_of_month', 'day_of_week', 'dow', 'day_of_year', 'doy', 'month', 'quarter', 'year',
  'week', 'week_of_year', 'year_of_week', 'yow', 'last_day_of_month', 'date_format',
]);

const SUB_DAY_UNITS = new Set(['millisecond', 'second', 'minute', 'hour']);

/** The zone of a timestamp with time zone known from the query text (UTC included), or undefined. */
function knownZone(info: TemporalInfo | undefined): string | undefined {
  return info?.kind === 'timestamptz' ? info.zone : undefined;
}

/** The zone's offset from UTC at the instant `$1`, in whole minutes (BIGINT), as a DuckDB template. */
function offsetMinutesSql(zone: string, arg = '$1'): string {
  const fixed = offsetMinutes(zone);
  if (zone === 'UTC') return `CAST(0 AS BIGINT)`;
  if (fixed !== undefined) return `CAST(${fixed} AS BIGINT)`;
  return `CAST(round((epoch_ms(${localTimeTemplate(zone, arg)}) - epoch_ms(${arg})) / 60000.0) AS BIGINT)`;
}

/** Joda's text for a zone, for the pattern letters Z, ZZ, ZZZ, z, zzzz (SQL text; `$1` is the value). */
function zoneText(letters: string, zone: string): string {
  const fixed = offsetMinutes(zone) !== undefined;
  if (letters.startsWith('z')) {
    // the zone's name: an offset for a fixed zone; names like EST depend on the date and locale
    if (fixed) return sqlString(zone);
    if (zone === 'UTC') return sqlString(letters.length >= 4 ? 'Coordinated Universal Time' : 'UTC');
    refuseEmbedded('format_datetime with a zone name pattern (z) of a timestamp in a named zone');
  }
  if (letters.length >= 3) return sqlString(zone);
  const colon = letters.length === 2 ? ':' : '';
  if (fixed || zone === 'UTC') {
    const m = offsetMinutes(zone) ?? 0;
    const abs = Math.abs(m);
    return sqlString(`${m < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}${colon}${String(abs % 60).padStart(2, '0')}`);
  }
  const off = offsetMinutesSql(zone);
  return `(CASE WHEN ${off} < 0 THEN '-' ELSE '+' END || lpad(CAST(abs(${off}) // 60 AS VARCHAR), 2, '0') || '${colon}' || lpad(CAST(abs(${off}) % 60 AS VARCHAR), 2, '0'))`;
}

/** A Joda pattern split at its zone letters (outside quotes): pattern pieces and zone letter runs. */
function splitAtZoneLetters(pattern: string): { text?: string; zone?: string }[] {
  const out: { text?: string; zone?: string }[] = [];
  let piece = '';
  let quoted = false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === "'") quoted = !quoted;
    if (!quoted && (ch === 'Z' || ch === 'z')) {
      let j = i;
      while (pattern[j] === ch) j++;
      if (piece) out.push({ text: piece });
      piece = '';
      out.push({ zone: pattern.slice(i, j) });
      i = j - 1;
      continue;
    }
    piece += ch;
  }
  if (piece) out.push({ text: piece });
  return out;
}

function converted(convert: (f: string) => string, format: string): string {
  try {
    return sqlString(convert(format));
  } catch (err) {
    throw new SqlRejectedError((err as Error).message);
  }
}

/** A timestamp of more than millisecond precision rounded (half up) to milliseconds, as Trino's formats do. */
const ROUNDED_TO_MILLIS = 'make_timestamp(CAST(floor((epoch_us($1) + 500) / 1000.0) AS BIGINT) * 1000)';

/**
 * The rewrite of a date/time function call whose result depends on the zone or precision of its timestamp
 * argument, where the query text shows them; undefined to keep the generic rewrite. May replace the call's
 * timestamp argument in place by its local wall time (for the generic rewrite to use).
 */
export function rewriteZonedTemporal(name: string, e: Expr, infoOf: (x: Expr) => TemporalInfo | undefined, tpl: Tpl): Expr | undefined {
  const args: Expr[] = e.children ?? [];
  const first = args[0] ? infoOf(args[0]) : undefined;
  const zone = knownZone(first);
  const local = zone && zone !== 'UTC' ? zone : undefined;

  if ((name === 'date_format' || name === 'date_parse') && args.length === 2) {
    // a specifier Trino rejects fails when the call runs: a NULL value still gives NULL
    const format = stringConstant(args[1]);
    try {
      if (format !== undefined) mysqlFormatToStrftime(format);
    } catch (err) {
      if (err instanceof UnsupportedSpecifierError) {
        const type = name === 'date_format' ? 'VARCHAR' : 'TIMESTAMP';
        return tpl(`CASE WHEN $1 IS NULL THEN CAST(NULL AS ${type}) ELSE CAST(error(${sqlString(err.message)}) AS ${type}) END`, [args[0]!]);
      }
    }
  }
  if ((name === 'date_format' || name === 'format_datetime') && args.length === 2) {
    // Trino formats a timestamp at millisecond precision, rounding more digits
    if (first?.kind === 'timestamp' && (first.precision ?? 3) > 3) {
      const rounded = tpl(ROUNDED_TO_MILLIS, [args[0]!]);
      zonelessTimestamp.add(rounded);
      e.children = [rounded, args[1]!];
    }
  }
  if (name === 'format_datetime' && args.length === 2 && zone) {
    const pattern = stringConstant(args[1]);
    if (pattern === undefined) return undefined;
    const pieces = splitAtZoneLetters(pattern);
    const wall = localTimeTemplate(zone);
    const parts = pieces.map((p) => (p.zone ? zoneText(p.zone, zone) : `strftime(${wall}, ${converted(jodaFormatToStrftime, p.text!)})`));
    // a pattern of zone letters only still gives NULL for a NULL value
    if (pieces.every((p) => p.zone)) parts.unshift(`CASE WHEN $1 IS NULL THEN NULL ELSE '' END`);
    return tpl(parts.join(' || '), [e.children[0]!]);
  }
  if (name === 'date_format' && args.length === 2 && local) {
    return tpl(`strftime(${localTimeTemplate(local)}, ${converted(mysqlFormatToStrftime, stringConstant(args[1]) ?? '')})`, [e.children[0]!]);
  }
  if (local && FIELD_FUNCTIONS.has(name) && args.length === 1) {
    e.children = [tpl(localTimeTemplate(local), [args[0]!])];
    return undefined;
  }
  if (name === 'date_part' && args.length === 2) {
    // EXTRACT(field FROM zoned)
    const zoneOfValue = knownZone(infoOf(args[1]!));
    const field = stringConstant(args[0])?.toLowerCase();
    if (zoneOfValue && (field === 'timezone_hour' || field === 'timezone_minute')) {
      return rewriteZonedTemporal(field, { ...e, children: [args[1]!] }, infoOf, tpl);
    }
    if (zoneOfValue && zoneOfValue !== 'UTC') {
      e.children = [args[0]!, tpl(localTimeTemplate(zoneOfValue), [args[1]!])];
    }
    return undefined;
  }
  if ((name === 'timezone_hour' || name === 'timezone_minute') && args.length === 1 && zone) {
    // both carry the offset's sign (-07:30 is -7 hours and -30 minutes)
    const off = offsetMinutesSql(zone);
    const part = name === 'timezone_hour' ? `trunc(${off} / 60.0)` : `(${off} - trunc(${off} / 60.0) * 60)`;
    return tpl(`CASE WHEN $1 IS NULL THEN NULL ELSE CAST(${part} AS BIGINT) END`, args);
  }
  if (name === 'date_trunc' && args.length === 2) {
    const z = knownZone(infoOf(args[1]!));
    if (!z || z === 'UTC') return undefined;
    const unit = stringConstant(args[0])?.toLowerCase();
    const wall = localTimeTemplate(z, '$2');
    // the instant less the wall time's distance to its truncation, unless a DST change may lie between
    if (offsetMinutes(z) !== undefined || (unit && SUB_DAY_UNITS.has(unit))) return tpl(`($2 - (${wall} - date_trunc($1, ${wall})))`, args);
    if (unit === undefined) return undefined;
    return tpl(`timezone(${sqlString(z)}, date_trunc($1, ${wall}))`, args);
  }
  if (name === 'date_add' && args.length === 3) {
    const z = knownZone(infoOf(args[2]!));
    if (!z || z === 'UTC' || offsetMinutes(z) !== undefined) return undefined;
    // days and longer on the zone's calendar (a day across a DST change is 23 or 25 hours)
    const wall = localTimeTemplate(z, '$3');
    return tpl(
      `CASE WHEN lower($1) IN ('millisecond', 'second', 'minute', 'hour') THEN __am_date_add($1, $2, $3) ELSE timezone(${sqlString(z)}, __am_date_add($1, $2, ${wall})) END`,
      args,
    );
  }
  if (name === 'date_diff' && args.length === 3) {
    const z = knownZone(infoOf(args[1]!));
    if (!z || z === 'UTC' || infoOf(args[2]!)?.kind !== 'timestamptz') return undefined;
    // Trino counts days and longer between the wall times in the first value's zone
    const a = localTimeTemplate(z, '$2');
    const b = localTimeTemplate(z, '$3');
    return tpl(`CASE WHEN lower($1) IN ('millisecond', 'second', 'minute', 'hour') THEN date_sub($1, $2, $3) ELSE date_sub($1, ${a}, ${b}) END`, args);
  }
  return undefined;
}
