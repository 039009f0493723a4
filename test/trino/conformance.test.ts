// The conformance table (Trino's documented examples, test/sql/conformance) checked against Trino
// itself: every entry the embedded engine is judged by must be what real Trino answers (value, type and
// text, or its failure), so the table cannot bless a wrong answer that the documentation states wrongly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toRow } from '../../src/trino/cells';
import { TRINO_WAIT_MS, trinoClient, trinoUrl, type TrinoClient } from '../support/trino';
import { CONFORMANCE_PAGES } from '../sql/conformance/pages';
import { type CaseResult, runConformance } from '../sql/conformance/runner';

/** Cases documented for a newer Trino than the tests run: they must fail here, and are not judged. */
const NEWER = new Set(CONFORMANCE_PAGES.flatMap((p) => p.cases.filter((c) => c.newerTrino).map((c) => c.sql)));

let client: TrinoClient;
let results: CaseResult[];

beforeAll(async () => {
  // Its session zone is UTC, as Athena's; timestamps at their own precision, as Trino's CLI shows them.
  client = trinoClient(await trinoUrl(), { clientCapabilities: ['PARAMETRIC_DATETIME'] });
  results = await runConformance(CONFORMANCE_PAGES, async (sql) => {
    const { columns, rows } = await client.query(sql);
    // Trino's own type names (toColumnInfo would put them in the catalogue's millisecond form).
    return {
      columns: columns.map((c) => ({ name: c.name, type: c.type.replace(/\bdecimal\((\d+),\s*(\d+)\)/g, 'decimal($1,$2)') })),
      rows: rows.map((r) => toRow(r, columns)),
    };
  });
}, TRINO_WAIT_MS);

afterAll(() => client?.close());

describe('the conformance table on real Trino', () => {
  it('every documented example gives, on Trino, the result the table states', () => {
    expect(results.length).toBe(CONFORMANCE_PAGES.reduce((n, p) => n + p.cases.length, 0));
    const off = results
      .filter((r) => r.outcome !== 'right' && !NEWER.has(r.sql))
      .map((r) => `${r.source}: ${r.sql.replace(/\s+/g, ' ')}\n    ${r.detail}`);
    expect(off, off.join('\n')).toEqual([]);
  });

  it('what the table marks as newer than this Trino is indeed unknown to it (else the mark goes)', () => {
    const answered = results.filter((r) => NEWER.has(r.sql) && r.outcome === 'right').map((r) => r.sql);
    expect(answered).toEqual([]);
    expect(NEWER.size).toBeLessThan(15);
  });
});
