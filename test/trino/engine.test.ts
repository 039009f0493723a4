// `engine: trino` end to end against the real Trino of the test set-up: Teleport's Athena table as
// Parquet (<prefix>/<YYYY-MM-DD>/) in a Hive catalog, the documented queries and every view read
// through the engine and compared with the embedded engine over the same audit log, then paging,
// cancel, failures, and the same through the GraphQL gateway.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog';
import type { CoreConfig } from '../../src/config';
import type { QueryEngine, Row } from '../../src/engine/types';
import { TrinoEngine, createTrinoEngine } from '../../src/trino';
import { readAll, runToEnd, sleep } from '../support/athena-stub/run';
import { documentedQueries } from '../support/documented-queries';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { TRINO_WAIT_MS, trinoQuery, type AuditCatalog } from '../support/trino';
import { openEnginePair, type EnginePair } from '../support/trino/engine-pair';

/** Rows as a sorted multiset: ORDER BY event_date leaves ties in any order on both engines. */
function canonical(rows: Row[]): string[] {
  return rows.map((r) => JSON.stringify(r)).sort();
}

let pair: EnginePair;
let url: string;
let table: AuditCatalog;
let trino: TrinoEngine;
let embedded: QueryEngine;
let trinoConfig: () => CoreConfig;
const queries = documentedQueries();

beforeAll(async () => {
  pair = await openEnginePair({ days: 12, events: 6000, seed: 11, trino: { user: 'amctl-test', concurrency: 4 } });
  ({ url, table, embedded } = pair);
  trino = pair.trino as TrinoEngine;
  trinoConfig = () => pair.trinoConfig;
}, TRINO_WAIT_MS);

afterAll(async () => {
  await pair?.close();
});

describe('engine: trino over Teleport\'s Athena table', () => {
  it('is the Trino engine, on the table the set-up made', async () => {
    expect(trino.kind).toBe('trino');
    const n = await trinoQuery(url, `SELECT count(*) FROM ${table.catalog}.${table.schema}.${table.table}`);
    expect(Number(String(n.rows[0]![0]))).toBe(6000);
  });

  it('found the 15 documented queries', () => {
    expect(queries).toHaveLength(15);
  });

  for (const days of [7, 30] as const) {
    describe(`days=${days}`, () => {
      for (const [i, q] of queries.entries()) {
        it(`documented query ${i + 1} (${q.title}): same columns and rows as the embedded engine`, async () => {
          const t = await runToEnd(trino, q.sql, days, { user: 'alice' });
          const e = await runToEnd(embedded, q.sql, days);
          expect(t.status.error).toBeUndefined();
          expect(e.status.error).toBeUndefined();
          expect(t.columns).toEqual(e.columns);
          expect(canonical(t.rows)).toEqual(canonical(e.rows));
        });
      }
    });
  }

  it('the comparison is not vacuous: most documented queries return rows', async () => {
    let nonEmpty = 0;
    for (const q of queries) if ((await runToEnd(trino, q.sql, 30)).rows.length > 0) nonEmpty++;
    expect(nonEmpty).toBeGreaterThanOrEqual(12);
  });

  describe('every view, read whole (its CTE on real Trino vs the embedded engine\'s ingest)', () => {
    for (const view of loadCatalog().views) {
      it(view.name, async () => {
        const sql = `SELECT * FROM ${view.name}`;
        const t = await runToEnd(trino, sql, 30);
        const e = await runToEnd(embedded, sql, 30);
        expect(t.status.error).toBeUndefined();
        expect(t.columns).toEqual(e.columns);
        expect(canonical(t.rows)).toEqual(canonical(e.rows));
      });
    }
  });

  it('pages by token: the pages put together are the whole result, in ORDER BY order', async () => {
    const sql = 'SELECT event_time, identity_user FROM cert_create ORDER BY event_time, identity_user';
    const { id, status } = await runToEnd(trino, sql, 30);
    expect(status.state).toBe('SUCCEEDED');
    const paged = await readAll(trino, id, 7);
    const whole = await readAll(trino, id, 10_000);
    expect(whole.rows.length).toBeGreaterThan(20);
    expect(paged.pages).toBe(Math.ceil(whole.rows.length / 7));
    expect(paged.rows).toEqual(whole.rows);
    expect((await trino.status(id)).rowCount).toBe(whole.rows.length);
    await expect(trino.results(id, { nextToken: 'bm9wZQ' })).rejects.toThrow(/page token is not valid/);
  });

  it('cancels a running query on Trino itself', async () => {
    const marker = `cancel_${Date.now()}`;
    const sql = `SELECT count(*) AS ${marker} FROM exec a CROSS JOIN exec b CROSS JOIN exec c CROSS JOIN exec d`;
    const { id } = await trino.start({ sql, days: 30, user: 'alice' });
    for (let i = 0; i < 400 && (await trino.status(id)).state !== 'RUNNING'; i++) await sleep(25);
    await sleep(300);
    await trino.cancel(id);
    expect((await trino.status(id)).state).toBe('CANCELLED');
    await expect(trino.results(id)).rejects.toThrow(/CANCELLED/);
    // Trino itself ends the query (USER_CANCELED), it is not left running.
    let state = '';
    for (let i = 0; i < 100; i++) {
      const r = await trinoQuery(url, `SELECT state, error_code FROM system.runtime.queries WHERE query LIKE '%${marker}%' AND query NOT LIKE '%system.runtime%'`);
      state = r.rows.map((x) => `${x[0]}/${x[1]}`).join(',');
      if (state.startsWith('FAILED')) break;
      await sleep(100);
    }
    expect(state).toBe('FAILED/USER_CANCELED');
  });

  it('fails a result larger than max_result_rows with the reason, and cancels it on Trino', async () => {
    const small = await createTrinoEngine(trinoConfig(), { overrides: (c) => ({ ...c, maxResultRows: 5 }) });
    try {
      const r = await runToEnd(small, 'SELECT uid FROM exec', 30);
      expect(r.status.state).toBe('FAILED');
      expect(r.status.error?.message).toMatch(/more than 5 rows \(trino\.max_result_rows\)/);
      expect((await runToEnd(small, 'SELECT uid FROM exec LIMIT 5', 30)).rows).toHaveLength(5);
    } finally {
      await small.close();
    }
  });

  it('cancels a query that runs past query_timeout_ms and says which setting stopped it', async () => {
    const slow = await createTrinoEngine(trinoConfig(), { overrides: (c) => ({ ...c, queryTimeoutMs: 1500 }) });
    try {
      const r = await runToEnd(slow, 'SELECT count(*) AS n FROM exec a CROSS JOIN exec b CROSS JOIN exec c CROSS JOIN exec d CROSS JOIN exec e', 30);
      expect(r.status.state).toBe('FAILED');
      expect(r.status.error?.message).toMatch(/ran longer than 2 s \(trino\.query_timeout_ms\) and was cancelled/);
    } finally {
      await slow.close();
    }
  });

  it('reports Trino\'s own error for a query that fails while running, as the user\'s', async () => {
    const r = await runToEnd(trino, 'SELECT CAST(user AS integer) AS n FROM exec', 30);
    expect(r.status.state).toBe('FAILED');
    expect(r.status.error?.kind).toBe('USER');
    expect(r.status.error?.message).toMatch(/Cannot cast|INVALID_CAST|cast/i);
  });

  it('refuses what the SQL guard refuses before anything reaches Trino', async () => {
    await expect(trino.start({ sql: 'DROP TABLE exec', days: 7 })).rejects.toThrow();
    await expect(trino.start({ sql: 'SELECT 1', days: 3 as never })).rejects.toThrow(/days must be one of/);
  });

  it('keeps the same execution for the same client token', async () => {
    const a = await trino.start({ sql: 'SELECT count(*) AS n FROM exec', days: 7, user: 'alice', clientToken: 'tok-1' });
    const b = await trino.start({ sql: 'SELECT count(*) AS n FROM exec', days: 7, user: 'alice', clientToken: 'tok-1' });
    expect(b.id).toBe(a.id);
  });

  it('serves the documented queries through the GraphQL gateway with the embedded engine\'s rows', async () => {
    const viaTrino = await startTestGateway({ engine: trino });
    const viaEmbedded = await startTestGateway({ engine: embedded });
    try {
      for (const q of queries) {
        const t = await gatewayRows(viaTrino, q.sql);
        const e = await gatewayRows(viaEmbedded, q.sql);
        expect(t.length, q.title).toBe(e.length);
        expect(t.map((r) => JSON.stringify(r)).sort(), q.title).toEqual(e.map((r) => JSON.stringify(r)).sort());
      }
    } finally {
      await viaTrino.close();
      await viaEmbedded.close();
    }
  }, 300_000);

  it('through the gateway: the per-user limit on running queries applies, and cancelQuery stops the query on Trino', async () => {
    const gw = await startTestGateway({ engine: trino, auth: { max_running_queries_per_user: 1 } });
    try {
      const carol = await gw.token({ user: 'carol' });
      const slow = 'SELECT count(*) AS n FROM exec a CROSS JOIN exec b CROSS JOIN exec c CROSS JOIN exec d CROSS JOIN exec e';
      const run = (token: string) => gw.gql<{ runQuery: { id: string } }>('mutation ($sql: String!) { runQuery(sql: $sql, days: 30) { id } }', { sql: slow }, token);
      const first = await run(carol);
      expect(first.errors).toBeUndefined();
      const second = await run(carol);
      expect(second.errors?.[0]?.extensions?.code).toBe('LIMIT_EXCEEDED');
      // Another user is not held back by carol's query.
      const dave = await run(await gw.token({ user: 'dave' }));
      expect(dave.errors).toBeUndefined();
      for (const [id, token] of [[first.data!.runQuery.id, carol], [dave.data!.runQuery.id, await gw.token({ user: 'dave' })]] as const) {
        const c = await gw.gql<{ cancelQuery: { state: string } }>('mutation ($id: ID!) { cancelQuery(id: $id) { state } }', { id }, token);
        expect(c.errors).toBeUndefined();
        expect(c.data!.cancelQuery.state).toBe('CANCELLED');
      }
      // The cancel freed carol's slot.
      const third = await run(carol);
      expect(third.errors).toBeUndefined();
      await gw.gql('mutation ($id: ID!) { cancelQuery(id: $id) { state } }', { id: third.data!.runQuery.id }, carol);
      // Nothing of these is left running on Trino.
      let running = -1;
      for (let i = 0; i < 100 && running !== 0; i++) {
        const r = await trinoQuery(url, `SELECT count(*) FROM system.runtime.queries WHERE state NOT IN ('FINISHED', 'FAILED') AND query LIKE '%CROSS JOIN exec e%' AND query NOT LIKE '%system.runtime%'`);
        running = Number(String(r.rows[0]![0]));
        if (running !== 0) await sleep(100);
      }
      expect(running).toBe(0);
    } finally {
      await gw.close();
    }
  });
});

/** runQuery, wait for SUCCEEDED, then every page of queryResults, all over GraphQL. */
async function gatewayRows(gw: TestGateway, sql: string): Promise<unknown[]> {
  const run = await gw.gql<{ runQuery: { id: string } }>('mutation ($sql: String!) { runQuery(sql: $sql, days: 30) { id } }', { sql });
  expect(run.errors).toBeUndefined();
  const id = run.data!.runQuery.id;
  let state = '';
  for (let i = 0; i < 3000 && state !== 'SUCCEEDED' && state !== 'FAILED'; i++) {
    state = (await gw.gql<{ queryExecution: { state: string } }>(`{ queryExecution(id: "${id}") { state } }`)).data!.queryExecution.state;
    if (state !== 'SUCCEEDED') await sleep(20);
  }
  expect(state).toBe('SUCCEEDED');
  const rows: unknown[] = [];
  let after: string | undefined;
  do {
    const page = await gw.gql<{ queryResults: { rows: { data: unknown[] }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } }>(
      'query ($id: ID!, $after: String) { queryResults(id: $id, first: 100, after: $after) { rows { data } pageInfo { hasNextPage endCursor } } }',
      { id, after },
    );
    expect(page.errors).toBeUndefined();
    rows.push(...page.data!.queryResults.rows.map((r) => r.data));
    after = page.data!.queryResults.pageInfo.hasNextPage ? page.data!.queryResults.pageInfo.endCursor : undefined;
  } while (after);
  return rows;
}
