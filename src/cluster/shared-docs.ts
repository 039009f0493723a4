// JSON documents on the shared S3 location with compare-and-swap updates (PutObject If-Match /
// If-None-Match), the one primitive the replicas coordinate through: no server of our own.
//
// S3's ETag of a single-part upload is the MD5 of the body, so a document written back to an earlier
// body would get its earlier ETag and a stale writer's If-Match would pass (ABA). Every write therefore
// carries a fresh `rev`, which makes each version's body, and so its ETag, unique.
import { randomUUID } from 'node:crypto';
import { GetObjectCommand, PutObjectCommand, S3ServiceException, type S3Client } from '@aws-sdk/client-s3';
import { EngineError } from '../errors/engine-error';

export interface Versioned<T> {
  value: T;
  etag: string;
}

/** What an update function decides: write `next` (and return `result`), or leave the document as it is. */
export interface Decision<T, R> {
  next?: T;
  result: R;
}

const httpStatus = (e: unknown) => (e instanceof S3ServiceException ? e.$metadata.httpStatusCode : undefined);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class SharedDocs {
  /** Conditional writes refused because another replica wrote first (metrics, tests). */
  conflicts = 0;

  constructor(
    private readonly s3: S3Client,
    private readonly where: { bucket: string; prefix: string },
    private readonly maxAttempts = 40,
  ) {}

  private key(key: string): string {
    return this.where.prefix ? `${this.where.prefix}/${key}` : key;
  }

  async get<T>(key: string): Promise<Versioned<T> | undefined> {
    try {
      const out = await this.s3.send(new GetObjectCommand({ Bucket: this.where.bucket, Key: this.key(key) }));
      const body = (await out.Body?.transformToString('utf8')) ?? '';
      return { value: JSON.parse(body) as T, etag: out.ETag ?? '' };
    } catch (e) {
      if ((e as { name?: string }).name === 'NoSuchKey' || httpStatus(e) === 404) return undefined;
      throw e;
    }
  }

  /** Writes when the condition holds; undefined when another writer got there first. */
  async put(key: string, value: object, cond: { ifMatch?: string; ifNoneMatch?: boolean } = {}): Promise<string | undefined> {
    try {
      const out = await this.s3.send(
        new PutObjectCommand({
          Bucket: this.where.bucket,
          Key: this.key(key),
          Body: JSON.stringify({ ...value, rev: randomUUID() }),
          ContentType: 'application/json',
          IfMatch: cond.ifMatch,
          IfNoneMatch: cond.ifNoneMatch ? '*' : undefined,
        }),
      );
      return out.ETag ?? '';
    } catch (e) {
      // 412: the condition failed; 409: a concurrent conditional write is in progress; 404: If-Match on a gone key.
      const code = httpStatus(e);
      if (code === 412 || code === 409 || (cond.ifMatch !== undefined && code === 404)) {
        this.conflicts++;
        return undefined;
      }
      throw e;
    }
  }

  /**
   * Read, decide, write only if nobody wrote in between; otherwise read again (with jittered backoff).
   * `decide` may run several times and must be safe to repeat.
   */
  async update<T extends object, R>(key: string, decide: (current: T | undefined) => Promise<Decision<T, R>> | Decision<T, R>): Promise<R> {
    for (let attempt = 0; attempt < this.maxAttempts; attempt++) {
      const cur = await this.get<T>(key);
      const d = await decide(cur?.value);
      if (d.next === undefined) return d.result;
      const etag = await this.put(key, d.next, cur ? { ifMatch: cur.etag } : { ifNoneMatch: true });
      if (etag !== undefined) return d.result;
      await sleep(Math.random() * Math.min(500, 10 * 2 ** Math.min(attempt, 6)));
    }
    throw new EngineError('UNAVAILABLE', `the shared state ${key} kept changing under ${this.maxAttempts} attempts to update it; try again`);
  }
}
