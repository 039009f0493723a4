// Output shapes of the CLI. `audit query exec` prints what `tctl audit query exec` prints: a JSON array
// of {data: [...]} rows, the first the column names, every value a string, NULL as "".
import { stringify as toYaml } from 'yaml';
import type { Cell } from '../engine/types';
import type { QueryResult } from './client';
import { parseTrinoType, trinoCellText } from './trino-text';

/** A cell as Trino/Athena prints it in text form. */
export function cellText(c: Cell, nested = false): string {
  if (c === null) return nested ? 'null' : '';
  if (Array.isArray(c)) return `[${c.map((x) => cellText(x, true)).join(', ')}]`;
  if (typeof c === 'object') return `{${Object.entries(c).map(([k, v]) => `${k}=${cellText(v, true)}`).join(', ')}}`;
  return String(c);
}

/** A cell as Trino prints it for a column of the given Trino type (doubles keep `.0`, anonymous rows no names). */
export function typedCellText(c: Cell, trinoType: string): string {
  return trinoCellText(c, parseTrinoType(trinoType));
}

export function tctlRows(r: QueryResult): { data: string[] }[] {
  const types = r.columns.map((c) => parseTrinoType(c.type));
  return [{ data: r.columns.map((c) => c.name) }, ...r.rows.map((row) => ({ data: row.map((c, i) => trinoCellText(c, types[i])) }))];
}

export function formatTctlJson(r: QueryResult): string {
  return JSON.stringify(tctlRows(r), null, 4);
}

export type OutputFormat = 'json' | 'yaml' | 'text';

export function parseFormat(v: string | undefined, allowed: OutputFormat[] = ['json', 'yaml']): OutputFormat {
  const f = (v ?? allowed[0]) as OutputFormat;
  if (!allowed.includes(f)) throw new Error(`--format must be one of ${allowed.join(', ')}, got ${JSON.stringify(v)}`);
  return f;
}

export function formatDoc(doc: unknown, format: OutputFormat): string {
  return format === 'yaml' ? toYaml(doc).trimEnd() : JSON.stringify(doc, null, 2);
}

/** A plain aligned table (header, rule, rows), for terminals. */
export function formatTable(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
