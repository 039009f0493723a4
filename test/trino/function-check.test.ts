// The generated differential check of functions, operators and casts (test/support/function-check): every
// signature real Trino lists for an accepted function, the operators between numeric types and casts between
// the supported types, over a grid of edge values, on the run's Trino and on the embedded engine. Each
// expression must give the same value, NULL-ness, type and error-or-not, or be refused by the embedded engine.
// `npm test` checks the whole grid but for the signatures whose answer changed after the Trino the tests
// run (families.ts); FUNCTION_CHECK=all includes those too, FUNCTION_CHECK_REPORT=file lists the
// differences, FUNCTION_CHECK_ONLY=regex over `form:name` keeps some signatures, FUNCTION_CHECK_SEED and
// FUNCTION_CHECK_PER_SIGNATURE draw other combinations; `npm run bench -- --only functions` counts them
// (BENCHMARKS.md).
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRINO_FUNCTIONS } from '../../src/sql/trino-functions';
import type { EmbeddedEngine } from '../../src/engine/duckdb/engine';
import { openEngine, query, tempDir, testConfig } from '../support/engine';
import { type CheckResult, differenceLine, runCheck, summary, trinoExecute } from '../support/function-check/check';
import { checkedSignatures, NEWER_THAN_TEST_TRINO } from '../support/function-check/families';
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
  const signatures = checkedSignatures(listing, TRINO_FUNCTIONS, { judgedOnly: !ALL }).filter((s) => !ONLY || ONLY.test(`${s.form}:${s.name}`));
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

  it('is not vacuous: functions, operators and casts exercised, mostly answered, only the newer cases left out', () => {
    const s = summary(results);
    if (ONLY) return; // a partial run on demand: the whole checks hold for the full grid only
    expect(s.expressions).toBeGreaterThan(10_000);
    expect(s.agree).toBeGreaterThan(s.expressions * 0.9);
    const functions = new Set(results.filter((r) => r.expression.signature.form === 'function').map((r) => r.expression.signature.name));
    for (const f of functions) expect(listed.has(f), `${f} is listed by Trino`).toBe(true);
    expect(functions.size).toBeGreaterThan(150);
    for (const form of ['operator', 'cast'] as const) expect(results.some((r) => r.expression.signature.form === form), form).toBe(true);
    // what is left out is the newer-Trino list, nothing else
    const sigKey = (x: { form: string; name: string; args: readonly string[] }) => `${x.form} ${x.name}(${x.args.join(', ')})`;
    const checked = new Set(results.map((r) => sigKey(r.expression.signature)));
    if (!ALL) for (const n of NEWER_THAN_TEST_TRINO) expect(checked.has(sigKey(n)), n.why).toBe(false);
    // Trino answered values (not only errors) for most expressions: the grid's values fit the signatures.
    expect(results.filter((r) => r.trino.ok).length).toBeGreaterThan(s.expressions * 0.5);
  });
});
