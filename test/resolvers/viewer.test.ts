// `viewer`: the caller and the verbs their roles allow, computed with the same RBAC rules the
// resolvers enforce; `exampleQueries`: the documented examples.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBareGateway, type TestGateway } from '../support/gateway';
import { startTestGateway } from '../support/gateway';

const ROLES = `
kind: role
metadata: { name: query-reader }
spec:
  allow:
    rules:
    - resources: [audit_query]
      verbs: [list, read]
---
kind: role
metadata: { name: no-delete }
spec:
  allow:
    rules:
    - resources: ['*']
      verbs: ['*']
  deny:
    rules:
    - resources: [security_report]
      verbs: [delete]
`;

let bare: TestGateway;
let gw: TestGateway;

beforeAll(async () => {
  bare = await startBareGateway();
  gw = await startTestGateway({ engine: bare.gateway.services.engine, roles: ROLES });
});

afterAll(async () => {
  await gw?.close();
  await bare?.close();
});

const VIEWER = '{ viewer { user roles expiresAt permissions { resource verbs } } }';

describe('viewer', () => {
  it('lists the preset auditor role as list, read and use on both resources', async () => {
    const res = await gw.gql(VIEWER, undefined, await gw.token({ user: 'erin', roles: ['auditor'], expiresIn: '5m' }));
    expect(res.errors).toBeUndefined();
    expect(res.data.viewer).toMatchObject({
      user: 'erin',
      roles: ['auditor'],
      permissions: [
        { resource: 'audit_query', verbs: ['list', 'read', 'use'] },
        { resource: 'security_report', verbs: ['list', 'read', 'use'] },
      ],
    });
    const expires = Date.parse(res.data.viewer.expiresAt);
    expect(expires - Date.now()).toBeGreaterThan(4 * 60_000);
    expect(expires - Date.now()).toBeLessThanOrEqual(5 * 60_000);
  });

  it('applies wildcards and deny rules as the resolvers do', async () => {
    const res = await gw.gql(VIEWER, undefined, await gw.token({ user: 'root', roles: ['no-delete', 'unknown-role'] }));
    expect(res.data.viewer.permissions).toEqual([
      { resource: 'audit_query', verbs: ['list', 'read', 'use', 'create', 'update', 'delete'] },
      { resource: 'security_report', verbs: ['list', 'read', 'use', 'create', 'update'] },
    ]);
    // And the enforcement agrees: no report delete.
    const del = await gw.gql('mutation { deleteReport(name: "x") }', undefined, await gw.token({ user: 'root', roles: ['no-delete'] }));
    expect(del.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('answers a user whose roles grant nothing (the console shows why)', async () => {
    const res = await gw.gql(VIEWER, undefined, await gw.token({ user: 'pat', roles: ['query-reader'] }));
    expect(res.data.viewer.permissions).toEqual([
      { resource: 'audit_query', verbs: ['list', 'read'] },
      { resource: 'security_report', verbs: [] },
    ]);
    const run = await gw.gql('mutation { runQuery(sql: "SELECT 1", days: 7) { id } }', undefined, await gw.token({ user: 'pat', roles: ['query-reader'] }));
    expect(run.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it("reports the caller's engine-time budget: what their finished queries were charged, and the setting", async () => {
    const token = await gw.token({ user: 'quinn', roles: ['auditor'] });
    const BUDGET = '{ viewer { budget { measure used limit windowHours setting } } }';
    const before = await gw.gql(BUDGET, undefined, token);
    expect(before.errors).toBeUndefined();
    expect(before.data.viewer.budget).toEqual({ measure: 'engine_seconds', used: 0, limit: null, windowHours: 24, setting: 'embedded.budget.per_user' });
    const run = await gw.gql('mutation { runQuery(sql: "SELECT 1 AS one", days: 7) { id } }', undefined, token);
    const id = run.data.runQuery.id;
    let done: { state: string; engineSeconds: number } | undefined;
    for (let i = 0; i < 500 && done?.state !== 'SUCCEEDED'; i++) {
      done = (await gw.gql('query ($id: ID!) { queryExecution(id: $id) { state engineSeconds } }', { id }, token)).data.queryExecution;
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(done!.engineSeconds).toBeGreaterThan(0);
    const after = await gw.gql(BUDGET, undefined, token);
    expect(after.data.viewer.budget.used).toBeCloseTo(done!.engineSeconds, 3);
    // Another user's usage is their own.
    const other = await gw.gql(BUDGET, undefined, await gw.token({ user: 'rita', roles: ['auditor'] }));
    expect(other.data.viewer.budget.used).toBe(0);
  });

  it('needs a token', async () => {
    const res = await gw.gql(VIEWER, undefined, null);
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('exampleQueries', () => {
  it('serves every documented example and report query, SQL as documented', async () => {
    const res = await gw.gql('{ exampleQueries { id kind title sql } }');
    expect(res.errors).toBeUndefined();
    const text = readFileSync(new URL('../../schema/examples/queries.sql', import.meta.url), 'utf8');
    const headers = [...text.matchAll(/^-- (example|report) (\d+): /gm)].map((m) => `${m[1]}-${m[2]}`);
    expect(res.data.exampleQueries.map((q: { id: string }) => q.id)).toEqual(headers);
    for (const q of res.data.exampleQueries) expect(text).toContain(q.sql);
  });
});
