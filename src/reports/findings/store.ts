// Findings kept with the report results (the same local directory or S3 prefix). Per scope (one report
// and window, or one detection) a state document holds the latest state of each finding; every change
// also goes to the change log (log.ts), which the feed reads.
//
// A batch is applied in three steps so that a crash anywhere neither loses nor repeats a change:
// 1. compare-and-swap the state document to the new findings plus `pending` (the batch's changes and
//    the log head seen), 2. append the batch to the log (skipped if an entry after that head already
//    holds the batch id), 3. clear `pending`. Whoever next touches the scope finishes a pending batch.
import { getJson, putJson, type BlobStore } from '../blobstore';
import { iso } from '../clock';
import { ChangeLog } from './log';
import { reconcileSource, type FindingMap, type SourceRun } from './reconcile';
import type { Finding } from './types';

export interface ScopeState {
  scope: string;
  /** Run ids already applied (the last few), so a run is applied once. */
  applied: string[];
  findings: FindingMap;
  pending?: { batch: string; since: number; changes: Finding[] };
}

const MAX_APPLIED = 20;
/** A pending batch younger than this may still be being appended by its writer. */
const PENDING_GRACE_MS = 30_000;

export const scopeKey = (scope: string) => `findings/state/${scope}.json`;

export class FindingStore {
  readonly log: ChangeLog;

  constructor(private readonly store: BlobStore) {
    this.log = new ChangeLog(store);
  }

  async scope(scope: string): Promise<{ state: ScopeState; etag?: string }> {
    const got = await getJson<ScopeState>(this.store, scopeKey(scope));
    return got ? { state: got.value, etag: got.etag } : { state: { scope, applied: [], findings: {} } };
  }

  async scopes(): Promise<string[]> {
    return (await this.store.list('findings/state/')).filter((k) => k.endsWith('.json')).map((k) => k.slice('findings/state/'.length, -5));
  }

  private async swap(state: ScopeState, etag: string | undefined): Promise<string | undefined> {
    try {
      return (await putJson(this.store, scopeKey(state.scope), state, etag === undefined ? { ifNoneMatch: true } : { ifMatch: etag })).etag;
    } catch (e) {
      if ((e as Error).name === 'PreconditionFailedError') return undefined;
      throw e;
    }
  }

  /** Appends a pending batch and clears it. `force` ignores the grace period (the writer is this process). */
  private async finishPending(state: ScopeState, etag: string, now: number, force: boolean): Promise<boolean> {
    const p = state.pending;
    if (!p) return true;
    const startedAt = p.changes[0] ? Date.parse(p.changes[0].changed_at) : 0;
    if (!force && now - startedAt < PENDING_GRACE_MS) return false;
    await this.log.append(p.batch, p.changes, p.since, iso(now));
    const { pending: _done, ...rest } = state;
    return (await this.swap(rest, etag)) !== undefined;
  }

  /**
   * Applies one run of a scope (all its sources): reconciles each source's rows with the stored
   * findings and records the changes. Idempotent per run id. Returns the changes recorded.
   */
  async apply(scope: string, runId: string, runs: SourceRun[], now: number, dropResolvedBefore?: number): Promise<Finding[]> {
    for (let attempt = 0; attempt < 10; attempt++) {
      let { state, etag } = await this.scope(scope);
      if (state.pending && etag) {
        await this.finishPending(state, etag, now, true);
        continue; // read again
      }
      // Run ids sort by start time: an older run arriving late (a catch-up racing the runner) changes nothing.
      const newest = state.applied[state.applied.length - 1];
      if (state.applied.includes(runId) || (newest !== undefined && runId < newest)) return [];
      const when = iso(now);
      const findings: FindingMap = {};
      const changes: Finding[] = [];
      const bySource = new Map<string, FindingMap>();
      for (const f of Object.values(state.findings)) {
        const m = bySource.get(f.source.name) ?? {};
        m[f.id] = f;
        bySource.set(f.source.name, m);
      }
      const touched = new Set<string>();
      for (const run of runs) {
        touched.add(run.source.name);
        const r = reconcileSource(bySource.get(run.source.name) ?? {}, run, runId, when);
        Object.assign(findings, r.next);
        changes.push(...r.changes);
      }
      // Sources this run did not report on (a failed query) keep their findings as they were.
      for (const [name, m] of bySource) if (!touched.has(name)) Object.assign(findings, m);
      if (dropResolvedBefore !== undefined) {
        const changed = new Set(changes.map((c) => c.id));
        for (const [id, f] of Object.entries(findings)) {
          if (f.status === 'RESOLVED' && f.resolved_at && Date.parse(f.resolved_at) < dropResolvedBefore && !changed.has(id)) delete findings[id];
        }
      }
      const next: ScopeState = { scope, applied: [...state.applied, runId].slice(-MAX_APPLIED), findings };
      if (changes.length) next.pending = { batch: `${scope}@${runId}`, since: await this.log.head(), changes };
      const newEtag = await this.swap(next, etag);
      if (newEtag === undefined) continue; // someone else changed the scope: start over
      if (next.pending) await this.finishPending(next, newEtag, now, true);
      return changes;
    }
    throw new Error(`findings of ${scope}: the state keeps changing; the run will be applied on the next pass`);
  }

  /** Finishes batches other writers left pending (crashed between the state write and the log append). */
  async recover(now: number): Promise<number> {
    let n = 0;
    for (const scope of await this.scopes()) {
      const { state, etag } = await this.scope(scope);
      if (state.pending && etag && (await this.finishPending(state, etag, now, false))) n++;
    }
    return n;
  }
}
