// End to end through the real AWS SDK: the Athena engine assumes its role on STS (moto), sends the
// views-as-CTEs statement to the local Athena-protocol endpoint, which runs it on real Trino over
// Teleport's Athena Parquet layout (a Hive table) and writes the result CSV to S3 (moto). So the Athena
// path is judged by Trino: every documented query must give the same rows as the embedded engine on
// the same audit log.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCoreConfig } from '../../src/config';
import { createEngine } from '../../src/cli/compose/engine';
import type { QueryEngine, Row } from '../../src/engine/types';
import { startHarness, type Harness } from '../support/athena-stub/harness';
import { runToEnd } from '../support/athena-stub/run';
import { startTestGateway } from '../support/gateway';
import { documentedQueriesText } from '../support/documented-queries';
import { TRINO_WAIT_MS } from '../support/trino';

const queries = documentedQueriesText()
  .split(/;\s*\n/)
  .map((q) => q.trim())
  .filter((q) => q.replace(/^\s*--.*$/gm, '').trim() !== '')
  .map((q) => ({ title: /^--\s*(.*)$/m.exec(q.split('\n').filter((l) => l.startsWith('--')).at(-1) ?? '')?.[1] ?? q.slice(0, 40), sql: q }));

/** Athena's ColumnInfo names array, map and row types without their parameters. */
function athenaTypeName(trinoType: string): string {
  return trinoType.replace(/^(array|map|row)\(.*\)$/, '$1');
}

/** Rows as a sorted multiset: ORDER BY event_date leaves ties in any order on both engines. */
function canonical(rows: Row[]): string[] {
  return rows.map((r) => JSON.stringify(r)).sort();
}

let h: Harness;
let embedded: QueryEngine;

beforeAll(async () => {
  h = await startHarness({ events: 6000, days: 12, seed: 11 });
  const cfg = parseCoreConfig({ engine: 'embedded', embedded: { audit_log: h.logDir } }, { dataDir: join(h.dir, 'embedded'), cwd: h.dir });
  embedded = await createEngine(cfg);
}, TRINO_WAIT_MS);

afterAll(async () => {
  await embedded?.close();
  await h?.close();
});

describe('Athena engine end to end', () => {
  it('found the 15 documented queries', () => {
    expect(queries).toHaveLength(15);
  });

  for (const days of [7, 30] as const) {
    describe(`days=${days}`, () => {
      for (const [i, q] of queries.entries()) {
        it(`query ${i + 1}: same rows as the embedded engine`, async () => {
          const a = await runToEnd(h.engine, q.sql, days, { user: 'alice', roles: ['auditor'] });
          const e = await runToEnd(embedded, q.sql, days);
          expect(a.status.error).toBeUndefined();
          expect(a.status.state).toBe('SUCCEEDED');
          expect(e.status.state).toBe('SUCCEEDED');
          expect(a.columns).toEqual(e.columns.map((c) => ({ name: c.name, type: athenaTypeName(c.type) })));
          expect(canonical(a.rows)).toEqual(canonical(e.rows));
        });
      }
    });
  }

  // Beyond the documented queries: a user WITH clause merged with the views' CTEs, arrays, maps,
  // booleans, integers and dotted keys read through the CTE casts, several views in one query.
  const extra = [
    `WITH per_user AS (SELECT user, count(*) AS n FROM session_start GROUP BY user) SELECT user, n FROM per_user WHERE n > 1`,
    `SELECT user, login, addr_remote, CARDINALITY(kubernetes_groups) AS groups, element_at(server_labels, 'env') AS env FROM session_start`,
    `SELECT event_time, user, success, ei FROM user_login`,
    `SELECT s.user, count(*) AS n FROM session_start s, exec e WHERE s.sid = e.sid GROUP BY s.user`,
    `SELECT user, g FROM kube_request CROSS JOIN UNNEST(kubernetes_groups) AS t(g)`,
    `SELECT event_date, count(*) AS n, approx_distinct(identity_user) AS users FROM cert_create GROUP BY event_date`,
  ];
  for (const [i, sql] of extra.entries()) {
    it(`extra query ${i + 1}: same rows as the embedded engine`, async () => {
      const a = await runToEnd(h.engine, sql, 30);
      const e = await runToEnd(embedded, sql, 30);
      expect(a.status.error).toBeUndefined();
      expect(e.status.error).toBeUndefined();
      expect(a.columns).toEqual(e.columns.map((c) => ({ name: c.name, type: athenaTypeName(c.type) })));
      expect(a.rows.length).toBeGreaterThan(0);
      expect(canonical(a.rows)).toEqual(canonical(e.rows));
    });
  }

  it('the planted patterns make the report queries non-empty (the comparison is not vacuous)', async () => {
    let nonEmpty = 0;
    for (const q of queries) if ((await runToEnd(h.engine, q.sql, 30)).rows.length > 0) nonEmpty++;
    expect(nonEmpty).toBeGreaterThanOrEqual(12);
  });

  it('sends the statement Athena expects: workgroup, database, output location, idempotency token', async () => {
    const { id, status } = await runToEnd(h.engine, 'SELECT DISTINCT user FROM exec', 7);
    expect(status.state).toBe('SUCCEEDED');
    const sent = [...h.stub.executions.values()].find((e) => e.token === id)!;
    expect(sent).toBeDefined();
    expect(sent.workGroup).toBe('primary');
    expect(sent.database).toBe('audit_db');
    expect(sent.outputPrefix).toBe('s3://audit-transient/results/');
    expect(sent.query.startsWith('WITH "exec" AS (SELECT event_date, event_time,')).toBe(true);
    expect(sent.query).toContain(`FROM "audit_db"."audit_table" WHERE event_type = 'exec' AND event_date BETWEEN current_date - INTERVAL '6' DAY AND current_date`);
    expect(sent.query.endsWith('SELECT DISTINCT user FROM exec')).toBe(true);
    // Only the views the query reads are sent.
    expect(sent.query).not.toContain('"cert_create" AS');
    expect(status.bytesScanned).toBeGreaterThan(0);
  });

  it('the result CSV on S3 holds the same rows, and the presigned export URL serves it', async () => {
    const { id, rows } = await runToEnd(h.engine, 'SELECT identity_user, count(*) AS n FROM cert_create GROUP BY identity_user', 30);
    const url = await h.engine.exportUrl(id);
    expect(url).toMatch(/X-Amz-Signature=/);
    const res = await fetch(url);
    expect(res.status).toBe(200);
    const csv = (await res.text()).trim().split('\n');
    expect(csv[0]).toBe('"identity_user","n"');
    const fromCsv = csv.slice(1).map((l) => {
      const m = /^(?:"((?:[^"]|"")*)")?,"(\d+)"$/.exec(l)!;
      return [m[1] === undefined ? null : m[1].replace(/""/g, '"'), m[2]!];
    });
    expect(canonical(fromCsv)).toEqual(canonical(rows));
    // And the object is where GetQueryExecution says.
    const exec = [...h.stub.executions.values()].find((e) => e.token === id)!;
    const obj = await h.s3.send(new GetObjectCommand({ Bucket: 'audit-transient', Key: `results/${exec.id}.csv` }));
    expect(await obj.Body!.transformToString()).toBe(csv.join('\n') + '\n');
  });

  it('hands out the export URL through the gateway to the owner only, on both engines', async () => {
    const gw = await startTestGateway({ engine: h.engine });
    const local = await startTestGateway({ engine: embedded });
    try {
      const run = await gw.gql<{ runQuery: { id: string } }>('mutation { runQuery(sql: "SELECT count(*) AS n FROM exec", days: 30) { id } }');
      const id = run.data!.runQuery.id;
      let state = '';
      for (let i = 0; i < 400 && state !== 'SUCCEEDED'; i++) {
        state = (await gw.gql<{ queryExecution: { state: string } }>(`{ queryExecution(id: "${id}") { state } }`)).data!.queryExecution.state;
        await new Promise((r) => setTimeout(r, 25));
      }
      const q = `{ queryResultsExportUrl(id: "${id}") }`;
      const url = (await gw.gql<{ queryResultsExportUrl: string }>(q)).data!.queryResultsExportUrl;
      const csv = (await (await fetch(url)).text()).trim().split('\n');
      expect(csv[0]).toBe('"n"');
      const other = await gw.gql(q, {}, await gw.token({ user: 'mallory' }));
      expect(other.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

      // The embedded engine has no result file: its link is a signed one to the gateway's export endpoint.
      const run2 = await local.gql<{ runQuery: { id: string } }>('mutation { runQuery(sql: "SELECT 1 AS one", days: 7) { id } }');
      const id2 = run2.data!.runQuery.id;
      await local.gql(`{ waitForQuery(id: "${id2}", timeoutSeconds: 30) { state } }`);
      const link = await local.gql<{ queryResultsExportUrl: string }>(`{ queryResultsExportUrl(id: "${id2}") }`);
      expect(link.data!.queryResultsExportUrl).toContain(`${local.gateway.origin}/v1/executions/${id2}/results?`);
      expect(await (await fetch(link.data!.queryResultsExportUrl)).text()).toBe('"one"\n"1"\n');
    } finally {
      await gw.close();
      await local.close();
    }
  });
});
