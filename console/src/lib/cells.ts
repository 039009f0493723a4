// How a result cell is shown: the API's typed cells (numbers, 64-bit integers and decimals as strings,
// booleans, lists, rows as objects, timestamps as ISO-8601 UTC, NULL as null) into text, an alignment
// and a kind the grid styles (NULL looks different from an empty string).

export type CellKind = 'null' | 'empty' | 'number' | 'boolean' | 'time' | 'text' | 'json';

export interface ShownCell {
  text: string;
  kind: CellKind;
  align: 'left' | 'right';
}

const NUMERIC = /^(tinyint|smallint|integer|int|bigint|real|double|decimal(\(.*\))?|hugeint)$/i;
const TIMESTAMP = /^timestamp/i;
const ISO = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2}(?:\.\d+)?)(Z|[+-]\d{2}:\d{2})?$/;

/** Trino numeric types (integer, bigint, double, decimal(p,s), ...). */
export function isNumericType(type: string): boolean {
  return NUMERIC.test(type.trim());
}

/** `2024-03-20T12:12:03.374Z` -> `2024-03-20 12:12:03.374` (UTC, as the CLI prints it). */
export function readableTimestamp(iso: string): string {
  const m = ISO.exec(iso);
  if (!m) return iso;
  const zone = m[3] && m[3] !== 'Z' ? ` ${m[3]}` : '';
  return `${m[1]} ${m[2]}${zone}`;
}

export function showCell(value: unknown, type: string): ShownCell {
  if (value === null || value === undefined) return { text: 'NULL', kind: 'null', align: 'left' };
  if (typeof value === 'number') return { text: String(value), kind: 'number', align: 'right' };
  if (typeof value === 'boolean') return { text: String(value), kind: 'boolean', align: 'left' };
  if (typeof value === 'string') {
    if (value === '') return { text: '', kind: 'empty', align: 'left' };
    if (isNumericType(type)) return { text: value, kind: 'number', align: 'right' };
    if (TIMESTAMP.test(type)) return { text: readableTimestamp(value), kind: 'time', align: 'left' };
    return { text: value, kind: 'text', align: 'left' };
  }
  return { text: JSON.stringify(value), kind: 'json', align: 'left' };
}

/** A cell as one line of plain text for copying and CSV: NULL becomes '' (as `amctl audit query exec` prints it). */
export function plainCell(value: unknown, type: string): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string' && TIMESTAMP.test(type)) return readableTimestamp(value);
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
