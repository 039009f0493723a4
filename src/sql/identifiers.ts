// The `user` trap: DuckDB binds an unknown column `user` (quoted or not) to the session user ('duckdb'),
// so a query over a view without a `user` column would silently answer 'duckdb'. Every identifier `user`
// is therefore renamed to an internal name that DuckDB has no fallback for, view columns are created under
// that name (duckIdent), and result column names and error messages are mapped back.

const RENAMED: ReadonlyMap<string, string> = new Map([['user', '__am_user']]);
const RESTORED: ReadonlyMap<string, string> = new Map([...RENAMED].map(([k, v]) => [v, k]));

/** Prefix of every internal name (renamed identifiers and our macros). */
export const INTERNAL_PREFIX = '__am_';

/** How a view column (or any identifier a query writes) is named inside DuckDB. */
export function duckIdent(name: string): string {
  return RENAMED.get(name.toLowerCase()) ?? name;
}

/** Maps an internal column name (or a generated name that contains one) back to what the user wrote. */
export function restoreColumnName(name: string): string {
  return RESTORED.get(name) ?? name.replace(/__am_user/g, 'user');
}

/**
 * Rewrites a DuckDB error message into the user's terms: internal identifiers and macro names
 * (`__am_user`, `__am_contains`) lose their prefix, and the view schema qualifier disappears.
 */
export function restoreErrorMessage(message: string, viewSchema?: string): string {
  let out = message.replace(/__am_([A-Za-z0-9_]+)/g, '$1');
  if (viewSchema) out = out.replace(new RegExp(`\\b${viewSchema.replace(/[^A-Za-z0-9_]/g, '')}\\.`, 'g'), '');
  return out;
}
