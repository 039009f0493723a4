// A query's cost before it runs, from DuckDB's own plan (EXPLAIN (FORMAT JSON)): the rows its
// operators will handle, summed over the plan. DuckDB's cardinalities are corrected where they are
// known to be off for this schema: a scan's estimate counts the window filter at DuckDB's default 20%
// selectivity, so scans are re-based on the rows really inside the window, and each operator above
// is scaled by the correction of its inputs. Cross products carry no estimate in the plan: they are
// the product of their inputs, and nested-loop joins cost every pair they compare.

export interface PlanNode {
  name: string;
  children?: PlanNode[];
  extra_info?: Record<string, unknown>;
}

/** What the engine knows of a scanned table: its rows, and its rows inside the query's window. */
export interface ScanFacts {
  tableRows: number;
  windowRows: number;
}

export interface PlanEstimate {
  /** Rows the plan's operators handle, summed (the cost). */
  rows: number;
  /**
   * Tables combined pairwise without a join condition (cross products and nested-loop joins), one
   * list per such join, as the plan names them: what a refusal points at.
   */
  unconditioned: string[][];
}

interface Sized {
  /** DuckDB's own cardinality (or what follows from it where the plan has none). */
  raw: number;
  /** The corrected cardinality. */
  out: number;
  tables: string[];
}

/** Operators that compare every pair of their two inputs. */
const PAIRWISE = new Set(['CROSS_PRODUCT', 'NESTED_LOOP_JOIN', 'BLOCKWISE_NL_JOIN']);
/** Operators whose output may exceed their input (no cap at the input's size). */
const GROWING = new Set(['UNNEST', 'TABLE_SCAN', 'TABLE_FUNCTION']);

const asList = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : []);

function cardinality(n: PlanNode): number | undefined {
  const v = n.extra_info?.['Estimated Cardinality'];
  if (v === undefined) return undefined;
  const x = Number(v);
  return Number.isFinite(x) && x >= 0 ? x : undefined;
}

/** True when a scan filters on nothing but the window's event_date bounds (or DuckDB's run-time hints). */
function onlyWindowFilters(n: PlanNode): boolean {
  return asList(n.extra_info?.Filters).every((f) => {
    if (/^optional:/i.test(f.trim())) return true;
    return f.split(/\s+AND\s+/i).every((part) => /^\(?\s*event_date\s*(>=|<=|>|<|=|BETWEEN)/i.test(part.trim()));
  });
}

export function estimatePlan(roots: readonly PlanNode[], facts: (table: string) => ScanFacts | undefined): PlanEstimate {
  let rows = 0;
  const unconditioned: string[][] = [];

  const visit = (n: PlanNode): Sized => {
    const kids = (n.children ?? []).map(visit);
    const est = cardinality(n);
    const table = typeof n.extra_info?.Table === 'string' ? (n.extra_info.Table as string) : undefined;
    if (table !== undefined && kids.length === 0) {
      const f = facts(table);
      const raw = est ?? f?.tableRows ?? 0;
      if (!f) {
        rows += raw;
        return { raw, out: raw, tables: [table] };
      }
      // The scan reads the window's rows; what it passes on is those rows under the other filters,
      // whose selectivity is DuckDB's (est over the whole table).
      const out = onlyWindowFilters(n) ? f.windowRows : Math.min(f.windowRows, (raw * f.windowRows) / Math.max(1, f.tableRows));
      rows += f.windowRows;
      return { raw, out, tables: [table] };
    }
    const tables = kids.flatMap((k) => k.tables);
    const product = (key: 'raw' | 'out') => kids.reduce((p, k) => p * k[key], 1);
    const largest = (key: 'raw' | 'out') => kids.reduce((m, k) => Math.max(m, k[key]), 0);
    let sized: Sized;
    if (est !== undefined && kids.length > 0) {
      const raw = kids.length > 1 ? product('raw') : largest('raw');
      const fixed = kids.length > 1 ? product('out') : largest('out');
      const factor = raw > 0 ? fixed / raw : 1;
      const out = GROWING.has(n.name) ? est * factor : Math.min(est * factor, fixed);
      sized = { raw: est, out, tables };
    } else if (est !== undefined) {
      sized = { raw: est, out: est, tables };
    } else if (n.name === 'UNGROUPED_AGGREGATE') {
      sized = { raw: 1, out: 1, tables };
    } else if (n.name === 'CROSS_PRODUCT' || (kids.length > 1 && /JOIN/.test(n.name))) {
      sized = { raw: product('raw'), out: product('out'), tables };
    } else {
      sized = { raw: largest('raw'), out: largest('out'), tables };
    }
    if (PAIRWISE.has(n.name) && kids.length === 2) {
      // A cross product's pairs are its output, counted below; a nested-loop join compares them all.
      if (n.name !== 'CROSS_PRODUCT') rows += kids[0]!.out * kids[1]!.out;
      unconditioned.push(tables);
    }
    rows += sized.out;
    return sized;
  };

  for (const r of roots) visit(r);
  return { rows, unconditioned };
}

/** Readable large counts: 1.2e14 as "1.2e14", small ones in full. */
export function formatRows(n: number): string {
  if (n < 1e6) return Math.round(n).toLocaleString('en');
  const [m, e] = n.toExponential(1).split('e');
  return `${m!.replace(/\.0$/, '')}e${Number(e)}`;
}
