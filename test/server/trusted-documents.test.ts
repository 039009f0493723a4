// Trusted documents through a real gateway: operations sent by hash (Apollo's persisted-query
// extension) from a manifest, and roles that may run manifest operations only (HTTP and WebSocket).
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCoreConfig } from '../../src/config';
import { createEngine } from '../../src/cli/compose/engine';
import type { QueryEngine } from '../../src/engine/types';
import { loadTrustedDocuments } from '../../src/server/trusted-documents';
import { collectSubscription, startTestGateway, type TestGateway } from '../support/gateway';

const VIEWS = 'query Views { auditViews { name } }';
const RUN = 'mutation Run($sql: String!) { runQuery(sql: $sql, days: 7) { id state } }';
const STATUS = 'subscription Status($id: ID!) { queryStatus(id: $id) { state } }';
const hash = (s: string) => createHash('sha256').update(s).digest('hex');

const ROLES = `
kind: role
metadata: { name: ci }
spec:
  allow:
    rules:
    - resources: [audit_query, security_report]
      verbs: [list, read, use]
`;

let dir: string;
let engine: QueryEngine;
let gw: TestGateway;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'amctl-trusted-'));
  const manifest = {
    format: 'apollo-persisted-query-manifest',
    version: 1,
    operations: [VIEWS, RUN].map((body) => ({ id: hash(body), name: /(?:query|mutation) (\w+)/.exec(body)![1], type: body.split(' ')[0], body })),
  };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  engine = await createEngine(parseCoreConfig({}, { cwd: dir, dataDir: join(dir, 'engine') }), { ingest: false });
  gw = await startTestGateway({
    engine,
    roles: ROLES,
    dataDir: dir,
    raw: { api: { trusted_documents: { manifest: join(dir, 'manifest.json'), require_for_roles: ['ci'] } } },
  });
});

afterAll(async () => {
  await gw?.close();
  await engine?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function post(body: Record<string, unknown>, token: string) {
  const res = await fetch(gw.gateway.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
  return (await res.json()) as { data?: any; errors?: { message: string; extensions?: { code?: string } }[] };
}

const byHash = (doc: string, variables?: Record<string, unknown>) => ({ variables, extensions: { persistedQuery: { version: 1, sha256Hash: hash(doc) } } });

describe('trusted documents', () => {
  it('runs a manifest operation sent by its hash alone', async () => {
    const ci = await gw.token({ user: 'bot', roles: ['ci'] });
    const r = await post(byHash(VIEWS), ci);
    expect(r.errors).toBeUndefined();
    expect(r.data.auditViews.length).toBeGreaterThan(30);
    const run = await post(byHash(RUN, { sql: 'SELECT 1' }), ci);
    expect(run.errors).toBeUndefined();
    expect(run.data.runQuery.id).toBeTruthy();
  });

  it('a role bound to trusted documents may not send other operations; the same text as a manifest entry is fine', async () => {
    const ci = await gw.token({ user: 'bot', roles: ['ci'] });
    const other = await post({ query: '{ auditViews { name columns { name } } }' }, ci);
    expect(other.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(other.errors?.[0]?.message).toMatch(/trusted documents only/);
    expect(other.data?.auditViews).toBeUndefined();
    const same = await post({ query: VIEWS }, ci);
    expect(same.errors).toBeUndefined();
    const unknown = await post({ extensions: { persistedQuery: { version: 1, sha256Hash: hash('query Nope { auditViews { name } }') } } }, ci);
    expect(unknown.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });

  it('a document compiled for another role is still refused to a role bound to trusted documents', async () => {
    // Sent often enough by an auditor, it is compiled and answered without Apollo's pipeline; the
    // trusted documents rule must hold there too.
    const auditor = await gw.token({ user: 'alice', roles: ['auditor'] });
    const ci = await gw.token({ user: 'bot', roles: ['ci'] });
    const doc = { query: 'query Often { auditViews { name } }' };
    for (let i = 0; i < 4; i++) expect((await post(doc, auditor)).errors).toBeUndefined();
    for (let i = 0; i < 2; i++) {
      const refused = await post(doc, ci);
      expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(refused.data?.auditViews).toBeUndefined();
    }
    expect((await post(doc, auditor)).data.auditViews.length).toBeGreaterThan(30);
  });

  it('other roles send any operation, and may use the hashes too', async () => {
    const auditor = await gw.token({ user: 'alice', roles: ['auditor'] });
    expect((await post({ query: '{ auditViews { name columns { name } } }' }, auditor)).errors).toBeUndefined();
    expect((await post(byHash(VIEWS), auditor)).errors).toBeUndefined();
  });

  it('applies to subscriptions over WebSocket too', async () => {
    const ci = await gw.token({ user: 'bot', roles: ['ci'] });
    const run = await post(byHash(RUN, { sql: 'SELECT 1' }), ci);
    const sub = await collectSubscription(gw.ws(ci), STATUS, { id: run.data.runQuery.id });
    expect(JSON.stringify(sub.errors)).toMatch(/trusted documents only/);
    expect(sub.data).toEqual([]);
  });

  it('refuses a manifest whose ids are not the sha256 of their documents', () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ [hash('query A { auditViews { name } }')]: 'query B { auditViews { name } }' }));
    expect(() => loadTrustedDocuments({ raw: { api: { trusted_documents: { manifest: bad } } }, dataDir: dir })).toThrow(/hashes to/);
  });
});
