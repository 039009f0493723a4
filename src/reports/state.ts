// Run state per (report, days), named `<report>_<days>_days` like Teleport's security_report_state.
// Every change is a compare-and-swap on the stored document, so two gateways never both start the
// same run and a superseded runner cannot overwrite a newer run's state.
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { getJson, putJson, PreconditionFailedError, type BlobStore } from './blobstore';
import type { WindowDays } from '../engine/types';

export type ReportStatus = 'RUNNING' | 'READY' | 'FAILED';

export interface ReportState {
  /** `<report>_<days>_days` */
  name: string;
  report: string;
  days: WindowDays;
  status: ReportStatus;
  /** When the status last changed (ISO-8601). */
  updated_at: string;
  /** The current (RUNNING) or last finished run. */
  run_id: string;
  started_at: string;
  completed_at?: string;
  /** Why the last run failed. */
  error?: string;
  /** Who runs it now: `host:pid:nonce`; a runner refreshes heartbeat_at while it works. */
  owner?: string;
  heartbeat_at?: string;
  /** Last run a user asked for (throttling). */
  last_user_run_at?: string;
  /** The run whose result is the current one (the last finished run). */
  result_run_id?: string;
  trigger?: RunTrigger;
  /** The user who asked for the current or last run (user runs only). */
  triggered_by?: string;
}

export type RunTrigger = 'user' | 'scheduler' | 'recovery';

export const stateName = (report: string, days: number) => `${report}_${days}_days`;
const key = (report: string, days: number) => `states/${report}/${stateName(report, days)}.json`;

/** A process-unique runner identity. */
export function newOwnerId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
}

/** True when the owner ran on this host in a process that no longer exists. */
export function ownerIsDeadLocalProcess(owner: string | undefined): boolean {
  if (!owner) return false;
  const [host, pid] = owner.split(':');
  if (host !== hostname() || !/^\d+$/.test(pid ?? '')) return false;
  if (Number(pid) === process.pid) return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

export class StateStore {
  constructor(private readonly store: BlobStore) {}

  async get(report: string, days: number): Promise<{ state: ReportState; etag: string } | undefined> {
    const got = await getJson<ReportState>(this.store, key(report, days));
    return got && { state: got.value, etag: got.etag };
  }

  /**
   * Many states in one batched read: one listing of the states (so windows that never ran cost no
   * read), then the asked-for documents that exist, in parallel. In the order asked; undefined where
   * none exists.
   */
  async getMany(keys: readonly { report: string; days: number }[]): Promise<(ReportState | undefined)[]> {
    const reports = new Set(keys.map((k) => k.report));
    const existing = new Set(await this.store.list(reports.size === 1 ? `states/${[...reports][0]}/` : 'states/'));
    return Promise.all(
      keys.map(async (k) => (existing.has(key(k.report, k.days)) ? (await getJson<ReportState>(this.store, key(k.report, k.days)))?.value : undefined)),
    );
  }

  async list(report?: string): Promise<ReportState[]> {
    const keys = await this.store.list(report ? `states/${report}/` : 'states/');
    const states = await Promise.all(keys.filter((k) => k.endsWith('.json')).map((k) => getJson<ReportState>(this.store, k)));
    return states.flatMap((s) => (s ? [s.value] : [])).sort((a, b) => a.report.localeCompare(b.report) || a.days - b.days);
  }

  /**
   * Writes `next` only if the stored state is still the version read as `etag` (undefined: only if
   * none exists). Returns the new etag, or undefined when someone else changed it first.
   */
  async swap(next: ReportState, etag: string | undefined): Promise<string | undefined> {
    try {
      const out = await putJson(this.store, key(next.report, next.days), next, etag === undefined ? { ifNoneMatch: true } : { ifMatch: etag });
      return out.etag;
    } catch (e) {
      if (e instanceof PreconditionFailedError) return undefined;
      throw e;
    }
  }

  async delete(report: string, days: number): Promise<void> {
    await this.store.delete(key(report, days));
  }
}
