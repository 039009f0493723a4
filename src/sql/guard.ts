// The SQL guard, shared by both engines: the text must be exactly one read-only SELECT (WITH allowed)
// over catalogue views, calling only Trino functions. Everything else is refused with a message that says
// what is wrong, before anything reaches an engine. The check runs on DuckDB's parse tree (parser.ts), so
// comments, quoting and case tricks are seen exactly as an engine would see them.
import type { Catalog } from '../catalog/types';
import { SqlRejectedError } from '../errors/engine-error';
import type { Expr, TableRef } from './ast';
import { viewNotFoundMessage } from './diagnostics';
import { parseSelect } from './parser';
import { OPERATORS, PARSER_FUNCTIONS, TRINO_FUNCTIONS } from './trino-functions';
import { refuse, walkQuery } from './walk';

export interface CheckedQuery {
  /** The SQL as the user wrote it (engines translate or wrap it themselves). */
  sql: string;
  /** Catalogue views the SQL references, sorted, lower case. */
  views: string[];
}

/**
 * Column names DuckDB resolves to session values when no column of that name exists (`current_user`
 * would answer 'duckdb'). `user` is handled by renaming (identifiers.ts); these have no Trino meaning here.
 */
const SESSION_VALUE_NAMES = new Set(['current_user', 'session_user', 'current_role', 'current_catalog', 'current_schema', 'current_database']);

const TABLE_FUNCTIONS_ALLOWED = new Set(['unnest']);

function quoteName(name: string): string {
  return JSON.stringify(name);
}

function checkFunction(e: Expr): void {
  const name = String(e.function_name ?? '').toLowerCase();
  if (e.catalog || (e.schema && String(e.schema).toLowerCase() !== 'main')) {
    refuse(`Function ${quoteName(`${e.schema}.${e.function_name}`)} is refused: functions cannot be schema-qualified.`);
  }
  if (e.class === 'FUNCTION' && e.is_operator) {
    if (!OPERATORS.has(name)) refuse(`Operator ${quoteName(name)} is not supported.`);
    return;
  }
  if (!TRINO_FUNCTIONS.has(name) && !PARSER_FUNCTIONS.has(name)) {
    refuse(
      `Function ${quoteName(name)} is not allowed: only Trino's functions (string, math, date/time, JSON, ` +
        'array, map, regexp, URL, aggregate and window functions) can be called.',
    );
  }
}

function checkTable(sql: string, ref: TableRef, ctes: ReadonlySet<string>, catalog: Catalog, views: Set<string>): void {
  if (ref.type === 'BASE_TABLE') {
    const name = String(ref.table_name);
    const qualifier = [ref.catalog_name, ref.schema_name].filter(Boolean).join('.');
    if (qualifier) {
      refuse(`Table ${quoteName(`${qualifier}.${name}`)} is refused: name a view without a schema or catalogue (e.g. FROM cert_create).`);
    }
    const lower = name.toLowerCase();
    if (ctes.has(lower)) return;
    if (!catalog.byName.has(lower)) {
      refuse(viewNotFoundMessage(sql, name, catalog));
    }
    views.add(lower);
  } else if (ref.type === 'TABLE_FUNCTION') {
    const fn = ref.function;
    const name = String(fn.function_name ?? '').toLowerCase();
    if (!TABLE_FUNCTIONS_ALLOWED.has(name) || fn.schema || fn.catalog) {
      refuse(`Table function ${quoteName(name)} is not allowed: only UNNEST can appear in FROM, besides views.`);
    }
  }
}

/**
 * Checks one user query. Returns the views it reads; throws SqlRejectedError (with a message that says
 * what is wrong and what is allowed) for anything else.
 */
export async function checkQuery(sql: string, catalog: Catalog): Promise<CheckedQuery> {
  const ast = await parseSelect(sql);
  const views = new Set<string>();
  walkQuery(ast, {
    query(node) {
      for (const entry of node.cte_map?.map ?? []) {
        const name = String(entry.key).toLowerCase();
        if (catalog.byName.has(name)) {
          refuse(`The WITH query ${quoteName(String(entry.key))} has the name of an audit view: choose another name.`);
        }
      }
    },
    table(ref, ctx) {
      checkTable(sql, ref, ctx.ctes, catalog, views);
    },
    expr(e) {
      if (e.class === 'FUNCTION' || e.class === 'WINDOW') checkFunction(e);
      if (e.class === 'COLUMN_REF' && e.column_names.length === 1) {
        const name = String(e.column_names[0]).toLowerCase();
        if (SESSION_VALUE_NAMES.has(name)) refuse(`${name} is not available in audit queries.`);
      }
    },
  });
  return { sql, views: [...views].sort() };
}


export { SqlRejectedError };
