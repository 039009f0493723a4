// `engine: trino` authenticating to real Trino over TLS: basic (Trino's password file) and JWT (RS256
// keys Trino trusts), the private CA from trino.tls.ca_file, and clear failures for a wrong password,
// a JWT signed by someone else, and a certificate the client does not trust.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT, importPKCS8, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCoreConfig } from '../../src/config';
import { generateAuditLog } from '../../src/demo';
import { createEngine } from '../../src/cli/compose/engine';
import type { QueryEngine } from '../../src/engine/types';
import { writeAthenaParquet } from '../support/athena-stub/parquet';
import { runToEnd } from '../support/athena-stub/run';
import { TRINO_WAIT_MS, createAuditCatalog, trinoTls, trinoUrl, type AuditCatalog } from '../support/trino';
import type { TrinoTls } from '../support/trino/server';

let dir: string;
let tls: TrinoTls;
let table: AuditCatalog;
let plain: QueryEngine;
const engines: QueryEngine[] = [];

async function engineWith(trino: Record<string, unknown>): Promise<QueryEngine> {
  const cfgFile = join(dir, `amctl-${engines.length}.yaml`);
  writeFileSync(cfgFile, '');
  const e = await createEngine(
    parseCoreConfig({ engine: 'trino', trino: { catalog: table.catalog, schema: table.schema, table: table.table, ...trino } }, { file: cfgFile, cwd: dir, dataDir: join(dir, 'data') }),
  );
  engines.push(e);
  return e;
}

const SQL = 'SELECT user, count(*) AS n FROM exec GROUP BY user';

beforeAll(async () => {
  const url = await trinoUrl();
  tls = await trinoTls();
  dir = mkdtempSync(join(tmpdir(), 'amctl-trino-auth-'));
  await generateAuditLog({ outDir: join(dir, 'log'), days: 5, events: 1500, seed: 9 });
  await writeAthenaParquet(join(dir, 'log'), join(dir, 'parquet'));
  table = await createAuditCatalog(url, join(dir, 'parquet'));
  plain = await engineWith({ server: url });
  writeFileSync(join(dir, 'password'), tls.password);
}, TRINO_WAIT_MS);

afterAll(async () => {
  for (const e of engines) await e.close();
  await table?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('engine: trino over TLS with authentication', () => {
  it('basic auth (password_file) with the private CA gives the same rows as plain HTTP', async () => {
    const e = await engineWith({ server: tls.httpsUrl, auth: { type: 'basic', user: tls.user, password_file: 'password' }, tls: { ca_file: tls.caFile } });
    const a = await runToEnd(e, SQL, 7);
    const b = await runToEnd(plain, SQL, 7);
    expect(a.status.error).toBeUndefined();
    expect(a.rows.length).toBeGreaterThan(0);
    expect(a.rows.map((r) => JSON.stringify(r)).sort()).toEqual(b.rows.map((r) => JSON.stringify(r)).sort());
  });

  it('a JWT signed with the key Trino trusts authenticates its subject', async () => {
    const key = await importPKCS8(readFileSync(tls.jwtPrivateKeyFile, 'utf8'), 'RS256');
    const token = await new SignJWT({}).setProtectedHeader({ alg: 'RS256' }).setSubject('svc-amctl').setIssuedAt().setExpirationTime('10m').sign(key);
    const e = await engineWith({ server: tls.httpsUrl, user: 'svc-amctl', auth: { type: 'jwt', token }, tls: { ca_file: tls.caFile } });
    const r = await runToEnd(e, SQL, 7);
    expect(r.status.error).toBeUndefined();
    expect(r.rows.length).toBeGreaterThan(0);
  });

  it('a wrong password fails the query with a reason that names the setting', async () => {
    const e = await engineWith({ server: tls.httpsUrl, auth: { type: 'basic', user: tls.user, password: 'wrong' }, tls: { ca_file: tls.caFile } });
    const r = await runToEnd(e, SQL, 7);
    expect(r.status.state).toBe('FAILED');
    expect(r.status.error?.message).toMatch(/refused the credentials \(HTTP 401\): check trino\.auth/);
  });

  it('a JWT from another key is refused', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const token = await new SignJWT({}).setProtectedHeader({ alg: 'RS256' }).setSubject('mallory').setExpirationTime('10m').sign(privateKey);
    const e = await engineWith({ server: tls.httpsUrl, auth: { type: 'jwt', token }, tls: { ca_file: tls.caFile } });
    const r = await runToEnd(e, SQL, 7);
    expect(r.status.state).toBe('FAILED');
    expect(r.status.error?.message).toMatch(/HTTP 401/);
  });

  it('refuses a server certificate it does not trust (no trino.tls.ca_file)', async () => {
    const e = await engineWith({ server: tls.httpsUrl, auth: { type: 'basic', user: tls.user, password_file: 'password' } });
    const r = await runToEnd(e, SQL, 7);
    expect(r.status.state).toBe('FAILED');
    expect(r.status.error?.message).toMatch(/could not reach Trino at https:\/\/127\.0\.0\.1:\d+: .*(self-signed|certificate)/i);
  });
});
