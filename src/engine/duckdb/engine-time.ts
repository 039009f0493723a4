// Engine time: what a query costs the embedded engine, and each user's total over a rolling window
// (the embedded twin of Athena's scanned-bytes budget). DuckDB runs every query on all its threads,
// so a query is charged wall time x threads, shared equally among the queries running at the same
// time: the charges of all queries add up to the engine's capacity used, whatever the overlap.
import type { EmbeddedBudget } from '../../config';
import { EngineError } from '../../errors/engine-error';
import { RollingLedger } from '../rolling-ledger';

export class EngineTimeMeter {
  /** Engine-milliseconds accrued by each running query. */
  private readonly running = new Map<string, number>();
  private last: number;

  constructor(
    private readonly threads: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.last = now();
  }

  private tick(): void {
    const t = this.now();
    const share = ((t - this.last) * this.threads) / Math.max(1, this.running.size);
    this.last = t;
    for (const [id, ms] of this.running) this.running.set(id, ms + share);
  }

  begin(id: string): void {
    this.tick();
    this.running.set(id, 0);
  }

  /** Stops the clock of a query; its engine-seconds. */
  end(id: string): number {
    this.tick();
    const ms = this.running.get(id) ?? 0;
    this.running.delete(id);
    return ms / 1000;
  }

  /** Engine-seconds a running query has used so far; undefined when it is not running. */
  current(id: string): number | undefined {
    this.tick();
    const ms = this.running.get(id);
    return ms === undefined ? undefined : ms / 1000;
  }
}

export interface EngineTimeRecord {
  /** Epoch ms when the query finished. */
  at: number;
  id: string;
  user?: string;
  seconds: number;
}

const HOUR_MS = 3_600_000;

/** Engine-seconds as people read them: "0.25 engine-seconds", "40 engine-minutes", "2.5 engine-hours". */
export function formatEngineSeconds(s: number): string {
  if (s < 120) return `${Number(s.toFixed(s < 10 ? 3 : 0))} engine-seconds`;
  if (s < 7200) return `${(s / 60).toFixed(0)} engine-minutes`;
  return `${(s / 3600).toFixed(1)} engine-hours`;
}

/** Finished queries' engine time, one JSON line each under data_dir, kept for the budget's window. */
export class EngineTimeLedger {
  private readonly ledger: RollingLedger<EngineTimeRecord>;

  constructor(
    file: string,
    readonly budget: EmbeddedBudget,
    now: () => number = Date.now,
  ) {
    const accept = (r: EngineTimeRecord) => (typeof r.at === 'number' && typeof r.seconds === 'number' ? r : undefined);
    this.ledger = new RollingLedger(file, budget.windowHours * HOUR_MS, accept, now);
  }

  record(r: EngineTimeRecord): void {
    this.ledger.record(r);
  }

  /** The user's finished queries' engine-seconds inside the window. */
  used(user: string): number {
    return this.ledger.sum((r) => r.user === user, (r) => r.seconds);
  }

  /** Throws LIMIT_EXCEEDED when the user has spent the budget (`running`: their running queries so far). */
  check(user: string | undefined, running = 0): void {
    const limit = this.budget.perUserSeconds;
    if (user === undefined || limit === undefined) return;
    const used = this.used(user) + running;
    if (used < limit) return;
    throw new EngineError(
      'LIMIT_EXCEEDED',
      `user ${user} has used ${formatEngineSeconds(used)} of the embedded engine in the last ${this.budget.windowHours} hours, ` +
        `over the ${formatEngineSeconds(limit)} budget (embedded.budget.per_user); usage ages out hour by hour, or an administrator can raise the budget`,
    );
  }
}
