// The conformance table (Trino's documented examples, test/sql/conformance/pages) on the embedded engine:
// every statement runs through the engine as a user's query would, and its value, type and tctl text are
// compared with Trino's documented result. The engine may refuse (naming what and pointing at Athena),
// never answer differently.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedEngine } from '../../src/engine/duckdb/engine';
import { openEngine, query, tempDir, testConfig } from '../support/engine';
import { CONFORMANCE_PAGES } from './conformance/pages';
import { type CaseResult, runConformance, summarize } from './conformance/runner';

/** Share of the table the embedded engine must answer right. */
const MIN_RIGHT = 0.9;

let engine: EmbeddedEngine;
let cleanup: () => void;
let results: CaseResult[];

beforeAll(async () => {
  const t = tempDir('amctl-conformance-');
  cleanup = t.cleanup;
  engine = await openEngine(testConfig(t.dir));
  results = await runConformance(CONFORMANCE_PAGES, (sql) => query(engine, sql, 7));
}, 300_000);

afterAll(async () => {
  await engine?.close();
  cleanup?.();
});

describe('conformance with Trino (documented examples) on the embedded engine', () => {
  it('covers every page of the table', () => {
    expect(results.length).toBe(CONFORMANCE_PAGES.reduce((n, p) => n + p.cases.length, 0));
    expect(results.length).toBeGreaterThan(250);
  });

  it('never answers differently from Trino', () => {
    const wrong = results.filter((r) => r.outcome === 'wrong').map((r) => `${r.source}: ${r.sql.replace(/\s+/g, ' ')}\n    ${r.detail}`);
    expect(wrong, wrong.join('\n')).toEqual([]);
  });

  it(`answers at least ${MIN_RIGHT * 100}% of the table right`, () => {
    const s = summarize(results);
    const refused = results.filter((r) => r.outcome === 'refused').map((r) => `${r.sql.replace(/\s+/g, ' ').slice(0, 90)}: ${r.detail}`);
    console.log(`conformance: ${s.right} right, ${s.refused} refused, ${s.wrong} wrong of ${s.total} (${((100 * s.right) / s.total).toFixed(1)}% right)\nrefused:\n  ${refused.join('\n  ')}`);
    expect(s.right / s.total).toBeGreaterThanOrEqual(MIN_RIGHT);
  });
});
