// The report store contract, the same on a local directory and an S3 prefix (moto_server): atomic
// JSON documents, create-only and compare-and-swap writes, listing; and the scheduler lease on top.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PreconditionFailedError, type BlobStore } from '../../src/reports/blobstore';
import { ManualClock } from '../../src/reports/clock';
import { Lease } from '../../src/reports/lease';
import { LocalBlobStore } from '../../src/reports/local-blobstore';
import { S3BlobStore } from '../../src/reports/s3-blobstore';
import { freePort } from '../support/net';


let moto: ChildProcess | undefined;
let s3: S3Client;
let localRoot: string;

beforeAll(async () => {
  localRoot = mkdtempSync(join(tmpdir(), 'amctl-store-'));
  const port = await freePort();
  moto = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
  const endpoint = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${endpoint}/moto-api/`)).ok) break;
    } catch {
      if (i > 100) throw new Error('moto_server did not start');
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  s3 = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  await s3.send(new CreateBucketCommand({ Bucket: 'audit-long-term' }));
});

afterAll(() => {
  moto?.kill();
  rmSync(localRoot, { recursive: true, force: true });
});

const stores: [string, () => BlobStore][] = [
  ['local directory', () => new LocalBlobStore(join(localRoot, String(Math.random()).slice(2)))],
  ['S3 prefix', () => new S3BlobStore(s3, { bucket: 'audit-long-term', prefix: `report_results/${String(Math.random()).slice(2)}` })],
];

describe.each(stores)('%s', (_name, open) => {
  it('reads back what it wrote, lists by prefix, deletes', async () => {
    const store = open();
    expect(await store.get('states/a.json')).toBeUndefined();
    await store.put('states/a.json', '{"a":1}');
    await store.put('states/b/c.json', '{"c":1}');
    await store.put('results/x.json', '{}');
    expect((await store.get('states/a.json'))?.body).toBe('{"a":1}');
    expect(await store.list('states/')).toEqual(['states/a.json', 'states/b/c.json']);
    await store.delete('states/a.json');
    expect(await store.list('states/')).toEqual(['states/b/c.json']);
    await expect(store.put('../escape.json', '{}')).rejects.toThrow(/invalid storage key/);
  });

  it('create-only writes fail when the key exists', async () => {
    const store = open();
    await store.put('k.json', '1', { ifNoneMatch: true });
    await expect(store.put('k.json', '2', { ifNoneMatch: true })).rejects.toBeInstanceOf(PreconditionFailedError);
    expect((await store.get('k.json'))?.body).toBe('1');
  });

  it('compare-and-swap writes fail when someone changed the key first', async () => {
    const store = open();
    const { etag } = await store.put('k.json', 'v1');
    const { etag: e2 } = await store.put('k.json', 'v2', { ifMatch: etag });
    await expect(store.put('k.json', 'v3', { ifMatch: etag })).rejects.toBeInstanceOf(PreconditionFailedError);
    expect((await store.get('k.json'))?.body).toBe('v2');
    expect((await store.get('k.json'))?.etag).toBe(e2);
    await expect(store.put('gone.json', 'v', { ifMatch: etag })).rejects.toBeInstanceOf(PreconditionFailedError);
  });

  it('lets exactly one of many racing writers win a create-only write', async () => {
    const store = open();
    const outcomes = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => store.put('race.json', String(i), { ifNoneMatch: true })));
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
  });

  it('gives a lease to one owner at a time and passes it on after expiry', async () => {
    const store = open();
    const clock = new ManualClock();
    const a = new Lease(store, 'scheduler', 'gw-a', 30_000, clock);
    const b = new Lease(store, 'scheduler', 'gw-b', 30_000, clock);
    const first = await Promise.all([a.acquire(), b.acquire()]);
    expect(first.filter(Boolean)).toHaveLength(1);
    const [holder, other] = first[0] ? [a, b] : [b, a];
    clock.advance(20_000);
    expect(await holder.acquire()).toBe(true); // renewal
    expect(await other.acquire()).toBe(false);
    clock.advance(31_000); // the holder went silent
    expect(await other.acquire()).toBe(true);
    expect(await holder.acquire()).toBe(false);
    await other.release();
    expect(await holder.acquire()).toBe(true);
  });
});

it('leaves no temporary or lock files behind locally', async () => {
  const root = join(localRoot, 'clean');
  const store = new LocalBlobStore(root);
  const { etag } = await store.put('a/b.json', '1');
  await store.put('a/b.json', '2', { ifMatch: etag });
  await store.put('a/b.json', '3', { ifMatch: etag }).catch(() => undefined);
  expect(readdirSync(join(root, 'a'))).toEqual(['b.json']);
});
