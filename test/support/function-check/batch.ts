// Evaluates many constant expressions a query on one engine: `SELECT e1 AS c0, e2 AS c1, ...`. One failing
// expression fails the whole statement, so a failed batch is split in halves until each failure is down to
// its own expression (bisect on error): a batch of n expressions with k failures costs about 2k log2(n)
// statements more, and an expression's outcome never depends on its neighbours.
import { parseTrinoType, trinoCellText } from '../../../src/cli/trino-text';
import type { Cell, ColumnInfo } from '../../../src/engine/types';
import { sortedMapText } from '../map-text';

export interface Executed {
  columns: ColumnInfo[];
  rows: Cell[][];
}

/** Runs one statement; throws with the engine's message when it fails. */
export type Execute = (sql: string) => Promise<Executed>;

export type Evaluation =
  | { ok: true; type: string; text: string | null }
  | { ok: false; error: string };

/** The one form a refusal of the embedded engine takes. */
export const REFUSAL = /not supported by the embedded engine: (.+?); it runs on Athena/;

/** Trino's text of a cell for comparison: NULL inside values prints null, map entries sorted. */
export function cellText(cell: Cell, type: string): string | null {
  if (cell === null) return null;
  const text = trinoCellText(cell, parseTrinoType(type));
  return /^map\(/i.test(type) && text.startsWith('{') ? sortedMapText(text) : text;
}

/** Type names compared without what the embedded engine does not track (varchar lengths, spacing). */
export function normalizeType(type: string): string {
  return type
    .toLowerCase()
    .replace(/\bvarchar\(\d+\)/g, 'varchar')
    .replace(/\bchar\(\d+\)/g, 'char')
    .replace(/\bdecimal\((\d+),\s*(\d+)\)/g, 'decimal($1,$2)')
    .replace(/\s+/g, ' ')
    .trim();
}

async function evaluateBatch(execute: Execute, exprs: readonly string[], out: Evaluation[], offset: number): Promise<number> {
  const sql = `SELECT ${exprs.map((e, i) => `${e} AS c${i}`).join(', ')}`;
  let statements = 1;
  let result: Executed;
  try {
    result = await execute(sql);
  } catch (err) {
    const message = (err as Error).message ?? String(err);
    if (exprs.length === 1) {
      out[offset] = { ok: false, error: message };
      return statements;
    }
    const half = Math.ceil(exprs.length / 2);
    statements += await evaluateBatch(execute, exprs.slice(0, half), out, offset);
    statements += await evaluateBatch(execute, exprs.slice(half), out, offset + half);
    return statements;
  }
  const row = result.rows[0] ?? [];
  exprs.forEach((_, i) => {
    const type = result.columns[i]?.type ?? '(none)';
    out[offset + i] = { ok: true, type, text: cellText(row[i] ?? null, type) };
  });
  return statements;
}

// Trino folds equal output expressions of one SELECT into one, and -0.0 equals 0.0 there: beside
// CAST(0e0 AS varchar), CAST(-0e0 AS varchar) prints 0E0. Expressions holding a negative zero get a
// statement of their own, so that no expression's outcome depends on its neighbours.
const ALONE = /-0e0|'-0(\.0*)?'/i;

/** Start and end of each batch: runs of up to `size` expressions, the ones that must be alone by themselves. */
function batches(exprs: readonly string[], size: number): [number, number][] {
  const out: [number, number][] = [];
  let start = 0;
  for (let i = 0; i <= exprs.length; i++) {
    const alone = i < exprs.length && ALONE.test(exprs[i]!);
    if (i === exprs.length || alone || i - start === size) {
      if (i > start) out.push([start, i]);
      start = i;
    }
    if (alone) {
      out.push([i, i + 1]);
      start = i + 1;
    }
  }
  return out;
}

/** Every expression's outcome, in order, and how many statements it took. */
export async function evaluateAll(execute: Execute, exprs: readonly string[], batchSize = 40): Promise<{ results: Evaluation[]; statements: number }> {
  const results: Evaluation[] = new Array(exprs.length);
  let statements = 0;
  for (const [from, to] of batches(exprs, batchSize)) statements += await evaluateBatch(execute, exprs.slice(from, to), results, from);
  return { results, statements };
}

/** What stands for an error of Trino's found through try(): its message is fetched only when it matters. */
export const ERROR_NOT_FETCHED = '(an evaluation error; message not fetched)';

/**
 * Trino's outcomes for many expressions, faster where many fail: each batch runs first with every
 * expression e as try(e) and try(e IS NULL). try() turns Trino's evaluation errors into NULL and changes
 * nothing else, so a value that is not NULL is final, `e IS NULL` true means a real NULL, and NULL for both
 * means e failed when evaluated (its message is fetched later, only where the outcome differs). Only batches
 * try() could not save (errors found when the statement is analysed) are evaluated again, bisecting on error.
 */
export async function evaluateAllWithTry(execute: Execute, exprs: readonly string[], batchSize = 60): Promise<{ results: Evaluation[]; statements: number }> {
  const results: Evaluation[] = new Array(exprs.length);
  let statements = 0;
  const again: number[] = [];
  for (const [i, to] of batches(exprs, batchSize)) {
    const batch = exprs.slice(i, to);
    statements++;
    try {
      const r = await execute(`SELECT ${batch.map((e, k) => `try(${e}) AS c${k}, try((${e}) IS NULL) AS n${k}`).join(', ')}`);
      const row = r.rows[0] ?? [];
      batch.forEach((_, k) => {
        const type = r.columns[2 * k]?.type ?? '(none)';
        const text = cellText(row[2 * k] ?? null, type);
        const isNull = row[2 * k + 1];
        if (text !== null) results[i + k] = { ok: true, type, text };
        else if (isNull === true) results[i + k] = { ok: true, type, text: null };
        else results[i + k] = { ok: false, error: ERROR_NOT_FETCHED };
      });
    } catch {
      for (let k = 0; k < batch.length; k++) again.push(i + k);
    }
  }
  const rest = await evaluateAll(execute, again.map((i) => exprs[i]!), Math.min(batchSize, 40));
  again.forEach((i, k) => (results[i] = rest.results[k]!));
  return { results, statements: statements + rest.statements };
}
