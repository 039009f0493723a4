// Downloads of a whole result: CSV (RFC 4180, a header row, NULL as an empty field) and JSON (one
// object per row, cells as the API typed them).
import { plainCell } from './cells';

export interface Column {
  name: string;
  type: string;
}

function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(columns: Column[], rows: unknown[][]): string {
  const lines = [columns.map((c) => csvField(c.name)).join(',')];
  for (const r of rows) lines.push(columns.map((c, i) => csvField(plainCell(r[i], c.type))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

export function toJson(columns: Column[], rows: unknown[][]): string {
  return `${JSON.stringify(
    rows.map((r) => Object.fromEntries(columns.map((c, i) => [c.name, r[i] ?? null]))),
    null,
    2,
  )}\n`;
}
