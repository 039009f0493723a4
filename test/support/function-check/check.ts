// Runs the generated expressions (grid.ts) on real Trino and on the embedded engine and compares each:
// value (Trino's text of it), NULL-ness, type, and whether it failed. The embedded engine may refuse (its
// one refusal form), never answer differently; an error on one side only is a difference.
import { toRow } from '../../../src/trino/cells';
import type { TrinoClient } from '../../../src/trino/client';
import { ERROR_NOT_FETCHED, type Evaluation, type Execute, REFUSAL, evaluateAll, evaluateAllWithTry, normalizeType } from './batch';
import type { GeneratedExpression } from './grid';

export type Outcome = 'agree' | 'refused' | 'differ';

export interface CheckResult {
  expression: GeneratedExpression;
  trino: Evaluation;
  embedded: Evaluation;
  outcome: Outcome;
}

/** Trino's statements through its client, with its own type names (timestamps at their precision). */
export function trinoExecute(client: TrinoClient): Execute {
  return async (sql) => {
    const { columns, rows } = await client.query(sql);
    return { columns: columns.map((c) => ({ name: c.name, type: c.type })), rows: rows.map((r) => toRow(r, columns)) };
  };
}

function describe(e: Evaluation): string {
  return e.ok ? `${e.text === null ? 'NULL' : JSON.stringify(e.text)} :: ${normalizeType(e.type)}` : `error: ${e.error.split('\n')[0]!.slice(0, 200)}`;
}

/** Expressions of the clock: the two engines read it at different instants, so their values compare by type only. */
const CLOCK = /^now\(\)$/;

export function outcomeOf(trino: Evaluation, embedded: Evaluation, sql = ''): Outcome {
  if (!embedded.ok && REFUSAL.test(embedded.error)) return 'refused';
  if (!trino.ok || !embedded.ok) return trino.ok === embedded.ok ? 'agree' : 'differ';
  if (normalizeType(trino.type) !== normalizeType(embedded.type)) return 'differ';
  if (CLOCK.test(sql) && trino.text !== null && embedded.text !== null) return 'agree';
  return trino.text === embedded.text || (normalizeType(trino.type) === 'double' && adjacentDoubles(trino.text, embedded.text)) ? 'agree' : 'differ';
}

/**
 * Two double texts one unit in the last place apart. Trino (Java's Math) and DuckDB (the C library) each
 * compute sin, cosh, ... to within one ulp, not always to the same double; Java does not promise one.
 */
export function adjacentDoubles(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return false;
  const x = Number(a);
  const y = Number(b);
  if (!Number.isFinite(x) || !Number.isFinite(y) || Math.sign(x) !== Math.sign(y)) return false;
  const bits = (v: number) => new BigInt64Array(new Float64Array([v]).buffer)[0]!;
  const d = bits(x) - bits(y);
  return d === 1n || d === -1n;
}

export async function runCheck(trino: Execute, embedded: Execute, expressions: readonly GeneratedExpression[]): Promise<{ results: CheckResult[]; statements: number }> {
  const sqls = expressions.map((e) => e.sql);
  const [t, e] = await Promise.all([evaluateAllWithTry(trino, sqls), evaluateAll(embedded, sqls)]);
  const results = expressions.map((expression, i) => ({
    expression,
    trino: t.results[i]!,
    embedded: e.results[i]!,
    outcome: outcomeOf(t.results[i]!, e.results[i]!, expression.sql),
  }));
  // Trino's message, for the differences' report only.
  let statements = t.statements + e.statements;
  for (const r of results) {
    if (r.outcome !== 'differ' || r.trino.ok || r.trino.error !== ERROR_NOT_FETCHED) continue;
    r.trino = (await evaluateAll(trino, [r.expression.sql])).results[0]!;
    statements++;
  }
  return { results, statements };
}

/** One line per difference, for the failure message and the on-demand report. */
export function differenceLine(r: CheckResult): string {
  return `${r.expression.sql}\n    Trino:    ${describe(r.trino)}\n    embedded: ${describe(r.embedded)}`;
}

export function summary(results: readonly CheckResult[]): { signatures: number; expressions: number; agree: number; refused: number; differ: number } {
  const count = (o: Outcome) => results.filter((r) => r.outcome === o).length;
  const signatures = new Set(results.map((r) => `${r.expression.signature.form} ${r.expression.signature.name}(${r.expression.signature.args.join(', ')})`)).size;
  return { signatures, expressions: results.length, agree: count('agree'), refused: count('refused'), differ: count('differ') };
}
