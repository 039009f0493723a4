// Athena returns every value as text (GetQueryResults Datum.VarCharValue; no VarCharValue = NULL).
// These functions turn that text into engine-neutral cells (src/engine/types.ts `Cell`) using the
// column types from ResultSetMetadata.ColumnInfo.
import type { ColumnInfo as AthenaColumnInfo } from '@aws-sdk/client-athena';
import type { Cell, ColumnInfo } from '../engine/types';

/** Athena's column metadata as our ColumnInfo: `timestamp` gains its precision, `decimal` its (p,s). */
export function toColumnInfo(c: AthenaColumnInfo): ColumnInfo {
  const type = (c.Type ?? 'varchar').toLowerCase();
  const name = c.Label ?? c.Name ?? '';
  if (type === 'decimal' && c.Precision) return { name, type: `decimal(${c.Precision},${c.Scale ?? 0})` };
  if (type === 'timestamp') return { name, type: `timestamp(${c.Precision || 3})` };
  if (type === 'timestamp with time zone') return { name, type: `timestamp(${c.Precision || 3}) with time zone` };
  return { name, type };
}

/** 'YYYY-MM-DD HH:MM:SS[.fff...]' -> exactly milliseconds, Trino's timestamp(3) text. */
function normalizeTimestamp(text: string): string {
  const m = /^(\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2})(?:\.(\d+))?(.*)$/.exec(text);
  if (!m) return text;
  const ms = (m[2] ?? '').padEnd(3, '0').slice(0, 3);
  return `${m[1]!.replace('T', ' ')}.${ms}${m[3]}`;
}

/** Splits `a, b, {c=1, d=2}, [e, f]` at top-level ", " separators. */
function splitTopLevel(inner: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < inner.length; i++) {
    const ch = inner[i];
    if (ch === '[' || ch === '{') depth++;
    else if (ch === ']' || ch === '}') depth--;
    else if (ch === ',' && depth === 0 && inner[i + 1] === ' ') {
      parts.push(inner.slice(start, i));
      start = i + 2;
      i++;
    }
  }
  parts.push(inner.slice(start));
  return parts;
}

/**
 * Athena prints arrays as `[a, b]`, rows and maps as `{k=v, k2=v2}`, with no quoting. Elements are
 * parsed as strings (the element type is not in ColumnInfo); a text that cannot be split unambiguously
 * (unbalanced brackets, a row field without `=`) is returned whole as a string.
 */
export function parseComplexText(text: string): Cell {
  const t = text;
  if (t === 'null') return null;
  if (t.startsWith('[') && t.endsWith(']')) {
    const inner = t.slice(1, -1);
    if (inner === '') return [];
    const parts = splitTopLevel(inner);
    return parts.map(parseComplexText);
  }
  if (t.startsWith('{') && t.endsWith('}')) {
    const inner = t.slice(1, -1);
    if (inner === '') return {};
    const obj: Record<string, Cell> = {};
    for (const part of splitTopLevel(inner)) {
      const eq = part.indexOf('=');
      if (eq <= 0) return t;
      obj[part.slice(0, eq)] = parseComplexText(part.slice(eq + 1));
    }
    return obj;
  }
  return t;
}

function balanced(t: string): boolean {
  let depth = 0;
  for (const ch of t) {
    if (ch === '[' || ch === '{') depth++;
    else if (ch === ']' || ch === '}') depth--;
    if (depth < 0) return false;
  }
  return depth === 0;
}

/** One Athena text value -> a Cell of the column's type. */
export function toCell(text: string | undefined, type: string): Cell {
  if (text === undefined) return null;
  const base = type.toLowerCase().replace(/\(.*$/, '').trim();
  switch (base) {
    case 'boolean':
      return text === 'true';
    case 'tinyint':
    case 'smallint':
    case 'integer':
    case 'int':
      return Number(text);
    case 'real':
    case 'float':
    case 'double':
      return text === 'NaN' || text === 'Infinity' || text === '-Infinity' ? text : Number(text);
    case 'bigint':
    case 'decimal':
      return text;
    case 'timestamp':
      return normalizeTimestamp(text);
    case 'array':
    case 'row':
    case 'map':
      return balanced(text) ? parseComplexText(text) : text;
    default:
      return text;
  }
}
