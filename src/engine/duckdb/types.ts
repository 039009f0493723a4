// Catalogue column types (Trino) -> DuckDB column types and from_json structures.
import { parseTrinoType, type TrinoTypeNode } from '../../catalog/trino-type';

const SCALARS: Record<string, string> = {
  varchar: 'VARCHAR',
  boolean: 'BOOLEAN',
  integer: 'INTEGER',
  bigint: 'BIGINT',
  double: 'DOUBLE',
};

const quoteIdent = (n: string) => `"${n.replace(/"/g, '""')}"`;

export function duckTypeOf(t: TrinoTypeNode): string {
  switch (t.kind) {
    case 'scalar': {
      const d = SCALARS[t.name];
      if (!d) throw new Error(`no DuckDB type for Trino type ${t.name}`);
      return d;
    }
    case 'array':
      return `${duckTypeOf(t.element)}[]`;
    case 'map':
      return `MAP(${duckTypeOf(t.key)}, ${duckTypeOf(t.value)})`;
    case 'row':
      return `STRUCT(${t.fields.map((f) => `${quoteIdent(f.name)} ${duckTypeOf(f.type)}`).join(', ')})`;
  }
}

/** The from_json structure for a type (a JSON-able value). */
export function jsonStructureOf(t: TrinoTypeNode): unknown {
  switch (t.kind) {
    case 'scalar':
      return duckTypeOf(t);
    case 'array':
      return [jsonStructureOf(t.element)];
    case 'map':
      return duckTypeOf(t);
    case 'row':
      return Object.fromEntries(t.fields.map((f) => [f.name, jsonStructureOf(f.type)]));
  }
}

export { parseTrinoType };
