// Gateway overhead: requests/s and latency of a paged queryResults read through the whole gateway
// (HTTP, token verification, GraphQL validation and execution, ownership check, an engine page read,
// cell conversion, the access log line) against a bare node:http server answering the same bytes.
// Two ways of loading them:
//   - sameProcess: a closed-loop fetch client in the servers' own process. The client's own work is in
//     every request, so this is a ratio of request costs plus a fixed client cost, not of capacities.
//     `asInTheIssue` is the way the 0.41x figure was taken: a fresh process, one run against bare
//     node:http, then one against the gateway. The client itself gets faster over its first few
//     thousand requests, which favours the server loaded second, so `warm` then loads both in turns
//     for several rounds and gives medians;
//   - separateProcess: the servers in a child process, autocannon in this one: each server's own
//     capacity. A bare server answering fixed bytes is what node:http can do at most; no GraphQL
//     server comes near it, so the figure to follow here is the gateway's own requests/s and p99.
//   node --import tsx bench/gateway.ts [--requests 3000] [--rounds 5] [--concurrency 8] [--seconds 10]
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { startBenchServers, type BenchServers } from './gateway-server';

interface LoadResult {
  requests: number;
  seconds: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const round2 = (n: number) => Math.round(n * 100) / 100;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

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
  return {
    requests,
    seconds: round2(seconds),
    requestsPerSecond: Math.round(requests / seconds),
    p50Ms: round2(percentile(latencies, 50)),
    p99Ms: round2(percentile(latencies, 99)),
  };
}

/** autocannon for `seconds` after a 2 s warm-up; every answer must be a 200. */
export async function cannon(url: string, s: Pick<BenchServers, 'headers' | 'body'>, connections: number, seconds: number): Promise<LoadResult> {
  const run = (duration: number) =>
    new Promise<autocannon.Result>((resolve, reject) =>
      autocannon({ url, method: 'POST', headers: s.headers, body: s.body, connections, duration }, (e, r) => (e ? reject(e) : resolve(r))),
    );
  await run(2);
  const r = await run(seconds);
  if (r.non2xx > 0 || r.errors > 0) throw new Error(`${url}: ${r.non2xx} answers other than 2xx, ${r.errors} errors`);
  return {
    requests: r.requests.total,
    seconds,
    requestsPerSecond: Math.round(r.requests.average),
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
  };
}

/** bench/gateway-server.ts in a child process; resolves once it listens. */
async function childServers(args: string[]): Promise<Omit<BenchServers, 'close'> & { stop(): Promise<void> }> {
  const script = fileURLToPath(new URL('./gateway-server.ts', import.meta.url));
  // NODE_ENV as `amctl serve` sets it (src/cli/main.ts)
  const env = { ...process.env, NODE_ENV: process.env.NODE_ENV ?? 'production' };
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { stdio: ['ignore', 'pipe', 'inherit'], env });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`bench/gateway-server.ts exited with ${code}`)));
  });
  return {
    ...(JSON.parse(line) as Omit<BenchServers, 'close'>),
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** The same-process figures: first as the issue took it, then warm, loaded in turns for `rounds` rounds. */
async function sameProcessRounds(local: BenchServers, requests: number, rounds: number, concurrency: number): Promise<Record<string, unknown>> {
  const init: RequestInit = { method: 'POST', headers: local.headers, body: local.body };
  const firstBare = await load(local.bare, init, requests, concurrency, local.bytes);
  const firstGateway = await load(local.gateway, init, requests, concurrency, local.bytes);
  const asInTheIssue = {
    gateway: firstGateway,
    bareNodeHttp: firstBare,
    throughputRatio: Math.round((firstGateway.requestsPerSecond / firstBare.requestsPerSecond) * 1000) / 1000,
    p99Ratio: round2(firstGateway.p99Ms / firstBare.p99Ms),
  };
  await load(local.bare, init, requests, concurrency, local.bytes);
  await load(local.gateway, init, requests, concurrency, local.bytes);
  const runs: Array<{ bare: LoadResult; gateway: LoadResult }> = [];
  for (let i = 0; i < rounds; i++) {
    const bare = await load(local.bare, init, requests, concurrency, local.bytes);
    runs.push({ bare, gateway: await load(local.gateway, init, requests, concurrency, local.bytes) });
  }
  const ratios = runs.map((r) => Math.round((r.gateway.requestsPerSecond / r.bare.requestsPerSecond) * 1000) / 1000);
  return {
    asInTheIssue,
    warm: {
      rounds,
      gatewayRequestsPerSecond: median(runs.map((r) => r.gateway.requestsPerSecond)),
      gatewayP99Ms: median(runs.map((r) => r.gateway.p99Ms)),
      bareRequestsPerSecond: median(runs.map((r) => r.bare.requestsPerSecond)),
      bareP99Ms: median(runs.map((r) => r.bare.p99Ms)),
      throughputRatio: median(ratios),
      p99Ratio: median(runs.map((r) => round2(r.gateway.p99Ms / r.bare.p99Ms))),
      throughputRatioByRound: ratios,
    },
  };
}

export async function runGatewayBench(
  opts: { requests?: number; rounds?: number; concurrency?: number; seconds?: number; events?: number } = {},
): Promise<Record<string, unknown>> {
  const requests = opts.requests ?? 3000;
  const concurrency = opts.concurrency ?? 8;
  const seconds = opts.seconds ?? 10;

  // 1. The original figure: load generator and servers in one process.
  const local = await startBenchServers({ events: opts.events });
  let sameProcess: Record<string, unknown>;
  try {
    sameProcess = await sameProcessRounds(local, requests, opts.rounds ?? 5, concurrency);
  } finally {
    await local.close();
  }

  // 2. Capacities: servers in a child process, with and without precompiled execution.
  const capacity: Record<string, LoadResult> = {};
  for (const [name, args] of [
    ['gateway', []],
    ['gatewayWithoutPrecompile', ['--no-precompile']],
  ] as const) {
    const s = await childServers([String(opts.events ?? 20_000), ...args]);
    try {
      if (name === 'gateway') capacity.bareNodeHttp = await cannon(s.bare, s, concurrency, seconds);
      capacity[name] = await cannon(s.gateway, s, concurrency, seconds);
    } finally {
      await s.stop();
    }
  }
  return {
    what: 'POST /graphql queryResults(first: 100, after: <page 2>) vs node:http answering the same bytes; access log on',
    rowsPerPage: local.rows,
    responseBytes: local.bytes,
    concurrency,
    sameProcess,
    separateProcess: { ...capacity, gatewayShareOfBare: Math.round((capacity.gateway!.requestsPerSecond / capacity.bareNodeHttp!.requestsPerSecond) * 1000) / 1000 },
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? Number(process.argv[i + 1]) : undefined;
  };
  const result = await runGatewayBench({ requests: arg('requests'), rounds: arg('rounds'), concurrency: arg('concurrency'), seconds: arg('seconds') });
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
