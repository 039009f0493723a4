// The cost of a query before it runs: DuckDB's EXPLAIN on a connection of its own, with the rows of
// each scanned table inside the query's window counted once per ingest (and day) and cached.
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { BASE_VIEW } from '../../catalog/base-view';
import { estimatePlan, type PlanNode, type ScanFacts } from './estimate';

export interface QueryCost {
  /** Rows the plan's operators handle, summed. */
  rows: number;
  /** Views combined without an equality join condition, one list per such join. */
  unconditioned: string[][];
}

/** The view a typed table (ev_<view>) or the base table holds; undefined for anything else. */
function viewOfTable(table: string): string | undefined {
  const [schema, name] = table.split('.').slice(-2);
  if (schema !== 'main' || !name) return undefined;
  if (name === 'events') return BASE_VIEW.name;
  return name.startsWith('ev_') ? name.slice(3) : undefined;
}

export class CostEstimator {
  private conn?: Promise<DuckDBConnection>;
  private chain: Promise<unknown> = Promise.resolve();
  private readonly facts = new Map<string, ScanFacts>();
  private factsDay = '';

  constructor(
    private readonly instance: DuckDBInstance,
    private readonly setup: readonly string[],
  ) {}

  /** New data: the tables' counts are stale. */
  invalidate(): void {
    this.facts.clear();
  }

  /** The query's cost; undefined when DuckDB cannot plan it (the run then fails with DuckDB's own error). */
  estimate(sql: string, days: number): Promise<QueryCost | undefined> {
    const run = () => this.explain(sql, days).catch(() => undefined);
    const p = this.chain.then(run, run);
    this.chain = p;
    return p;
  }

  private connection(): Promise<DuckDBConnection> {
    this.conn ??= (async () => {
      const c = await this.instance.connect();
      for (const s of this.setup) await c.run(s);
      return c;
    })();
    return this.conn;
  }

  private async explain(sql: string, days: number): Promise<QueryCost> {
    const c = await this.connection();
    const rows = (await c.runAndReadAll(`EXPLAIN (FORMAT JSON) ${sql}`)).getRows();
    const roots = rows.flatMap((r) => JSON.parse(String(r[1])) as PlanNode[]);
    const tables = new Set<string>();
    const walk = (n: PlanNode) => {
      const t = n.extra_info?.Table;
      if (typeof t === 'string' && viewOfTable(t)) tables.add(t);
      n.children?.forEach(walk);
    };
    roots.forEach(walk);
    const today = new Date().toISOString().slice(0, 10);
    if (today !== this.factsDay) {
      this.facts.clear();
      this.factsDay = today;
    }
    for (const t of tables) {
      const key = `${t}|${days}`;
      if (this.facts.has(key)) continue;
      const name = `main."${t.split('.').pop()!.replace(/"/g, '""')}"`;
      const r = await c.runAndReadAll(
        `SELECT count(*), count(*) FILTER (WHERE event_date BETWEEN current_date - ${days - 1} AND current_date) FROM ${name}`,
      );
      const [all, inWindow] = r.getRows()[0]!;
      this.facts.set(key, { tableRows: Number(all), windowRows: Number(inWindow) });
    }
    const est = estimatePlan(roots, (t) => this.facts.get(`${t}|${days}`));
    return {
      rows: est.rows,
      unconditioned: est.unconditioned.map((ts) => ts.map((t) => viewOfTable(t) ?? t.split('.').pop()!)),
    };
  }

  async close(): Promise<void> {
    await this.chain.catch(() => undefined);
    const c = await this.conn?.catch(() => undefined);
    c?.closeSync();
  }
}
