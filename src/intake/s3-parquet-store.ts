// The intake's store on the Athena engine: what arrives is written where the Athena table reads it,
// Parquet under the events prefix in Teleport's own layout (./athena-parquet.ts), before the sender is
// answered, so any replica can take any request and a crash after the answer loses nothing.
//
// Each event once, whichever replica a re-send reaches: before an event goes into a file, its
// de-duplication key (the first of IntakeEvent.keys: its uid) is claimed in the intake's state prefix
// with a create-only write (PutObject If-None-Match), the claim naming the file it goes into. A claim
// that exists already decides: its file exists, so the event is kept and this is a duplicate; or it
// does not exist yet, so another replica is writing it right now (wait and look again) or died before
// it could (the claim is older than the lease: take it over with If-Match on its ETag). A replica gives
// up, and releases its claims, if more than half the lease passed before its upload begins, so that no
// file can land after its claims were taken over. Requests arriving while one is being written go out
// together (group commit), one file per day.
import { createHash } from 'node:crypto';
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3ServiceException, type S3Client } from '@aws-sdk/client-s3';
import { LRUCache } from 'lru-cache';
import { EngineError } from '../errors/engine-error';
import { athenaRow, eventDate, ParquetWriter, uuidV7, type AthenaRow } from './athena-parquet';
import type { IntakeEvent } from './events';
import type { AppendResult, EventStore } from './store';

export interface S3Location {
  bucket: string;
  /** Without a trailing '/'; '' for the bucket's root. */
  prefix: string;
}

export interface S3ParquetStoreOptions {
  s3: S3Client;
  /** The Athena table's location (Teleport's locationS3). */
  events: S3Location;
  /** Where the claims are kept (claims/<sha256 of the key>.json). */
  state: S3Location;
  /** How long a claim without its file holds before another replica may take it over. */
  leaseMs?: number;
  /** Keys known to be kept, answered without asking S3. */
  rememberKeys?: number;
  now?: () => number;
}

interface Pending {
  events: IntakeEvent[];
  resolve: (r: AppendResult) => void;
  reject: (e: unknown) => void;
}

interface Claim {
  key: string;
  object: string;
  at: number;
}

const status = (e: unknown) => (e instanceof S3ServiceException ? e.$metadata.httpStatusCode : undefined);
const isMissing = (e: unknown) => status(e) === 404 || ['NoSuchKey', 'NotFound'].includes((e as { name?: string }).name ?? '');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const join = (prefix: string, key: string) => (prefix ? `${prefix}/${key}` : key);

/** Runs fn over items, at most `limit` at a time. */
async function mapLimit<T, R>(items: T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!);
      }
    }),
  );
  return out;
}

export class S3ParquetStore implements EventStore {
  private readonly leaseMs: number;
  private readonly now: () => number;
  private readonly known: LRUCache<string, true>;
  private readonly writer = new ParquetWriter();
  private queue: Pending[] = [];
  private flushing?: Promise<void>;
  private closed = false;
  /** Files written and claims taken over (tests, metrics). */
  readonly stats = { files: 0, takeovers: 0 };

  constructor(private readonly opts: S3ParquetStoreOptions) {
    this.leaseMs = opts.leaseMs ?? 120_000;
    this.now = opts.now ?? Date.now;
    this.known = new LRUCache({ max: opts.rememberKeys ?? 200_000 });
  }

  /** The S3 key of the claim on a de-duplication key. */
  claimKey(key: string): string {
    return join(this.opts.state.prefix, `claims/${createHash('sha256').update(key).digest('hex')}.json`);
  }

  append(events: IntakeEvent[]): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new Error('the intake store is closed'));
    if (!events.length) return Promise.resolve({ written: 0, duplicates: 0 });
    return new Promise((resolve, reject) => {
      this.queue.push({ events, resolve, reject });
      this.flushing ??= this.flushLoop().finally(() => (this.flushing = undefined));
    });
  }

  private async flushLoop(): Promise<void> {
    while (this.queue.length) {
      const group = this.queue;
      this.queue = [];
      try {
        const results = await this.writeGroup(group);
        group.forEach((p, i) => p.resolve(results[i]!));
      } catch (e) {
        for (const p of group) p.reject(e);
      }
    }
  }

  private async writeGroup(group: Pending[]): Promise<AppendResult[]> {
    const results = group.map(() => ({ written: 0, duplicates: 0 }));
    // First come first kept, within the group and against what this replica knows is kept.
    const candidates: { ev: IntakeEvent; row: AthenaRow; owner: number; object?: string }[] = [];
    const inGroup = new Set<string>();
    group.forEach((p, owner) => {
      for (const ev of p.events) {
        if (ev.keys.some((k) => inGroup.has(k) || this.known.has(k))) {
          results[owner]!.duplicates++;
          continue;
        }
        for (const k of ev.keys) inGroup.add(k);
        candidates.push({ ev, row: athenaRow(ev), owner });
      }
    });
    const objects = new Map<string, string>();
    for (const c of candidates) {
      const date = eventDate(c.row);
      if (!objects.has(date)) objects.set(date, join(this.opts.events.prefix, `${date}/${uuidV7(this.now())}.parquet`));
      c.object = objects.get(date)!;
    }

    const started = this.now();
    const claimed = await mapLimit(candidates, 16, (c) => this.claim(c.ev.keys[0]!, c.object!));
    const ours = candidates.filter((_, i) => claimed[i] === 'ours');
    const release = () => mapLimit(ours, 16, (c) => this.release(c.ev.keys[0]!)).catch(() => undefined);
    try {
      if (this.now() - started > this.leaseMs / 2) {
        throw new EngineError('UNAVAILABLE', 'the intake could not claim the events in time (S3 is slow or busy); send them again');
      }
      const byObject = new Map<string, AthenaRow[]>();
      for (const c of ours) (byObject.get(c.object!) ?? byObject.set(c.object!, []).get(c.object!)!).push(c.row);
      await Promise.all([...byObject].map(async ([key, rows]) => this.upload(key, await this.writer.write(rows))));
    } catch (e) {
      // Still well within the lease, so no other replica has taken these claims over.
      if (this.now() - started < this.leaseMs / 2) await release();
      throw e;
    }
    candidates.forEach((c, i) => {
      for (const k of c.ev.keys) this.known.set(k, true);
      if (claimed[i] === 'ours') results[c.owner]!.written++;
      else results[c.owner]!.duplicates++;
    });
    return results;
  }

  private async upload(key: string, body: Buffer): Promise<void> {
    try {
      // A fresh uuid per file, so If-None-Match refuses only a retry of this very upload.
      await this.opts.s3.send(
        new PutObjectCommand({ Bucket: this.opts.events.bucket, Key: key, Body: body, ContentType: 'application/vnd.apache.parquet', IfNoneMatch: '*', ChecksumAlgorithm: 'SHA256' }),
      );
    } catch (e) {
      // An upload whose answer was lost may have landed: then it is done, and its claims must stay.
      if (!(await this.objectExists(key).catch(() => false))) throw e;
    }
    this.stats.files++;
  }

  private async objectExists(key: string): Promise<boolean> {
    try {
      await this.opts.s3.send(new HeadObjectCommand({ Bucket: this.opts.events.bucket, Key: key }));
      return true;
    } catch (e) {
      if (isMissing(e)) return false;
      throw e;
    }
  }

  private async readClaim(key: string): Promise<{ claim: Claim; etag: string } | undefined> {
    try {
      const out = await this.opts.s3.send(new GetObjectCommand({ Bucket: this.opts.state.bucket, Key: key }));
      return { claim: JSON.parse((await out.Body?.transformToString('utf8')) ?? '{}') as Claim, etag: out.ETag ?? '' };
    } catch (e) {
      if (isMissing(e)) return undefined;
      throw e;
    }
  }

  /** Writes a claim when the condition holds; false when another writer got there first. */
  private async putClaim(key: string, claim: Claim, cond: { ifNoneMatch?: true; ifMatch?: string }): Promise<boolean> {
    try {
      await this.opts.s3.send(
        new PutObjectCommand({
          Bucket: this.opts.state.bucket,
          Key: key,
          Body: JSON.stringify(claim),
          ContentType: 'application/json',
          IfNoneMatch: cond.ifNoneMatch ? '*' : undefined,
          IfMatch: cond.ifMatch,
        }),
      );
      return true;
    } catch (e) {
      // 412: the condition failed; 409: a concurrent conditional write; 404: If-Match on a gone key.
      const code = status(e);
      if (code === 412 || code === 409 || (cond.ifMatch !== undefined && code === 404)) return false;
      throw e;
    }
  }

  /** 'ours' once the key is claimed for `object`; 'duplicate' when the event is kept already. */
  private async claim(dedupeKey: string, object: string): Promise<'ours' | 'duplicate'> {
    const key = this.claimKey(dedupeKey);
    const deadline = this.now() + 2 * this.leaseMs;
    for (let attempt = 0; this.now() < deadline; attempt++) {
      if (await this.putClaim(key, { key: dedupeKey, object, at: this.now() }, { ifNoneMatch: true })) return 'ours';
      const cur = await this.readClaim(key);
      if (!cur) continue; // released in between: try again
      if (await this.objectExists(cur.claim.object)) return 'duplicate';
      const age = this.now() - cur.claim.at;
      if (age > this.leaseMs) {
        if (await this.putClaim(key, { key: dedupeKey, object, at: this.now() }, { ifMatch: cur.etag })) {
          this.stats.takeovers++;
          return 'ours';
        }
        continue;
      }
      // Another replica is writing it now: its file appears, or its lease runs out.
      await sleep(Math.min(this.leaseMs - age + 10, 50 * 2 ** Math.min(attempt, 5)));
    }
    throw new EngineError('UNAVAILABLE', `the intake could not settle who keeps event ${dedupeKey}; send it again`);
  }

  private async release(dedupeKey: string): Promise<void> {
    await this.opts.s3.send(new DeleteObjectCommand({ Bucket: this.opts.state.bucket, Key: this.claimKey(dedupeKey) }));
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.flushing;
    await this.writer.close();
  }
}
