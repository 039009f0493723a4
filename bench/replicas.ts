// Serving capacity of several replicas: three `amctl serve` processes on the Athena stand-in and moto
// behind a round-robin proxy (the same set-up as test/cluster/replicas.test.ts), a closed-loop load of
// paged queryResults reads of one execution (started on one replica, read from all), against the same
// load on one replica alone. The load generator is autocannon; it and the proxy run in this process.
// On a machine with fewer cores than replicas + 2 they, and the replicas sharing the cores, are what
// saturates: the ratio then shows the cost of the proxy hop, not how replicas scale.
//   node --import tsx bench/replicas.ts [--seconds 10] [--concurrency 16]
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { startHarness } from '../test/support/athena-stub/harness';
import { ensureTrino } from '../test/support/trino/install';
import { startTrino } from '../test/support/trino/server';
import { ReplicaSet } from '../test/support/cluster/replicas';
import { cannon } from './gateway';
import { PAGE_QUERY } from './gateway-server';

export async function runReplicaBench(opts: { seconds?: number; concurrency?: number } = {}): Promise<Record<string, unknown>> {
  const seconds = opts.seconds ?? 10;
  const concurrency = opts.concurrency ?? 16;
  // The Athena stand-in runs its SQL on real Trino, started here as the test set-up does.
  const trino = await startTrino(await ensureTrino((s) => process.stderr.write(`${s}\n`)));
  const h = await trino.ready.then(() => startHarness({ events: 20_000, days: 30, seed: 42, trinoUrl: trino.url })).catch(async (e) => {
    await trino.stop();
    throw e;
  });
  const rs = new ReplicaSet({ harness: h });
  try {
    await rs.start();
    const token = await rs.token({ user: 'bench', roles: ['auditor'], expiresIn: '1h' });
    const run = await rs.gql(
      'mutation ($sql: String!) { runQuery(sql: $sql, days: 30) { id } }',
      { sql: 'SELECT event_time, user, login, server_hostname, access_requests, trusted_device_os_type FROM session_start ORDER BY event_time, uid LIMIT 500' },
      token,
    );
    const id = run.data.runQuery.id as string;
    for (;;) {
      const s = (await rs.gql('query ($id: ID!) { queryExecution(id: $id) { state } }', { id }, token)).data.queryExecution.state;
      if (s === 'SUCCEEDED') break;
      if (s === 'FAILED' || s === 'CANCELLED') throw new Error(`bench query ${s}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    const first = (await rs.gql(PAGE_QUERY, { id }, token)).data.queryResults;
    const request = {
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: PAGE_QUERY, variables: { id, after: first.pageInfo.endCursor } }),
    };
    const init: RequestInit = { method: 'POST', ...request };
    const one = `http://127.0.0.1:${rs.replicas[0]!.port}/graphql`;
    const bytes = (await (await fetch(one, init)).arrayBuffer()).byteLength;
    // Every replica has served the page once (warm caches), so both loads read from memory.
    for (let i = 0; i < 3; i++) await fetch(rs.proxy.url, init).then((r) => r.arrayBuffer());
    const single = await cannon(one, request, concurrency, seconds);
    const three = await cannon(rs.proxy.url, request, concurrency, seconds);
    return {
      what: 'POST /graphql queryResults(first: 100, after: <page 2>) of one Athena execution: one replica vs three behind a round-robin proxy',
      cores: availableParallelism(),
      responseBytes: bytes,
      concurrency,
      oneReplica: single,
      threeReplicas: three,
      throughputRatio: Math.round((three.requestsPerSecond / single.requestsPerSecond) * 100) / 100,
    };
  } finally {
    await rs.stop();
    await h.close();
    await trino.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? Number(process.argv[i + 1]) : undefined;
  };
  process.stdout.write(`${JSON.stringify(await runReplicaBench({ seconds: arg('seconds'), concurrency: arg('concurrency') }), null, 2)}\n`);
}
