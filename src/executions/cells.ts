// Result cells as the API serves them, and back. The engine's cells are Trino's text forms
// (src/engine/types.ts); the API keeps numbers as numbers, 64-bit integers and decimals as strings,
// booleans and lists as they are, and turns timestamps into ISO-8601 (UTC, `Z`). The conversion is
// exact both ways, so a remote client can print what a local one does.
import type { Cell, TrinoType } from '../engine/types';

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

function mapCell(cell: Cell, type: TrinoType, convert: Convert): Cell {
  if (cell === null) return null;
  const arrayOf = inner(type, 'array');
  if (arrayOf !== undefined) return Array.isArray(cell) ? cell.map((c) => mapCell(c, arrayOf, convert)) : cell;
  const mapOf = inner(type, 'map');
  if (mapOf !== undefined) {
    const [, valueType = 'varchar'] = splitTopLevel(mapOf);
    if (typeof cell !== 'object' || Array.isArray(cell)) return cell;
    return Object.fromEntries(Object.entries(cell).map(([k, v]) => [k, mapCell(v, valueType, convert)]));
  }
  const rowOf = inner(type, 'row');
  if (rowOf !== undefined) {
    if (typeof cell !== 'object' || Array.isArray(cell)) return cell;
    const fieldTypes = new Map(splitTopLevel(rowOf).map(rowField));
    return Object.fromEntries(Object.entries(cell).map(([k, v]) => [k, mapCell(v, fieldTypes.get(k) ?? 'varchar', convert)]));
  }
  const t = type.trim().toLowerCase();
  if (t.startsWith('timestamp') && typeof cell === 'string') return convert(cell, t.endsWith('with time zone'));
  return cell;
}

const TRINO_TS = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d+)?)(?: UTC)?$/;
const ISO_TS = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2}(?:\.\d+)?)Z$/;

/** Engine cell -> API cell. */
export function toApiCell(cell: Cell, type: TrinoType): Cell {
  return mapCell(cell, type, (v) => {
    const m = TRINO_TS.exec(v);
    return m ? `${m[1]}T${m[2]}Z` : v;
  });
}

/** API cell -> engine cell (the inverse of toApiCell). */
export function fromApiCell(cell: Cell, type: TrinoType): Cell {
  return mapCell(cell, type, (v, withZone) => {
    const m = ISO_TS.exec(v);
    return m ? `${m[1]} ${m[2]}${withZone ? ' UTC' : ''}` : v;
  });
}
