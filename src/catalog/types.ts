import type { TrinoType } from './trino-type';

/** One flattened field of an audit event type (SPEC section 2). */
export interface ViewColumn {
  /** Column name: the JSON path's keys joined with '_', dots in keys also '_' (addr.local -> addr_local). */
  name: string;
  /** Trino type: varchar, integer, bigint, double, boolean, array(varchar), array(row(name varchar, ...)), ... */
  type: TrinoType;
  /** Keys from the event root to the value; a key may itself contain a dot ("addr.local"). */
  path: string[];
  /** One line, in our own words. */
  description: string;
}

/** One SQL view: the events of one type, flattened. event_date and event_time come first, implicitly. */
export interface AuditView {
  /** Event type with '.' and '-' replaced by '_' (session.start -> session_start). */
  name: string;
  /** Teleport event type, the `event` field (session.start). */
  eventType: string;
  /** Teleport event codes (`code` field) this view covers, e.g. ["T2000I"]. */
  codes: string[];
  description: string;
  columns: ViewColumn[];
  /** The untyped view over the base table (base-view.ts): every event type, no JSON flattening. */
  base?: true;
}

export interface Catalog {
  views: AuditView[];
  byName: ReadonlyMap<string, AuditView>;
  byEventType: ReadonlyMap<string, AuditView>;
}

/** Columns every view starts with, before the event's own fields. */
export const LEADING_COLUMNS: readonly ViewColumn[] = [
  { name: 'event_date', type: 'date', path: [], description: 'UTC calendar date of the event (partition key).' },
  { name: 'event_time', type: 'timestamp(3)', path: [], description: 'When the event happened (UTC, ms).' },
];
