// Trino's result values -> the text Athena puts in GetQueryResults and in its result CSV, and Trino's
// column types -> Athena's ColumnInfo. Athena (engine v3, which is Trino) prints: timestamps
// '2024-03-20 12:12:03.374', timestamps with a zone '... UTC', doubles the Java way (2.0, 1.0E7), arrays
// '[a, b]', rows and maps '{k=v, k2=v2}', a NULL element 'null'; a NULL cell has no VarCharValue at all.
// Written here from those rules, independently of the product's readers in src/athena/cells.ts.
import { isLosslessNumber } from 'lossless-json';
import type { TrinoColumn, TypeSignature } from '../../../src/trino/client';

export interface AthenaColumn {
  Name: string;
  Label: string;
  Type: string;
  Precision: number;
  Scale: number;
  Nullable: 'UNKNOWN';
  CaseSensitive: boolean;
  CatalogName: 'hive';
  SchemaName: '';
  TableName: '';
}

/** Java's Double.toString, which Trino uses for double text. */
export function javaDouble(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? 'Infinity' : '-Infinity';
  const abs = Math.abs(n);
  if (abs !== 0 && (abs >= 1e7 || abs < 1e-3)) {
    const [mant, exp] = n.toExponential().split('e') as [string, string];
    return `${mant.includes('.') ? mant : `${mant}.0`}E${Number(exp)}`;
  }
  const s = String(n);
  return s.includes('.') ? s : `${s}.0`;
}

const longArgs = (sig: TypeSignature) => sig.arguments.filter((a) => a.kind === 'LONG').map((a) => Number(String(a.value)));
const typeArgs = (sig: TypeSignature) => sig.arguments.filter((a) => a.kind === 'TYPE').map((a) => a.value as TypeSignature);
const fields = (sig: TypeSignature) =>
  sig.arguments.filter((a) => a.kind === 'NAMED_TYPE').map((a, i) => {
    const v = a.value as { fieldName?: { name: string }; typeSignature: TypeSignature };
    return { name: v.fieldName?.name ?? `field${i}`, type: v.typeSignature };
  });

/** Athena's ColumnInfo: the bare type name, with length, precision and scale in their own fields. */
export function athenaColumn(c: TrinoColumn): AthenaColumn {
  const sig = c.typeSignature!;
  const raw = sig.rawType.toLowerCase();
  const args = longArgs(sig);
  let precision = 0;
  let scale = 0;
  if (raw === 'varchar' || raw === 'char') precision = args[0] ?? 2147483647;
  else if (raw === 'decimal') [precision = 0, scale = 0] = args;
  else if (raw === 'timestamp' || raw === 'timestamp with time zone') precision = args[0] ?? 3;
  else if (raw === 'bigint') precision = 19;
  else if (raw === 'integer') precision = 10;
  else if (raw === 'smallint') precision = 5;
  else if (raw === 'tinyint') precision = 3;
  else if (raw === 'double' || raw === 'real') precision = 17;
  return {
    CatalogName: 'hive',
    SchemaName: '',
    TableName: '',
    Name: c.name,
    Label: c.name,
    Type: raw,
    Precision: precision,
    Scale: scale,
    Nullable: 'UNKNOWN',
    CaseSensitive: raw === 'varchar' || raw === 'char',
  };
}

/** One value as Athena prints it; undefined for a NULL cell. */
export function athenaText(v: unknown, sig: TypeSignature): string | undefined {
  if (v === null || v === undefined) return undefined;
  return text(v, sig);
}

function text(v: unknown, sig: TypeSignature): string {
  if (v === null || v === undefined) return 'null';
  switch (sig.rawType.toLowerCase()) {
    case 'boolean':
      return v ? 'true' : 'false';
    case 'real':
    case 'double':
      return typeof v === 'string' ? v : javaDouble(Number(String(v)));
    case 'array': {
      const [el] = typeArgs(sig);
      return `[${(v as unknown[]).map((x) => text(x, el!)).join(', ')}]`;
    }
    case 'map': {
      const [k, val] = typeArgs(sig);
      return `{${Object.entries(v as Record<string, unknown>).map(([key, x]) => `${text(key, k!)}=${text(x, val!)}`).join(', ')}}`;
    }
    case 'row': {
      const values = v as unknown[];
      return `{${fields(sig).map((f, i) => `${f.name}=${text(values[i], f.type)}`).join(', ')}}`;
    }
    default:
      if (isLosslessNumber(v)) return v.toString();
      return typeof v === 'string' ? v : JSON.stringify(v);
  }
}

/** One CSV field the way Athena writes result files: every non-NULL value quoted, NULL empty. */
export function csvField(v: string | undefined): string {
  return v === undefined ? '' : `"${v.replace(/"/g, '""')}"`;
}
