// Precompiled execution (server.precompile, graphql-jit) must answer exactly what graphql-js answers.
// Two gateways over one engine, one compiling and one not; every document is sent three times to each
// (compiled the second time, answered without Apollo from the third on when it succeeds), and each
// answer, status, content type and body, must be the same byte for byte: data, nulls, aliases,
// fragments, directives, resolver errors, bad variables, refused tokens.
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGatewaySchema } from '../../src/server';
import { compilable } from '../../src/server/precompiled-execution';
import { startDemoEngine, startTestGateway, type DemoEngine, type TestGateway } from '../support/gateway';

let demo: DemoEngine;
let jit: TestGateway;
let plain: TestGateway;
let token: string;
let succeeded: string;
let failed: string;

async function waitDone(gw: TestGateway, id: string): Promise<string> {
  for (;;) {
    const s = (await gw.gql('query ($id: ID!) { queryExecution(id: $id) { state } }', { id }, token)).data.queryExecution.state;
    if (s !== 'QUEUED' && s !== 'RUNNING') return s;
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function post(
  gw: TestGateway,
  body: unknown,
  headers: Record<string, string> = { authorization: `Bearer ${token}` },
): Promise<{ status: number; type: string | null; text: string }> {
  const res = await fetch(gw.gateway.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
}

async function metric(gw: TestGateway, name: string): Promise<number> {
  const text = await (await fetch(`${gw.gateway.origin}/metrics`)).text();
  return Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(text)?.[1]);
}
const precompiledGauge = (gw: TestGateway) => metric(gw, 'amctl_graphql_precompiled_operations');
const directAnswers = (gw: TestGateway) => metric(gw, 'amctl_graphql_direct_answers_total');

/** Sends a body to both gateways `times` times; every answer must be the same on both. */
async function sameOnBoth(name: string, body: unknown, times = 3, headers?: Record<string, string>): Promise<void> {
  for (let i = 0; i < times; i++) {
    const [a, b] = [await post(jit, body, headers), await post(plain, body, headers)];
    expect({ name, i, status: a.status, type: a.type, body: JSON.parse(a.text) }).toEqual({ name, i, status: b.status, type: b.type, body: JSON.parse(b.text) });
    expect(a.text, `${name}, send ${i + 1}`).toBe(b.text);
  }
}

beforeAll(async () => {
  demo = await startDemoEngine({ events: 1500, days: 7 });
  jit = await startTestGateway({ engine: demo.engine });
  plain = await startTestGateway({ engine: demo.engine, keys: [jit.key], raw: { server: { listen: '127.0.0.1:0', precompile: false } } });
  token = await jit.token({ user: 'alice', roles: ['auditor'] });
  const run = async (sql: string) => (await jit.gql('mutation ($sql: String!) { runQuery(sql: $sql, days: 7) { id } }', { sql }, token)).data.runQuery.id as string;
  succeeded = await run(
    'SELECT event_time, user, login, server_hostname, access_requests, cardinality(access_requests) AS n, CAST(NULL AS varchar) AS nothing FROM session_start ORDER BY event_time, uid LIMIT 250',
  );
  failed = await run('SELECT 1 / 0');
  expect(await waitDone(jit, succeeded)).toBe('SUCCEEDED');
  expect(await waitDone(jit, failed)).toBe('FAILED');
});

afterAll(async () => {
  await jit?.close();
  await plain?.close();
  await demo?.cleanup();
});

describe('precompiled execution', () => {
  const PAGE = `query Page($id: ID!, $first: Int!, $after: String) {
    queryResults(id: $id, first: $first, after: $after) { columns { name type } rows { data } pageInfo { hasNextPage endCursor } } }`;

  const cases = (): Array<[string, { query: string; variables?: Record<string, unknown>; operationName?: string }]> => [
    ['a first page', { query: PAGE, variables: { id: succeeded, first: 100 } }],
    ['a later page', { query: PAGE, variables: { id: succeeded, first: 100, after: '100' } }],
    [
      'aliases, fragments, @include and @skip',
      {
        query: `query Both($id: ID!, $withRows: Boolean!) {
          a: queryExecution(id: $id) { ...Exec }
          b: queryResults(id: $id, first: 3) { rows @include(if: $withRows) { data } columns @skip(if: $withRows) { name } pageInfo { endCursor } }
          viewer { user roles }
        }
        fragment Exec on QueryExecution { id state sql days rowCount error { code message } __typename }`,
        variables: { id: succeeded, withRows: true },
      },
    ],
    ['a failed execution (nullable error object)', { query: 'query ($id: ID!) { queryExecution(id: $id) { state error { code message } rowCount } }', variables: { id: failed } }],
    ['results of a failed execution (resolver error, QUERY_FAILED)', { query: PAGE, variables: { id: failed, first: 10 } }],
    ['an unknown execution (NOT_FOUND)', { query: PAGE, variables: { id: 'no-such-execution', first: 10 } }],
    ['an argument out of range (class-validator, BAD_USER_INPUT)', { query: PAGE, variables: { id: succeeded, first: 100000 } }],
    ['a variable of the wrong type (400)', { query: PAGE, variables: { id: succeeded, first: 'ten' } }],
    ['a missing required variable (400)', { query: PAGE, variables: { first: 10 } }],
    ['the catalogue', { query: '{ auditViews { name description columns { name type description } } }' }],
    ['the examples', { query: '{ exampleQueries { id title sql } }' }],
    ['saved queries (connection with defaults)', { query: '{ auditQueries { edges { cursor node { name sql } } pageInfo { hasNextPage endCursor } } }' }],
    [
      'two operations, one chosen by name',
      { query: 'query One { viewer { user } } query Two { auditViews { name } }', operationName: 'Two' },
    ],
    ['an operation name of null', { query: '{ viewer { user roles } }', operationName: null as never }],
    ['variables of null', { query: '{ auditViews { name } }', variables: null as never }],
    ['a body with extensions (always Apollo)', { query: PAGE, variables: { id: succeeded, first: 5 }, extensions: {} } as never],
  ];

  it('answers every document exactly as graphql-js does, before and after compiling it', async () => {
    const directBefore = await directAnswers(jit);
    for (const [name, body] of cases()) await sameOnBoth(name, body);
    // The compiled path did run: the queries were compiled on one gateway and not on the other, and
    // the successful ones were answered without Apollo once compiled.
    expect(await precompiledGauge(jit)).toBeGreaterThanOrEqual(5);
    expect(await precompiledGauge(plain)).toBe(0);
    expect((await directAnswers(jit)) - directBefore).toBeGreaterThanOrEqual(7);
    expect(await directAnswers(plain)).toBe(0);
  });

  it('answers a compiled query only when the text and the operation name are the ones compiled', async () => {
    const body = { query: 'query Views { auditViews { name } }' };
    await sameOnBoth('compiled', body);
    const before = await directAnswers(jit);
    await sameOnBoth('another operation name', { ...body, operationName: 'Nope' }, 1);
    await sameOnBoth('the same text with a space more', { query: `${body.query} ` }, 1);
    expect(await directAnswers(jit)).toBe(before);
    await sameOnBoth('compiled, again', body, 1);
    expect(await directAnswers(jit)).toBe(before + 1);
  });

  it('negotiates the content type as Apollo does', async () => {
    const body = { query: PAGE, variables: { id: succeeded, first: 3 } };
    await sameOnBoth('compile it', body, 2);
    for (const accept of [
      '*/*',
      'application/json',
      'application/graphql-response+json, application/json;q=0.9',
      'application/graphql-response+json',
      'application/json;q=0.5, application/graphql-response+json;q=0.2',
      'text/html',
      'application/json; callbackSpec=1.0',
    ]) {
      await sameOnBoth(`Accept: ${accept}`, body, 2, { authorization: `Bearer ${token}`, accept });
    }
  });

  it('refuses a compiled query to a missing, bad or expired token as Apollo does', async () => {
    const body = { query: PAGE, variables: { id: succeeded, first: 3 } };
    await sameOnBoth('compile it', body, 2);
    const before = await directAnswers(jit);
    const expired = await jit.token({ user: 'alice', roles: ['auditor'], claims: { exp: Math.floor(Date.now() / 1000) - 60 } });
    const refusals: Array<[string, Record<string, string>]> = [
      ['no token', {}],
      ['a malformed token', { authorization: 'Bearer not-a-jwt' }],
      ['a bad signature', { authorization: `Bearer ${token.slice(0, -4)}AAAA` }],
      ['an expired token', { authorization: `Bearer ${expired}` }],
    ];
    for (const [name, headers] of refusals) {
      const a = await post(jit, body, headers);
      expect(a.status, name).toBe(401);
      await sameOnBoth(name, body, 1, headers);
    }
    expect(await directAnswers(jit)).toBe(before);
  });

  it('does not run a failing compiled query twice: Apollo finishes the answer with its result', async () => {
    const body = { query: PAGE, variables: { id: failed, first: 10 } };
    await sameOnBoth('compile it', body, 2);
    const reads = demo.engine.results.bind(demo.engine);
    let calls = 0;
    demo.engine.results = ((...args: Parameters<typeof reads>) => {
      calls++;
      return reads(...args);
    }) as typeof reads;
    try {
      const before = await directAnswers(jit);
      const a = await post(jit, body);
      expect(JSON.parse(a.text).errors[0].extensions.code).toBe('QUERY_FAILED');
      expect(calls).toBe(1);
      expect(await directAnswers(jit)).toBe(before);
    } finally {
      demo.engine.results = reads;
    }
  });

  it('answers the same under concurrent reads of a compiled document', async () => {
    const body = { query: PAGE, variables: { id: succeeded, first: 50, after: '50' } };
    const expected = (await post(plain, body)).text;
    const answers = await Promise.all(Array.from({ length: 40 }, () => post(jit, body)));
    for (const a of answers) expect(a.text).toBe(expected);
  });

  it('compiles queries only, and only those whose arguments take no input objects', async () => {
    const schema = await buildGatewaySchema();
    const op = (text: string) => {
      const document = parse(text);
      return compilable(schema, document, document.definitions[0] as never);
    };
    expect(op('query ($id: ID!) { queryResults(id: $id) { rows { data } } }')).toBe(true);
    expect(op('{ auditViews { name } }')).toBe(true);
    expect(op('mutation { runQuery(sql: "SELECT 1", days: 7) { id } }')).toBe(false);
    expect(op('subscription ($id: ID!) { queryStatus(id: $id) { state } }')).toBe(false);
    // input objects, as a variable or written in the document: graphql-jit skips their defaults
    expect(op('query ($f: FindingFilter) { findings(filter: $f) { edges { cursor } } }')).toBe(false);
    expect(op('{ findings(filter: {}) { edges { cursor } } }')).toBe(false);
  });
});
