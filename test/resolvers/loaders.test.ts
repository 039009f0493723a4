// Fields that fan out read their store in one batch per request: a list of 10 reports asking for all
// 4 windows' states (and last runs), and a list of detections asking for their state and deliveries,
// on a local report store and on S3 (moto). Reads are counted at the store, under the resolvers.
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/cli/compose/engine';
import { parseCoreConfig } from '../../src/config';
import { WINDOW_DAYS, type QueryEngine } from '../../src/engine/types';
import type { BlobStore, PutOptions } from '../../src/reports/blobstore';
import { LocalBlobStore } from '../../src/reports/local-blobstore';
import { REPORTS_EXTENSION, createReportsRuntime, type ReportsRuntime } from '../../src/reports/runtime';
import { S3BlobStore, parseS3Uri } from '../../src/reports/s3-blobstore';
import { stateName, type ReportState } from '../../src/reports/state';
import { smallReport, tempDir } from '../support/reports';
import { MOTO_CREDENTIALS, startMoto, type MotoServer } from '../support/moto';
import { startTestGateway, type TestGateway } from '../support/gateway';

/** A store that records every read it serves. */
class CountingStore implements BlobStore {
  gets: string[] = [];
  lists: string[] = [];
  constructor(private readonly inner: BlobStore) {}
  get location() {
    return this.inner.location;
  }
  get(key: string) {
    this.gets.push(key);
    return this.inner.get(key);
  }
  put(key: string, body: string, opts?: PutOptions) {
    return this.inner.put(key, body, opts);
  }
  delete(key: string) {
    return this.inner.delete(key);
  }
  list(prefix: string) {
    this.lists.push(prefix);
    return this.inner.list(prefix);
  }
  reset() {
    this.gets = [];
    this.lists = [];
  }
}

const REPORTS = Array.from({ length: 10 }, (_, i) => smallReport(`report_${String(i).padStart(2, '0')}`));
const DETECTIONS = ['d1', 'd2', 'd3', 'd4', 'd5'];

let engine: QueryEngine;
let moto: MotoServer;
const tmp = tempDir('amctl-loaders-');

beforeAll(async () => {
  engine = await createEngine(parseCoreConfig({}, { cwd: tmp.dir, dataDir: join(tmp.dir, 'engine') }), { ingest: false });
  moto = await startMoto();
});
afterAll(async () => {
  await engine?.close();
  await moto?.stop();
  tmp.cleanup();
});

async function gatewayOver(inner: BlobStore): Promise<{ gw: TestGateway; store: CountingStore; runtime: ReportsRuntime }> {
  const store = new CountingStore(inner);
  const config = parseCoreConfig({ reports: { scheduler: false } }, { cwd: tmp.dir, dataDir: join(tmp.dir, 'data') });
  const runtime = createReportsRuntime(config, { engine, store, builtins: REPORTS });
  await runtime.start({ scheduler: false, resume: false });
  // A state and a finished result for every window of every report, written straight to the store.
  const now = new Date().toISOString();
  for (const r of REPORTS) {
    for (const days of WINDOW_DAYS) {
      const runId = `run-${r.name}-${days}`;
      const state: ReportState = { name: stateName(r.name, days), report: r.name, days, status: 'READY', updated_at: now, run_id: runId, started_at: now, completed_at: now, result_run_id: runId };
      expect(await runtime.reports.states.swap(state, undefined)).toBeDefined();
      await runtime.reports.results.save({
        report: r.name, title: r.title, version: r.version, days, run_id: runId, status: 'READY', started_at: now, completed_at: now, queries: [],
        totals: { queries: 2, succeeded: 2, failed: 0, rows: days, execution_ms: 5, bytes_scanned: 0 },
      });
    }
  }
  for (const name of DETECTIONS) {
    await runtime.detections.create({ name, query: `${REPORTS[0]!.name}.users`, days: 7, interval_seconds: 3600, actions: [{ type: 'webhook', url: 'https://siem.example/hook', secret: 'a-signing-secret-of-32-characters' }] });
    await store.put(`detections/${name}/state.json`, JSON.stringify({ sent: {}, last_status: 'QUIET', last_run_at: now }));
    for (const n of [1, 2, 3]) {
      await store.put(
        `detections/${name}/deliveries/2026-01-0${n}T00:00:00.000Z-${name}.json`,
        JSON.stringify({ id: `${name}-${n}`, detection: name, action: 0, type: 'webhook', target: 'https://siem.example/hook', finding_hash: 'h', ok: true, attempts: [{ at: now, status: 200 }] }),
      );
    }
  }
  const roles = 'kind: role\nmetadata: { name: reader }\nspec: { allow: { rules: [ { resources: [security_report], verbs: [list, read] } ] } }\n';
  const gw = await startTestGateway({ engine, roles, gateway: { extensions: new Map([[REPORTS_EXTENSION, runtime]]) } });
  store.reset();
  return { gw, store, runtime };
}

const STATES_QUERY = `{ reports { name states { name status days } lastRun(days: 30) { runId totals { rows } } } }`;

function checkBatched(store: CountingStore, data: any) {
  const reports = data.reports.filter((r: { name: string }) => r.name.startsWith('report_'));
  expect(reports).toHaveLength(10);
  for (const r of reports) {
    expect(r.states.map((s: { days: number }) => s.days)).toEqual([...WINDOW_DAYS]);
    expect(r.lastRun).toEqual({ runId: `run-${r.name}-30`, totals: { rows: 30 } });
  }
  // States: one listing for the whole request (not one per report or field), each document read once.
  expect(store.lists.filter((p) => p.startsWith('states/'))).toEqual(['states/']);
  const stateGets = store.gets.filter((k) => k.startsWith('states/'));
  expect(stateGets.length).toBe(new Set(stateGets).size);
  expect(stateGets.filter((k) => k.includes('report_')).length).toBe(40);
  // Last runs: one read per report for the asked window, none repeated.
  const resultGets = store.gets.filter((k) => k.startsWith('results/'));
  expect(resultGets.sort()).toEqual(REPORTS.map((r) => `results/${r.name}/30_days/run-${r.name}-30.json`).sort());
}

function checkDetections(store: CountingStore, data: any) {
  expect(data.detections.map((d: { name: string }) => d.name)).toEqual(DETECTIONS);
  for (const d of data.detections) {
    expect(d.lastStatus).toBe('QUIET');
    expect(d.deliveries.map((x: { id: string }) => x.id)).toEqual([`${d.name}-3`, `${d.name}-2`, `${d.name}-1`]);
  }
  // The list, the states and the deliveries: one listing each, whatever the number of detections.
  expect(store.lists).toEqual(['detections/', 'detections/', 'detections/']);
  expect(store.gets.filter((k) => k.endsWith('/state.json'))).toHaveLength(DETECTIONS.length);
}

describe.each([
  ['a local directory', () => new LocalBlobStore(join(tmp.dir, `store-${Math.random().toString(36).slice(2)}`))],
  [
    'S3',
    async () => {
      const s3 = new S3Client({ endpoint: moto.endpoint, region: 'eu-central-1', forcePathStyle: true, credentials: MOTO_CREDENTIALS });
      const bucket = `loaders-${Math.random().toString(36).slice(2, 8)}`;
      await s3.send(new CreateBucketCommand({ Bucket: bucket, CreateBucketConfiguration: { LocationConstraint: 'eu-central-1' } }));
      return new S3BlobStore(s3, parseS3Uri(`s3://${bucket}/report_results`));
    },
  ],
] as const)('batched reads on %s', (_label, makeStore) => {
  let ctx: Awaited<ReturnType<typeof gatewayOver>>;
  beforeAll(async () => {
    ctx = await gatewayOver(await makeStore());
  });
  beforeEach(() => ctx.store.reset());
  afterAll(async () => {
    await ctx?.gw.close();
    await ctx?.runtime.stop();
  });

  it('10 reports with all 4 windows: one batched state read, one result read per report', async () => {
    const res = await ctx.gw.gql(STATES_QUERY);
    expect(res.errors).toBeUndefined();
    checkBatched(ctx.store, res.data);
  });

  it('detections with their state and deliveries: one listing per kind', async () => {
    const res = await ctx.gw.gql(`{ detections { name lastStatus deliveries { id ok } } }`);
    expect(res.errors).toBeUndefined();
    checkDetections(ctx.store, res.data);
  });

  it('a detection list that does not ask for deliveries reads none', async () => {
    const res = await ctx.gw.gql(`{ detections { name } }`);
    expect(res.errors).toBeUndefined();
    expect(ctx.store.gets.filter((k) => k.includes('/deliveries/'))).toEqual([]);
  });

  it('needs use on security_report for last runs, read for states', async () => {
    const reader = await ctx.gw.token({ user: 'r', roles: ['reader'] });
    const res = await ctx.gw.gql(`{ reports { name lastRun(days: 7) { runId } } }`, {}, reader);
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const states = await ctx.gw.gql(`{ reports { name states { status } } }`, {}, reader);
    expect(states.errors).toBeUndefined();
  });
});
