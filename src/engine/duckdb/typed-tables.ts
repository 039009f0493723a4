// Per-event-type typed tables: each catalogue view's columns extracted once, at ingest, so queries scan
// columns instead of re-parsing JSON. Derived entirely from `events`, so they are rebuilt from it
// whenever the catalogue changes.
import { createHash } from 'node:crypto';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { AuditView, Catalog } from '../../catalog';
import { duckIdent } from '../../sql';
import { duckTypeOf, jsonStructureOf, parseTrinoType } from './types';

export const typedTableName = (view: string) => `ev_${view}`;
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
FROM (SELECT event_date, event_time, event_data, ${struct} AS s FROM ${source} WHERE event_type = ${lit(view.eventType)})`;
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
  }
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
    for (const v of catalog.views) {
      await c.run(typedTableDdl(v));
      await c.run(typedInsertSql(v, 'events'));
    }
    await c.run(`INSERT OR REPLACE INTO meta VALUES ('catalog_hash', ${lit(hash)})`);
    await c.run('COMMIT');
  } catch (e) {
    await c.run('ROLLBACK');
    throw e;
  }
  await createWindowViews(c, catalog, windows);
}
