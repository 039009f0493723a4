// One status poller per execution, however many watchers: the poller asks the engine with backoff,
// and fans each change (of state, or of its place while QUEUED) out to every watcher's queue. It stops at a terminal state or when the last
// watcher leaves.
import type { ExecutionStatus } from '../engine/types';
import { isTerminal, transitionsBetween } from './lifecycle';

export interface PollBackoff {
  initialMs: number;
  maxMs: number;
  factor: number;
}

export const DEFAULT_BACKOFF: PollBackoff = { initialMs: 50, maxMs: 1000, factor: 1.5 };

interface Watcher {
  last?: ExecutionStatus;
  queue: ExecutionStatus[];
  failure?: unknown;
  done: boolean;
  wake?: () => void;
}

class Poller {
  readonly watchers = new Set<Watcher>();
  latest?: ExecutionStatus;
  private timer?: NodeJS.Timeout;
  private delay: number;
  private stopped = false;

  constructor(
    private readonly id: string,
    private readonly fetch: (id: string) => Promise<ExecutionStatus>,
    private readonly backoff: PollBackoff,
    private readonly onStop: () => void,
  ) {
    this.delay = backoff.initialMs;
    void this.tick();
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    let status: ExecutionStatus;
    try {
      status = await this.fetch(this.id);
    } catch (e) {
      this.finish(e);
      return;
    }
    if (this.stopped) return;
    const changed = this.latest?.state !== status.state || this.latest?.queuePosition !== status.queuePosition;
    this.latest = status;
    for (const w of this.watchers) deliver(w, status);
    if (isTerminal(status)) {
      this.finish();
      return;
    }
    this.delay = changed ? this.backoff.initialMs : Math.min(this.backoff.maxMs, this.delay * this.backoff.factor);
    this.timer = setTimeout(() => void this.tick(), this.delay);
  }

  /** Ends every watcher (after what they were sent) and forgets this poller. */
  finish(failure?: unknown): void {
    if (this.stopped) return;
    this.stopped = true;
    clearTimeout(this.timer);
    for (const w of this.watchers) {
      w.done = true;
      w.failure = failure;
      w.wake?.();
    }
    this.watchers.clear();
    this.onStop();
  }
}

function deliver(w: Watcher, status: ExecutionStatus): void {
  const fresh = transitionsBetween(w.last, status);
  // While it waits, a move in the queue is news too: the client shows its place.
  if (!fresh.length && status.state === 'QUEUED' && w.last?.state === 'QUEUED' && w.last.queuePosition !== status.queuePosition) fresh.push(status);
  if (!fresh.length) return;
  w.queue.push(...fresh);
  w.last = status;
  w.wake?.();
}

export class StatusHub {
  private readonly pollers = new Map<string, Poller>();
  /** Pollers created since start: observable proof of one poller per execution. */
  pollersStarted = 0;

  constructor(
    private readonly fetch: (id: string) => Promise<ExecutionStatus>,
    private readonly backoff: PollBackoff = DEFAULT_BACKOFF,
  ) {}

  get activePollers(): number {
    return this.pollers.size;
  }

  /** Status snapshots, one per state entered (and per move in the queue while QUEUED), ending after the terminal one. */
  async *watch(id: string): AsyncGenerator<ExecutionStatus, void, undefined> {
    let poller = this.pollers.get(id);
    if (!poller) {
      this.pollersStarted++;
      poller = new Poller(id, this.fetch, this.backoff, () => this.pollers.delete(id));
      this.pollers.set(id, poller);
    }
    const watcher: Watcher = { queue: [], done: false };
    poller.watchers.add(watcher);
    if (poller.latest) deliver(watcher, poller.latest);
    try {
      for (;;) {
        while (watcher.queue.length) yield watcher.queue.shift()!;
        if (watcher.done) {
          if (watcher.failure) throw watcher.failure;
          return;
        }
        await new Promise<void>((resolve) => (watcher.wake = resolve));
        watcher.wake = undefined;
      }
    } finally {
      const p = this.pollers.get(id);
      if (p && p.watchers.delete(watcher) && p.watchers.size === 0) p.finish();
    }
  }

  close(): void {
    for (const p of [...this.pollers.values()]) p.finish();
  }
}
