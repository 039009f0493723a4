// DuckDB result types -> Trino type names as Athena reports them in column info.
import { type DuckDBType, DuckDBTypeId } from '@duckdb/node-api';

/** Field-name prefix the engine gives the fields of an anonymous row (Trino's ROW(1, 'a')): reported unnamed. */
export const ANONYMOUS_FIELD = '__am_f';

/** Field names are written bare when they are plain identifiers, else double-quoted (Trino's rendering). */
function fieldName(name: string): string {
  return /^[a-z_][a-z0-9_]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

export function trinoTypeOf(type: DuckDBType): string {
  if (type.alias?.toUpperCase() === 'JSON') return 'json';
  switch (type.typeId) {
    case DuckDBTypeId.BOOLEAN:
      return 'boolean';
    case DuckDBTypeId.TINYINT:
      return 'tinyint';
    case DuckDBTypeId.SMALLINT:
    case DuckDBTypeId.UTINYINT:
      return 'smallint';
    case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.USMALLINT:
      return 'integer';
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.UINTEGER:
      return 'bigint';
    case DuckDBTypeId.HUGEINT:
      // sum() and count_if() of integers: bigint in Trino (the engine narrows result columns, failing on overflow)
      return 'bigint';
    case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.UHUGEINT:
    case DuckDBTypeId.BIGNUM:
      return 'decimal(38,0)';
    case DuckDBTypeId.FLOAT:
      return 'real';
    case DuckDBTypeId.DOUBLE:
      return 'double';
    case DuckDBTypeId.DECIMAL:
      return `decimal(${type.width},${type.scale})`;
    case DuckDBTypeId.VARCHAR:
    case DuckDBTypeId.ENUM:
    case DuckDBTypeId.UUID:
    case DuckDBTypeId.STRING_LITERAL:
      return 'varchar';
    case DuckDBTypeId.BLOB:
    case DuckDBTypeId.BIT:
      return 'varbinary';
    case DuckDBTypeId.DATE:
      return 'date';
    case DuckDBTypeId.TIME:
    case DuckDBTypeId.TIME_NS:
      return 'time(3)';
    case DuckDBTypeId.TIME_TZ:
      return 'time(3) with time zone';
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_S:
    case DuckDBTypeId.TIMESTAMP_MS:
    case DuckDBTypeId.TIMESTAMP_NS:
      return 'timestamp(3)';
    case DuckDBTypeId.TIMESTAMP_TZ:
      return 'timestamp(3) with time zone';
    case DuckDBTypeId.INTERVAL:
      return 'interval day to second';
    case DuckDBTypeId.INTEGER_LITERAL:
      return 'integer';
    case DuckDBTypeId.SQLNULL:
      return 'unknown';
    case DuckDBTypeId.LIST:
    case DuckDBTypeId.ARRAY:
      return `array(${trinoTypeOf(type.valueType)})`;
    case DuckDBTypeId.MAP:
      return `map(${trinoTypeOf(type.keyType)}, ${trinoTypeOf(type.valueType)})`;
    case DuckDBTypeId.STRUCT:
      return `row(${type.entryNames
        .map((n, i) => (n === '' || n.startsWith(ANONYMOUS_FIELD) ? '' : `${fieldName(n)} `) + trinoTypeOf(type.entryTypes[i]))
        .join(', ')})`;
    default:
      return 'varchar';
  }
}
