// Evaluates a detection's condition on a query result; the matching rows are the finding.
import { createHash } from 'node:crypto';
import type { Cell, ColumnInfo, Row } from '../../engine/types';
import { badInput } from '../errors';
import type { Comparison, DetectionCondition } from './types';

export interface Evaluation {
  fired: boolean;
  /** The rows that make the finding (row_count: all rows; column: the rows that matched). */
  rows: Row[];
}

function compare(a: number | string, op: Comparison, b: number | string): boolean {
  switch (op) {
    case '>': return a > b;
    case '>=': return a >= b;
    case '<': return a < b;
    case '<=': return a <= b;
    case '==': return a === b;
    case '!=': return a !== b;
  }
}

// bigint cells arrive as decimal strings; compare numerically when the threshold is a number.
function asComparable(cell: Cell, want: number | string): number | string | undefined {
  if (cell === null || typeof cell === 'object') return undefined;
  if (typeof want === 'number') {
    const n = typeof cell === 'number' ? cell : Number(cell);
    return typeof cell === 'boolean' || Number.isNaN(n) ? undefined : n;
  }
  return String(cell);
}

export function evaluateCondition(cond: DetectionCondition, columns: ColumnInfo[], rows: Row[]): Evaluation {
  if (cond.kind === 'row_count') {
    const fired = compare(rows.length, cond.op, cond.value);
    return { fired, rows: fired ? rows : [] };
  }
  const idx = columns.findIndex((c) => c.name === cond.column);
  if (idx < 0) {
    throw badInput(`condition column ${JSON.stringify(cond.column)} is not in the query result (columns: ${columns.map((c) => c.name).join(', ')})`);
  }
  const matched = rows.filter((r) => {
    const v = asComparable(r[idx], cond.value);
    return v !== undefined && compare(v, cond.op, cond.value);
  });
  return { fired: matched.length > 0, rows: matched };
}

/** Identity of a finding for dedupe: the same rows (in any order) hash the same. */
export function findingHash(detection: string, rows: Row[]): string {
  const lines = rows.map((r) => JSON.stringify(r)).sort();
  return createHash('sha256').update(detection).update('\n').update(lines.join('\n')).digest('hex');
}
