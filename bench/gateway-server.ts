// The servers bench/gateway.ts loads: a gateway over the embedded engine on generated events with one
// finished execution, and a bare node:http server answering the bytes of that execution's page 2.
// Run as a script, they get a process of their own (so the load generator does not share their event
// loop): it prints one JSON line {gateway, bare, headers, body, bytes, rows} and stops on SIGTERM.
//   node --import tsx bench/gateway-server.ts [events] [--no-precompile]
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import pino from 'pino';
import { ensureDevKey, signDevToken, readDevKey } from '../src/auth/dev-key';
import { parseCoreConfig } from '../src/config';
import { generateAuditLog } from '../src/demo';
import { createEngine } from '../src/cli/compose/engine';
import { startGateway } from '../src/server';

export const PAGE_QUERY = `query Page($id: ID!, $after: String) { queryResults(id: $id, first: 100, after: $after) {
  columns { name type } rows { data } pageInfo { hasNextPage endCursor } } }`;

export interface BenchServers {
  /** POST /graphql of the gateway, and of the bare server. */
  gateway: string;
  bare: string;
  /** The request both get: page 2 of the execution, with a bearer token. */
  headers: Record<string, string>;
  body: string;
  /** Bytes of the answer (the same from both) and its rows. */
  bytes: number;
  rows: number;
  close(): Promise<void>;
}

export async function startBenchServers(opts: { events?: number; precompile?: boolean } = {}): Promise<BenchServers> {
  const dir = mkdtempSync(join(tmpdir(), 'amctl-bench-gw-'));
  const logDir = join(dir, 'log');
  await generateAuditLog({ outDir: logDir, days: 30, events: opts.events ?? 20_000, seed: 42 });
  const devKeyFile = join(dir, 'dev-key.json');
  await ensureDevKey(devKeyFile);
  const config = parseCoreConfig(
    {
      data_dir: join(dir, 'data'),
      embedded: { audit_log: logDir },
      auth: { dev_key_file: devKeyFile },
      server: { listen: '127.0.0.1:0', precompile: opts.precompile ?? true },
    },
    { cwd: dir },
  );
  const engine = await createEngine(config);
  // The gateway's access log is on, as `amctl serve` writes it (src/server/logging.ts), to nowhere.
  const logger = pino({ level: 'info' }, pino.destination({ dest: '/dev/null', sync: false }));
  const gateway = await startGateway({ config, engine, logger });
  const token = await signDevToken(readDevKey(devKeyFile), { user: 'bench', roles: ['auditor'], ttl: '1h' });
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  const gql = async (query: string, variables: Record<string, unknown>) =>
    (await (await fetch(gateway.url, { method: 'POST', headers, body: JSON.stringify({ query, variables }) })).json()) as { data: any };

  // A few hundred rows of mixed types, read as the second 100-row page.
  const id = (
    await gql('mutation ($sql: String!) { runQuery(sql: $sql, days: 30) { id } }', {
      sql: 'SELECT event_time, user, login, server_hostname, access_requests, trusted_device_os_type FROM session_start ORDER BY event_time, uid LIMIT 500',
    })
  ).data.runQuery.id as string;
  for (;;) {
    const s = (await gql('query ($id: ID!) { queryExecution(id: $id) { state } }', { id })).data.queryExecution.state;
    if (s === 'SUCCEEDED') break;
    if (s === 'FAILED' || s === 'CANCELLED') throw new Error(`bench query ${s}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  const first = (await gql(PAGE_QUERY, { id })).data.queryResults;
  const body = JSON.stringify({ query: PAGE_QUERY, variables: { id, after: first.pageInfo.endCursor } });
  const answer = Buffer.from(await (await fetch(gateway.url, { method: 'POST', headers, body })).arrayBuffer());

  // The baseline: node:http reading the same request and answering the same bytes.
  const bare = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': answer.length });
      res.end(answer);
    });
  });
  await new Promise<void>((r) => bare.listen(0, '127.0.0.1', r));
  return {
    gateway: gateway.url,
    bare: `http://127.0.0.1:${(bare.address() as AddressInfo).port}/graphql`,
    headers,
    body,
    bytes: answer.length,
    rows: (JSON.parse(answer.toString()) as { data: { queryResults: { rows: unknown[] } } }).data.queryResults.rows.length,
    async close() {
      await new Promise<void>((r) => bare.close(() => r()));
      await gateway.close();
      await engine.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const servers = await startBenchServers({
    events: Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 20_000),
    precompile: !process.argv.includes('--no-precompile'),
  });
  const stop = () => void servers.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  const { close: _close, ...info } = servers;
  process.stdout.write(`${JSON.stringify(info)}\n`);
}
