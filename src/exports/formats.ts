// Result export formats. Each encoder turns one page of rows into text, so an export is written page
// by page and never holds the whole result: CSV (Athena's result-file layout: a header row, every
// value quoted, NULL empty), NDJSON (one object per row) and JSON (one document, rows streamed in).
import type { Cell, ColumnInfo, Row } from '../engine/types';
import { apiCellConverter } from '../executions/cells';

export const EXPORT_FORMATS = ['csv', 'ndjson', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  ndjson: 'application/x-ndjson; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

export interface ExportEncoder {
  /** Text before the first row (CSV header, JSON opening). */
  head(columns: ColumnInfo[]): string;
  /** One page of rows. */
  page(rows: Row[]): string;
  /** Text after the last row. */
  tail(): string;
}

/** Column names as object keys: a result may repeat a name (a join's `SELECT *`), keys may not. */
export function uniqueKeys(columns: ColumnInfo[]): string[] {
  const seen = new Map<string, number>();
  return columns.map((c) => {
    const n = (seen.get(c.name) ?? 0) + 1;
    seen.set(c.name, n);
    return n === 1 ? c.name : `${c.name}_${n}`;
  });
}

/** Trino's text form of a cell, as Athena writes it to its result CSV. */
export function cellText(cell: Cell): string | null {
  if (cell === null) return null;
  if (typeof cell === 'string') return cell;
  if (typeof cell === 'number' || typeof cell === 'boolean') return String(cell);
  return JSON.stringify(cell);
}

const csvField = (v: string | null) => (v === null ? '' : `"${v.replace(/"/g, '""')}"`);

function csvEncoder(): ExportEncoder {
  return {
    head: (columns) => columns.map((c) => csvField(c.name)).join(',') + '\n',
    page: (rows) => {
      let out = '';
      for (const r of rows) out += r.map((c) => csvField(cellText(c))).join(',') + '\n';
      return out;
    },
    tail: () => '',
  };
}

function objectRows(columns: ColumnInfo[]) {
  const keys = uniqueKeys(columns);
  const convert = columns.map((c) => apiCellConverter(c.type));
  return (r: Row) => {
    const o: Record<string, Cell> = {};
    for (let i = 0; i < keys.length; i++) {
      const cell = r[i] ?? null;
      o[keys[i]!] = cell === null ? null : convert[i]!(cell);
    }
    return JSON.stringify(o);
  };
}

function ndjsonEncoder(): ExportEncoder {
  let encode: (r: Row) => string = () => '';
  return {
    head: (columns) => ((encode = objectRows(columns)), ''),
    page: (rows) => {
      let out = '';
      for (const r of rows) out += encode(r) + '\n';
      return out;
    },
    tail: () => '',
  };
}

function jsonEncoder(): ExportEncoder {
  let encode: (r: Row) => string = () => '';
  let first = true;
  return {
    head: (columns) => {
      encode = objectRows(columns);
      return `{"columns":${JSON.stringify(columns)},"rows":[`;
    },
    page: (rows) => {
      let out = '';
      for (const r of rows) {
        out += (first ? '\n' : ',\n') + encode(r);
        first = false;
      }
      return out;
    },
    tail: () => '\n]}\n',
  };
}

export function encoderFor(format: ExportFormat): ExportEncoder {
  return format === 'csv' ? csvEncoder() : format === 'ndjson' ? ndjsonEncoder() : jsonEncoder();
}

export function parseExportFormat(v: unknown): ExportFormat {
  const f = v === undefined || v === '' ? 'csv' : v;
  if (typeof f !== 'string' || !(EXPORT_FORMATS as readonly string[]).includes(f)) {
    throw new Error(`format must be one of ${EXPORT_FORMATS.join(', ')}, got ${JSON.stringify(v)}`);
  }
  return f as ExportFormat;
}
