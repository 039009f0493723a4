// GET /v1/executions/{id}/results on the embedded engine, through a real gateway: the whole result in
// CSV, NDJSON and JSON (checked against values computed here, not read back from the engine), owner
// only with the same token rules as /graphql, and the signed links of queryResultsExportUrl.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExportUrlSigner, exportKeyFile, loadOrCreateKey } from '../../src/exports/signed-url';
import { startBareGateway, type TestGateway } from '../support/gateway';
import { parseCsv, runAndWait } from './helpers';
import { numbersFrom } from '../support/numbers';

const N = 23_456; // more than two export pages (10,000 rows each)
const SQL = `SELECT x, x * 2 AS y, 'a"b,' || CAST(x AS varchar) AS s, CAST(NULL AS varchar) AS n, x % 2 = 0 AS even FROM ${numbersFrom(N)} ORDER BY x`;

let gw: TestGateway;
let id: string;
let token: string;

const exportUrl = (format?: string, execId = id) => `${gw.gateway.origin}/v1/executions/${execId}/results${format ? `?format=${format}` : ''}`;
const get = (url: string, tok: string | null = token, header = 'authorization') =>
  fetch(url, { headers: tok === null ? {} : { [header]: header === 'authorization' ? `Bearer ${tok}` : tok } });

beforeAll(async () => {
  gw = await startBareGateway();
  token = await gw.token({ user: 'alice' });
  id = await runAndWait(gw, SQL, token);
});

afterAll(async () => {
  await gw?.close();
});

describe('result export on the embedded engine', () => {
  it('streams the whole result as CSV: header, every row, quoted values, NULL empty', async () => {
    const res = await get(exportUrl('csv'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toContain(`${id}.csv`);
    const rows = parseCsv(await res.text());
    expect(rows[0]).toEqual(['x', 'y', 's', 'n', 'even']);
    expect(rows).toHaveLength(N + 1);
    for (const i of [1, 2, 9_999, 10_000, 10_001, N]) {
      expect(rows[i]).toEqual([String(i), String(2 * i), `a"b,${i}`, null, String(i % 2 === 0)]);
    }
  });

  it('format defaults to CSV', async () => {
    const res = await get(exportUrl());
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    await res.body?.cancel();
  });

  it('streams NDJSON: one object per row, 64-bit integers as strings, booleans as booleans', async () => {
    const res = await get(exportUrl('ndjson'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    const lines = (await res.text()).trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(N);
    expect(lines[0]).toEqual({ x: '1', y: '2', s: 'a"b,1', n: null, even: false });
    expect(lines[N - 1]).toEqual({ x: String(N), y: String(2 * N), s: `a"b,${N}`, n: null, even: N % 2 === 0 });
    expect(new Set(lines.map((l) => l.x)).size).toBe(N);
  });

  it('streams one JSON document with the columns and every row', async () => {
    const res = await get(exportUrl('json'), token, 'teleport-jwt-assertion');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as any;
    expect(doc.columns).toEqual([
      { name: 'x', type: 'bigint' },
      { name: 'y', type: 'bigint' },
      { name: 's', type: 'varchar' },
      { name: 'n', type: 'varchar' },
      { name: 'even', type: 'boolean' },
    ]);
    expect(doc.rows).toHaveLength(N);
    expect(doc.rows[12_345]).toEqual({ x: '12346', y: '24692', s: 'a"b,12346', n: null, even: true });
  });

  it('refuses an unknown format, with the formats it takes', async () => {
    const res = await get(exportUrl('xml'));
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).errors[0].message).toMatch(/csv, ndjson, json/);
  });

  it('is owner-only: no token 401, someone else 404, a role without use on audit_query 403', async () => {
    expect((await get(exportUrl('csv'), null)).status).toBe(401);
    const bob = await gw.token({ user: 'bob' });
    const other = await get(exportUrl('csv'), bob);
    expect(other.status).toBe(404);
    expect(((await other.json()) as any).errors[0].extensions.code).toBe('NOT_FOUND');
    const noRole = await gw.token({ user: 'alice', roles: ['nobody'] });
    expect((await get(exportUrl('csv'), noRole)).status).toBe(403);
    expect((await get(exportUrl('csv', 'no-such-execution'))).status).toBe(404);
  });

  it('answers 409 for a query that has not SUCCEEDED, with its error', async () => {
    const failed = await runAndWait(gw, 'SELECT CAST(x AS integer) FROM UNNEST(ARRAY[\'not a number\']) AS t(x)', token, ['FAILED']);
    const res = await get(exportUrl('csv', failed));
    expect(res.status).toBe(409);
    expect(((await res.json()) as any).errors[0].extensions.code).toBe('QUERY_FAILED');
  });

  it('queryResultsExportUrl gives a signed link that works without a token, for the owner only', async () => {
    const r = await gw.gql<{ queryResultsExportUrl: string }>('query($id: ID!) { queryResultsExportUrl(id: $id) }', { id }, token);
    expect(r.errors).toBeUndefined();
    const url = new URL(r.data!.queryResultsExportUrl);
    expect(url.origin).toBe(gw.gateway.origin);
    expect(url.pathname).toBe(`/v1/executions/${id}/results`);
    const expires = Number(url.searchParams.get('expires'));
    expect(expires * 1000).toBeGreaterThan(Date.now());
    expect(expires * 1000).toBeLessThanOrEqual(Date.now() + 901_000);

    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(parseCsv(await res.text())).toHaveLength(N + 1);
    url.searchParams.set('format', 'ndjson');
    const nd = await fetch(url);
    expect(nd.status).toBe(200);
    expect((await nd.text()).trimEnd().split('\n')).toHaveLength(N);

    // Tampered: another expiry, another signature, another execution.
    const later = new URL(url);
    later.searchParams.set('expires', String(expires + 3600));
    expect((await fetch(later)).status).toBe(403);
    const badSig = new URL(url);
    badSig.searchParams.set('signature', 'A'.repeat(43));
    expect((await fetch(badSig)).status).toBe(403);
    const other = await runAndWait(gw, 'SELECT 1 AS one', await gw.token({ user: 'bob' }));
    const moved = new URL(url.toString().replace(id, other));
    expect((await fetch(moved)).status).toBe(403);
  });

  it('a link signed with the key but expired is refused', async () => {
    const key = loadOrCreateKey(exportKeyFile(gw.config.dataDir));
    const past = new ExportUrlSigner(key, 60, () => Date.now() - 3_600_000);
    const res = await fetch(past.url(gw.gateway.origin, id, 'alice'));
    expect(res.status).toBe(403);
    expect(((await res.json()) as any).errors[0].message).toMatch(/expired/);
    // The same key with a current clock is accepted: the refusal above was the expiry alone.
    const now = new ExportUrlSigner(key, 60);
    const ok = await fetch(now.url(gw.gateway.origin, id, 'alice'));
    expect(ok.status).toBe(200);
    await ok.body?.cancel();
  });
});
