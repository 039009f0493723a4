// An unknown column fails on the embedded engine with Trino's message, its position and the closest
// column, through the engine and through GraphQL (QUERY_FAILED).
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateAuditLog } from '../../src/demo';
import type { EmbeddedEngine } from '../../src/engine/duckdb/engine';
import { openEngine, tempDir, testConfig } from '../support/engine';
import { startTestGateway, type TestGateway } from '../support/gateway';

let engine: EmbeddedEngine;
let gw: TestGateway;
const t = tempDir();

beforeAll(async () => {
  const logDir = join(t.dir, 'log');
  await generateAuditLog({ outDir: logDir, days: 3, events: 1000, seed: 3 });
  engine = await openEngine(testConfig(join(t.dir, 'data'), { embedded: { audit_log: logDir } }));
  await engine.ingest();
  gw = await startTestGateway({ engine });
});
afterAll(async () => {
  await gw?.close();
  await engine?.close();
  t.cleanup();
});

async function failure(sql: string): Promise<string | undefined> {
  const { id } = await engine.start({ sql, days: 7, user: 'alice' });
  for (;;) {
    const st = await engine.status(id);
    if (st.state === 'FAILED') return st.error?.message;
    if (st.state === 'SUCCEEDED' || st.state === 'CANCELLED') return undefined;
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('unknown columns', () => {
  it.each([
    ['select usr from session_start', "line 1:8: Column 'usr' cannot be resolved; did you mean 'user'?"],
    ["select x.login from session_start x where x.logn = 'root'", "line 1:43: Column 'x.logn' cannot be resolved; did you mean 'login'?"],
    ['SELECT event_date,\n       client_ip\nFROM cert_create', "line 2:8: Column 'client_ip' cannot be resolved; did you mean 'identity_client_ip'?"],
    ['select y.login from session_start x', "line 1:8: Column 'y.login' cannot be resolved; did you mean 'login'?"],
    ['select count(*) from exec where zzzzzz > 1', "line 1:33: Column 'zzzzzz' cannot be resolved (columns of exec are listed by `amctl audit schema`)"],
  ])('%s', async (sql, message) => {
    expect(await failure(sql)).toBe(message);
  });

  it('reaches a GraphQL client as QUERY_FAILED with the same message', async () => {
    const run = await gw.gql<{ runQuery: { id: string } }>('mutation { runQuery(sql: "select usr from session_start", days: 7) { id } }');
    const id = run.data!.runQuery.id;
    let res;
    for (let i = 0; i < 100; i++) {
      res = await gw.gql(`{ queryExecution(id: "${id}") { state error { code message } } }`);
      if ((res.data as any)?.queryExecution?.state === 'FAILED') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect((res!.data as any).queryExecution.error.code).toBe('QUERY_FAILED');
    expect((res!.data as any).queryExecution.error.message).toContain("Column 'usr' cannot be resolved; did you mean 'user'?");
    const page = await gw.gql(`{ queryResults(id: "${id}") { rows { data } } }`);
    expect(page.errors?.[0]?.extensions?.code).toBe('QUERY_FAILED');
  });
});
