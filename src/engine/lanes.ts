// Query slots in lanes, shared fairly between users. Each lane has its own slots, so a lane full of
// long queries never holds up the other. Within a lane the next query is not the oldest but the one
// whose user has the least in flight: a user's k-th waiting query goes after every other user's
// (k-1)-th, so one user's batch does not stall everyone else; between equals, the user served
// longest ago goes first. A user may also be capped: their queries past the cap stay queued, and
// others pass them.

export type LaneName = 'light' | 'heavy';
export const LANES: readonly LaneName[] = ['light', 'heavy'];

export interface LaneJob {
  id: string;
  user?: string;
  lane: LaneName;
  /** The user's queries running at once, at most (unset: no cap). */
  maxRunningForUser?: number;
  /** Runs the query; the slot is held until it settles. */
  run: () => Promise<void>;
}

interface Entry extends LaneJob {
  seq: number;
}

export interface LaneCounts {
  running: number;
  queued: number;
  slots: number;
}

export class LaneScheduler {
  private readonly queued: Entry[] = [];
  /** Running jobs by id, and the lane each is counted in now. */
  private readonly running = new Map<string, { job: Entry; lane: LaneName }>();
  private seq = 0;
  /** When each user's last query started (a counter), for the turn between equals. */
  private readonly served = new Map<string | undefined, number>();
  private starts = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly slots: Readonly<Record<LaneName, number>>) {}

  add(job: LaneJob): void {
    this.queued.push({ ...job, seq: this.seq++ });
    this.pump();
  }

  /** Takes a queued job out; false when it is not queued (running, finished or unknown). */
  remove(id: string): boolean {
    const i = this.queued.findIndex((j) => j.id === id);
    if (i < 0) return false;
    this.queued.splice(i, 1);
    this.pump();
    return true;
  }

  /** Counts a running job in another lane from now on (a query that outgrew its lane); frees its slot. */
  move(id: string, lane: LaneName): void {
    const r = this.running.get(id);
    if (!r || r.lane === lane) return;
    r.lane = lane;
    this.pump();
  }

  /** 1-based place of a queued job in its lane's order; undefined when it is not queued. */
  position(id: string): number | undefined {
    const job = this.queued.find((j) => j.id === id);
    if (!job) return undefined;
    const i = this.order(job.lane).findIndex((j) => j.id === id);
    return i + 1;
  }

  laneOf(id: string): LaneName | undefined {
    return this.running.get(id)?.lane ?? this.queued.find((j) => j.id === id)?.lane;
  }

  counts(): Record<LaneName, LaneCounts> {
    const out = {} as Record<LaneName, LaneCounts>;
    for (const lane of LANES) {
      out[lane] = { running: this.runningIn(lane), queued: this.queued.filter((j) => j.lane === lane).length, slots: this.slots[lane] };
    }
    return out;
  }

  /** Drops every queued job (they never run). */
  clear(): void {
    this.queued.length = 0;
  }

  /** Resolves once nothing runs. */
  onIdle(): Promise<void> {
    if (this.running.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private runningIn(lane: LaneName): number {
    let n = 0;
    for (const r of this.running.values()) if (r.lane === lane) n++;
    return n;
  }

  private runningOf(user: string | undefined): number {
    let n = 0;
    for (const r of this.running.values()) if (r.job.user === user) n++;
    return n;
  }

  /** The lane's queued jobs in the order they would start: fewest in flight for their user first, then oldest. */
  private order(lane: LaneName): Entry[] {
    const ahead = new Map<string | undefined, number>();
    const ranked = this.queued
      .filter((j) => j.lane === lane)
      .map((j) => {
        const before = ahead.get(j.user) ?? 0;
        ahead.set(j.user, before + 1);
        return { j, rank: this.runningOf(j.user) + before };
      });
    const served = (j: Entry) => this.served.get(j.user) ?? -1;
    ranked.sort((a, b) => a.rank - b.rank || served(a.j) - served(b.j) || a.j.seq - b.j.seq);
    return ranked.map((r) => r.j);
  }

  private pump(): void {
    for (const lane of LANES) {
      while (this.runningIn(lane) < this.slots[lane]) {
        const next = this.order(lane).find((j) => j.maxRunningForUser === undefined || this.runningOf(j.user) < j.maxRunningForUser);
        if (!next) break;
        this.queued.splice(this.queued.indexOf(next), 1);
        this.start(next, lane);
      }
    }
  }

  private start(job: Entry, lane: LaneName): void {
    this.running.set(job.id, { job, lane });
    this.served.set(job.user, this.starts++);
    const settle = () => {
      this.running.delete(job.id);
      this.pump();
      if (this.running.size === 0) for (const w of this.idleWaiters.splice(0)) w();
    };
    let p: Promise<void>;
    try {
      p = job.run();
    } catch {
      p = Promise.resolve();
    }
    p.then(settle, settle);
  }
}
