// A detection rule: SQL over the audit views that returns the events of interest, the entity they are
// about, and how those events become a finding (every match, a count over a window, a first-seen
// value, a sequence of other rules). Rules ship in schema/detections/<pack>/*.yaml and teams keep
// their own in `detections.dir`, in the same format, each with the tests that prove it fires.
import type { Severity } from '../findings/types';

export const RULE_KINDS = ['match', 'threshold', 'new_terms', 'sequence'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

export const ENTITY_KINDS = ['user', 'host', 'ip', 'database', 'kube_cluster', 'resource'] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];

/** Columns every rule's SQL must return, besides the entity column. */
export const EVENT_TIME_COLUMN = 'event_time';
export const EVENT_ID_COLUMN = 'uid';

export interface RuleThreshold {
  /** Fires when a window holds at least this many events (or distinct values of `distinct`). */
  count: number;
  windowMs: number;
  /** Count distinct values of this result column instead of events (password spraying: users per IP). */
  distinct?: string;
}

export interface RuleSequence {
  /** Rule ids, in the order their events must happen for one entity. */
  steps: string[];
  windowMs: number;
}

export interface RuleTest {
  name: string;
  /** true: the rule must fire on these events; false: it must stay quiet. */
  fires: boolean;
  events: Record<string, unknown>[];
  /** When firing: exactly these entity values (optional). */
  entities?: string[];
}

export interface Rule {
  id: string;
  title: string;
  description: string;
  severity: Severity;
  mitre: { tactics: string[]; techniques: string[] };
  runbook: string;
  entity: { kind: EntityKind; column: string };
  kind: RuleKind;
  /** Trino SQL; `{{since}}` and `{{until}}` become the run's time bounds (TIMESTAMP literals). */
  sql: string;
  threshold?: RuleThreshold;
  sequence?: RuleSequence;
  /** new_terms: how much of the entity's own history counts as known (sets the query's window). */
  historyMs: number;
  /** A finding stays open and is updated while the rule keeps matching within this time. */
  suppressionMs: number;
  /** How often the background service runs it. */
  scheduleMs: number;
  enabled: boolean;
  tests: RuleTest[];
  /** builtin: shipped with the product; team: from detections.dir. */
  origin: 'builtin' | 'team';
  /** The file it came from. */
  file: string;
  /** What a team override changed (for `detection ls`). */
  overridden?: string[];
}
