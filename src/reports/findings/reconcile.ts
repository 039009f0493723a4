// Reconciling one run's rows with the findings of its source: which rows are new, which changed,
// which stopped appearing (resolved) and which came back (reopened). Pure: the store persists.
import type { ColumnInfo, Row } from '../../engine/types';
import { canonicalJson, findingId, keyColumns, rowFields } from './identity';
import type { Finding, FindingSource, Severity } from './types';

export interface SourceRun {
  source: FindingSource;
  title: string;
  description: string;
  suggestion: string;
  severity: Severity;
  /** Explicit key columns from the definition, if any. */
  key?: string[];
  columns: ColumnInfo[];
  rows: Row[];
  /** The rows are complete: findings missing from them are resolved. False for a truncated result. */
  complete: boolean;
}

/** The latest state of each finding of a scope, by id. */
export type FindingMap = Record<string, Finding>;

export interface Reconciled {
  next: FindingMap;
  changes: Finding[];
}

/** What makes a change worth a feed entry; last_seen alone is not one (every run would repeat everything). */
function material(f: Finding): string {
  return canonicalJson({ fields: f.fields, severity: f.severity, title: f.title, status: f.status, columns: f.columns });
}

export function reconcileSource(prev: FindingMap, run: SourceRun, runId: string, now: string): Reconciled {
  const next: FindingMap = {};
  const changes: Finding[] = [];
  const key = keyColumns(run.columns, run.key);
  const seen = new Set<string>();
  for (const row of run.rows) {
    const fields = rowFields(run.columns, row);
    const id = findingId(run.source.name, key, fields);
    if (seen.has(id)) continue; // the same key twice in one result: the first row stands for it
    seen.add(id);
    const old = prev[id];
    const base = {
      id,
      source: run.source,
      title: run.title,
      description: run.description,
      suggestion: run.suggestion,
      severity: run.severity,
      status: 'ACTIVE' as const,
      key,
      columns: run.columns,
      fields,
      last_seen: now,
      run_id: runId,
    };
    if (!old) {
      const f: Finding = { ...base, change: 'NEW', version: 1, first_seen: now, changed_at: now };
      next[id] = f;
      changes.push(f);
      continue;
    }
    const candidate: Finding = { ...old, ...base, resolved_at: undefined, change: old.change };
    delete candidate.resolved_at;
    if (old.status === 'RESOLVED') {
      const f: Finding = { ...candidate, change: 'REOPENED', version: old.version + 1, changed_at: now };
      next[id] = f;
      changes.push(f);
    } else if (material(candidate) !== material(old)) {
      const f: Finding = { ...candidate, change: 'UPDATED', version: old.version + 1, changed_at: now };
      next[id] = f;
      changes.push(f);
    } else {
      next[id] = { ...candidate, run_id: old.run_id };
    }
  }
  for (const [id, old] of Object.entries(prev)) {
    if (seen.has(id)) continue;
    if (old.status === 'RESOLVED' || !run.complete) {
      next[id] = old;
      continue;
    }
    const f: Finding = { ...old, status: 'RESOLVED', change: 'RESOLVED', version: old.version + 1, resolved_at: now, changed_at: now, run_id: runId };
    next[id] = f;
    changes.push(f);
  }
  return { next, changes };
}
