// Result cells as the API serves them, and back. The engine's cells are Trino's text forms
// (src/engine/types.ts); the API keeps numbers as numbers, 64-bit integers and decimals as strings,
// booleans and lists as they are, and turns timestamps into ISO-8601 (UTC, `Z`). The conversion is
// exact both ways, so a remote client can print what a local one does.
import type { TrinoType } from '../catalog/trino-type';
import type { Cell } from '../engine/types';

/** Splits `a, b(c, d), e` at top-level commas. */
function splitTopLevel(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === '(') depth++;
    else if (!quoted && ch === ')') depth--;
    else if (!quoted && ch === ',' && depth === 0) {
      parts.push(s.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(s.slice(start).trim());
  return parts;
}

function inner(type: string, prefix: string): string | undefined {
  const t = type.trim();
  return t.toLowerCase().startsWith(`${prefix}(`) && t.endsWith(')') ? t.slice(prefix.length + 1, -1) : undefined;
}

/** `name type` or `"quoted name" type` -> [name, type]. */
function rowField(decl: string): [string, string] {
  const m = /^"((?:[^"]|"")*)"\s+(.+)$/s.exec(decl) ?? /^(\S+)\s+(.+)$/s.exec(decl);
  return m ? [m[1].replace(/""/g, '"'), m[2]] : [decl, 'varchar'];
}

type Convert = (v: string, withZone: boolean) => string;
type CellMap = (cell: Cell) => Cell;

const identity: CellMap = (cell) => cell;

/**
 * The conversion of one column type, worked out once: a page converts the same few types hundreds of
 * times, and most of them (text, numbers, booleans) need nothing at all.
 */
function compile(type: TrinoType, convert: Convert): CellMap {
  const arrayOf = inner(type, 'array');
  if (arrayOf !== undefined) {
    const item = compile(arrayOf, convert);
    if (item === identity) return identity;
    return (cell) => (Array.isArray(cell) ? cell.map((c) => (c === null ? null : item(c))) : cell);
  }
  const mapOf = inner(type, 'map');
  if (mapOf !== undefined) {
    const [, valueType = 'varchar'] = splitTopLevel(mapOf);
    const value = compile(valueType, convert);
    if (value === identity) return identity;
    return (cell) =>
      cell === null || typeof cell !== 'object' || Array.isArray(cell)
        ? cell
        : Object.fromEntries(Object.entries(cell).map(([k, v]) => [k, v === null ? null : value(v)]));
  }
  const rowOf = inner(type, 'row');
  if (rowOf !== undefined) {
    const fields = new Map(splitTopLevel(rowOf).map(rowField).map(([name, t]) => [name, compile(t, convert)]));
    if ([...fields.values()].every((f) => f === identity)) return identity;
    return (cell) =>
      cell === null || typeof cell !== 'object' || Array.isArray(cell)
        ? cell
        : Object.fromEntries(Object.entries(cell).map(([k, v]) => [k, v === null ? null : (fields.get(k) ?? identity)(v)]));
  }
  const t = type.trim().toLowerCase();
  if (t.startsWith('timestamp')) {
    const withZone = t.endsWith('with time zone');
    return (cell) => (typeof cell === 'string' ? convert(cell, withZone) : cell);
  }
  return identity;
}

/** Compiled conversions by type text, for one direction; bounded, since row types name user columns. */
function converterCache(convert: Convert): (type: TrinoType) => CellMap {
  const cache = new Map<string, CellMap>();
  return (type) => {
    let fn = cache.get(type);
    if (!fn) {
      if (cache.size >= 1000) cache.clear();
      fn = compile(type, convert);
      cache.set(type, fn);
    }
    return fn;
  };
}

const TRINO_TS = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d+)?)(?: UTC)?$/;
const ISO_TS = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2}(?:\.\d+)?)Z$/;

/** The engine -> API conversion of cells of one column type. */
export const apiCellConverter = converterCache((v) => {
  const m = TRINO_TS.exec(v);
  return m ? `${m[1]}T${m[2]}Z` : v;
});

/** The API -> engine conversion of cells of one column type (the inverse of apiCellConverter). */
export const engineCellConverter = converterCache((v, withZone) => {
  const m = ISO_TS.exec(v);
  return m ? `${m[1]} ${m[2]}${withZone ? ' UTC' : ''}` : v;
});

/** Engine cell -> API cell. */
export function toApiCell(cell: Cell, type: TrinoType): Cell {
  return cell === null ? null : apiCellConverter(type)(cell);
}

/** API cell -> engine cell (the inverse of toApiCell). */
export function fromApiCell(cell: Cell, type: TrinoType): Cell {
  return cell === null ? null : engineCellConverter(type)(cell);
}

/** Engine rows -> API rows, each column converted by its type's compiled conversion. */
export function toApiRows(rows: readonly (readonly Cell[])[], types: readonly TrinoType[]): Cell[][] {
  const convert = types.map((t) => apiCellConverter(t));
  return rows.map((r) => r.map((cell, i) => (cell === null ? null : (convert[i] ?? identity)(cell))));
}
