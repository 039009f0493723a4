// Triage: what a person decided about a finding (open -> acknowledged -> resolved | false_positive), with
// an assignee and a comment. Kept beside the findings, never inside the scope state documents that runs
// rewrite: one record per finding at findings/triage/<id>.json (compare-and-swap writes), holding the
// current triage and its whole history. Every change is also appended to the change log as a TRIAGED
// change of the finding, so the feed (and a SIEM reading it) sees triage in order with the run changes.
//
// Crash safety: the record is written first with the log head seen (`since`); the append is then
// idempotent by batch id `triage:<id>@<version>`, and a record whose last change is not yet logged is
// logged by whoever next triages the finding.
import { getJson, putJson, type BlobStore } from '../blobstore';
import { ReportError } from '../errors';
import type { ChangeLog } from './log';
import { TRIAGE_STATUSES, type Finding, type Triage, type TriageStatus } from './types';

export interface TriageEvent extends Triage {
  /** The status before this change. */
  from: TriageStatus;
}

export interface TriageRecord {
  id: string;
  current: Triage;
  history: TriageEvent[];
  /** The last version appended to the change log, and the log head seen when the newest was written. */
  logged: number;
  since: number;
}

export interface TriageInput {
  status: TriageStatus;
  /** Absent keeps the assignee; null or '' clears it. */
  assignee?: string | null;
  comment: string;
  by: string;
  /** Optimistic concurrency: fail unless the finding's triage is at this version (0 = never triaged). */
  expectedVersion?: number;
}

/** Which status may follow which: the queue's order, and a way back to open. */
const NEXT: Record<TriageStatus, readonly TriageStatus[]> = {
  open: ['open', 'acknowledged', 'resolved', 'false_positive'],
  acknowledged: ['acknowledged', 'open', 'resolved', 'false_positive'],
  resolved: ['resolved', 'open'],
  false_positive: ['false_positive', 'open'],
};

export const MAX_COMMENT = 2000;
export const MAX_ASSIGNEE = 200;

export const triageKey = (id: string) => `findings/triage/${id}.json`;

export function checkTransition(from: TriageStatus, to: TriageStatus): void {
  if (!TRIAGE_STATUSES.includes(to)) throw new ReportError('BAD_INPUT', `status must be one of ${TRIAGE_STATUSES.join(', ')}, got ${JSON.stringify(to)}`);
  if (!NEXT[from].includes(to)) {
    throw new ReportError('BAD_INPUT', `a ${from} finding cannot become ${to}: from ${from} it can become ${NEXT[from].filter((s) => s !== from).join(' or ')}`);
  }
}

export class TriageStore {
  constructor(
    private readonly store: BlobStore,
    private readonly log: ChangeLog,
  ) {}

  async get(id: string): Promise<TriageRecord | undefined> {
    return (await getJson<TriageRecord>(this.store, triageKey(id)))?.value;
  }

  /** Current triage of every triaged finding, by id. */
  async all(): Promise<Map<string, TriageRecord>> {
    const out = new Map<string, TriageRecord>();
    for (const key of await this.store.list('findings/triage/')) {
      if (!key.endsWith('.json')) continue;
      const r = (await getJson<TriageRecord>(this.store, key))?.value;
      if (r) out.set(r.id, r);
    }
    return out;
  }

  /** Records one triage change of `finding` (its latest state) and appends it to the change log. */
  async change(finding: Finding, input: TriageInput, now: string): Promise<{ record: TriageRecord; change: Finding }> {
    if (input.comment.length > MAX_COMMENT) throw new ReportError('BAD_INPUT', `comment is ${input.comment.length} characters; at most ${MAX_COMMENT}`);
    if (typeof input.assignee === 'string' && input.assignee.length > MAX_ASSIGNEE) throw new ReportError('BAD_INPUT', `assignee is longer than ${MAX_ASSIGNEE} characters`);
    for (let attempt = 0; attempt < 10; attempt++) {
      const got = await getJson<TriageRecord>(this.store, triageKey(finding.id));
      const prev = got?.value;
      if (prev && prev.logged < prev.current.version) await this.appendMissing(finding, prev);
      const from: TriageStatus = prev?.current.status ?? 'open';
      const version = (prev?.current.version ?? 0) + 1;
      if (input.expectedVersion !== undefined && input.expectedVersion !== version - 1) {
        throw new ReportError('BAD_INPUT', `the finding's triage is at version ${version - 1}, not ${input.expectedVersion}: someone changed it; reload and try again`);
      }
      checkTransition(from, input.status);
      const assignee = input.assignee === undefined ? (prev?.current.assignee ?? null) : input.assignee || null;
      const current: Triage = { status: input.status, assignee, comment: input.comment, by: input.by, at: now, version };
      const record: TriageRecord = {
        id: finding.id,
        current,
        history: [...(prev?.history ?? []), { ...current, from }],
        logged: prev?.current.version ?? 0,
        since: await this.log.head(),
      };
      try {
        const { etag } = await putJson(this.store, triageKey(finding.id), record, got ? { ifMatch: got.etag } : { ifNoneMatch: true });
        const change = triagedChange(finding, current);
        await this.log.append(batchOf(finding.id, version), [change], record.since, now);
        const done = { ...record, logged: version };
        await putJson(this.store, triageKey(finding.id), done, { ifMatch: etag }).catch(() => undefined); // the next change re-checks
        return { record: done, change };
      } catch (e) {
        if ((e as Error).name !== 'PreconditionFailedError') throw e;
        // Someone triaged it at the same time: read again and re-check the transition.
      }
    }
    throw new ReportError('UNAVAILABLE', `the triage of finding ${finding.id} keeps changing; try again`);
  }

  /** Appends a change a crashed writer recorded but did not log (idempotent by batch id). */
  private async appendMissing(finding: Finding, r: TriageRecord): Promise<void> {
    for (const ev of r.history.filter((h) => h.version > r.logged)) {
      const { from: _from, ...t } = ev;
      await this.log.append(batchOf(r.id, t.version), [triagedChange(finding, t)], r.since, t.at);
    }
  }
}

const batchOf = (id: string, version: number) => `triage:${id}@${version}`;

/** The finding as of a triage change: its latest state, change TRIAGED, the triage attached. */
export function triagedChange(f: Finding, t: Triage): Finding {
  return { ...f, change: 'TRIAGED', changed_at: t.at, triage: t };
}
