// What CLI commands talk to: the local engine and stores, or a gateway over HTTP (--server). Commands
// call this interface and never care which one they hold.
import type { ColumnInfo, Row, WindowDays } from '../engine/types';

export interface QueryResult {
  columns: ColumnInfo[];
  rows: Row[];
}

export interface AuditClient {
  /** Runs the SQL to completion and returns every row (the CLI prints them all). */
  runQuery(sql: string, days: WindowDays): Promise<QueryResult>;
  close(): Promise<void>;
}
