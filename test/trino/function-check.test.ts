// The generated differential check of functions, operators and casts (test/support/function-check): every
// signature real Trino lists for an accepted function, the operators between numeric types and casts between
// the supported types, over a grid of edge values, on the run's Trino and on the embedded engine. Each
// expression must give the same value, NULL-ness, type and error-or-not, or be refused by the embedded engine.
// `npm test` checks the families below, which the embedded engine answers as Trino does; the whole grid runs
// on demand (FUNCTION_CHECK=all, FUNCTION_CHECK_REPORT=file lists its differences, FUNCTION_CHECK_ONLY=regex
// over `form:name` keeps some signatures) and in `npm run bench -- --only functions`, which counts what is
// still to fix (BENCHMARKS.md).
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRINO_FUNCTIONS } from '../../src/sql/trino-functions';
import type { EmbeddedEngine } from '../../src/engine/duckdb/engine';
import { openEngine, query, tempDir, testConfig } from '../support/engine';
import { type CheckResult, differenceLine, runCheck, summary, trinoExecute } from '../support/function-check/check';
import { checkedSignatures, CHECKED_FAMILIES } from '../support/function-check/families';
import { type FunctionListing, generateExpressions } from '../support/function-check/grid';
import { TRINO_WAIT_MS, trinoClient, trinoUrl, type TrinoClient } from '../support/trino';

const SEED = Number(process.env.FUNCTION_CHECK_SEED ?? 19);
/** Random combinations per signature, beyond each argument's every value. */
const PER_SIGNATURE = Number(process.env.FUNCTION_CHECK_PER_SIGNATURE ?? 3);
const ALL = process.env.FUNCTION_CHECK === 'all';
/** On demand, only the signatures whose `form:name` (function:concat, operator:/, cast:varchar) matches. */
const ONLY = process.env.FUNCTION_CHECK_ONLY ? new RegExp(process.env.FUNCTION_CHECK_ONLY) : undefined;

let client: TrinoClient;
let engine: EmbeddedEngine;
let cleanup: () => void;
let results: CheckResult[];
let listed: ReadonlySet<string>;

beforeAll(async () => {
  client = trinoClient(await trinoUrl(), { clientCapabilities: ['PARAMETRIC_DATETIME'] });
  const listing = (await client.query('SHOW FUNCTIONS')).rows as FunctionListing[];
  listed = new Set(listing.map((r) => r[0]));
  const t = tempDir('amctl-function-check-');
  cleanup = t.cleanup;
  engine = await openEngine(testConfig(t.dir));
  const signatures = checkedSignatures(listing, TRINO_FUNCTIONS, ALL ? undefined : CHECKED_FAMILIES).filter((s) => !ONLY || ONLY.test(`${s.form}:${s.name}`));
  const expressions = generateExpressions(signatures, SEED, PER_SIGNATURE);
  const embedded = async (sql: string) => {
    const r = await query(engine, sql, 7);
    return { columns: r.columns, rows: r.rows };
  };
  ({ results } = await runCheck(trinoExecute(client), embedded, expressions));
}, TRINO_WAIT_MS);

afterAll(async () => {
  client?.close();
  await engine?.close();
  cleanup?.();
});

describe('generated check of functions, operators and casts against real Trino', () => {
  it('every expression gives Trino\'s value, type and error-or-not, or is refused', () => {
    const s = summary(results);
    console.log(`function check (seed ${SEED}${ALL ? ', every family' : ''}): ${s.signatures} signatures, ${s.expressions} expressions: ${s.agree} agree, ${s.refused} refused, ${s.differ} differ`);
    const differ = results.filter((r) => r.outcome === 'differ').map(differenceLine);
    if (process.env.FUNCTION_CHECK_REPORT) writeFileSync(process.env.FUNCTION_CHECK_REPORT, differ.join('\n'));
    expect(differ.join('\n')).toBe('');
  });

  it('is not vacuous: each checked family is exercised, mostly answered, and Trino knows each function', () => {
    const s = summary(results);
    if (ONLY) return; // a partial run on demand: the whole checks hold for the full families only
    expect(s.expressions).toBeGreaterThan(500);
    expect(s.agree).toBeGreaterThan(s.expressions * 0.6);
    const names = new Set(results.map((r) => r.expression.signature.name));
    for (const f of CHECKED_FAMILIES.functions) {
      expect(listed.has(f), `${f} is listed by Trino`).toBe(true);
      expect(names.has(f), `${f} has signatures in the grid`).toBe(true);
    }
    // Trino answered values (not only errors) for most expressions: the grid's values fit the signatures.
    expect(results.filter((r) => r.trino.ok).length).toBeGreaterThan(s.expressions * 0.5);
  });
});
