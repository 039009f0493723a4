// DuckDB's binder errors about names, reworded as Trino words them (see src/sql/diagnostics.ts), so
// the embedded engine fails a query with the message Athena would give, plus a suggestion.
import type { Catalog } from '../../catalog/types';
import { columnNotFoundMessage } from '../../sql/diagnostics';
import { refusalMessage } from '../../sql/refusal';
import { TRINO_FUNCTIONS } from '../../sql/trino-functions';

const PATTERNS: { re: RegExp; parts(m: RegExpExecArray): { column: string; qualifier?: string } }[] = [
  { re: /Referenced column "([^"]+)" not found in FROM clause/, parts: (m) => ({ column: m[1]! }) },
  { re: /(?:Values list|Table) "([^"]+)" does not have a column named "([^"]+)"/, parts: (m) => ({ qualifier: m[1]!, column: m[2]! }) },
  // `y.a` where no FROM item is called y: Trino reports the whole reference as the column.
  { re: /Referenced table "([^"]+)" not found!?\s*Candidate tables/, parts: (m) => ({ column: '', qualifier: m[1]! }) },
];

const DUCK_TYPE_NAMES: Readonly<Record<string, string>> = {
  BLOB: 'varbinary', STRING_LITERAL: 'varchar', INTEGER_LITERAL: 'integer', FLOAT: 'real', HUGEINT: 'bigint',
  'TIMESTAMP WITH TIME ZONE': 'timestamp with time zone', DECIMAL: 'decimal', NULL: 'unknown', '"NULL"': 'unknown',
};

/** A DuckDB argument type list (`BLOB, BIGINT[]`) in Trino's type names. */
function trinoTypeList(duck: string): string {
  return duck.split(/,\s*/).map((t) => {
    let depth = 0;
    let base = t.trim();
    while (base.endsWith('[]')) {
      base = base.slice(0, -2);
      depth++;
    }
    let name = DUCK_TYPE_NAMES[base] ?? base.toLowerCase();
    for (let i = 0; i < depth; i++) name = `array(${name})`;
    return name;
  }).join(', ');
}

// A Trino function DuckDB has under the same name but not for these argument types (or not at all): the
// call is a form the embedded engine cannot run, so it is refused, naming the function and the types.
const UNBOUND_CALL = /No function matches the given name and argument types '([a-z_0-9]+)\((.*?)\)'/;
const MISSING_FUNCTION = /Scalar Function with name ([a-z_0-9]+) does not exist/;

function unsupportedCall(message: string): string | undefined {
  const unbound = UNBOUND_CALL.exec(message);
  if (unbound && TRINO_FUNCTIONS.has(unbound[1]!)) return refusalMessage(`${unbound[1]} with arguments of type (${trinoTypeList(unbound[2]!)})`);
  // concat(array, x) / array || x where the translator could not see that x is an element (or an array)
  if (/Cannot concatenate types \S+\[\] and \S+|Cannot concatenate types \S+ and \S+\[\]/.test(message)) {
    return refusalMessage('concat of an array and a value whose type the query text does not show');
  }
  const missing = MISSING_FUNCTION.exec(message);
  if (missing && TRINO_FUNCTIONS.has(missing[1]!)) return refusalMessage(`the function ${missing[1]}`);
  return undefined;
}

/** Trino's wording of a DuckDB error about an unknown name; other messages are returned unchanged. */
export function trinoWording(message: string, sql: string, views: readonly string[], catalog: Catalog): string {
  const unsupported = unsupportedCall(message);
  if (unsupported) return unsupported;
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
