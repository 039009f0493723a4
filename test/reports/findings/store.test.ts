// Findings over a real report store (local directory, and S3 on moto): identity and lifecycle of a
// finding across runs, and the feed's promise: a poller that keeps only its last cursor, restarting at
// random points while runs keep being recorded (by two writers), receives every change exactly once.
import { createHash } from 'node:crypto';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ColumnInfo, Row } from '../../../src/engine/types';
import { LocalBlobStore } from '../../../src/reports/local-blobstore';
import { S3BlobStore } from '../../../src/reports/s3-blobstore';
import type { BlobStore } from '../../../src/reports/blobstore';
import { readFeed, CursorExpiredError, encodeFeedCursor } from '../../../src/reports/findings/feed';
import type { SourceRun } from '../../../src/reports/findings/reconcile';
import { FindingStore } from '../../../src/reports/findings/store';
import type { Finding } from '../../../src/reports/findings/types';
import { MOTO_CREDENTIALS, startMoto, type MotoServer } from '../../support/moto';
import { tempDir } from '../../support/reports';

const COLUMNS: ColumnInfo[] = [
  { name: 'event_date', type: 'date' },
  { name: 'count', type: 'bigint' },
  { name: 'user', type: 'varchar' },
];

function run(rows: Row[], name = 'r/q/7d', complete = true): SourceRun {
  return { source: { kind: 'report', name: `report:${name}`, report: 'r', query: 'q', days: 7 }, title: 'Q', description: 'd', suggestion: 's', severity: 'high', columns: COLUMNS, rows, complete };
}

/** The id as documented: sha256(source name, newline, key values as sorted JSON), first 32 hex digits. */
function expectedId(source: string, date: string, user: string): string {
  return createHash('sha256').update(`report:${source}\n{"event_date":${JSON.stringify(date)},"user":${JSON.stringify(user)}}`).digest('hex').slice(0, 32);
}

const runId = (i: number) => `20260101T0000${String(i).padStart(6, '0')}Z-aaaa`;

let moto: MotoServer;
let s3: S3Client;
const dirs: Array<() => void> = [];

beforeAll(async () => {
  moto = await startMoto();
  s3 = new S3Client({ endpoint: moto.endpoint, region: 'eu-central-1', forcePathStyle: true, credentials: MOTO_CREDENTIALS });
  await s3.send(new CreateBucketCommand({ Bucket: 'findings-test', CreateBucketConfiguration: { LocationConstraint: 'eu-central-1' } }));
});

afterAll(async () => {
  s3?.destroy();
  await moto?.stop();
  for (const d of dirs) d();
});

let prefixN = 0;
const stores: Record<string, () => BlobStore> = {
  local: () => {
    const t = tempDir('amctl-findings-');
    dirs.push(t.cleanup);
    return new LocalBlobStore(t.dir);
  },
  s3: () => new S3BlobStore(s3, { bucket: 'findings-test', prefix: `p${++prefixN}` }),
};

async function drain(store: FindingStore, after?: string, first = 1000): Promise<{ items: Finding[]; cursor?: string }> {
  const items: Finding[] = [];
  let cursor = after;
  for (;;) {
    const page = await readFeed(store.log, cursor, first);
    items.push(...page.items.map((i) => i.finding));
    cursor = page.endCursor;
    if (!page.hasNextPage) return { items, cursor };
  }
}

describe.each(Object.keys(stores))('findings on a %s store', (kind) => {
  it('gives a row a stable id and a lifecycle: NEW, UPDATED, RESOLVED, REOPENED; an unchanged run adds nothing', async () => {
    const store = new FindingStore(stores[kind]!());
    const t0 = Date.UTC(2026, 0, 1);
    const c1 = await store.apply('report/r/7d', runId(1), [run([['2026-01-01', '3', 'alice'], ['2026-01-01', '1', 'bob']])], t0);
    expect(c1.map((f) => [f.change, f.fields.user, f.version])).toEqual([['NEW', 'alice', 1], ['NEW', 'bob', 1]]);
    expect(c1[0]!.id).toBe(expectedId('r/q/7d', '2026-01-01', 'alice'));
    expect(c1[0]!.key).toEqual(['event_date', 'user']);
    expect(c1[0]!.fields).toEqual({ event_date: '2026-01-01', count: '3', user: 'alice' });

    expect(await store.apply('report/r/7d', runId(2), [run([['2026-01-01', '1', 'bob'], ['2026-01-01', '3', 'alice']])], t0 + 1000)).toEqual([]);
    // Applying the same run again changes nothing either.
    expect(await store.apply('report/r/7d', runId(2), [run([])], t0 + 2000)).toEqual([]);

    const c3 = await store.apply('report/r/7d', runId(3), [run([['2026-01-01', '5', 'alice']])], t0 + 3000);
    expect(c3.map((f) => [f.change, f.fields.user, f.fields.count, f.status, f.version])).toEqual([
      ['UPDATED', 'alice', '5', 'ACTIVE', 2],
      ['RESOLVED', 'bob', '1', 'RESOLVED', 2],
    ]);
    expect(c3[0]!.id).toBe(c1[0]!.id);
    expect(c3[0]!.first_seen).toBe(new Date(t0).toISOString());

    // A truncated result resolves nothing it did not see.
    expect(await store.apply('report/r/7d', runId(4), [run([], 'r/q/7d', false)], t0 + 4000)).toEqual([]);
    const c5 = await store.apply('report/r/7d', runId(5), [run([['2026-01-01', '5', 'alice'], ['2026-01-01', '1', 'bob']])], t0 + 5000);
    expect(c5.map((f) => [f.change, f.fields.user, f.status, f.version])).toEqual([['REOPENED', 'bob', 'ACTIVE', 3]]);
    expect(c5[0]!.resolved_at).toBeUndefined();

    // An older run arriving late changes nothing.
    expect(await store.apply('report/r/7d', runId(0), [run([])], t0 + 6000)).toEqual([]);

    const feed = await drain(store);
    expect(feed.items.map((f) => `${f.change}:${f.fields.user}`)).toEqual(['NEW:alice', 'NEW:bob', 'UPDATED:alice', 'RESOLVED:bob', 'REOPENED:bob']);
  });

  it('a poller that restarts at random points, while two writers record runs, gets every change exactly once', async () => {
    const blob = stores[kind]!();
    const writers = [new FindingStore(blob), new FindingStore(blob)];
    // mulberry32: a small PRNG whose low bits are as random as its high ones.
    let seed = 42;
    const rand = (n: number) => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return (((t ^ (t >>> 14)) >>> 0) % n);
    };
    const users = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank'];
    const recorded: Finding[] = [];
    // What survives a poller restart: its cursor and what it has processed, saved together.
    const durable: { cursor?: string; got: string[] } = { got: [] };
    let polls = 0;
    let restarts = 0;
    const poll = async (mayCrash = true) => {
      // A fresh poller: only what it persisted survives.
      let cursor = durable.cursor;
      const crashAfter = mayCrash && rand(3) === 0 ? rand(6) : Infinity;
      let processed = 0;
      for (;;) {
        const page = await readFeed(writers[0]!.log, cursor, 1 + rand(4));
        polls++;
        for (const item of page.items) {
          if (processed++ >= crashAfter) {
            restarts++;
            return; // crashed before persisting this one
          }
          durable.got.push(`${item.finding.id}#${item.finding.version}`);
          durable.cursor = item.cursor;
        }
        if (page.items.length === 0) durable.cursor = page.endCursor;
        cursor = page.endCursor;
        if (!page.hasNextPage) return;
      }
    };
    const write = async (i: number) => {
      const scope = `report/r${i % 3}/7d`;
      const rows: Row[] = users.filter(() => rand(2) === 0).map((u) => ['2026-01-01', String(rand(3)), u]);
      const w = writers[i % 2]!;
      const changes = await w.apply(scope, runId(i), [run(rows, `r${i % 3}/q/7d`)], Date.UTC(2026, 0, 1) + i * 1000);
      recorded.push(...changes);
    };
    // Writers on both stores race each other and the poller.
    const rounds = kind === 's3' ? 12 : 30;
    for (let i = 1; i <= rounds; i += 2) {
      await Promise.all([write(i), write(i + 1), poll()]);
    }
    await poll(false);
    expect(restarts).toBeGreaterThan(0);
    expect(polls).toBeGreaterThan(rounds / 2);
    const want = recorded.map((f) => `${f.id}#${f.version}`);
    expect(want.length).toBeGreaterThan(10);
    expect(new Set(want).size).toBe(want.length);
    expect([...durable.got].sort()).toEqual([...want].sort());
    expect(new Set(durable.got).size).toBe(durable.got.length);
  }, 120_000);

  it('a batch left pending by a crash between the state write and the log append is appended once', async () => {
    const blob = stores[kind]!();
    const store = new FindingStore(blob);
    await store.apply('report/r/7d', runId(1), [run([['2026-01-01', '1', 'alice']])], Date.UTC(2026, 0, 1));
    // Crash simulation: a state document carrying the pending batch, never appended.
    const { state, etag } = await store.scope('report/r/7d');
    const pendingChange: Finding = { ...Object.values(state.findings)[0]!, change: 'RESOLVED', status: 'RESOLVED', version: 2, changed_at: new Date(Date.UTC(2026, 0, 1, 0, 0, 5)).toISOString() };
    await blob.put('findings/state/report/r/7d.json', JSON.stringify({ ...state, applied: [...state.applied, runId(2)], findings: { [pendingChange.id]: pendingChange }, pending: { batch: `report/r/7d@${runId(2)}`, since: 1, changes: [pendingChange] } }), { ifMatch: etag });
    // Another gateway's recovery pass, after the grace period, finishes it; a second pass does nothing.
    expect(await new FindingStore(blob).recover(Date.UTC(2026, 0, 1, 1))).toBe(1);
    expect(await new FindingStore(blob).recover(Date.UTC(2026, 0, 1, 2))).toBe(0);
    // The writer retrying the same run also finds it done.
    expect(await store.apply('report/r/7d', runId(2), [run([])], Date.UTC(2026, 0, 1, 3))).toEqual([]);
    const feed = await drain(store);
    expect(feed.items.map((f) => `${f.change}:${f.version}`)).toEqual(['NEW:1', 'RESOLVED:2']);
  });

  it('retention deletes old changes; a cursor older than them is refused with what to do', async () => {
    const store = new FindingStore(stores[kind]!());
    const day = 86_400_000;
    const t0 = Date.UTC(2026, 0, 1);
    await store.apply('report/r/7d', runId(1), [run([['2026-01-01', '1', 'alice']])], t0);
    const first = await readFeed(store.log, undefined, 10);
    await store.apply('report/r/7d', runId(2), [run([['2026-01-01', '1', 'bob']])], t0 + 10 * day);
    await store.apply('report/r/7d', runId(3), [run([['2026-01-01', '1', 'carol']])], t0 + 20 * day);
    const page1 = await readFeed(store.log, first.endCursor, 10);
    expect(page1.items.map((i) => `${i.finding.change}:${i.finding.fields.user}`)).toEqual(['NEW:bob', 'RESOLVED:alice', 'NEW:carol', 'RESOLVED:bob']);
    expect(await store.log.prune(t0 + 15 * day)).toBe(2);
    await expect(readFeed(store.log, first.endCursor, 10)).rejects.toBeInstanceOf(CursorExpiredError);
    // Without a cursor the feed starts at the oldest change kept.
    const fresh = await readFeed(store.log, undefined, 10);
    expect(fresh.items.map((i) => `${i.finding.change}:${i.finding.fields.user}`)).toEqual(['NEW:carol', 'RESOLVED:bob']);
    // A cursor at the end of the last pruned entry still resumes right after it.
    expect((await readFeed(store.log, page1.items[1]!.cursor, 10)).items).toHaveLength(2);
  });

  it('lists the store from the cursor on: a poller at the head reads one key or two, however long the log', async () => {
    const inner = stores[kind]!();
    let listed = 0;
    const counting: BlobStore = {
      location: inner.location,
      get: (k) => inner.get(k),
      put: (k, b, o) => inner.put(k, b, o),
      delete: (k) => inner.delete(k),
      list: async (prefix, opts) => {
        const keys = await inner.list(prefix, opts);
        listed += keys.length;
        return keys;
      },
    };
    const store = new FindingStore(counting);
    for (let i = 1; i <= 12; i++) await store.apply('report/r/7d', runId(i), [run([['2026-01-01', String(i), 'alice']])], Date.UTC(2026, 0, 1) + i);
    const all = await drain(store);
    expect(all.items).toHaveLength(12);
    listed = 0;
    const atHead = await readFeed(store.log, all.cursor, 100);
    expect(atHead.items).toEqual([]);
    expect(atHead.endCursor).toBe(all.cursor);
    expect(listed).toBeLessThanOrEqual(2);
    // The next change is there on the next read, and a cursor past the newest change is refused.
    await store.apply('report/r/7d', runId(13), [run([['2026-01-01', '13', 'alice']])], Date.UTC(2026, 0, 2));
    const next = await readFeed(store.log, all.cursor, 100);
    expect(next.items.map((i) => i.finding.fields.count)).toEqual(['13']);
    await expect(readFeed(store.log, encodeFeedCursor({ seq: 99, offset: 0 }), 10)).rejects.toThrow(/past the newest one \(13\)/);
  });

  it('lists keys in order after a given key, at most a given number', async () => {
    const blobs = stores[kind]!();
    for (const k of ['a/3', 'a/1', 'a/2', 'a/10', 'b/1']) await blobs.put(k, '{}');
    expect(await blobs.list('a/')).toEqual(['a/1', 'a/10', 'a/2', 'a/3']);
    expect(await blobs.list('a/', { startAfter: 'a/10' })).toEqual(['a/2', 'a/3']);
    expect(await blobs.list('a/', { limit: 2 })).toEqual(['a/1', 'a/10']);
    expect(await blobs.list('a/', { startAfter: 'a/1', limit: 1 })).toEqual(['a/10']);
    expect(await blobs.list('a/', { startAfter: 'a/3' })).toEqual([]);
  });
});

