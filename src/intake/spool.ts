// The intake's spool: what was received, as Teleport log lines under data_dir, each event once.
// An answer of 200 is given only after the lines are written and fsynced, so a crash after the answer
// loses nothing; a crash before it leaves at most lines the sender will send again, which the keys
// rebuilt at start-up recognise. The embedded engine ingests the spool like a file audit log directory.
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, stat, truncate, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { keysOf, type IntakeEvent, type Origin } from './events';
import type { AppendResult, EventStore } from './store';

export type { AppendResult } from './store';

export interface SpoolOptions {
  /** A new file is started past this size. */
  rotateBytes?: number;
  /** Called once lines are durable, before the senders are answered (tests crash here). */
  afterDurable?: (lines: number) => void;
}

interface Pending {
  origin: Origin;
  lines: string[];
  resolve: () => void;
  reject: (e: unknown) => void;
}

interface OpenFile {
  fh: FileHandle;
  size: number;
}

const FILE = /^(audit|session)-.*\.log$/;

export class Spool implements EventStore {
  private readonly seen = new Set<string>();
  /** Keys being written right now: a concurrent re-send waits for the first write's outcome. */
  private readonly inflight = new Map<string, Promise<void>>();
  private readonly files = new Map<Origin, OpenFile>();
  private queue: Pending[] = [];
  private flushing?: Promise<void>;
  private closed = false;

  private constructor(
    readonly dir: string,
    private readonly opts: SpoolOptions,
  ) {}

  static async open(dir: string, opts: SpoolOptions = {}): Promise<Spool> {
    const spool = new Spool(dir, opts);
    await mkdir(dir, { recursive: true });
    await spool.recover();
    return spool;
  }

  get size(): number {
    return this.seen.size;
  }

  /** Rebuilds the keys of everything kept; mends a last line a crash cut short. */
  private async recover(): Promise<void> {
    for (const name of (await readdir(this.dir)).sort()) {
      const m = FILE.exec(name);
      if (!m) continue;
      const path = join(this.dir, name);
      const origin = m[1] as Origin;
      let good = 0; // bytes up to the end of the last complete line
      let pos = 0;
      let tail = '';
      const rl = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
      const size = (await stat(path)).size;
      for await (const line of rl) {
        pos += Buffer.byteLength(line) + 1;
        if (pos > size) {
          tail = line; // no newline after it
          break;
        }
        good = pos;
        this.remember(line, origin);
      }
      if (good < size) {
        // A write cut off by a crash was never answered. A complete JSON object stays (the engine may
        // have read it already), finished with its newline; anything else goes.
        if (isObject(tail)) {
          const fh = await open(path, 'a');
          await fh.write('\n');
          await fh.sync();
          await fh.close();
          this.remember(tail, origin);
        } else await truncate(path, good);
      }
    }
  }

  private remember(line: string, origin: Origin): void {
    let obj: unknown;
    try {
      obj = JSON.parse(line);
    } catch {
      return;
    }
    if (obj && typeof obj === 'object') for (const k of keysOf(obj as Record<string, unknown>, line, origin)) this.seen.add(k);
  }

  /** Keeps the events not kept before, durably; resolves when they are on disk. */
  async append(events: IntakeEvent[]): Promise<AppendResult> {
    if (this.closed) throw new Error('the intake spool is closed');
    let duplicates = 0;
    const batch: IntakeEvent[] = [];
    const mine: string[] = [];
    const inBatch = new Set<string>();
    let release!: () => void;
    let fail!: (e: unknown) => void;
    const done = new Promise<void>((res, rej) => {
      release = res;
      fail = rej;
    });
    done.catch(() => undefined);
    for (const ev of events) {
      if (ev.keys.some((k) => inBatch.has(k))) {
        duplicates++;
        continue;
      }
      // A key another request is writing: wait for its outcome (it may fail and leave it to us).
      for (;;) {
        const busy = ev.keys.map((k) => this.inflight.get(k)).find((p) => p && p !== done);
        if (!busy) break;
        await busy.catch(() => undefined);
      }
      if (ev.keys.some((k) => this.seen.has(k))) {
        duplicates++;
        continue;
      }
      for (const k of ev.keys) {
        inBatch.add(k);
        this.inflight.set(k, done);
        mine.push(k);
      }
      batch.push(ev);
    }
    try {
      const byOrigin = new Map<Origin, string[]>();
      for (const ev of batch) (byOrigin.get(ev.origin) ?? byOrigin.set(ev.origin, []).get(ev.origin)!).push(ev.line);
      await Promise.all([...byOrigin].map(([origin, lines]) => this.write(origin, lines)));
      for (const k of mine) this.seen.add(k);
      release();
    } catch (e) {
      fail(e);
      throw e;
    } finally {
      for (const k of mine) this.inflight.delete(k);
    }
    return { written: batch.length, duplicates };
  }

  /** Group commit: lines queued while a flush runs go out together with one fsync. */
  private write(origin: Origin, lines: string[]): Promise<void> {
    if (!lines.length) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ origin, lines, resolve, reject });
      if (!this.flushing) this.flushing = this.flushLoop().finally(() => (this.flushing = undefined));
    });
  }

  private async flushLoop(): Promise<void> {
    while (this.queue.length) {
      const group = this.queue;
      this.queue = [];
      try {
        const byOrigin = new Map<Origin, string[]>();
        for (const p of group) (byOrigin.get(p.origin) ?? byOrigin.set(p.origin, []).get(p.origin)!).push(...p.lines);
        for (const [origin, lines] of byOrigin) {
          const f = await this.fileFor(origin);
          const buf = Buffer.from(lines.join('\n') + '\n', 'utf8');
          await f.fh.write(buf);
          await f.fh.datasync();
          f.size += buf.length;
        }
        this.opts.afterDurable?.(group.reduce((n, p) => n + p.lines.length, 0));
        for (const p of group) p.resolve();
      } catch (e) {
        for (const p of group) p.reject(e);
      }
    }
  }

  private async fileFor(origin: Origin): Promise<OpenFile> {
    const cur = this.files.get(origin);
    if (cur && cur.size < (this.opts.rotateBytes ?? 64 << 20)) return cur;
    if (cur) await cur.fh.close();
    // Sorted by name = in order of creation; a new file per process start, so one writer per file.
    const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.(\d+)Z$/, '$1Z');
    const path = join(this.dir, `${origin}-${stamp}-${randomBytes(4).toString('hex')}.log`);
    const fh = await open(path, 'a');
    // The new name itself must survive a crash.
    const dh = await open(this.dir, 'r');
    try {
      await dh.sync();
    } finally {
      await dh.close();
    }
    const f = { fh, size: 0 };
    this.files.set(origin, f);
    return f;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.flushing;
    for (const f of this.files.values()) await f.fh.close();
    this.files.clear();
  }
}

function isObject(text: string): boolean {
  const t = text.trim();
  if (!t.startsWith('{') || !t.endsWith('}')) return false;
  try {
    JSON.parse(t);
    return true;
  } catch {
    return false;
  }
}
