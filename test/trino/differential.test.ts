// The differential test: seeded analyst queries over the views (filters, GROUP BY, HAVING, window
// functions, JSON, arrays, maps, timestamps and intervals, CASE, string and regexp functions, NULLs)
// run on real Trino (engine: trino) and on the embedded engine over the same events. Any difference
// fails the test unless the embedded engine refused the query. Constructs with known differences are
// left out of the generator as a whole (EXCLUDED, with the reason); `npm run bench -- --only
// differential` runs thousands of queries, every construct included.
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueryEngine } from '../../src/engine/types';
import { DIFFERENTIAL_EXCLUDED } from '../support/differential/excluded';
import { generateQueries, type Construct, type ViewProfile } from '../support/differential/generator';
import { compare, differenceEntry, profileViews, type Comparison } from '../support/differential/run';
import { TRINO_WAIT_MS } from '../support/trino';
import { openEnginePair, type EnginePair } from '../support/trino/engine-pair';

/** Queries per `npm test` run, and the seed (DIFFERENTIAL_SEED=n to explore others). */
const COUNT = Number(process.env.DIFFERENTIAL_COUNT ?? 300);
const SEED = Number(process.env.DIFFERENTIAL_SEED ?? 2024);

/**
 * Functions left out of the generator in `npm test` because Trino and the embedded engine still
 * answer them differently (BENCHMARKS.md lists them too); `npm run bench -- --only differential`
 * keeps them in and counts them. Remove an entry once the translation is fixed.
 */
export const EXCLUDED: ReadonlyMap<string, string> = DIFFERENTIAL_EXCLUDED;

let pair: EnginePair;
let trino: QueryEngine;
let embedded: QueryEngine;
let profiles: ViewProfile[];

beforeAll(async () => {
  pair = await openEnginePair({ days: 10, events: 4000, seed: 5, trino: { concurrency: 2 } });
  ({ trino, embedded } = pair);
  profiles = await profileViews(embedded);
}, TRINO_WAIT_MS);

afterAll(async () => {
  await pair?.close();
});

describe('differential: Trino vs the embedded engine', () => {
  it(`${COUNT} generated queries (seed ${SEED}) give the same answers, or are refused by the embedded engine`, async () => {
    const queries = generateQueries(profiles, COUNT, SEED, new Set(EXCLUDED.keys()));
    expect(queries).toHaveLength(COUNT);
    const results: Comparison[] = [];
    // Two at a time: each comparison runs on both engines at once already.
    for (let i = 0; i < queries.length; i += 2) results.push(...(await Promise.all(queries.slice(i, i + 2).map((q) => compare(trino, embedded, q)))));
    const by = (o: Comparison['outcome']) => results.filter((r) => r.outcome === o);
    const differ = by('differ');
    const agree = by('agree');
    console.log(`differential: ${agree.length} agree, ${by('refused').length} refused, ${by('both_failed').length} failed on both, ${differ.length} differ`);
    // DIFFERENTIAL_REPORT=file writes every difference as markdown (for the list of differences to fix).
    if (process.env.DIFFERENTIAL_REPORT) writeFileSync(process.env.DIFFERENTIAL_REPORT, differ.map(differenceEntry).join('\n'));
    expect(differ.map(differenceEntry).join('\n')).toBe('');
    // Not vacuous: most queries ran on both engines, and many returned rows.
    expect(agree.length).toBeGreaterThanOrEqual(COUNT * 0.8);
    expect(agree.filter((r) => (r.rows ?? 0) > 0).length).toBeGreaterThanOrEqual(COUNT * 0.5);
    // Every construct the generator knows was exercised.
    const seen = new Set(agree.flatMap((r) => r.query.constructs));
    for (const c of ['filter', 'group', 'having', 'window', 'json', 'array', 'map', 'time', 'interval', 'case', 'string', 'regexp', 'null'] as Construct[]) {
      expect(seen.has(c), c).toBe(true);
    }
  }, 900_000);

  it('a percentage of the total, as analysts write it, answers as on Trino (values and decimal type)', async () => {
    const sql = 'SELECT "user", count(*) * 100.0 / sum(count(*)) OVER () AS pct FROM exec GROUP BY "user" ORDER BY "user"';
    const c = await compare(trino, embedded, { n: 0, sql, constructs: ['group', 'window'], features: ['sum'] });
    expect(c.outcome, JSON.stringify(c)).toBe('agree');
    expect(c.rows).toBeGreaterThan(1);
  });
});
