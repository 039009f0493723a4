// The findings change log: an append-only sequence of entries in the report store, one per batch of
// changes (one report run or detection run), at findings/log/<seq>.json with seq zero-padded so the
// key order is the sequence order.
//
// Ordering across writers (several gateways on one S3 prefix): an entry is created with a create-only
// write (S3 If-None-Match: *, link(2) locally) at exactly head + 1, where head is an entry the writer
// has seen exist. So entry N + 1 is only ever created after entry N exists, the sequence has no holes,
// and an entry can never appear below one a reader has already passed: a reader that has read up to N
// has seen everything up to N. The writer that loses the race for N + 1 reads it and tries N + 2.
import { getJson, PreconditionFailedError, putJson, type BlobStore } from '../blobstore';
import type { Finding } from './types';

export interface LogEntry {
  seq: number;
  /** Identifies the batch (e.g. `report:<name>/<days>@<run_id>`): an interrupted append is finished, never repeated. */
  batch: string;
  written_at: string;
  findings: Finding[];
}

const PREFIX = 'findings/log/';
const WIDTH = 12;
const keyOf = (seq: number) => `${PREFIX}${String(seq).padStart(WIDTH, '0')}.json`;
const seqOf = (key: string) => Number(key.slice(PREFIX.length, PREFIX.length + WIDTH));

export class ChangeLog {
  /** The newest entry seen: the head only grows (pruning keeps the newest), so lists start there. */
  private knownHead = 0;

  constructor(private readonly store: BlobStore) {}

  /** Sequence numbers present, ascending; only those after `after`, at most `limit` (a listing of just those keys). */
  async seqs(opts: { after?: number; limit?: number } = {}): Promise<number[]> {
    const keys = await this.store.list(PREFIX, {
      startAfter: opts.after !== undefined && opts.after > 0 ? keyOf(opts.after) : undefined,
      limit: opts.limit,
    });
    return keys.filter((k) => /^\d{12}\.json$/.test(k.slice(PREFIX.length))).map(seqOf);
  }

  /** The oldest entry kept (retention deletes older ones), if any. */
  async oldest(): Promise<number | undefined> {
    return (await this.seqs({ limit: 1 }))[0];
  }

  /** The newest entry, 0 when there is none; lists only the keys from the newest one seen before. */
  async head(): Promise<number> {
    let s = await this.seqs({ after: this.knownHead - 1 });
    // The entry seen before is gone (the store was replaced under us): list it all again.
    if (this.knownHead > 0 && s[0] !== this.knownHead) s = await this.seqs();
    this.knownHead = s.length ? s[s.length - 1]! : 0;
    return this.knownHead;
  }

  async entry(seq: number): Promise<LogEntry | undefined> {
    return (await getJson<LogEntry>(this.store, keyOf(seq)))?.value;
  }

  /**
   * Appends the batch unless an entry after `since` already holds it (a retry after a crash, or another
   * gateway finishing the same batch). Returns the entry's sequence number.
   */
  async append(batch: string, findings: Finding[], since: number, now: string): Promise<number> {
    let checked = since;
    for (let attempt = 0; attempt < 1000; attempt++) {
      const head = await this.head();
      for (let s = checked + 1; s <= head; s++) {
        if ((await this.entry(s))?.batch === batch) return s;
        checked = s;
      }
      const seq = head + 1;
      try {
        await putJson(this.store, keyOf(seq), { seq, batch, written_at: now, findings } satisfies LogEntry, { ifNoneMatch: true });
        return seq;
      } catch (e) {
        if (!(e instanceof PreconditionFailedError)) throw e;
        // Another writer took seq: look at what it wrote, then try the next one.
      }
    }
    throw new Error('could not append to the findings log: it keeps changing');
  }

  /** Deletes entries written before `before` (oldest first, stopping at the first younger one). */
  async prune(before: number): Promise<number> {
    let removed = 0;
    const seqs = await this.seqs();
    // The newest entry is kept whatever its age: it is how writers know the head.
    for (const s of seqs.slice(0, -1)) {
      const e = await this.entry(s);
      if (!e || Date.parse(e.written_at) >= before) break;
      try {
        await this.store.delete(keyOf(s));
        removed++;
      } catch {
        break; // a store that refuses deletes keeps everything
      }
    }
    return removed;
  }
}
