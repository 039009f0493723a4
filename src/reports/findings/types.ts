// Findings: every row a report query or a detection finds, tracked across runs. A finding has a stable
// id (same source, same key columns = same finding), a lifecycle (ACTIVE while it keeps appearing,
// RESOLVED once a successful run no longer finds it) and the row's typed fields.
import type { Cell, ColumnInfo } from '../../engine/types';

export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const DEFAULT_SEVERITY: Severity = 'medium';

export type FindingStatus = 'ACTIVE' | 'RESOLVED';
/** What happened to the finding in the change that put it in the feed. */
export type FindingChange = 'NEW' | 'UPDATED' | 'RESOLVED' | 'REOPENED';

export interface FindingSource {
  kind: 'report' | 'detection';
  /** `report:<report>/<query>/<days>d` or `detection:<name>`: stable, part of the finding id. */
  name: string;
  report?: string;
  query?: string;
  detection?: string;
  /** Set when the detection is a rule of the library (the id, as in `detection`). */
  rule?: string;
  days: number;
}

/** A finding as of one change; the feed carries these, the state documents the latest one. */
export interface Finding {
  id: string;
  source: FindingSource;
  title: string;
  description: string;
  suggestion: string;
  severity: Severity;
  status: FindingStatus;
  change: FindingChange;
  /** Changes so far (1 for NEW). */
  version: number;
  first_seen: string;
  last_seen: string;
  resolved_at?: string;
  changed_at: string;
  /** The run that made this change. */
  run_id: string;
  /** Columns that identify the finding (its id is derived from their values). */
  key: string[];
  columns: ColumnInfo[];
  /** The row, by column name, in the API's cell form (64-bit integers as strings, ISO timestamps). */
  fields: Record<string, Cell>;
}

/** One entry of a feed page: the finding after the change, and where the page can resume. */
export interface FeedItem {
  cursor: string;
  finding: Finding;
}
