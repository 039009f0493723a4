// A JSON-lines ledger under data_dir that keeps what happened inside a rolling window: budgets
// (Athena's scanned bytes, the embedded engine's engine time) sum it per user or role. Appends are
// one line each; every 1000 appends, and at open, the file is rewritten with the window's records only.
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface TimedRecord {
  /** Epoch ms when it happened. */
  at: number;
}

const COMPACT_EVERY = 1000;

export class RollingLedger<T extends TimedRecord> {
  private all: T[] = [];
  private appendedSinceCompaction = 0;

  /** `accept` checks a line read back and returns the record, or undefined to skip it. */
  constructor(
    private readonly file: string,
    private readonly windowMs: number,
    accept: (r: T) => T | undefined,
    private readonly now: () => number = Date.now,
  ) {
    if (!existsSync(file)) return;
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      try {
        const r = accept(JSON.parse(line) as T);
        if (r) this.all.push(r);
      } catch {
        // A torn last line after a crash: skip it, the rest of the ledger stands.
      }
    }
    this.prune();
    this.compact();
  }

  private prune(): void {
    const start = this.now() - this.windowMs;
    if (this.all.length && this.all[0]!.at < start) this.all = this.all.filter((r) => r.at >= start);
  }

  /** Rewrites the file with only the records inside the window (atomic rename). */
  private compact(): void {
    mkdirSync(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, this.all.map((r) => JSON.stringify(r) + '\n').join(''));
    renameSync(tmp, this.file);
    this.appendedSinceCompaction = 0;
  }

  record(r: T): void {
    this.all.push(r);
    mkdirSync(dirname(this.file), { recursive: true });
    appendFileSync(this.file, JSON.stringify(r) + '\n');
    if (++this.appendedSinceCompaction >= COMPACT_EVERY) {
      this.prune();
      this.compact();
    }
  }

  /** The sum of `value` over the window's records that `match`. */
  sum(match: (r: T) => boolean, value: (r: T) => number): number {
    this.prune();
    return this.all.reduce((s, r) => (match(r) ? s + value(r) : s), 0);
  }
}
