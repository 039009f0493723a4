// GraphQL over HTTP: the direct node:http path (GET, and POST with a plain JSON body) and the express
// route (everything else: compressed bodies, other charsets, other paths under /graphql) must answer
// alike, with the same request ids, access log lines, body limits and error shapes.
import { request } from 'node:http';
import { Writable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoEngine, startTestGateway, type DemoEngine, type TestGateway } from '../support/gateway';

let demo: DemoEngine;
let t: TestGateway;
let token: string;
const logLines: Array<Record<string, unknown>> = [];

const LIMIT = 4096;
const QUERY = JSON.stringify({ query: '{ viewer { user roles } auditViews { name } }' });

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** A raw HTTP request: chunks are written one by one (no content-length unless given). */
function send(opts: { path?: string; method?: string; headers?: Record<string, string>; chunks?: (string | Buffer)[] }): Promise<Answer> {
  const url = new URL(t.gateway.url);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, path: opts.path ?? '/graphql', method: opts.method ?? 'POST', headers: { authorization: `Bearer ${token}`, ...opts.headers } },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, text: Buffer.concat(parts).toString() }));
      },
    );
    req.on('error', (e) => ((e as NodeJS.ErrnoException).code === 'EPIPE' || (e as NodeJS.ErrnoException).code === 'ECONNRESET' ? undefined : reject(e)));
    for (const c of opts.chunks ?? []) req.write(c);
    req.end();
  });
}

const json = { 'content-type': 'application/json' };

beforeAll(async () => {
  demo = await startDemoEngine({ events: 1000, days: 7 });
  const sink = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) logLines.push(JSON.parse(line));
      done();
    },
  });
  t = await startTestGateway({
    engine: demo.engine,
    raw: { server: { listen: '127.0.0.1:0', max_body_bytes: LIMIT } },
    gateway: { logger: pino({ level: 'info' }, sink) },
  });
  token = await t.token({ user: 'carol', roles: ['auditor'] });
});

afterAll(async () => {
  await t?.close();
  await demo?.cleanup();
});

describe('GraphQL over HTTP', () => {
  it('answers a compressed body (express route) exactly as the same body sent plain (direct path)', async () => {
    const plain = await send({ headers: json, chunks: [QUERY] });
    const gzipped = await send({ headers: { ...json, 'content-encoding': 'gzip' }, chunks: [gzipSync(QUERY)] });
    const slash = await send({ path: '/graphql/', headers: json, chunks: [QUERY] });
    expect(plain.status).toBe(200);
    expect(JSON.parse(plain.text).data.viewer.user).toBe('carol');
    expect(gzipped.status).toBe(200);
    expect(gzipped.text).toBe(plain.text);
    expect(slash.text).toBe(plain.text);
    expect(plain.headers['content-type']).toBe(gzipped.headers['content-type']);
  });

  it('echoes a sane x-request-id, makes one otherwise, and logs one access line per request with the user', async () => {
    const given = await send({ headers: { ...json, 'x-request-id': 'trace-123' }, chunks: [QUERY] });
    expect(given.headers['x-request-id']).toBe('trace-123');
    const made = await send({ headers: { ...json, 'x-request-id': 'bad id with spaces' }, chunks: [QUERY] });
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    await new Promise((r) => setTimeout(r, 50));
    const lines = logLines.filter((l) => l.msg === 'request' && l.reqId === 'trace-123');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ method: 'POST', url: '/graphql', status: 200, user: 'carol' });
    const metrics = await (await fetch(`${t.gateway.origin}/metrics`)).text();
    expect(metrics).toMatch(/amctl_http_requests_total\{method="POST",route="\/graphql",status="200"\} [1-9]/);
  });

  it('refuses a body over server.max_body_bytes with 413, declared or streamed without a length', async () => {
    const big = JSON.stringify({ query: `{ viewer { user } } # ${'x'.repeat(LIMIT)}` });
    for (const answer of [
      await send({ headers: { ...json, 'content-length': String(Buffer.byteLength(big)) }, chunks: [big] }),
      await send({ headers: json, chunks: [big.slice(0, 3000), big.slice(3000)] }),
    ]) {
      expect(answer.status).toBe(413);
      expect(JSON.parse(answer.text).errors[0]).toEqual({ message: `request body is larger than ${LIMIT} bytes`, extensions: { code: 'PAYLOAD_TOO_LARGE' } });
    }
    // the gateway still answers on
    expect((await send({ headers: json, chunks: [QUERY] })).status).toBe(200);
  });

  it('answers a body that is not JSON with 400 BAD_REQUEST and what is wrong', async () => {
    const r = await send({ headers: json, chunks: ['{"query": "{ viewer { user } }"'] });
    expect(r.status).toBe(400);
    const err = JSON.parse(r.text).errors[0];
    expect(err.extensions.code).toBe('BAD_REQUEST');
    expect(err.message).toMatch(/^bad request: .*JSON/);
  });

  it('decodes other UTF charsets (express route) and refuses the rest with 415', async () => {
    const plain = await send({ headers: json, chunks: [QUERY] });
    const utf16 = await send({ headers: { 'content-type': 'application/json; charset=utf-16le' }, chunks: [Buffer.from(QUERY, 'utf16le')] });
    expect(utf16.status).toBe(200);
    expect(utf16.text).toBe(plain.text);
    const latin1 = await send({ headers: { 'content-type': 'application/json; charset=iso-8859-1' }, chunks: [QUERY] });
    expect(latin1.status).toBe(415);
    expect(JSON.parse(latin1.text).errors[0].message).toMatch(/charset/i);
  });

  it('still requires a token on the direct path', async () => {
    const r = await send({ headers: { ...json, authorization: '' }, chunks: [QUERY] });
    expect(r.status).toBe(401);
    expect(JSON.parse(r.text).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('serves GET with a preflight header, and refuses it without one (CSRF)', async () => {
    const path = `/graphql?query=${encodeURIComponent('{ viewer { user } }')}`;
    const ok = await send({ method: 'GET', path, headers: { 'apollo-require-preflight': 'true' } });
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.text).data.viewer.user).toBe('carol');
    expect((await send({ method: 'GET', path })).status).toBe(400);
  });

  it('takes a client that goes away mid-body quietly, and answers on', async () => {
    const url = new URL(t.gateway.url);
    await new Promise<void>((resolve) => {
      const req = request({ host: url.hostname, port: url.port, path: '/graphql', method: 'POST', headers: { ...json, authorization: `Bearer ${token}`, 'content-length': '1000' } });
      req.on('error', () => resolve());
      req.write('{"query": "{ viewer');
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 100);
    });
    await new Promise((r) => setTimeout(r, 100));
    expect(logLines.filter((l) => l.level === 50)).toEqual([]);
    expect((await send({ headers: json, chunks: [QUERY] })).status).toBe(200);
  });
});

