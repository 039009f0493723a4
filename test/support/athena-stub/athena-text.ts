// DuckDB values -> the text Athena puts in GetQueryResults and in its result CSV, and DuckDB types ->
// Athena's ColumnInfo. Athena (Trino) prints: timestamps '2024-03-20 12:12:03.374', timestamps with a
// zone '... UTC', doubles the Java way (2.0, 1.0E7), arrays '[a, b]', rows and maps '{k=v, k2=v2}',
// a NULL element 'null'; a NULL cell has no VarCharValue at all.
import { DuckDBTypeId, type DuckDBType } from '@duckdb/node-api';
import { intervalText, timestampText } from '../../../src/engine/duckdb/cells';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

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

export function athenaType(t: DuckDBType): { Type: string; Precision: number; Scale: number } {
  switch (t.typeId) {
    case DuckDBTypeId.BOOLEAN:
      return { Type: 'boolean', Precision: 0, Scale: 0 };
    case DuckDBTypeId.TINYINT:
      return { Type: 'tinyint', Precision: 3, Scale: 0 };
    case DuckDBTypeId.SMALLINT:
      return { Type: 'smallint', Precision: 5, Scale: 0 };
    case DuckDBTypeId.INTEGER:
      return { Type: 'integer', Precision: 10, Scale: 0 };
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.UINTEGER:
    case DuckDBTypeId.UHUGEINT:
      return { Type: 'bigint', Precision: 19, Scale: 0 };
    case DuckDBTypeId.FLOAT:
      return { Type: 'float', Precision: 17, Scale: 0 };
    case DuckDBTypeId.DOUBLE:
      return { Type: 'double', Precision: 17, Scale: 0 };
    case DuckDBTypeId.DECIMAL: {
      const d = t as unknown as { width: number; scale: number };
      return { Type: 'decimal', Precision: d.width, Scale: d.scale };
    }
    case DuckDBTypeId.DATE:
      return { Type: 'date', Precision: 0, Scale: 0 };
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_MS:
    case DuckDBTypeId.TIMESTAMP_S:
    case DuckDBTypeId.TIMESTAMP_NS:
      return { Type: 'timestamp', Precision: 3, Scale: 0 };
    case DuckDBTypeId.TIMESTAMP_TZ:
      return { Type: 'timestamp with time zone', Precision: 3, Scale: 0 };
    case DuckDBTypeId.INTERVAL:
      return { Type: 'interval day to second', Precision: 0, Scale: 0 };
    case DuckDBTypeId.LIST:
    case DuckDBTypeId.ARRAY:
      return { Type: 'array', Precision: 0, Scale: 0 };
    case DuckDBTypeId.STRUCT:
      return { Type: 'row', Precision: 0, Scale: 0 };
    case DuckDBTypeId.MAP:
      return { Type: 'map', Precision: 0, Scale: 0 };
    default:
      return { Type: 'varchar', Precision: 2147483647, Scale: 0 };
  }
}

/** One value as Athena prints it; undefined for a NULL cell. */
export function athenaText(v: Json, t: DuckDBType): string | undefined {
  if (v === null || v === undefined) return undefined;
  return text(v, t);
}

function text(v: Json, t: DuckDBType): string {
  if (v === null || v === undefined) return 'null';
  switch (t.typeId) {
    case DuckDBTypeId.BOOLEAN:
      return v ? 'true' : 'false';
    case DuckDBTypeId.FLOAT:
    case DuckDBTypeId.DOUBLE:
      return typeof v === 'number' ? javaDouble(v) : String(v);
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_MS:
    case DuckDBTypeId.TIMESTAMP_S:
    case DuckDBTypeId.TIMESTAMP_NS:
      return timestampText(String(v));
    case DuckDBTypeId.TIMESTAMP_TZ:
      return `${timestampText(String(v))} UTC`;
    case DuckDBTypeId.INTERVAL:
      return intervalText(v as { months: number; days: number; micros: string });
    case DuckDBTypeId.LIST:
    case DuckDBTypeId.ARRAY:
      return `[${(v as Json[]).map((x) => text(x, (t as unknown as { valueType: DuckDBType }).valueType)).join(', ')}]`;
    case DuckDBTypeId.STRUCT: {
      const st = t as unknown as { entryNames: string[]; entryTypes: DuckDBType[] };
      const o = v as Record<string, Json>;
      return `{${st.entryNames.map((n, i) => `${n}=${text(o[n] ?? null, st.entryTypes[i]!)}`).join(', ')}}`;
    }
    case DuckDBTypeId.MAP: {
      const mt = t as unknown as { keyType: DuckDBType; valueType: DuckDBType };
      return `{${(v as unknown as { key: Json; value: Json }[]).map((e) => `${text(e.key, mt.keyType)}=${text(e.value, mt.valueType)}`).join(', ')}}`;
    }
    default:
      return typeof v === 'object' ? JSON.stringify(v) : String(v);
  }
}

/** One CSV field the way Athena writes result files: every non-NULL value quoted, NULL empty. */
export function csvField(v: string | undefined): string {
  return v === undefined ? '' : `"${v.replace(/"/g, '""')}"`;
}
