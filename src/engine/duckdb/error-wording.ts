// DuckDB's binder errors about names, reworded as Trino words them (see src/sql/diagnostics.ts), so
// the embedded engine fails a query with the message Athena would give, plus a suggestion.
import type { Catalog } from '../../catalog/types';
import { columnNotFoundMessage } from '../../sql/diagnostics';

const PATTERNS: { re: RegExp; parts(m: RegExpExecArray): { column: string; qualifier?: string } }[] = [
  { re: /Referenced column "([^"]+)" not found in FROM clause/, parts: (m) => ({ column: m[1]! }) },
  { re: /(?:Values list|Table) "([^"]+)" does not have a column named "([^"]+)"/, parts: (m) => ({ qualifier: m[1]!, column: m[2]! }) },
  // `y.a` where no FROM item is called y: Trino reports the whole reference as the column.
  { re: /Referenced table "([^"]+)" not found!?\s*Candidate tables/, parts: (m) => ({ column: '', qualifier: m[1]! }) },
];

/** Trino's wording of a DuckDB error about an unknown name; other messages are returned unchanged. */
export function trinoWording(message: string, sql: string, views: readonly string[], catalog: Catalog): string {
  for (const p of PATTERNS) {
    const m = p.re.exec(message);
    if (!m) continue;
    const { column, qualifier } = p.parts(m);
    if (!column) {
      // Which column was qualified by the unknown table: the first `qualifier.name` in the text.
      const ref = new RegExp(`\\b${qualifier}\\s*\\.\\s*("?)([A-Za-z_][A-Za-z0-9_]*)\\1`, 'i').exec(sql);
      return columnNotFoundMessage(sql, ref?.[2] ?? '?', qualifier, views, catalog);
    }
    return columnNotFoundMessage(sql, column, qualifier, views, catalog);
  }
  return message;
}
