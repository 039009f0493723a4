// Runs the conformance table against any engine through one callback (execute SQL, return typed columns
// and cells, or throw with the engine's message), and classifies each entry: right (Trino's value, type
// and text, or Trino's failure), refused (the embedded engine's refusal), or wrong (anything else).
import { parseTrinoType, trinoCellText } from '../../../src/cli/trino-text';
import type { Cell, ColumnInfo } from '../../../src/engine/types';
import type { ConformanceCase, ConformancePage } from './table';
import { sortedMapText } from '../../support/map-text';

export interface ExecutedResult {
  columns: ColumnInfo[];
  rows: Cell[][];
}

export type ExecuteSql = (sql: string) => Promise<ExecutedResult>;

export type Outcome = 'right' | 'refused' | 'wrong';

export interface CaseResult {
  source: string;
  sql: string;
  outcome: Outcome;
  /** For refused: the refusal; for wrong: what differs. */
  detail?: string;
}

/** The one form a refusal of the embedded engine takes. */
export const REFUSAL = /not supported by the embedded engine: (.+); it runs on Athena/;

/** varchar(n) and char lengths are not tracked by the embedded engine's result types: compare the base. */
export function normalizeType(type: string): string {
  return type.toLowerCase().replace(/\bvarchar\(\d+\)/g, 'varchar').replace(/\s+/g, ' ').trim();
}

/** Trino's CLI prints NULL inside arrays, maps and rows; tctl prints null there. */
function normalizeText(text: string): string {
  return /^[[{]/.test(text) ? text.replace(/\bNULL\b/g, 'null') : text;
}

/** Map entries have no order in Trino: compare them sorted. */
function canonicalCell(text: string | null, type: string | undefined): string | null {
  if (text === null) return null;
  const t = normalizeText(text);
  if (type && /^map\(/i.test(type) && t.startsWith('{')) return sortedMapText(t);
  return t;
}

function expectedRows(c: ConformanceCase): (string | null)[][] {
  return c.rows ?? [[c.value ?? null]];
}

function expectedTypes(c: ConformanceCase): (string | undefined)[] | undefined {
  if (c.type === undefined) return undefined;
  return Array.isArray(c.type) ? c.type : [c.type];
}

export function judge(c: ConformanceCase, result: ExecutedResult): string | undefined {
  const types = expectedTypes(c);
  const gotTypes = result.columns.map((col) => col.type);
  if (types) {
    for (let i = 0; i < types.length; i++) {
      const want = types[i];
      if (want !== undefined && normalizeType(want) !== normalizeType(gotTypes[i] ?? '(none)')) {
        return `column ${i + 1} type: expected ${want}, got ${gotTypes[i]}`;
      }
    }
  }
  const parsed = result.columns.map((col) => parseTrinoType(col.type));
  const got = result.rows.map((row) => row.map((cell, i) => canonicalCell(cell === null ? null : trinoCellText(cell, parsed[i]), gotTypes[i])));
  const want = expectedRows(c).map((row) => row.map((cell, i) => canonicalCell(cell, gotTypes[i])));
  const key = (r: (string | null)[]) => JSON.stringify(r);
  const a = got.map(key);
  const b = want.map(key);
  if (!c.ordered) {
    a.sort();
    b.sort();
  }
  if (JSON.stringify(a) !== JSON.stringify(b)) return `expected ${b.join(' ')}, got ${a.join(' ')}`;
  return undefined;
}

export async function runCase(source: string, c: ConformanceCase, execute: ExecuteSql): Promise<CaseResult> {
  const base = { source, sql: c.sql };
  let result: ExecutedResult;
  try {
    result = await execute(c.sql);
  } catch (err) {
    const message = (err as Error).message ?? String(err);
    const refusal = REFUSAL.exec(message);
    if (refusal) return { ...base, outcome: 'refused', detail: refusal[1] };
    if (c.error === true || (typeof c.error === 'string' && message.includes(c.error))) return { ...base, outcome: 'right' };
    return { ...base, outcome: 'wrong', detail: c.error ? `expected failure "${c.error}", got "${message}"` : `failed: ${message}` };
  }
  if (c.error) return { ...base, outcome: 'wrong', detail: `expected failure ${c.error === true ? '' : `"${c.error}" `}but it answered` };
  const diff = judge(c, result);
  return diff ? { ...base, outcome: 'wrong', detail: diff } : { ...base, outcome: 'right' };
}

export async function runConformance(pages: readonly ConformancePage[], execute: ExecuteSql): Promise<CaseResult[]> {
  const out: CaseResult[] = [];
  for (const page of pages) {
    for (const c of page.cases) out.push(await runCase(page.source, c, execute));
  }
  return out;
}

export function summarize(results: readonly CaseResult[]): { right: number; refused: number; wrong: number; total: number } {
  const count = (o: Outcome) => results.filter((r) => r.outcome === o).length;
  return { right: count('right'), refused: count('refused'), wrong: count('wrong'), total: results.length };
}
