// Finding identity: which columns identify a row, and the id derived from them. Aggregating report
// queries return key columns (user, event_date, ...) and measures (count, ...): a later run that counts
// more events for the same user and day finds the same finding, changed, not a new one.
import { createHash } from 'node:crypto';
import type { Cell, ColumnInfo, Row } from '../../engine/types';
import { toApiCell } from '../../executions/cells';
import { uniqueKeys } from '../../exports/formats';

const NUMERIC = /^(tinyint|smallint|integer|bigint|real|double|decimal)/i;

/**
 * The key columns: those named by the definition (`finding_key`), else every non-numeric column; a
 * result of numbers only (`SELECT count(*)`) has no key, so the source has one finding.
 */
export function keyColumns(columns: ColumnInfo[], declared?: string[]): string[] {
  const names = uniqueKeys(columns);
  if (declared?.length) return declared.filter((k) => names.includes(k));
  return names.filter((_, i) => !NUMERIC.test(columns[i]!.type));
}

export function rowFields(columns: ColumnInfo[], row: Row): Record<string, Cell> {
  const names = uniqueKeys(columns);
  const out: Record<string, Cell> = {};
  names.forEach((n, i) => (out[n] = toApiCell(row[i] ?? null, columns[i]!.type)));
  return out;
}

/** JSON with object keys sorted: equal values give equal text. */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
}

export function findingId(sourceName: string, key: string[], fields: Record<string, Cell>): string {
  const keyValues = Object.fromEntries(key.map((k) => [k, fields[k] ?? null]));
  return createHash('sha256').update(sourceName).update('\n').update(canonicalJson(keyValues)).digest('hex').slice(0, 32);
}
