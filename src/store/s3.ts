// S3 backend: one `<prefix>/<name>.yaml` object per resource. A PutObject replaces an object
// atomically, so no temporary objects are needed.
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { DOC_SUFFIX, type DocumentBackend, type ListPage } from './backend';

export class S3DocumentBackend implements DocumentBackend {
  readonly location: string;
  private readonly prefix: string;

  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    prefix: string,
  ) {
    this.prefix = prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`;
    this.location = `s3://${bucket}/${this.prefix}`;
  }

  private key(name: string): string {
    return this.prefix + name + DOC_SUFFIX;
  }

  async read(name: string): Promise<string | undefined> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.key(name) }));
      return (await out.Body?.transformToString('utf8')) ?? '';
    } catch (e) {
      if (e instanceof NoSuchKey || (e as { name?: string }).name === 'NoSuchKey') return undefined;
      throw e;
    }
  }

  async write(name: string, text: string): Promise<void> {
    await this.client.send(
      new PutObjectCommand({ Bucket: this.bucket, Key: this.key(name), Body: text, ContentType: 'application/yaml' }),
    );
  }

  async remove(name: string): Promise<boolean> {
    // S3 deletes are idempotent and do not say whether anything was there: ask first.
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.key(name) }));
    } catch (e) {
      if (e instanceof NotFound || (e as { name?: string }).name === 'NotFound') return false;
      throw e;
    }
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.key(name) }));
    return true;
  }

  async list({ limit, after }: { limit: number; after?: string }): Promise<ListPage> {
    const names: string[] = [];
    let startAfter = after === undefined ? undefined : this.key(after);
    let token: string | undefined;
    // Objects that are not documents (stray keys) are skipped, so a page may need several calls.
    while (names.length <= limit) {
      const out = await this.client.send(
        new ListObjectsV2Command({
          Bucket: this.bucket,
          Prefix: this.prefix,
          StartAfter: token ? undefined : startAfter,
          ContinuationToken: token,
          MaxKeys: Math.min(1000, limit + 1),
        }),
      );
      for (const o of out.Contents ?? []) {
        const rest = o.Key?.slice(this.prefix.length) ?? '';
        if (rest.endsWith(DOC_SUFFIX) && !rest.includes('/')) names.push(rest.slice(0, -DOC_SUFFIX.length));
      }
      if (!out.IsTruncated || !out.NextContinuationToken) break;
      token = out.NextContinuationToken;
      startAfter = undefined;
    }
    const page = names.slice(0, limit);
    return names.length > limit ? { names: page, next: page[page.length - 1] } : { names: page };
  }
}
