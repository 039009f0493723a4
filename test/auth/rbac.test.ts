// Teleport role checks. Unit: role documents and the allow/deny evaluation. End to end (real HTTP
// and WebSocket, signed tokens, the real engine): every audit_query operation with every verb it
// needs granted, each one missing, each one denied, and no engine or store call when refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAllowed, principalFor } from '../../src/auth/rbac';
import { PRESET_ROLES, parseRoleDocuments, type RoleDefinition } from '../../src/auth/roles';
import {
  collectSubscription,
  countingEngine,
  startDemoEngine,
  startTestGateway,
  type CallCounts,
  type DemoEngine,
  type TestGateway,
} from '../support/gateway';

const VERBS = ['list', 'read', 'use', 'create', 'update', 'delete'] as const;
type Verb = (typeof VERBS)[number];

describe('role documents', () => {
  it('reads several documents, ignoring fields other than rules', () => {
    const roles = parseRoleDocuments(
      `kind: role
version: v7
metadata: { name: my-role }
spec:
  options: { max_session_ttl: 8h }
  allow:
    logins: [root]
    rules:
    - resources: [security_report, audit_query]
      verbs: [list, read, use]
---
---
kind: role
metadata: { name: no-deletes }
spec:
  deny:
    rules:
    - resources: ['*']
      verbs: [delete]
`,
      'roles.yaml',
    );
    expect(roles).toEqual([
      { name: 'my-role', allow: [{ resources: ['security_report', 'audit_query'], verbs: ['list', 'read', 'use'] }], deny: [] },
      { name: 'no-deletes', allow: [], deny: [{ resources: ['*'], verbs: ['delete'] }] },
    ]);
  });

  it('says which document is wrong', () => {
    expect(() => parseRoleDocuments('kind: role\nmetadata: {name: a}\n---\nkind: user\nmetadata: {name: b}\n', 'r.yaml')).toThrow(
      /r.yaml: document 2 has kind "user"/,
    );
    expect(() => parseRoleDocuments('kind: role\nspec: {}\n', 'r.yaml')).toThrow(/document 1 needs metadata.name/);
    expect(() => parseRoleDocuments('kind: role\nmetadata: {name: a}\nspec: {allow: {rules: [{resources: [audit_query], verbs: 3}]}}\n', 'r.yaml')).toThrow(
      /role a spec.allow.rules\[0\].verbs must be a list/,
    );
  });
});

describe('allow and deny', () => {
  const known = new Map<string, RoleDefinition>([
    ...PRESET_ROLES.map((r) => [r.name, r] as const),
    ['everything', { name: 'everything', allow: [{ resources: ['*'], verbs: ['*'] }], deny: [] }],
    ['no-use', { name: 'no-use', allow: [], deny: [{ resources: ['audit_query'], verbs: ['use'] }] }],
    ['deny-all-reports', { name: 'deny-all-reports', allow: [], deny: [{ resources: ['security_report'], verbs: ['*'] }] }],
  ]);

  it('gives the preset auditor list, read and use on both resources, and nothing else', () => {
    const p = principalFor('a', ['auditor'], known);
    for (const resource of ['audit_query', 'security_report'] as const) {
      for (const verb of VERBS) expect(isAllowed(p, resource, verb)).toBe(['list', 'read', 'use'].includes(verb));
    }
  });

  it('lets deny win over allow, with wildcards on either side', () => {
    const p = principalFor('a', ['everything', 'no-use', 'deny-all-reports'], known);
    expect(isAllowed(p, 'audit_query', 'use')).toBe(false);
    expect(isAllowed(p, 'audit_query', 'read')).toBe(true);
    for (const verb of VERBS) expect(isAllowed(p, 'security_report', verb)).toBe(false);
  });

  it('grants nothing for unknown roles or no roles', () => {
    expect(isAllowed(principalFor('a', ['nope'], known), 'audit_query', 'read')).toBe(false);
    expect(isAllowed(principalFor('a', [], known), 'audit_query', 'read')).toBe(false);
  });
});

// One role per verb allowed, one per verb denied, and some broader ones.
const ROLES = [
  ...VERBS.map((v) => `kind: role\nmetadata: { name: aq-${v} }\nspec:\n  allow:\n    rules:\n    - resources: [audit_query]\n      verbs: [${v}]\n`),
  ...VERBS.map((v) => `kind: role\nmetadata: { name: deny-${v} }\nspec:\n  deny:\n    rules:\n    - resources: [audit_query]\n      verbs: [${v}]\n`),
  `kind: role\nmetadata: { name: aq-all }\nspec:\n  allow:\n    rules:\n    - resources: [audit_query]\n      verbs: ['*']\n`,
  `kind: role\nmetadata: { name: reports-only }\nspec:\n  allow:\n    rules:\n    - resources: [security_report]\n      verbs: ['*']\n`,
  `kind: role\nmetadata: { name: star }\nspec:\n  allow:\n    rules:\n    - resources: ['*']\n      verbs: ['*']\n`,
].join('---\n');

let demo: DemoEngine;
let t: TestGateway;
let calls: CallCounts;
let execId: string;

const FIXTURE = { name: 'fixture', title: 'Fixture', description: 'kept for the checks', query: 'SELECT 1 AS one' };

beforeAll(async () => {
  demo = await startDemoEngine({ events: 1000, days: 7 });
  const counted = countingEngine(demo.engine);
  calls = counted.calls;
  t = await startTestGateway({ engine: counted.engine, roles: ROLES });
  const run = await t.gql('mutation { runQuery(sql: "SELECT 1 AS one", days: 7) { id } }');
  execId = run.data.runQuery.id;
  for (let i = 0; i < 200; i++) {
    const s = await t.gql('query ($id: ID!) { queryExecution(id: $id) { state } }', { id: execId });
    if (s.data.queryExecution.state === 'SUCCEEDED') break;
    await new Promise((r) => setTimeout(r, 20));
  }
});

afterAll(async () => {
  await t?.close();
  await demo?.cleanup();
});

interface Operation {
  name: string;
  /** What Teleport's SecReports service checks for the equivalent call. */
  needs: Verb[];
  run(token: string): Promise<{ code?: string; ok: boolean }>;
}

async function http(query: string, variables: Record<string, unknown>, token: string) {
  const r = await t.gql(query, variables, token);
  return { code: r.errors?.[0]?.extensions?.code, ok: !r.errors && r.data != null };
}

const OPERATIONS: Operation[] = [
  { name: 'auditViews', needs: ['use'], run: (tok) => http('{ auditViews { name } }', {}, tok) },
  { name: 'auditQueries', needs: ['list', 'read'], run: (tok) => http('{ auditQueries(first: 5) { nodes { name } } }', {}, tok) },
  { name: 'auditQuery', needs: ['read'], run: (tok) => http('{ auditQuery(name: "fixture") { name } }', {}, tok) },
  {
    name: 'upsertAuditQuery',
    needs: ['create', 'update'],
    run: (tok) => http('mutation ($i: AuditQueryInput!) { upsertAuditQuery(input: $i) { name } }', { i: FIXTURE }, tok),
  },
  {
    name: 'deleteAuditQuery',
    needs: ['delete'],
    run: async (tok) => {
      await t.gateway.services.auditQueries.upsert(FIXTURE);
      return http('mutation { deleteAuditQuery(name: "fixture") }', {}, tok);
    },
  },
  { name: 'runQuery', needs: ['use'], run: (tok) => http('mutation { runQuery(sql: "SELECT 1 AS one", days: 7) { id } }', {}, tok) },
  { name: 'queryExecution', needs: ['use'], run: (tok) => http('query ($id: ID!) { queryExecution(id: $id) { state } }', { id: execId }, tok) },
  { name: 'queryResults', needs: ['use'], run: (tok) => http('query ($id: ID!) { queryResults(id: $id) { rows { data } } }', { id: execId }, tok) },
  { name: 'cancelQuery', needs: ['use'], run: (tok) => http('mutation ($id: ID!) { cancelQuery(id: $id) { state } }', { id: execId }, tok) },
  {
    name: 'queryStatus (subscription)',
    needs: ['use'],
    run: async (tok) => {
      const r = await collectSubscription(t.ws(tok), 'subscription ($id: ID!) { queryStatus(id: $id) { state } }', { id: execId });
      const errors = r.errors as { extensions?: { code?: string } }[] | undefined;
      return { code: errors?.[0]?.extensions?.code, ok: !errors && r.data.at(-1)?.queryStatus.state === 'SUCCEEDED' };
    },
  },
];

function snapshot(): CallCounts {
  return { ...calls };
}

describe.each(OPERATIONS)('$name', (op) => {
  const asAlice = (roles: string[]) => t.token({ user: 'alice', roles });

  it(`is allowed with exactly the verbs it needs (${op.needs.join(', ')})`, async () => {
    const r = await op.run(await asAlice(op.needs.map((v) => `aq-${v}`)));
    expect(r).toEqual({ code: undefined, ok: true });
  });

  it('is allowed by wildcards (audit_query *, and * on *)', async () => {
    expect((await op.run(await asAlice(['aq-all']))).ok).toBe(true);
    expect((await op.run(await asAlice(['star']))).ok).toBe(true);
  });

  it.each(op.needs)('is FORBIDDEN without %s, and nothing is touched', async (missing) => {
    await t.gateway.services.auditQueries.upsert(FIXTURE);
    const before = snapshot();
    const r = await op.run(await asAlice(VERBS.filter((v) => v !== missing).map((v) => `aq-${v}`)));
    expect(r).toEqual({ code: 'FORBIDDEN', ok: false });
    expect(snapshot()).toEqual(before);
    expect(await t.gateway.services.auditQueries.get('fixture')).toEqual(FIXTURE);
  });

  it.each(op.needs)('is FORBIDDEN when a role denies %s, even with audit_query * allowed', async (denied) => {
    const before = snapshot();
    const r = await op.run(await asAlice(['aq-all', `deny-${denied}`]));
    expect(r).toEqual({ code: 'FORBIDDEN', ok: false });
    expect(snapshot()).toEqual(before);
  });

  it('is FORBIDDEN with rights on security_report only, with unknown roles, and with no roles', async () => {
    for (const roles of [['reports-only'], ['no-such-role'], []]) {
      expect(await op.run(await asAlice(roles))).toEqual({ code: 'FORBIDDEN', ok: false });
    }
  });
});
