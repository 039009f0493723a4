// The HTTP surface: graphql-http's GraphQL-over-HTTP server audits, hardening (operation depth and
// cost, body size, CSRF prevention, introspection switch, masked errors), request ids, health,
// readiness and metrics. Real engine, real HTTP.
import { serverAudits } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueryEngine } from '../../src/engine/types';
import { startDemoEngine, startTestGateway, type DemoEngine, type TestGateway } from '../support/gateway';

let demo: DemoEngine;
let t: TestGateway;
let token: string;

beforeAll(async () => {
  demo = await startDemoEngine({ events: 1000, days: 7 });
  // cancel() fails with an internal detail, to check what clients see of unexpected errors.
  const leaky: QueryEngine = {
    ...demo.engine,
    kind: demo.engine.kind,
    start: (i) => demo.engine.start(i),
    status: (id) => demo.engine.status(id),
    results: (id, p) => demo.engine.results(id, p),
    close: () => demo.engine.close(),
    cancel: async () => {
      throw new Error('connection to 10.0.0.7:5432 refused (password=hunter2)');
    },
  };
  t = await startTestGateway({ engine: leaky, raw: { server: { listen: '127.0.0.1:0', max_body_bytes: 4096, max_query_depth: 3, max_query_cost: 60 } } });
  token = await t.token();
});

afterAll(async () => {
  await t?.close();
  await demo?.cleanup();
});

describe('GraphQL over HTTP (graphql-http audits)', () => {
  async function failedMustAudits(gw: TestGateway): Promise<string[]> {
    const audits = serverAudits({
      url: () => gw.gateway.url,
      fetchFn: (input: string | URL | Request, init?: RequestInit) => {
        const headers = new Headers(init?.headers);
        headers.set('authorization', `Bearer ${token}`);
        return fetch(input, { ...init, headers });
      },
    });
    const failures: string[] = [];
    for (const audit of audits) {
      if (!audit.name.startsWith('MUST')) continue;
      const result = await audit.fn();
      if (result.status !== 'ok') failures.push(audit.name);
    }
    return failures;
  }

  it('passes every MUST audit', async () => {
    // Two audits query `__type`: they need introspection, which this gateway can switch on.
    const open = await startTestGateway({ engine: demo.engine, keys: [t.key], raw: { server: { listen: '127.0.0.1:0', introspection: true } } });
    try {
      expect(await failedMustAudits(open)).toEqual([]);
    } finally {
      await open.close();
    }
  });

  it('fails only the two introspection-based audits when introspection is off (the default)', async () => {
    expect(await failedMustAudits(t)).toEqual([
      'MUST accept utf-8 encoded request',
      'MUST allow map {variables} parameter when accepting application/json',
    ]);
  });
});

describe('hardening', () => {
  it('refuses operations nested deeper than server.max_query_depth, fragments included', async () => {
    // Depth counts fields: auditViews > columns > name is 3, the configured limit.
    expect((await t.gql('{ auditViews { columns { name } } }')).errors).toBeUndefined();
    const deep = await t.gql('{ auditQueries { edges { node { name } } } }');
    expect(deep.status).toBe(400);
    expect(deep.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(deep.errors?.[0]?.message).toMatch(/nests 4 levels deep; the limit is 3/);
    const viaFragments = await t.gql('{ auditQueries { ...E } } fragment E on AuditQueryConnection { edges { ... on AuditQueryEdge { node { name } } } }');
    expect(viaFragments.errors?.[0]?.message).toMatch(/nests 4 levels deep/);
  });

  it('refuses an operation whose cost is over server.max_query_cost (aliasing a field many times)', async () => {
    const aliases = Array.from({ length: 6 }, (_, i) => `v${i}: auditViews { name }`).join(' ');
    const r = await t.gql(`{ ${aliases} }`);
    expect(r.status).toBe(400);
    expect(r.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(r.errors?.[0]?.message).toMatch(/costs 72 .*the limit is 60/);
  });

  it('refuses a body larger than server.max_body_bytes with 413', async () => {
    const res = await fetch(t.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: `{ auditViews { name } } # ${'x'.repeat(5000)}` }),
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('blocks simple (CSRF-able) requests: GET without a preflight header, POST as text/plain', async () => {
    const get = await fetch(`${t.gateway.url}?query=${encodeURIComponent('{ auditViews { name } }')}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(get.status).toBe(400);
    expect(await get.text()).toMatch(/CSRF/);
    const form = await fetch(t.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ auditViews { name } }' }),
    });
    expect(form.status).toBe(400);
    // With a non-simple header the same GET is served.
    const preflighted = await fetch(`${t.gateway.url}?query=${encodeURIComponent('{ auditViews { name } }')}`, {
      headers: { authorization: `Bearer ${token}`, 'apollo-require-preflight': 'true' },
    });
    expect(preflighted.status).toBe(200);
  });

  it('refuses introspection unless server.introspection is on', async () => {
    const r = await t.gql('{ __schema { queryType { name } } }');
    expect(r.errors?.[0]?.message).toMatch(/introspection/i);
    const open = await startTestGateway({ engine: demo.engine, raw: { server: { listen: '127.0.0.1:0', introspection: true } } });
    try {
      const ok = await open.gql('{ __schema { queryType { name } } }');
      expect(ok.errors).toBeUndefined();
      expect(ok.data.__schema.queryType.name).toBe('Query');
    } finally {
      await open.close();
    }
  });

  it('masks unexpected errors: a generic message, no internal detail, no stack trace', async () => {
    const run = await t.gql('mutation { runQuery(sql: "SELECT 1 AS one", days: 7) { id } }');
    const r = await t.gql('mutation ($id: ID!) { cancelQuery(id: $id) { state } }', { id: run.data.runQuery.id });
    expect(r.errors).toHaveLength(1);
    const err = r.errors![0]!;
    expect(err.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
    expect(err.message).toMatch(/internal error/);
    expect(JSON.stringify(r)).not.toMatch(/hunter2|10\.0\.0\.7|stacktrace|at [A-Za-z]+ \(/);
  });
});

describe('operations endpoints and request ids', () => {
  it('echoes a sane x-request-id and makes one up otherwise', async () => {
    const mine = await fetch(`${t.gateway.origin}/healthz`, { headers: { 'x-request-id': 'trace-123.abc' } });
    expect(mine.headers.get('x-request-id')).toBe('trace-123.abc');
    const junk = await fetch(`${t.gateway.origin}/healthz`, { headers: { 'x-request-id': 'bad id with spaces' } });
    expect(junk.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const none = await t.gql('{ auditViews { name } }');
    expect(none.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves /healthz and /readyz without a token', async () => {
    expect(await (await fetch(`${t.gateway.origin}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${t.gateway.origin}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', engine: 'embedded' });
  });

  it('counts requests and executions by state in /metrics', async () => {
    await t.gql('{ auditViews { name } }');
    const text = await (await fetch(`${t.gateway.origin}/metrics`)).text();
    expect(text).toMatch(/^amctl_http_requests_total\{method="POST",route="\/graphql",status="200"\} [1-9]\d*$/m);
    expect(text).toMatch(/^amctl_http_request_duration_seconds_bucket\{le="0.005",method="POST",route="\/graphql"\} \d+$/m);
    expect(text).toMatch(/^amctl_query_executions\{state="SUCCEEDED"\} \d+$/m);
    expect(text).toMatch(/^amctl_graphql_operations_total\{type="query",outcome="ok"\} [1-9]\d*$/m);
  });

  it('answers unknown paths with 404 JSON', async () => {
    const res = await fetch(`${t.gateway.origin}/nope`);
    expect(res.status).toBe(404);
  });
});
