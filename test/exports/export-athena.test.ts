// GET /v1/executions/{id}/results on the Athena engine: the real AWS SDK pages GetQueryResults (1000
// rows a page) from the local Athena stand-in, and the export streams them; the rows equal those of
// the result file Athena wrote to S3 (moto), fetched through queryResultsExportUrl's presigned URL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/athena-stub/harness';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { parseCsv, runAndWait } from './helpers';

const N = 2_345;
const SQL = `SELECT x, 'v' || CAST(x AS varchar) AS s FROM UNNEST(sequence(1, ${N})) AS t(x) ORDER BY x`;

let h: Harness;
let gw: TestGateway;
let token: string;
let id: string;

beforeAll(async () => {
  h = await startHarness({ events: 1000, days: 3 });
  gw = await startTestGateway({ engine: h.engine });
  token = await gw.token({ user: 'alice' });
  id = await runAndWait(gw, SQL, token);
}, 180_000);

afterAll(async () => {
  await gw?.close();
  await h?.close();
});

describe('result export on the Athena engine', () => {
  it('streams every page as CSV, the same rows as the result file in S3', async () => {
    const res = await fetch(`${gw.gateway.origin}/v1/executions/${id}/results?format=csv`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    const rows = parseCsv(await res.text());
    expect(rows[0]).toEqual(['x', 's']);
    expect(rows).toHaveLength(N + 1);
    expect(rows.slice(1).map((r) => r[0])).toEqual(Array.from({ length: N }, (_, i) => String(i + 1)));
    expect(rows[N]).toEqual([String(N), `v${N}`]);

    const link = await gw.gql<{ queryResultsExportUrl: string }>('query($id: ID!) { queryResultsExportUrl(id: $id) }', { id }, token);
    expect(link.errors).toBeUndefined();
    expect(link.data!.queryResultsExportUrl).toMatch(/X-Amz-Signature=/);
    const s3 = await fetch(link.data!.queryResultsExportUrl);
    expect(s3.status).toBe(200);
    expect(parseCsv(await s3.text())).toEqual(rows);
  });

  it('streams NDJSON with typed values', async () => {
    const res = await fetch(`${gw.gateway.origin}/v1/executions/${id}/results?format=ndjson`, { headers: { 'teleport-jwt-assertion': token } });
    expect(res.status).toBe(200);
    const lines = (await res.text()).trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(N);
    expect(lines[999]).toEqual({ x: '1000', s: 'v1000' });
    expect(lines[1000]).toEqual({ x: '1001', s: 'v1001' });
  });

  it('is owner-only', async () => {
    const bob = await gw.token({ user: 'bob' });
    const res = await fetch(`${gw.gateway.origin}/v1/executions/${id}/results`, { headers: { authorization: `Bearer ${bob}` } });
    expect(res.status).toBe(404);
  });
});
