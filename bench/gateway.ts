// Gateway overhead: requests/s and latency of a paged queryResults read through the whole gateway
// (HTTP, token verification, GraphQL validation and execution, ownership check, an engine page read,
// cell conversion) against a bare node:http server answering the same bytes. Reported as ratios.
//   node --import tsx bench/gateway.ts [--requests 3000] [--concurrency 8]
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import pino from 'pino';
import { ensureDevKey, signDevToken, readDevKey } from '../src/auth/dev-key';
import { parseCoreConfig } from '../src/config';
import { generateAuditLog } from '../src/demo';
import { createEngine } from '../src/engine/factory';
import { startGateway } from '../src/server';

interface LoadResult {
  requests: number;
  seconds: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

const PAGE_QUERY = `query Page($id: ID!, $after: String) { queryResults(id: $id, first: 100, after: $after) {
  columns { name type } rows { data } pageInfo { hasNextPage endCursor } } }`;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Closed loop: `concurrency` clients, each sending its next request when the last one answers. */
export async function load(url: string, init: RequestInit, requests: number, concurrency: number, expectBytes: number): Promise<LoadResult> {
  const latencies: number[] = [];
  let issued = 0;
  const one = async () => {
    const t0 = performance.now();
    const res = await fetch(url, init);
    const body = await res.arrayBuffer();
    if (res.status !== 200 || body.byteLength !== expectBytes) throw new Error(`unexpected answer from ${url}: ${res.status}, ${body.byteLength} bytes`);
    return performance.now() - t0;
  };
  // warm-up: connections, JIT, caches
  for (let i = 0; i < Math.min(200, requests / 10); i++) await one();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (issued < requests) {
        issued++;
        latencies.push(await one());
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    requests,
    seconds: round(seconds),
    requestsPerSecond: Math.round(requests / seconds),
    p50Ms: round(percentile(latencies, 50)),
    p99Ms: round(percentile(latencies, 99)),
  };
}

export async function runGatewayBench(opts: { requests?: number; concurrency?: number; events?: number } = {}): Promise<Record<string, unknown>> {
  const requests = opts.requests ?? 3000;
  const concurrency = opts.concurrency ?? 8;
  const dir = mkdtempSync(join(tmpdir(), 'amctl-bench-gw-'));
  const cleanups: (() => Promise<void> | void)[] = [() => rmSync(dir, { recursive: true, force: true })];
  try {
    const logDir = join(dir, 'log');
    await generateAuditLog({ outDir: logDir, days: 30, events: opts.events ?? 20_000, seed: 42 });
    const devKeyFile = join(dir, 'dev-key.json');
    await ensureDevKey(devKeyFile);
    const config = parseCoreConfig(
      { data_dir: join(dir, 'data'), embedded: { audit_log: logDir }, auth: { dev_key_file: devKeyFile }, server: { listen: '127.0.0.1:0' } },
      { cwd: dir },
    );
    const engine = await createEngine(config);
    cleanups.unshift(() => engine.close());
    const gateway = await startGateway({ config, engine, logger: pino({ level: 'silent' }) });
    cleanups.unshift(() => gateway.close());
    const token = await signDevToken(readDevKey(devKeyFile), { user: 'bench', roles: ['auditor'], ttl: '1h' });
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
    const gql = async (query: string, variables: Record<string, unknown>) => {
      const res = await fetch(gateway.url, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
      return { text: await res.text(), status: res.status };
    };

    // A few hundred rows of mixed types, read as the second 100-row page.
    const run = JSON.parse(
      (await gql('mutation ($sql: String!) { runQuery(sql: $sql, days: 30) { id } }', {
        sql: 'SELECT event_time, user, login, server_hostname, access_requests, trusted_device_os_type FROM session_start ORDER BY event_time, uid LIMIT 500',
      })).text,
    ).data.runQuery.id as string;
    for (;;) {
      const s = JSON.parse((await gql('query ($id: ID!) { queryExecution(id: $id) { state } }', { id: run })).text).data.queryExecution.state;
      if (s === 'SUCCEEDED') break;
      if (s === 'FAILED' || s === 'CANCELLED') throw new Error(`bench query ${s}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    const first = JSON.parse((await gql(PAGE_QUERY, { id: run })).text).data.queryResults;
    const body = JSON.stringify({ query: PAGE_QUERY, variables: { id: run, after: first.pageInfo.endCursor } });
    const init: RequestInit = { method: 'POST', headers, body };
    const sample = await fetch(gateway.url, init);
    const answer = Buffer.from(await sample.arrayBuffer());
    const rows = (JSON.parse(answer.toString()) as { data: { queryResults: { rows: unknown[] } } }).data.queryResults.rows.length;

    // The baseline: node:http reading the same request and answering the same bytes.
    const bare: Server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': answer.length });
        res.end(answer);
      });
    });
    await new Promise<void>((r) => bare.listen(0, '127.0.0.1', r));
    cleanups.unshift(() => new Promise<void>((r) => bare.close(() => r())));
    const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}/graphql`;

    const viaBare = await load(bareUrl, init, requests, concurrency, answer.length);
    const viaGateway = await load(gateway.url, init, requests, concurrency, answer.length);
    return {
      what: 'POST /graphql queryResults(first: 100, after: <page 2>) vs node:http answering the same bytes',
      rowsPerPage: rows,
      responseBytes: answer.length,
      concurrency,
      gateway: viaGateway,
      bareNodeHttp: viaBare,
      throughputRatio: Math.round((viaGateway.requestsPerSecond / viaBare.requestsPerSecond) * 1000) / 1000,
      p99Ratio: Math.round((viaGateway.p99Ms / viaBare.p99Ms) * 100) / 100,
    };
  } finally {
    for (const c of cleanups) await c();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? Number(process.argv[i + 1]) : undefined;
  };
  const result = await runGatewayBench({ requests: arg('requests'), concurrency: arg('concurrency') });
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
