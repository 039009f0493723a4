// What DuckDB's result types cannot say about a Trino value: a timestamp's precision (Trino's literal
// TIMESTAMP '2020-06-10 15:55:23' is timestamp(0), '...23.383345' timestamp(6); DuckDB keeps microseconds
// for both), the zone a timestamp with time zone is rendered in (DuckDB keeps the instant in UTC), a time's
// precision, and year-to-month intervals. The translator infers these from the query text, bottom-up, for
// the forms whose Trino type follows from their arguments; result columns carry them as hints.
import type { Expr } from './ast';
import { stringConstant } from './ast';

export type TemporalKind = 'timestamp' | 'timestamptz' | 'time' | 'date' | 'interval_ym' | 'interval_ds';

export interface TemporalInfo {
  kind: TemporalKind;
  /** Fraction digits (timestamps and times). */
  precision?: number;
  /** The zone a timestamp with time zone is rendered in: 'UTC', '+01:00', 'America/Los_Angeles'. */
  zone?: string;
}

/** What a result column needs beyond DuckDB's type: Trino's type name and how to render values. */
export interface ColumnHint {
  type: string;
  precision?: number;
  zone?: string;
}

const ZONE_SUFFIX = /^(.*?\d)(?:\s*(Z|[+-]\d\d(?::?\d\d)?|\s+(?:UTC|GMT|UT)(?:[+-]\d\d?(?::?\d\d)?)?|\s+[A-Za-z][A-Za-z_]*(?:\/[A-Za-z_+-]+)+))$/;

/** The zone written at the end of a timestamp literal, in Trino's rendering, or undefined. */
export function literalZone(text: string): string | undefined {
  const m = ZONE_SUFFIX.exec(text.trim());
  if (!m) return undefined;
  return normalizeZone(m[2]!.trim());
}

export function normalizeZone(zone: string): string {
  const z = zone.trim();
  if (/^(Z|UTC|GMT|UT)$/i.test(z)) return 'UTC';
  const off = /^(?:UTC|GMT|UT)?([+-])(\d\d?)(?::?(\d\d))?$/i.exec(z);
  if (off) {
    const h = off[2]!.padStart(2, '0');
    const mm = off[3] ?? '00';
    return h === '00' && mm === '00' ? 'UTC' : `${off[1]}${h}:${mm}`;
  }
  return z;
}

/** Fraction digits of a timestamp or time literal ('01:00' and '01:00:00' are 0). */
export function literalPrecision(text: string): number {
  const m = /\d:\d\d:\d\d\.(\d+)/.exec(text);
  return m ? m[1]!.length : 0;
}

const YM_UNITS = new Set(['to_years', 'to_months', 'to_quarters', 'to_decades', 'to_centuries', 'to_millennia']);
const DS_UNITS = new Set(['to_weeks', 'to_days', 'to_hours', 'to_minutes', 'to_seconds', 'to_milliseconds', 'to_microseconds']);
/** Interval literals whose unit keeps a date a date when added. */
export const DATE_UNITS = new Set(['to_years', 'to_months', 'to_quarters', 'to_decades', 'to_centuries', 'to_millennia', 'to_weeks', 'to_days']);

export function isIntervalLiteral(e: Expr | undefined): boolean {
  return e?.class === 'FUNCTION' && (YM_UNITS.has(String(e.function_name)) || DS_UNITS.has(String(e.function_name)));
}

/**
 * The temporal type of `e` (its children already visited; `of` gives their info), or undefined when
 * DuckDB's own type says all there is (or nothing is known).
 */
export function inferTemporal(e: Expr, of: (child: Expr) => TemporalInfo | undefined, columnTypes?: ReadonlyMap<string, string>): TemporalInfo | undefined {
  switch (e.class) {
    case 'COLUMN_REF': {
      const type = columnTypes?.get(String(e.column_names.at(-1)).toLowerCase());
      if (type === 'date') return { kind: 'date' };
      const ts = type ? /^timestamp\((\d+)\)$/.exec(type) : null;
      return ts ? { kind: 'timestamp', precision: Number(ts[1]) } : undefined;
    }
    case 'CAST': {
      const id = String(e.cast_type?.id);
      const text = stringConstant(e.child);
      if (id === 'DATE') return { kind: 'date' };
      if (id === 'TIMESTAMP' && text !== undefined) {
        const zone = literalZone(text);
        return { kind: zone ? 'timestamptz' : 'timestamp', precision: literalPrecision(text), zone };
      }
      if (id === 'TIMESTAMP WITH TIME ZONE') {
        if (text !== undefined) return { kind: 'timestamptz', precision: literalPrecision(text), zone: literalZone(text) ?? 'UTC' };
        return { kind: 'timestamptz', precision: 3, zone: 'UTC' };
      }
      if (id === 'TIME' && text !== undefined) return { kind: 'time', precision: literalPrecision(text) };
      return undefined;
    }
    case 'FUNCTION': {
      const name = String(e.function_name).toLowerCase();
      const args: Expr[] = e.children ?? [];
      if (YM_UNITS.has(name)) return { kind: 'interval_ym' };
      // to_milliseconds(interval) is Trino's function (a bigint), not an interval literal's unit
      if (DS_UNITS.has(name)) return name === 'to_milliseconds' && args[0] && of(args[0])?.kind === 'interval_ds' ? undefined : { kind: 'interval_ds' };
      if (e.is_operator && (name === '+' || name === '-') && args.length === 2) {
        const a = of(args[0]!);
        const b = of(args[1]!);
        const interval = (x?: TemporalInfo) => x?.kind === 'interval_ym' || x?.kind === 'interval_ds';
        // A day-to-second interval has milliseconds: Trino widens the time or timestamp to at least (3).
        const plus = (t: TemporalInfo, iv: TemporalInfo | undefined): TemporalInfo =>
          iv?.kind === 'interval_ds' && t.kind !== 'date' ? { ...t, precision: Math.max(t.precision ?? 3, 3) } : t;
        if (a && interval(b) && a.kind !== 'interval_ym' && a.kind !== 'interval_ds') return plus(a, b);
        if (b && interval(a) && name === '+' && !interval(b)) return plus(b, a);
        if (a?.kind === 'interval_ym' && b?.kind === 'interval_ym') return a;
        if (a?.kind === 'interval_ds' && b?.kind === 'interval_ds') return a;
        return undefined;
      }
      switch (name) {
        case 'date_add':
        case 'date_trunc':
          return args.length ? of(args[args.length - 1]!) : undefined;
        case 'timezone': {
          // AT TIME ZONE: timezone(zone, ts)
          const zone = stringConstant(args[0]);
          const ts = args[1] ? of(args[1]) : undefined;
          return zone ? { kind: 'timestamptz', precision: ts?.precision ?? 3, zone: normalizeZone(zone) } : undefined;
        }
        case 'at_timezone':
        case 'with_timezone': {
          const zone = stringConstant(args[1]);
          const ts = args[0] ? of(args[0]) : undefined;
          return zone ? { kind: 'timestamptz', precision: ts?.precision ?? 3, zone: normalizeZone(zone) } : undefined;
        }
        case 'from_iso8601_timestamp': {
          const text = stringConstant(args[0]);
          if (text === undefined) return undefined;
          // an offset is read after a time only (2024-03-01T+01:00, not the day of 2024-03-01T)
          const offset = /T[\d:.,]*(Z|[+-]\d\d(?::?\d\d)?)$/.exec(text);
          return { kind: 'timestamptz', precision: 3, zone: offset ? normalizeZone(offset[1]!) : 'UTC' };
        }
        case 'from_unixtime': {
          // from_unixtime(t, hours, minutes) and from_unixtime(t, zone): shown in that offset or zone
          if (args.length === 3 && args[1]?.class === 'CONSTANT' && args[2]?.class === 'CONSTANT') {
            const minutes = Number(args[1].value?.value) * 60 + Number(args[2].value?.value);
            const abs = Math.abs(minutes);
            const zone = `${minutes < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
            return { kind: 'timestamptz', precision: 3, zone: normalizeZone(zone) };
          }
          const zone = args.length === 2 ? stringConstant(args[1]) : undefined;
          return zone ? { kind: 'timestamptz', precision: 3, zone: normalizeZone(zone) } : undefined;
        }
        case 'parse_datetime': {
          // UTC unless the pattern reads a zone (then each value's own, unknown here)
          const pattern = stringConstant(args[1]);
          const zoned = pattern === undefined || /[Zz]/.test(pattern.replace(/'[^']*'/g, ''));
          return { kind: 'timestamptz', precision: 3, zone: zoned ? undefined : 'UTC' };
        }
        case 'from_iso8601_date':
        case 'date':
        case 'current_date':
        case 'last_day_of_month':
          return { kind: 'date' };
        default:
          return undefined;
      }
    }
    default:
      return undefined;
  }
}

/** Trino's type name for a temporal info, or undefined when DuckDB's name is right. */
export function trinoTemporalType(info: TemporalInfo): string | undefined {
  switch (info.kind) {
    case 'timestamp':
      return `timestamp(${info.precision ?? 3})`;
    case 'timestamptz':
      return `timestamp(${info.precision ?? 3}) with time zone`;
    case 'time':
      return `time(${info.precision ?? 3})`;
    case 'date':
      return 'date';
    case 'interval_ym':
      return 'interval year to month';
    case 'interval_ds':
      return 'interval day to second';
  }
}
