// The one engine interface. Resolvers, the CLI and reports talk only to this; the embedded (DuckDB)
// and distributed (Athena, Trino) engines implement it. Shapes mirror Athena's execution model: start a
// query, poll its status, page its results by token, cancel it.
import type { Catalog } from '../catalog/types';
import type { TrinoType } from '../catalog/trino-type';

/** Time windows the product supports (SPEC section 2). */
export const WINDOW_DAYS = [7, 30, 90, 120] as const;
export type WindowDays = (typeof WINDOW_DAYS)[number];

export type QueryState = 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';
export const TERMINAL_STATES: ReadonlySet<QueryState> = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);

export interface ColumnInfo {
  name: string;
  type: TrinoType;
}

/**
 * One cell, engine-neutral and JSON-safe:
 * - varchar/char/json: string
 * - varbinary: base64 text of the bytes (as Trino's client protocol sends it)
 * - boolean: boolean
 * - tinyint/smallint/integer/real/double: number (NaN/Infinity as the strings 'NaN', 'Infinity', '-Infinity')
 * - bigint/decimal: string (exact decimal text, 64-bit safe)
 * - date: 'YYYY-MM-DD'
 * - timestamp(p): 'YYYY-MM-DD HH:MM:SS.mmm' (UTC, Trino's text form)
 * - timestamp(p) with time zone: 'YYYY-MM-DD HH:MM:SS.mmm UTC'
 * - interval: Trino text, e.g. '1 02:03:04.000'
 * - array(T): Cell[]; row(...): { field: Cell }; map: { key: Cell }
 * - NULL: null
 */
export type Cell = null | string | number | boolean | Cell[] | { [k: string]: Cell };
export type Row = Cell[];

export type ErrorKind = 'USER' | 'SYSTEM';

export interface ExecutionError {
  kind: ErrorKind; // USER: the SQL or its input is wrong (Athena ErrorCategory 2); SYSTEM: engine fault
  message: string;
}

export interface ExecutionStatus {
  id: string;
  state: QueryState;
  /** The SQL as the user wrote it. */
  sql: string;
  days: WindowDays;
  user?: string;
  error?: ExecutionError;
  submittedAt: Date;
  startedAt?: Date;
  completedAt?: Date;
  /** Engine execution time in ms once terminal. */
  executionMs?: number;
  bytesScanned?: number;
  /** Total result rows once SUCCEEDED (embedded engine always; Athena when known). */
  rowCount?: number;
  /** While QUEUED, where the query waits: 1 starts next (engines that know it). */
  queuePosition?: number;
  /** Embedded engine: the lane it runs in (heavy: its estimate is at or above the heavy bound). */
  lane?: 'light' | 'heavy';
  /** Embedded engine: rows its plan handles, estimated before it ran. */
  estimatedRows?: number;
  /** Embedded engine: engine-seconds charged so far (wall time x threads, shared among the queries running at once). */
  engineSeconds?: number;
}

/** A user's use of the engine's budget over its rolling window. */
export interface BudgetUsage {
  /** engine_seconds (embedded engine) or scanned_bytes (Athena). */
  measure: 'engine_seconds' | 'scanned_bytes';
  used: number;
  /** Undefined: no limit is configured (usage is still counted). */
  limit?: number;
  windowHours: number;
  /** The setting that holds the limit. */
  setting: string;
}

/**
 * The SQL guard's contract (src/sql) as the remote engines take it: one read-only SELECT, and the
 * catalogue views it reads (which they put in front of it as CTEs).
 */
export type QueryGuard = (sql: string, catalog: Catalog) => Promise<{ sql: string; views: string[] }>;

export interface StartQueryInput {
  sql: string;
  days: WindowDays;
  /** Who runs it: used for ownership, quotas and budgets, never for authorization here. */
  user?: string;
  roles?: string[];
  /** Idempotency token: the same token returns the same execution. */
  clientToken?: string;
  /**
   * The user's queries that may run at once; more wait QUEUED. Honoured by engines that say
   * `queuesPerUser`; the others leave it to the caller to refuse past it.
   */
  maxRunning?: number;
}

export interface ResultsPageRequest {
  /** Opaque token from a previous page; absent for the first page. */
  nextToken?: string;
  /** Rows per page; engines cap it (Athena: 1000). */
  maxResults?: number;
}

export interface ResultsPage {
  columns: ColumnInfo[];
  rows: Row[];
  /** Present when more rows follow. */
  nextToken?: string;
}

export interface QueryEngine {
  readonly kind: 'embedded' | 'athena' | 'trino';
  /** Validates (SQL guard) and submits. Guard failures throw SqlRejectedError before anything runs. */
  start(input: StartQueryInput): Promise<{ id: string }>;
  status(id: string): Promise<ExecutionStatus>;
  /** Only for SUCCEEDED executions; throws EngineError('NOT_READY') otherwise. */
  results(id: string, page?: ResultsPageRequest): Promise<ResultsPage>;
  /** Idempotent; a terminal execution stays as it is. */
  cancel(id: string): Promise<void>;
  /**
   * Optional: a time-limited URL of the whole result as CSV, for exports too large to page (Athena: a
   * presigned URL of the result file in S3). Engines without one leave it out.
   */
  exportUrl?(id: string): Promise<string>;
  /** True when the engine keeps a user's queries past `maxRunning` QUEUED instead of running them. */
  readonly queuesPerUser?: boolean;
  /** Optional: the user's use of the engine's budget; undefined when the engine keeps none. */
  budgetUsage?(user: string, roles?: readonly string[]): Promise<BudgetUsage | undefined>;
  close(): Promise<void>;
}
