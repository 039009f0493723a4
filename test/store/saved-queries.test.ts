// Saved queries: the same store contract on a local directory and on S3 (moto_server, real AWS SDK),
// then through the gateway: paging with cursors, the SQL guard on save, and surviving a restart.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog';
import { parseCoreConfig } from '../../src/config';
import { checkQuery } from '../../src/sql';
import { openAuditQueryStore, type AuditQueryStore } from '../../src/store';
import { MOTO_CREDENTIALS, startMoto, type MotoServer } from '../support/moto';
import { startDemoEngine, startTestGateway, type DemoEngine } from '../support/gateway';

const catalog = loadCatalog();
const guard = async (sql: string) => void (await checkQuery(sql, catalog));

const q = (name: string, extra: Partial<{ title: string; description: string; query: string }> = {}) => ({
  name,
  title: `Title of ${name}`,
  description: `About ${name}`,
  query: 'SELECT user, COUNT(*) AS n FROM session_start GROUP BY user',
  ...extra,
});

let moto: MotoServer;
let s3: S3Client;
const BUCKET = 'amctl-store-test';
const dirs: string[] = [];

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'amctl-store-'));
  dirs.push(d);
  return d;
}

beforeAll(async () => {
  moto = await startMoto();
  process.env.AWS_ACCESS_KEY_ID = MOTO_CREDENTIALS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = MOTO_CREDENTIALS.secretAccessKey;
  s3 = new S3Client({ region: 'us-east-1', endpoint: moto.endpoint, forcePathStyle: true, credentials: MOTO_CREDENTIALS });
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
});

afterAll(async () => {
  s3?.destroy();
  await moto?.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function localStore(dir = tempDir()): AuditQueryStore {
  return openAuditQueryStore(parseCoreConfig({}, { cwd: dir, dataDir: dir }), guard);
}

let prefixes = 0;
function s3Store(prefix = `team-${++prefixes}/amctl`): AuditQueryStore {
  const config = parseCoreConfig({ store: { location: `s3://${BUCKET}/${prefix}`, s3_endpoint: moto.endpoint, s3_region: 'us-east-1' } }, { cwd: tempDir() });
  return openAuditQueryStore(config, guard);
}

describe.each([
  ['local directory', () => localStore()],
  ['S3 prefix (moto)', () => s3Store()],
])('store contract: %s', (_label, open) => {
  it('creates, reads, replaces and deletes', async () => {
    const store = open();
    expect(await store.get('a')).toBeUndefined();
    expect(await store.upsert(q('a'))).toEqual(q('a'));
    expect(await store.get('a')).toEqual(q('a'));
    await store.upsert(q('a', { title: 'New title' }));
    expect((await store.get('a'))?.title).toBe('New title');
    expect(await store.delete('a')).toBe(true);
    expect(await store.delete('a')).toBe(false);
    expect(await store.get('a')).toBeUndefined();
    await expect(store.require('a')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('fills optional fields and lists in name order, a page at a time', async () => {
    const store = open();
    const names = ['m-3', 'a.1', 'z_9', 'b', 'a', 'a-b', 'c0'];
    for (const n of names) await store.upsert({ name: n, query: 'SELECT 1 AS one' });
    expect(await store.get('b')).toEqual({ name: 'b', title: '', description: '', query: 'SELECT 1 AS one' });
    const seen: string[] = [];
    let after: string | undefined;
    let pages = 0;
    do {
      const page = await store.list({ limit: 3, after });
      seen.push(...page.items.map((i) => i.name));
      after = page.next;
      pages++;
    } while (after);
    // Every name exactly once, in one stable order (file/key order), in ceil(7/3) pages.
    expect([...seen].sort()).toEqual([...names].sort());
    expect(new Set(seen).size).toBe(names.length);
    expect(pages).toBe(3);
    expect((await store.all()).map((i) => i.name)).toEqual(seen);
  });

  it('refuses bad names, empty or oversized fields, and SQL the guard would refuse', async () => {
    const store = open();
    for (const name of ['', 'Upper', '-dash-first', 'has space', 'sl/ash', '../up', 'x'.repeat(129)]) {
      await expect(store.upsert(q(name))).rejects.toMatchObject({ code: 'BAD_INPUT' });
    }
    await expect(store.upsert(q('e', { query: '  ' }))).rejects.toThrow(/needs a query/);
    await expect(store.upsert(q('t', { title: 'x'.repeat(201) }))).rejects.toThrow(/title is longer than 200/);
    await expect(store.upsert(q('d', { query: 'DELETE FROM session_start' }))).rejects.toThrow(/the query would be refused/);
    await expect(store.upsert(q('v', { query: 'SELECT * FROM no_such_view' }))).rejects.toThrow(/the query would be refused/);
    expect((await store.list()).items).toEqual([]);
  });
});

describe('local directory layout', () => {
  it('keeps one YAML document per query under <data_dir>/queries, leaving no temporary files', async () => {
    const dir = tempDir();
    const store = localStore(dir);
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.upsert(q('same', { title: `version ${i}` }))));
    expect(readdirSync(join(dir, 'queries'))).toEqual(['same.yaml']);
    // Concurrent writers: the file is one whole version, never a mix.
    expect((await store.get('same'))?.title).toMatch(/^version \d+$/);
    expect(readFileSync(join(dir, 'queries', 'same.yaml'), 'utf8')).toMatch(/^kind: audit_query\nversion: v1\nmetadata:\n  name: same\n/);
  });

  it('reports a damaged document by name and place instead of serving it', async () => {
    const dir = tempDir();
    const store = localStore(dir);
    await store.upsert(q('ok'));
    writeFileSync(join(dir, 'queries', 'broken.yaml'), 'kind: audit_query\nmetadata: {name: other}\nspec: {}\n');
    await expect(store.get('broken')).rejects.toThrow(/audit_query broken at .*queries is not a valid audit_query document/);
    expect(existsSync(join(dir, 'queries', 'ok.yaml'))).toBe(true);
  });
});

describe('S3 layout', () => {
  it('writes <prefix>/queries/<name>.yaml and skips objects that are not documents', async () => {
    const store = s3Store('layout/x');
    await store.upsert(q('one'));
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'layout/x/queries/notes.txt', Body: 'hello' }));
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'layout/x/queries/sub/deep.yaml', Body: 'x' }));
    expect(store.backend.location).toBe(`s3://${BUCKET}/layout/x/queries/`);
    expect((await store.all()).map((i) => i.name)).toEqual(['one']);
  });
});

describe('through the gateway', () => {
  let demo: DemoEngine;

  beforeAll(async () => {
    demo = await startDemoEngine({ events: 1000, days: 7 });
  });

  afterAll(async () => {
    await demo?.cleanup();
  });

  const UPSERT = 'mutation ($i: AuditQueryInput!) { upsertAuditQuery(input: $i) { name title description query } }';
  const LIST = 'query ($after: String) { auditQueries(first: 3, after: $after) { edges { cursor node { name } } nodes { name } pageInfo { hasNextPage endCursor } } }';
  const ROLES = 'kind: role\nmetadata: { name: editor }\nspec:\n  allow:\n    rules:\n    - resources: [audit_query]\n      verbs: ["*"]\n';

  for (const [label, raw] of [
    ['local store', () => ({})],
    ['S3 store', () => ({ store: { location: `s3://${BUCKET}/restart`, s3_endpoint: moto.endpoint } })],
  ] as const) {
    it(`${label}: saved queries survive a gateway restart`, async () => {
      const dataDir = tempDir();
      const first = await startTestGateway({ engine: demo.engine, roles: ROLES, dataDir, raw: raw() });
      const editor = await first.token({ roles: ['editor'] });
      const saved = await first.gql(UPSERT, { i: q('keep.me') }, editor);
      expect(saved.data.upsertAuditQuery).toEqual(q('keep.me'));
      const key = first.key;
      await first.close();
      const second = await startTestGateway({ engine: demo.engine, roles: ROLES, dataDir, raw: raw(), keys: [key] });
      try {
        const r = await second.gql('{ auditQuery(name: "keep.me") { name title description query } }', undefined, editor);
        expect(r.data.auditQuery).toEqual(q('keep.me'));
      } finally {
        await second.close();
      }
    });
  }

  it('pages auditQueries with cursors, refuses foreign cursors, and checks SQL on save', async () => {
    const gw = await startTestGateway({ engine: demo.engine, roles: ROLES });
    try {
      const editor = await gw.token({ roles: ['editor'] });
      const names = ['q1', 'q2', 'q3', 'q4', 'q5', 'q6', 'q7'];
      for (const n of names) expect((await gw.gql(UPSERT, { i: q(n) }, editor)).errors).toBeUndefined();
      const seen: string[] = [];
      let after: string | undefined;
      for (;;) {
        const r = await gw.gql(LIST, { after }, editor);
        expect(r.errors).toBeUndefined();
        const c = r.data.auditQueries;
        expect(c.nodes).toEqual(c.edges.map((e: { node: unknown }) => e.node));
        seen.push(...c.nodes.map((n: { name: string }) => n.name));
        if (!c.pageInfo.hasNextPage) break;
        expect(c.pageInfo.endCursor).toBe(c.edges.at(-1).cursor);
        after = c.pageInfo.endCursor;
      }
      expect(seen).toEqual(names);
      const foreign = await gw.gql(LIST, { after: 'cTM' }, editor);
      expect(foreign.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      const refused = await gw.gql(UPSERT, { i: q('bad', { query: 'DROP TABLE session_start' }) }, editor);
      expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(refused.errors?.[0]?.message).toMatch(/audit_query bad: the query would be refused/);
      const missing = await gw.gql('mutation { deleteAuditQuery(name: "nope") }', undefined, editor);
      expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      const badName = await gw.gql('{ auditQuery(name: "Not Valid") { name } }', undefined, editor);
      expect(badName.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    } finally {
      await gw.close();
    }
  });

  it('records who saved a query first and last, which a client cannot set', async () => {
    const gw = await startTestGateway({ engine: demo.engine, roles: ROLES });
    try {
      const OWNERS = 'query { auditQuery(name: "owned") { createdBy updatedBy updatedAt } }';
      const alice = await gw.token({ user: 'alice', roles: ['editor'] });
      const bob = await gw.token({ user: 'bob', roles: ['editor'] });
      const before = Date.now();
      expect((await gw.gql(UPSERT, { i: q('owned') }, alice)).errors).toBeUndefined();
      const first = (await gw.gql(OWNERS, undefined, alice)).data.auditQuery;
      expect(first).toMatchObject({ createdBy: 'alice', updatedBy: 'alice' });
      expect(Date.parse(first.updatedAt)).toBeGreaterThanOrEqual(before - 1000);
      expect((await gw.gql(UPSERT, { i: q('owned', { title: 'changed' }) }, bob)).errors).toBeUndefined();
      expect((await gw.gql(OWNERS, undefined, bob)).data.auditQuery).toMatchObject({ createdBy: 'alice', updatedBy: 'bob' });
      const forged = await gw.gql(UPSERT, { i: { ...q('forged'), createdBy: 'mallory' } }, bob);
      expect(forged.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    } finally {
      await gw.close();
    }
  });
});
