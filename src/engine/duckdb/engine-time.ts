// Engine time: what a query costs the embedded engine, and each user's total over a rolling window
// (the embedded twin of Athena's scanned-bytes budget). DuckDB runs every query on all its threads,
// so a query is charged wall time x threads, shared equally among the queries running at the same
// time: the charges of all queries add up to the engine's capacity used, whatever the overlap.
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { EmbeddedBudget } from '../../config';
import { EngineError } from '../../errors/engine-error';

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
  private records: EngineTimeRecord[] = [];
  private appendedSinceCompaction = 0;

  constructor(
    private readonly file: string,
    readonly budget: EmbeddedBudget,
    private readonly now: () => number = Date.now,
  ) {
    if (existsSync(file)) {
      for (const line of readFileSync(file, 'utf8').split('\n')) {
        if (!line.trim()) continue;
        try {
          const r = JSON.parse(line) as EngineTimeRecord;
          if (typeof r.at === 'number' && typeof r.seconds === 'number') this.records.push(r);
        } catch {
          // A torn last line after a crash: skip it, the rest of the ledger stands.
        }
      }
      this.prune();
      this.compact();
    }
  }

  private prune(): void {
    const start = this.now() - this.budget.windowHours * HOUR_MS;
    if (this.records.length && this.records[0]!.at < start) this.records = this.records.filter((r) => r.at >= start);
  }

  private compact(): void {
    mkdirSync(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, this.records.map((r) => JSON.stringify(r) + '\n').join(''));
    renameSync(tmp, this.file);
    this.appendedSinceCompaction = 0;
  }

  record(r: EngineTimeRecord): void {
    this.records.push(r);
    mkdirSync(dirname(this.file), { recursive: true });
    appendFileSync(this.file, JSON.stringify(r) + '\n');
    if (++this.appendedSinceCompaction >= 1000) {
      this.prune();
      this.compact();
    }
  }

  /** The user's finished queries' engine-seconds inside the window. */
  used(user: string): number {
    this.prune();
    return this.records.reduce((s, r) => (r.user === user ? s + r.seconds : s), 0);
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
