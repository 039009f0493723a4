// BlobStore over an S3 prefix (the report_results location on AWS). Conditional writes use S3's
// If-None-Match / If-Match on PutObject, which is what lets several gateways share one lease.
import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { checkKey, PreconditionFailedError, type BlobStore, type PutOptions, type StoredBlob, type ListOptions } from './blobstore';

export interface S3Location {
  bucket: string;
  /** Key prefix without leading or trailing slash ('' for the bucket root). */
  prefix: string;
}

export function parseS3Uri(uri: string): S3Location {
  const m = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(uri);
  if (!m) throw new Error(`${JSON.stringify(uri)} is not an S3 location like s3://bucket/prefix`);
  return { bucket: m[1], prefix: (m[2] ?? '').replace(/^\/+|\/+$/g, '') };
}

const status = (e: unknown) => (e instanceof S3ServiceException ? e.$metadata.httpStatusCode : undefined);
const errName = (e: unknown) => (e as { name?: string })?.name;

export class S3BlobStore implements BlobStore {
  constructor(
    private readonly s3: S3Client,
    private readonly where: S3Location,
  ) {}

  get location(): string {
    return `s3://${this.where.bucket}${this.where.prefix ? '/' + this.where.prefix : ''}`;
  }

  private key(key: string): string {
    checkKey(key);
    return this.where.prefix ? `${this.where.prefix}/${key}` : key;
  }

  async get(key: string): Promise<StoredBlob | undefined> {
    try {
      const out = await this.s3.send(new GetObjectCommand({ Bucket: this.where.bucket, Key: this.key(key) }));
      const body = (await out.Body?.transformToString('utf8')) ?? '';
      return { body, etag: out.ETag ?? '' };
    } catch (e) {
      if (errName(e) === 'NoSuchKey' || status(e) === 404) return undefined;
      throw e;
    }
  }

  async put(key: string, body: string, opts: PutOptions = {}): Promise<{ etag: string }> {
    try {
      const out = await this.s3.send(
        new PutObjectCommand({
          Bucket: this.where.bucket,
          Key: this.key(key),
          Body: body,
          ContentType: 'application/json',
          IfNoneMatch: opts.ifNoneMatch ? '*' : undefined,
          IfMatch: opts.ifMatch,
        }),
      );
      return { etag: out.ETag ?? '' };
    } catch (e) {
      // 412: the condition failed; 409: a concurrent conditional write won; 404: If-Match on a gone key.
      const code = status(e);
      if (code === 412 || code === 409 || (opts.ifMatch !== undefined && code === 404)) {
        throw new PreconditionFailedError(key, `${errName(e) ?? 'PreconditionFailed'} (HTTP ${code})`);
      }
      throw e;
    }
  }

  async delete(key: string): Promise<void> {
    await this.s3.send(new DeleteObjectCommand({ Bucket: this.where.bucket, Key: this.key(key) }));
  }

  /** Keys under a prefix with their ETags, without reading bodies (change detection across gateways). */
  async listEtags(prefix: string): Promise<Array<{ key: string; etag: string }>> {
    if (prefix.split('/').some((p) => p === '..')) throw new Error(`invalid storage prefix ${JSON.stringify(prefix)}`);
    const full = (this.where.prefix ? `${this.where.prefix}/` : '') + prefix;
    const strip = this.where.prefix ? this.where.prefix.length + 1 : 0;
    const out: Array<{ key: string; etag: string }> = [];
    let token: string | undefined;
    do {
      const page = await this.s3.send(new ListObjectsV2Command({ Bucket: this.where.bucket, Prefix: full, ContinuationToken: token }));
      for (const o of page.Contents ?? []) if (o.Key) out.push({ key: o.Key.slice(strip), etag: o.ETag ?? '' });
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return out;
  }

  async list(prefix: string, opts: ListOptions = {}): Promise<string[]> {
    if (prefix.split('/').some((p) => p === '..')) throw new Error(`invalid storage prefix ${JSON.stringify(prefix)}`);
    const base = this.where.prefix ? `${this.where.prefix}/` : '';
    const strip = base.length;
    const keys: string[] = [];
    let token: string | undefined;
    // S3 lists in key order (UTF-8 bytes), so StartAfter and MaxKeys give the first keys after one.
    do {
      const out = await this.s3.send(
        new ListObjectsV2Command({
          Bucket: this.where.bucket,
          Prefix: base + prefix,
          ContinuationToken: token,
          StartAfter: opts.startAfter !== undefined ? base + opts.startAfter : undefined,
          MaxKeys: opts.limit !== undefined ? Math.min(1000, opts.limit - keys.length) : undefined,
        }),
      );
      for (const o of out.Contents ?? []) if (o.Key) keys.push(o.Key.slice(strip));
      token = out.IsTruncated && (opts.limit === undefined || keys.length < opts.limit) ? out.NextContinuationToken : undefined;
    } while (token);
    return keys.sort();
  }
}
