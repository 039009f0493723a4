// The plan cost on hand-made plans in DuckDB's EXPLAIN (FORMAT JSON) shape; expected costs are worked
// out by hand from the rules: scans re-based on the window's rows, operators scaled by their inputs'
// correction, cross products and nested-loop joins as the product of their inputs.
import { describe, expect, it } from 'vitest';
import { estimatePlan, formatRows, type PlanNode, type ScanFacts } from '../../../src/engine/duckdb/estimate';

const WINDOW = "event_date>='2026-12-02'::DATE AND event_date<='2026-12-08'::DATE";
const scan = (table: string, est: number, filters?: string | string[]): PlanNode => ({
  name: 'SEQ_SCAN',
  children: [],
  extra_info: { Table: `audit.main.${table}`, 'Estimated Cardinality': String(est), ...(filters ? { Filters: filters } : {}) },
});
const node = (name: string, children: PlanNode[], est?: number): PlanNode => ({
  name,
  children,
  extra_info: est === undefined ? {} : { 'Estimated Cardinality': String(est) },
});
const facts: Record<string, ScanFacts> = {
  'audit.main.ev_exec': { tableRows: 1000, windowRows: 1000 },
  'audit.main.ev_session_start': { tableRows: 2000, windowRows: 500 },
};
const lookup = (t: string) => facts[t];

describe('estimatePlan', () => {
  it('counts a scan at the rows inside its window, whatever DuckDB guessed for the window filter', () => {
    // 20% guessed for the window; the window really holds 500 of 2000.
    const e = estimatePlan([node('UNGROUPED_AGGREGATE', [scan('ev_session_start', 400, WINDOW)])], lookup);
    expect(e).toEqual({ rows: 500 + 1, unconditioned: [] });
  });

  it('keeps the selectivity DuckDB gives other filters, applied to the window', () => {
    // user = 'x' on exec: DuckDB says 100 of 1000 (10%); the window holds all 1000: 100 pass.
    const e = estimatePlan([node('PROJECTION', [scan('ev_exec', 100, [WINDOW, "__am_user='x'"])], 100)], lookup);
    expect(e.rows).toBe(1000 + 100);
  });

  it('multiplies the inputs of a cross product and names the tables it combines', () => {
    const plan = node('UNGROUPED_AGGREGATE', [
      node('CROSS_PRODUCT', [node('CROSS_PRODUCT', [scan('ev_exec', 200), scan('ev_exec', 200)]), scan('ev_session_start', 400, WINDOW)]),
    ]);
    const e = estimatePlan([plan], lookup);
    // scans 1000 + 1000 + 500; products 1000*1000 = 1e6 and 1e6*500 = 5e8; the aggregate's one row.
    expect(e.rows).toBe(2500 + 1e6 + 5e8 + 1);
    expect(e.unconditioned).toEqual([
      ['audit.main.ev_exec', 'audit.main.ev_exec'],
      ['audit.main.ev_exec', 'audit.main.ev_exec', 'audit.main.ev_session_start'],
    ]);
  });

  it('scales a join by how far its inputs were off, and charges a nested-loop join every pair', () => {
    // exec scan: 200 guessed, 1000 real (x5); session_start: 400 guessed, 500 real (x1.25).
    const hash = node('HASH_JOIN', [scan('ev_exec', 200), scan('ev_session_start', 400, WINDOW)], 80);
    expect(estimatePlan([hash], lookup).rows).toBe(1000 + 500 + 80 * 5 * 1.25);
    const loop = node('NESTED_LOOP_JOIN', [scan('ev_exec', 200), scan('ev_session_start', 400, WINDOW)], 80);
    const e = estimatePlan([loop], lookup);
    expect(e.rows).toBe(1000 + 500 + 1000 * 500 + 80 * 5 * 1.25);
    expect(e.unconditioned).toHaveLength(1);
  });

  it("caps an operator at what its inputs can give, and takes DuckDB's word for tables it knows nothing of", () => {
    // A group-by guessed at 900 over a filtered scan of 100: at most 100.
    const grouped = node('HASH_GROUP_BY', [scan('ev_exec', 100, "__am_user='x'")], 900);
    expect(estimatePlan([grouped], lookup).rows).toBe(1000 + 100);
    expect(estimatePlan([scan('other_table', 42)], lookup).rows).toBe(42);
    // Answered from metadata: one row, nothing scanned.
    expect(estimatePlan([{ name: 'COLUMN_DATA_SCAN', children: [], extra_info: { 'Estimated Cardinality': '1' } }], lookup).rows).toBe(1);
  });
});

describe('formatRows', () => {
  it('writes large counts in exponent form and small ones in full', () => {
    expect(formatRows(1.23e14)).toBe('1.2e14');
    expect(formatRows(6e11)).toBe('6e11');
    expect(formatRows(123456)).toBe('123,456');
  });
});
