// Findings: every row a report query or a detection finds, tracked across runs. A finding has a stable
// id (same source, same key columns = same finding), a lifecycle (ACTIVE while it keeps appearing,
// RESOLVED once a successful run no longer finds it) and the row's typed fields.
import type { Cell, ColumnInfo } from '../../engine/types';

export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const DEFAULT_SEVERITY: Severity = 'medium';

export type FindingStatus = 'ACTIVE' | 'RESOLVED';
/** What happened to the finding in the change that put it in the feed. */
export type FindingChange = 'NEW' | 'UPDATED' | 'RESOLVED' | 'REOPENED' | 'TRIAGED';

/** Where a person has taken the finding (triage.ts); independent of ACTIVE/RESOLVED, which runs decide. */
export const TRIAGE_STATUSES = ['open', 'acknowledged', 'resolved', 'false_positive'] as const;
export type TriageStatus = (typeof TRIAGE_STATUSES)[number];

/** The triage as of one change: who set it, when and why. */
export interface Triage {
  status: TriageStatus;
  assignee: string | null;
  comment: string;
  by: string;
  at: string;
  /** Triage changes so far (1 for the first). */
  version: number;
}

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
  /** Present on TRIAGED changes (and on findings read back through the inbox once triaged). */
  triage?: Triage;
}

/** One entry of a feed page: the finding after the change, and where the page can resume. */
export interface FeedItem {
  cursor: string;
  finding: Finding;
}
