// The background service: on every tick, the gateway holding the scheduler lease
//  - resumes runs whose runner died (journal),
//  - re-runs each report for each days value whose last result is older than refreshAfter (24 h),
//  - re-runs a RUNNING state older than the running timeout (1 h),
//  - runs due detections (response actions).
// Ticks come from a timer in production and from tests directly (with a ManualClock).
import { WINDOW_DAYS } from '../engine/types';
import type { BlobStore } from './blobstore';
import type { Clock } from './clock';
import { Lease } from './lease';
import type { ReportService } from './service';
import { stateName, type ReportState } from './state';

export interface SchedulerOptions {
  refreshAfterMs: number;
  intervalMs: number;
  /** How long a lease holder may go silent before another gateway takes over (default 3 intervals). */
  leaseTtlMs?: number;
}

/**
 * Work beyond reports that the lease holder does each tick (detections). `stillLeader` renews the
 * lease and says whether this gateway still holds it: long work calls it between steps and stops
 * when it returns false, so two gateways never act at once.
 */
export type TickHook = (stillLeader: () => Promise<boolean>) => Promise<void>;

export interface TickOutcome {
  leader: boolean;
  started: string[];
  resumed: string[];
}

export class ReportScheduler {
  private readonly lease: Lease;
  private timer?: NodeJS.Timeout;
  private ticking?: Promise<TickOutcome>;
  private readonly hooks: TickHook[] = [];

  constructor(
    private readonly service: ReportService,
    store: BlobStore,
    private readonly clock: Clock,
    private readonly opts: SchedulerOptions,
    private readonly log: (msg: string, err?: unknown) => void = () => {},
  ) {
    this.lease = new Lease(store, 'report-scheduler', service.owner, opts.leaseTtlMs ?? Math.max(3 * opts.intervalMs, 30_000), clock);
  }

  addHook(hook: TickHook): void {
    this.hooks.push(hook);
  }

  /** Why a state needs a scheduled run now, or undefined. */
  dueReason(st: ReportState | undefined): string | undefined {
    const now = this.clock.now();
    if (!st) return 'never run';
    if (st.status === 'RUNNING') return this.service.isOverdue(st) ? 'running for too long' : undefined;
    return now - Date.parse(st.completed_at ?? st.updated_at) > this.opts.refreshAfterMs ? 'result is stale' : undefined;
  }

  /** One pass; overlapping calls share the pass in flight. */
  tick(): Promise<TickOutcome> {
    this.ticking ??= this.pass().finally(() => (this.ticking = undefined));
    return this.ticking;
  }

  private async pass(): Promise<TickOutcome> {
    if (!(await this.lease.acquire())) return { leader: false, started: [], resumed: [] };
    const resumed = await this.service.resumeInterrupted();
    const started: string[] = [];
    const states = new Map((await this.service.listStates()).map((st) => [st.name, st]));
    for (const report of await this.service.listReports()) {
      for (const days of WINDOW_DAYS) {
        const st = states.get(stateName(report.name, days));
        const reason = this.dueReason(st);
        if (!reason) continue;
        try {
          const next = await this.service.runReport(report.name, days, { trigger: 'scheduler', force: st?.status === 'RUNNING' });
          if (next.run_id !== st?.run_id) started.push(next.name);
        } catch (e) {
          this.log(`scheduled run of ${report.name} for ${days} days failed to start (${reason})`, e);
        }
      }
    }
    const stillLeader = () => this.lease.acquire();
    for (const hook of this.hooks) {
      if (!(await stillLeader())) break;
      await hook(stillLeader).catch((e) => this.log('scheduled task failed', e));
    }
    return { leader: true, started, resumed };
  }

  start(): void {
    if (this.timer) return;
    const run = () => void this.tick().catch((e) => this.log('scheduler tick failed', e));
    run();
    this.timer = setInterval(run, this.opts.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.ticking?.catch(() => undefined);
    await this.lease.release().catch(() => undefined);
  }
}
