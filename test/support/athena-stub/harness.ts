// Everything the Athena engine talks to, started locally: moto_server (S3 + STS), the Athena-protocol
// stub running what it receives on real Trino over Parquet made from a generated demo audit log, and
// the engine itself configured from a teleport.yaml-shaped document pointing at them. Used by the
// Athena tests and bench/athena.ts (which gives its own synthetic executor and needs no Trino).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { createAthenaEngine, type CreateAthenaEngineOptions } from '../../../src/athena';
import type { AthenaEngine } from '../../../src/athena/engine';
import { parseCoreConfig, type CoreConfig } from '../../../src/config';
import { generateAuditLog } from '../../../src/demo';
import { MOTO_CREDENTIALS, startMoto, type MotoServer } from '../moto';
import { TrinoAthenaExecutor, type StubExecutor } from './executor';
import { writeAthenaParquet } from './parquet';
import { AthenaStub, type ExecutionScript } from './server';

export const REGION = 'eu-central-1';
export const RESULTS_BUCKET = 'audit-transient';
export const ROLE_ARN = 'arn:aws:iam::123456789012:role/AccessMonitoringRole';

export interface HarnessOptions {
  /** Demo log size and span (ends today, UTC). */
  events?: number;
  days?: number;
  seed?: number;
  /** Replace Trino with a synthetic result source (paging tests, the Athena benchmark). */
  executor?: StubExecutor;
  /** The Trino that runs the SQL; default: the test set-up's (test/global/trino.ts). */
  trinoUrl?: string;
  defaultScript?: ExecutionScript;
  /** Extra `athena:` settings merged into the config document. */
  athena?: Record<string, unknown>;
  accessMonitoring?: Record<string, unknown>;
  /** Teleport's locationS3 in the audit_events_uri (where the table's Parquet lives). */
  locationS3?: string;
  /** Further top-level sections of the config document (e.g. intake, cluster). */
  raw?: Record<string, unknown>;
  /** Buckets to create besides the query results one. */
  buckets?: string[];
  engine?: CreateAthenaEngineOptions;
}

export interface Harness {
  moto: MotoServer;
  stub: AthenaStub;
  engine: AthenaEngine;
  config: CoreConfig;
  /** The demo audit log (JSON lines), for the embedded engine. */
  logDir: string;
  parquetDir: string;
  dir: string;
  s3: S3Client;
  /** Another engine on the same config (e.g. a second gateway sharing the ledger). */
  newEngine(opts?: CreateAthenaEngineOptions): Promise<AthenaEngine>;
  close(): Promise<void>;
}

export function configDocument(
  endpoints: { athena: string; s3: string; sts: string },
  extra: Pick<HarnessOptions, 'athena' | 'accessMonitoring' | 'locationS3' | 'raw'> = {},
): Record<string, unknown> {
  const location = extra.locationS3 ? `&locationS3=${extra.locationS3}` : '';
  return {
    ...extra.raw,
    engine: 'athena',
    teleport: {
      storage: {
        audit_events_uri: [`athena://audit_db.audit_table?region=${REGION}&queryResultsS3=s3://${RESULTS_BUCKET}/results&workgroup=primary${location}`],
      },
    },
    auth_service: {
      access_monitoring: {
        enabled: true,
        role_arn: ROLE_ARN,
        report_results: 's3://audit-long-term/report_results',
        ...extra.accessMonitoring,
      },
    },
    athena: {
      endpoints,
      polling: { initial_ms: 20, factor: 1.5, max_ms: 200 },
      throttle_retry: { max_attempts: 6, base_ms: 5, max_ms: 50 },
      ...extra.athena,
    },
  };
}

export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'amctl-athena-'));
  const logDir = join(dir, 'log');
  const parquetDir = join(dir, 'parquet');
  const cleanups: Array<() => unknown> = [() => rmSync(dir, { recursive: true, force: true })];
  const close = async () => {
    for (const c of cleanups.reverse()) await c();
  };
  try {
    const moto = await startMoto();
    cleanups.push(() => moto.stop());
    const s3 = new S3Client({ region: REGION, endpoint: moto.endpoint, credentials: MOTO_CREDENTIALS, forcePathStyle: true });
    cleanups.push(() => s3.destroy());
    for (const Bucket of [RESULTS_BUCKET, ...(opts.buckets ?? [])]) await s3.send(new CreateBucketCommand({ Bucket, CreateBucketConfiguration: { LocationConstraint: REGION } }));

    let executor = opts.executor;
    let bytes = 0;
    if (!executor) {
      await generateAuditLog({ outDir: logDir, days: opts.days ?? 10, events: opts.events ?? 5000, seed: opts.seed ?? 7 });
      bytes = (await writeAthenaParquet(logDir, parquetDir)).bytes;
      const trinoUrl = opts.trinoUrl ?? (await (await import('../trino')).trinoUrl());
      const trino = await TrinoAthenaExecutor.open({ trinoUrl, parquetDir, database: 'audit_db', table: 'audit_table' });
      cleanups.push(() => trino.close());
      executor = trino;
    }
    const stub = new AthenaStub({
      executor,
      s3: { endpoint: moto.endpoint, region: REGION, credentials: MOTO_CREDENTIALS },
      defaultScript: opts.defaultScript,
      defaultBytesScanned: bytes,
    });
    const athenaEndpoint = await stub.listen();
    cleanups.push(() => stub.close());

    const raw = configDocument({ athena: athenaEndpoint, s3: moto.endpoint, sts: moto.endpoint }, opts);
    const config = parseCoreConfig(raw, { dataDir: join(dir, 'data'), cwd: dir });
    const newEngine = async (o: CreateAthenaEngineOptions = {}) => {
      const e = await createAthenaEngine(config, { sourceCredentials: MOTO_CREDENTIALS, ...opts.engine, ...o });
      cleanups.push(() => e.close());
      return e;
    };
    const engine = await newEngine();
    return { moto, stub, engine, config, logDir, parquetDir, dir, s3, newEngine, close };
  } catch (e) {
    await close();
    throw e;
  }
}
