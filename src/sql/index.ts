// SQL for both engines: the guard (one read-only SELECT over catalogue views), the Trino -> DuckDB
// translation, and the helpers the embedded engine needs to name columns and report types.
export { checkQuery, type CheckedQuery } from './guard';
export { translateToDuckDb, type TranslatedQuery, type TranslateOptions } from './translate';
export { DUCKDB_MACROS } from './macros';
export { duckIdent, restoreColumnName, restoreErrorMessage } from './identifiers';
export { trinoTypeOf } from './types';
export { trinoErrorMessage } from './trino-errors';
export { refusalMessage } from './refusal';
export { MAX_SQL_BYTES } from './parser';

/**
 * Settings a DuckDB connection that runs translated SQL must have (apply before locking the
 * configuration): Trino on Athena evaluates dates and timestamps in UTC.
 */
export const DUCKDB_SETTINGS: readonly string[] = ["SET GLOBAL TimeZone = 'UTC'"];
