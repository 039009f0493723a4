// Tests' access to the real Trino the test set-up starts (test/global/trino.ts):
//   const url = await trinoUrl();                       // waits until it is up; throws the reason if not
//   const t = await createAuditCatalog(url, parquetDir); // Teleport's Athena table over a Parquet folder
//   const { columns, rows } = await trinoQuery(url, 'SELECT ...', { catalog: t.catalog, schema: t.schema });
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TrinoClient, type TrinoConnection } from '../../../src/trino/client';
import type { TrinoTls } from './server';

export { TrinoClient };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The URL of the run's Trino once it is ready. A first run on a machine downloads Trino (some 450 MB):
 * give beforeAll hooks that call this TRINO_WAIT_MS.
 */
export async function trinoUrl(timeoutMs = TRINO_WAIT_MS): Promise<string> {
  // Imported here so that benchmarks can use the rest of this module outside vitest.
  const { inject } = await import('vitest');
  const url = inject('trinoUrl');
  const stateFile = inject('trinoStateFile');
  if (!url || !stateFile) throw new Error('Trino is not set up: test/global/trino.ts must be in vitest.config.ts globalSetup');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let s: { state: string; reason?: string } = { state: 'starting' };
    try {
      s = JSON.parse(readFileSync(stateFile, 'utf8'));
    } catch {
      // being written
    }
    if (s.state === 'ready') return url;
    if (s.state === 'failed') throw new Error(`this test needs a real Trino, which could not be started: ${s.reason}`);
    if (Date.now() > deadline) throw new Error(`this test needs a real Trino, which was still starting after ${Math.round(timeoutMs / 1000)} s`);
    await sleep(250);
  }
}

/**
 * The same Trino over HTTPS with password and JWT authentication (not available when the tests use
 * an external Trino through AMCTL_TEST_TRINO_URL).
 */
export async function trinoTls(timeoutMs = TRINO_WAIT_MS): Promise<TrinoTls> {
  await trinoUrl(timeoutMs);
  const { inject } = await import('vitest');
  const s = JSON.parse(readFileSync(inject('trinoStateFile'), 'utf8')) as { tls?: TrinoTls };
  if (!s.tls) throw new Error('this test needs the HTTPS side of the test set-up\'s Trino; an external one (AMCTL_TEST_TRINO_URL) has none');
  return s.tls;
}

/** Covers a first-run download and start-up on a slow link. */
export const TRINO_WAIT_MS = 15 * 60_000;

export function trinoClient(url: string, conn: Partial<TrinoConnection> = {}): TrinoClient {
  return new TrinoClient({ server: url, user: 'amctl-test', ...conn });
}

/** Runs one statement to the end. */
export async function trinoQuery(url: string, sql: string, conn: Partial<TrinoConnection> = {}) {
  const c = trinoClient(url, conn);
  try {
    return await c.query(sql);
  } finally {
    c.close();
  }
}

export interface AuditCatalog {
  url: string;
  catalog: string;
  schema: string;
  table: string;
  drop(): Promise<void>;
}

const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;

/**
 * Teleport's Athena table over `parquetDir` (<YYYY-MM-DD>/<uuid>.parquet), as Teleport's Glue table
 * defines it: uid, session_id, event_type, event_time timestamp(3), user, event_data, partitioned by
 * event_date (date). In a catalog of its own (a Hive connector with a file metastore), so that test
 * files running at the same time each have their own `audit_db.audit_table`.
 */
export async function createAuditCatalog(url: string, parquetDir: string, opts: { schema?: string; table?: string } = {}): Promise<AuditCatalog> {
  const catalog = `amctl_${randomBytes(6).toString('hex')}`;
  const schema = opts.schema ?? 'audit_db';
  const table = opts.table ?? 'audit_table';
  const metastore = mkdtempSync(join(tmpdir(), 'amctl-trino-metastore-'));
  const run = (sql: string) => trinoQuery(url, sql);
  await run(
    `CREATE CATALOG ${catalog} USING hive WITH ("hive.metastore" = 'file', "hive.metastore.catalog.dir" = ${lit(`local://${metastore}`)}, ` +
      `"fs.native-local.enabled" = 'true', "local.location" = '/', "hive.allow-register-partition-procedure" = 'true')`,
  );
  await run(`CREATE SCHEMA ${catalog}.${schema}`);
  await run(
    `CREATE TABLE ${catalog}.${schema}.${table} (uid varchar, session_id varchar, event_type varchar, event_time timestamp(3), "user" varchar, event_data varchar, event_date date) ` +
      `WITH (format = 'PARQUET', partitioned_by = ARRAY['event_date'], external_location = ${lit(`local://${parquetDir}`)})`,
  );
  // Teleport writes <prefix>/<YYYY-MM-DD>/, not Hive's event_date=<date>/: each day is registered with its folder.
  const dates = readdirSync(parquetDir).filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d));
  for (const d of dates) {
    await run(`CALL ${catalog}.system.register_partition(${lit(schema)}, ${lit(table)}, ARRAY['event_date'], ARRAY[${lit(d)}], ${lit(`local://${join(parquetDir, d)}`)})`);
  }
  return {
    url,
    catalog,
    schema,
    table,
    drop: async () => {
      await run(`DROP CATALOG IF EXISTS ${catalog}`).catch(() => undefined);
      rmSync(metastore, { recursive: true, force: true });
    },
  };
}
