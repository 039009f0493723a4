// DuckDB values (as the node API's JSON form gives them) -> engine-neutral cells (src/engine/types.ts).
import { DuckDBBlobValue, DuckDBTypeId, JsonDuckDBValueConverter, type DuckDBType, type DuckDBValueConverter, type Json as DuckJson } from '@duckdb/node-api';
import type { Cell } from '../types';
import type { ColumnHint } from '../../sql/result-types';
import { canonicalJsonText } from '../../sql/json-canonical';
import { renderInZone } from '../../sql/zones';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** '2024-03-20 12:12:03' / '...03.374123' -> '2024-03-20 12:12:03.374' (Trino timestamp(p) text, p = 3 by default). */
export function timestampText(s: string, precision = 3): string {
  const m = /^(-?\d{4,}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(?:\.(\d+))?/.exec(s);
  if (!m) return s;
  return precision > 0 ? `${m[1]} ${m[2]}.${(m[3] ?? '').padEnd(precision, '0').slice(0, precision)}` : `${m[1]} ${m[2]}`;
}

/** '01:02:03' / '01:02:03.456789' -> Trino time(p) text. */
export function timeText(s: string, precision = 3): string {
  const m = /^(\d{2}:\d{2}:\d{2})(?:\.(\d+))?/.exec(s);
  if (!m) return s;
  return precision > 0 ? `${m[1]}.${(m[2] ?? '').padEnd(precision, '0').slice(0, precision)}` : m[1]!;
}

/** Trino's text for interval day to second ('1 02:03:04.000') or year to month ('1-2'). */
export function intervalText(v: { months: number; days: number; micros: string | number }): string {
  if (v.months && !v.days && !Number(v.micros)) return `${Math.trunc(v.months / 12)}-${v.months % 12}`;
  let ms = BigInt(v.days) * 86_400_000n + BigInt(v.micros) / 1000n + BigInt(v.months) * 30n * 86_400_000n;
  const neg = ms < 0n;
  if (neg) ms = -ms;
  const days = ms / 86_400_000n;
  let rest = Number(ms % 86_400_000n);
  const h = Math.floor(rest / 3_600_000);
  rest %= 3_600_000;
  const mi = Math.floor(rest / 60_000);
  rest %= 60_000;
  const s = Math.floor(rest / 1000);
  return `${neg ? '-' : ''}${days} ${pad(h)}:${pad(mi)}:${pad(s)}.${pad(rest % 1000, 3)}`;
}

/**
 * DuckDB's JSON form of result values, but varbinary (BLOB, also inside lists, structs and maps) as base64
 * text, as Trino's client protocol gives it: the JSON form's escaped text (`\x00\xFF`) does not tell a
 * backslash from an escape, and the API shows varbinary the same way on every engine.
 */
export const resultValueConverter: DuckDBValueConverter<DuckJson> = (value, type, converter) =>
  type.typeId === DuckDBTypeId.BLOB && value instanceof DuckDBBlobValue
    ? Buffer.from(value.bytes).toString('base64')
    : JsonDuckDBValueConverter(value, type, converter);

/** A result value as a cell; `hint` (top-level columns only) carries Trino's precision, zone or interval kind. */
/** Trino's text for interval year to month: '3-5', '-2-7'. */
export function yearMonthText(v: { months: number }): string {
  const neg = v.months < 0;
  const m = Math.abs(v.months);
  return `${neg ? '-' : ''}${Math.trunc(m / 12)}-${m % 12}`;
}

/** Trino writes a year past 9999 with its sign ('+10001-02-28'). */
const yearSign = (text: string) => (/^\d{5,}-/.test(text) ? `+${text}` : text);

export function toCell(v: Json, t: DuckDBType, hint?: ColumnHint): Cell {
  if (v === null || v === undefined) return null;
  switch (t.typeId) {
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.UHUGEINT:
    case DuckDBTypeId.DECIMAL:
    case DuckDBTypeId.BIGNUM:
      return String(v);
    case DuckDBTypeId.FLOAT:
    case DuckDBTypeId.DOUBLE:
      return typeof v === 'number' && Number.isFinite(v) ? v : String(v);
    case DuckDBTypeId.DATE:
      return yearSign(String(v));
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_MS:
    case DuckDBTypeId.TIMESTAMP_S:
    case DuckDBTypeId.TIMESTAMP_NS:
      return yearSign(timestampText(String(v), hint?.precision));
    case DuckDBTypeId.TIMESTAMP_TZ:
      // The engine runs in UTC, so DuckDB prints the instant in UTC; Trino renders it in the value's zone.
      if (hint?.zone && hint.zone !== 'UTC') return renderInZone(String(v), hint.zone, hint.precision ?? 3);
      return `${timestampText(String(v), hint?.precision)} UTC`;
    case DuckDBTypeId.TIME:
      return timeText(String(v), hint?.precision);
    case DuckDBTypeId.INTERVAL:
      if (hint?.type === 'interval year to month') return yearMonthText(v as { months: number; days: number; micros: string });
      return intervalText(v as { months: number; days: number; micros: string });
    case DuckDBTypeId.VARCHAR:
      // a JSON value in Trino's canonical text (object keys sorted)
      return t.alias?.toUpperCase() === 'JSON' && typeof v === 'string' ? canonicalJsonText(v) : (v as Cell);
    case DuckDBTypeId.LIST:
    case DuckDBTypeId.ARRAY:
      return (v as Json[]).map((x) => toCell(x, t.valueType));
    case DuckDBTypeId.STRUCT: {
      const o = v as Record<string, Json>;
      const out: Record<string, Cell> = {};
      t.entryNames.forEach((name, i) => (out[name] = toCell(o[name] ?? null, t.entryTypes[i]!)));
      return out;
    }
    case DuckDBTypeId.MAP: {
      const out: Record<string, Cell> = {};
      for (const e of v as { key: Json; value: Json }[]) out[String(e.key)] = toCell(e.value, t.valueType);
      return out;
    }
    default:
      return v as Cell;
  }
}
