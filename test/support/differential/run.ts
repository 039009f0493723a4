// Runs generated queries on Trino (engine: trino) and on the embedded engine over the same events and
// compares the answers: column names and types, and rows as multisets. A query the embedded engine
// refuses (its SQL guard or translator says it cannot compute it exactly like Trino) is not a
// difference; everything else that differs is, including a query only one engine could run.
import { loadCatalog } from '../../../src/catalog';
import { SqlRejectedError } from '../../../src/errors/engine-error';
import type { QueryEngine, Row, WindowDays } from '../../../src/engine/types';
import { checkQuery, translateToDuckDb } from '../../../src/sql';
import { readAll, waitTerminal } from '../athena-stub/run';
import type { ColumnProfile, GeneratedQuery, ViewProfile } from './generator';

export type Outcome = 'agree' | 'refused' | 'both_failed' | 'differ';

export interface Comparison {
  query: GeneratedQuery;
  outcome: Outcome;
  /** Rows compared when both ran. */
  rows?: number;
  trino?: string;
  embedded?: string;
  /** For refusals and failures: the reason. */
  reason?: string;
}

type Ran = { ok: true; columns: { name: string; type: string }[]; rows: Row[] } | { ok: false; error: string };

async function runOn(engine: QueryEngine, sql: string, days: WindowDays): Promise<Ran> {
  let id: string;
  try {
    ({ id } = await engine.start({ sql, days, user: 'differential' }));
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
  const status = await waitTerminal(engine, id, 120_000);
  if (status.state !== 'SUCCEEDED') return { ok: false, error: status.error?.message ?? status.state };
  const { columns, rows } = await readAll(engine, id, 10_000);
  return { ok: true, columns, rows };
}

/** Whether the embedded engine refuses the SQL outright (guard or Trino -> DuckDB translation). */
async function refusal(sql: string): Promise<string | undefined> {
  try {
    await checkQuery(sql, loadCatalog());
    await translateToDuckDb(sql, { viewNames: new Set(loadCatalog().views.map((v) => v.name)) });
    return undefined;
  } catch (e) {
    return e instanceof SqlRejectedError ? e.message : undefined;
  }
}

const canonical = (rows: Row[]) => rows.map((r) => JSON.stringify(r)).sort();

/** First few differing lines of two sorted row lists, for the report. */
function rowDiff(a: string[], b: string[], max = 4): { trino: string; embedded: string } {
  const sa = new Set(a);
  const sb = new Set(b);
  const onlyA = a.filter((x) => !sb.has(x)).slice(0, max);
  const onlyB = b.filter((x) => !sa.has(x)).slice(0, max);
  const extra = onlyA.length || onlyB.length ? '' : ` (same distinct rows, different multiplicities: ${a.length} vs ${b.length} rows)`;
  return { trino: `${a.length} rows; only here: ${onlyA.join(' ') || '-'}${extra}`, embedded: `${b.length} rows; only here: ${onlyB.join(' ') || '-'}` };
}

export async function compare(trino: QueryEngine, embedded: QueryEngine, query: GeneratedQuery, days: WindowDays = 30): Promise<Comparison> {
  const refused = await refusal(query.sql);
  if (refused) return { query, outcome: 'refused', reason: refused };
  const [t, e] = await Promise.all([runOn(trino, query.sql, days), runOn(embedded, query.sql, days)]);
  if (!t.ok && !e.ok) return { query, outcome: 'both_failed', reason: `Trino: ${t.error} | embedded: ${e.error}` };
  if (!t.ok) return { query, outcome: 'differ', trino: `FAILED: ${t.error}`, embedded: e.ok ? `${e.rows.length} rows: ${canonical(e.rows).slice(0, 3).join(' ')}` : '' };
  if (!e.ok) return { query, outcome: 'differ', trino: `${t.rows.length} rows: ${canonical(t.rows).slice(0, 3).join(' ')}`, embedded: `FAILED: ${e.error}` };
  // Column names and types, then the rows: both are reported when both differ.
  const typeDiffs = t.columns
    .map((c, i) => (JSON.stringify(c) === JSON.stringify(e.columns[i]) ? '' : `${c.name} ${c.type}`))
    .filter(Boolean);
  const types = t.columns.length !== e.columns.length || typeDiffs.length > 0;
  const a = canonical(t.rows);
  const b = canonical(e.rows);
  const rows = a.length !== b.length || a.some((x, i) => x !== b[i]);
  if (!types && !rows) return { query, outcome: 'agree', rows: a.length };
  const d = rows ? rowDiff(a, b) : { trino: 'same rows', embedded: 'same rows' };
  const typeNote = (cols: { name: string; type: string }[]) => (types ? `columns ${cols.map((c) => `${c.name} ${c.type}`).join(', ')}; ` : '');
  return { query, outcome: 'differ', trino: typeNote(t.columns) + d.trino, embedded: typeNote(e.columns) + d.embedded };
}

/** What the data looks like, view by view: which columns hold values, and a few of them. */
export async function profileViews(embedded: QueryEngine, days: WindowDays = 30): Promise<ViewProfile[]> {
  const out: ViewProfile[] = [];
  for (const view of loadCatalog().views) {
    const r = await runOn(embedded, `SELECT * FROM ${view.name}`, days);
    if (!r.ok) throw new Error(`differential: cannot read view ${view.name}: ${r.error}`);
    const columns: ColumnProfile[] = view.columns.map((c) => {
      const i = r.columns.findIndex((x) => x.name === c.name);
      const samples = new Set<string>();
      let nonNull = 0;
      for (const row of r.rows) {
        const v = row[i];
        if (v === null || v === undefined) continue;
        nonNull++;
        if (samples.size >= 6) continue;
        if (typeof v === 'string') {
          samples.add(v);
        } else if (Array.isArray(v)) {
          for (const x of v) if (typeof x === 'string' && samples.size < 6) samples.add(x);
        } else if (typeof v === 'object') {
          for (const k of Object.keys(v)) if (samples.size < 6) samples.add(k);
        }
      }
      return { name: c.name, type: c.type, nonNull, samples: [...samples] };
    });
    out.push({ view, rows: r.rows.length, columns });
  }
  return out;
}

/** One markdown entry for the shared list of differences. */
export function differenceEntry(c: Comparison): string {
  return [
    `### ${[...c.query.constructs, ...c.query.features].join(', ')}`,
    '',
    '```sql',
    c.query.sql,
    '```',
    `- Trino: ${c.trino}`,
    `- embedded: ${c.embedded}`,
    '',
  ].join('\n');
}
