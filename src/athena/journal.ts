// Which Athena query stands behind each execution id, kept on disk: a gateway restart (or another
// gateway sharing the data directory) can still answer status, results and cancel for executions
// started before, by asking Athena about them again.
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { WindowDays } from '../engine/types';

export interface JournalEntry {
  id: string;
  athenaId: string;
  sql: string;
  days: WindowDays;
  user?: string;
  roles: string[];
  submittedAt: string;
}

export class ExecutionJournal {
  private entries?: Map<string, JournalEntry>;

  constructor(
    private readonly file: string,
    /** Entries kept when the file is compacted. */
    private readonly keep = 10_000,
  ) {}

  private load(): Map<string, JournalEntry> {
    if (this.entries) return this.entries;
    const m = new Map<string, JournalEntry>();
    if (existsSync(this.file)) {
      for (const line of readFileSync(this.file, 'utf8').split('\n')) {
        if (!line) continue;
        try {
          const e = JSON.parse(line) as JournalEntry;
          if (e.id && e.athenaId) m.set(e.id, e);
        } catch {
          // a line cut short by a crash: the rest are fine
        }
      }
    }
    this.entries = m;
    return m;
  }

  append(e: JournalEntry): void {
    const m = this.load();
    m.set(e.id, e);
    mkdirSync(dirname(this.file), { recursive: true });
    appendFileSync(this.file, JSON.stringify(e) + '\n');
    if (m.size > 2 * this.keep) this.compact(m);
  }

  find(id: string): JournalEntry | undefined {
    return this.load().get(id);
  }

  /** Keeps the newest `keep` entries (atomic rename, so readers never see half a file). */
  private compact(m: Map<string, JournalEntry>): void {
    const newest = [...m.values()].slice(-this.keep);
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, newest.map((e) => JSON.stringify(e)).join('\n') + '\n');
    renameSync(tmp, this.file);
    this.entries = new Map(newest.map((e) => [e.id, e]));
  }
}
