// Per-event-type typed tables: each catalogue view's columns extracted once, at ingest, so queries scan
// columns instead of re-parsing JSON. Derived entirely from `events`, so they are rebuilt from it
// whenever the catalogue changes.
import { createHash } from 'node:crypto';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { AuditView, Catalog } from '../../catalog';
import { BASE_VIEW } from '../../catalog/base-view';
import { duckIdent } from '../../sql';
import { WINDOW_DAYS } from '../types';
import { duckTypeOf, jsonStructureOf, parseTrinoType } from './types';

export const typedTableName = (view: string) => `ev_${view}`;

// No window reaches further back, and days only move forward: older events stay in `events` alone.
const MAX_WINDOW_DAYS = Math.max(...WINDOW_DAYS);
const q = (n: string) => `"${n.replace(/"/g, '""')}"`;
const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;

interface Tree {
  [key: string]: Tree | unknown;
}

/**
 * SQL that inserts the typed rows of one view from a relation with columns
 * (event_type, event_date, event_time, event_data). The event JSON is parsed once, into a struct.
 */
export function typedInsertSql(view: AuditView, source: string): string {
  const tree: Tree = {};
  const leafOf = new Map<string, boolean>(); // path key -> true when some column ends there
  const key = (p: string[]) => JSON.stringify(p);
  for (const c of view.columns) leafOf.set(key(c.path), true);
  // A column whose path runs through another column's leaf cannot share the struct: extract it alone.
  const alone = new Set(
    view.columns.filter((c) => c.path.some((_, i) => i < c.path.length - 1 && leafOf.has(key(c.path.slice(0, i + 1))))).map((c) => c.name),
  );
  for (const c of view.columns) {
    if (alone.has(c.name)) continue;
    let node = tree;
    c.path.forEach((k, i) => {
      if (i === c.path.length - 1) node[k] = jsonStructureOf(parseTrinoType(c.type));
      else node = (node[k] ??= {}) as Tree;
    });
  }
  const exprs = view.columns.map((c) => {
    const duckType = duckTypeOf(parseTrinoType(c.type));
    if (alone.has(c.name)) {
      const path = '$' + c.path.map((k) => `.${JSON.stringify(k)}`).join('');
      const e =
        duckType === 'VARCHAR'
          ? `json_extract_string(event_data, ${lit(path)})`
          : `TRY_CAST(json_extract(event_data, ${lit(path)}) AS ${duckType})`;
      return `${e} AS ${q(duckIdent(c.name))}`;
    }
    return `s${c.path.map((k) => `[${lit(k)}]`).join('')} AS ${q(duckIdent(c.name))}`;
  });
  const struct = Object.keys(tree).length ? `from_json(event_data, ${lit(JSON.stringify(tree))})` : 'NULL';
  return `INSERT INTO ${q(typedTableName(view.name))}
SELECT event_date, event_time${exprs.length ? ', ' + exprs.join(', ') : ''}
FROM (SELECT event_date, event_time, event_data, ${struct} AS s FROM ${source}
      WHERE event_type = ${lit(view.eventType)} AND event_date >= current_date - ${MAX_WINDOW_DAYS - 1})`;
}

export function typedTableDdl(view: AuditView): string {
  const cols = [
    '"event_date" DATE',
    '"event_time" TIMESTAMP',
    ...view.columns.map((c) => `${q(duckIdent(c.name))} ${duckTypeOf(parseTrinoType(c.type))}`),
  ];
  return `CREATE TABLE ${q(typedTableName(view.name))} (${cols.join(', ')})`;
}

export function catalogHash(catalog: Catalog): string {
  return createHash('sha256').update(JSON.stringify(catalog.views)).digest('hex').slice(0, 16);
}

/** Window schemas: w7.session_start is session_start over the last 7 days (SPEC section 2). */
export const windowSchema = (days: number) => `w${days}`;

async function createWindowViews(c: DuckDBConnection, catalog: Catalog, windows: readonly number[]): Promise<void> {
  for (const days of windows) {
    const schema = windowSchema(days);
    await c.run(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    for (const v of catalog.views) {
      await c.run(
        `CREATE OR REPLACE VIEW ${schema}.${q(v.name)} AS SELECT * FROM main.${q(typedTableName(v.name))} ` +
          `WHERE event_date BETWEEN current_date - ${days - 1} AND current_date`,
      );
    }
    // The base view: the base table itself over the window (no typed copy).
    await c.run(
      `CREATE OR REPLACE VIEW ${schema}.${q(BASE_VIEW.name)} AS SELECT event_date, event_time, ${BASE_VIEW.columns.map((x) => `${q(x.name)} AS ${q(duckIdent(x.name))}`).join(', ')} ` +
        `FROM main.events WHERE event_date BETWEEN current_date - ${days - 1} AND current_date`,
    );
  }
}

const CATCH_UP_CHUNK = 250_000;

/** One past the last rowid of `events` (append-only, so rowids run 0..n-1 in insertion order). */
async function eventsEnd(c: DuckDBConnection): Promise<number> {
  return Number((await c.runAndReadAll('SELECT count(*) FROM events')).getRows()[0]![0]);
}

/**
 * Brings the typed tables up to date with `events`: every event past the watermark is copied into its
 * type's table, and the watermark moves, in one transaction. Ingest calls this once per run, so each
 * type gets one large insert (written straight to the database file) instead of one per batch; run at
 * open too, it finishes the work of an ingest that stopped in between.
 */
export async function catchUpTypedTables(c: DuckDBConnection, catalog: Catalog): Promise<number> {
  const wmRow = (await c.runAndReadAll(`SELECT value FROM meta WHERE key = 'typed_rowid'`)).getRows()[0];
  const from = wmRow ? Number(wmRow[0]) : 0;
  const end = await eventsEnd(c);
  if (end <= from) return 0;
  await c.run('BEGIN TRANSACTION');
  try {
    // Chunks: each decompresses its slice of `events` once into memory, and every type's insert reads
    // that copy; one transaction, so large types still fill whole row groups straight to the file.
    for (let lo = from; lo < end; lo += CATCH_UP_CHUNK) {
      const hi = Math.min(end, lo + CATCH_UP_CHUNK);
      await c.run(`CREATE OR REPLACE TEMP TABLE typed_chunk AS
        SELECT event_type, event_date, event_time, event_data FROM events WHERE rowid >= ${lo} AND rowid < ${hi}`);
      const types = (await c.runAndReadAll('SELECT DISTINCT event_type FROM typed_chunk')).getRows().map((r) => String(r[0]));
      for (const t of types) {
        const view = catalog.byEventType.get(t);
        if (view) await c.run(typedInsertSql(view, 'typed_chunk'));
      }
    }
    await c.run('DROP TABLE IF EXISTS typed_chunk');
    await c.run(`INSERT OR REPLACE INTO meta VALUES ('typed_rowid', '${end}')`);
    await c.run('COMMIT');
  } catch (e) {
    await c.run('ROLLBACK');
    throw e;
  }
  return end - from;
}

/**
 * Makes the typed tables and window views match the catalogue. When the catalogue changed since the
 * tables were built, they are dropped and rebuilt from `events` in one transaction.
 */
export async function syncTypedTables(c: DuckDBConnection, catalog: Catalog, windows: readonly number[]): Promise<void> {
  const hash = catalogHash(catalog);
  const cur = await c.runAndReadAll(`SELECT value FROM meta WHERE key = 'catalog_hash'`);
  const stored = cur.getRows()[0]?.[0];
  if (stored === hash) {
    await catchUpTypedTables(c, catalog);
    await createWindowViews(c, catalog, windows);
    return;
  }
  await c.run('BEGIN TRANSACTION');
  try {
    for (const days of windows) await c.run(`DROP SCHEMA IF EXISTS ${windowSchema(days)} CASCADE`);
    const existing = await c.runAndReadAll(
      `SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main' AND table_name LIKE 'ev\\_%' ESCAPE '\\'`,
    );
    for (const [name] of existing.getRows()) await c.run(`DROP TABLE ${q(String(name))}`);
    const end = await eventsEnd(c);
    for (const v of catalog.views) {
      await c.run(typedTableDdl(v));
      await c.run(typedInsertSql(v, `(SELECT * FROM events WHERE rowid < ${end})`));
    }
    await c.run(`INSERT OR REPLACE INTO meta VALUES ('catalog_hash', ${lit(hash)}), ('typed_rowid', '${end}')`);
    await c.run('COMMIT');
  } catch (e) {
    await c.run('ROLLBACK');
    throw e;
  }
  await createWindowViews(c, catalog, windows);
}
