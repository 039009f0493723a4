// Reports on AWS layout: report_results on S3 (moto_server), configured the Teleport way
// (access_monitoring.report_results). Two gateways share the bucket: the S3 lease (conditional
// writes) lets one scheduler act, each scheduled report runs once, and results land as JSON objects.
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { WINDOW_DAYS } from '../../src/engine/types';
import { ManualClock } from '../../src/reports/clock';
import { createReportsRuntime } from '../../src/reports/runtime';
import { MOTO_CREDENTIALS, startMoto, type MotoServer } from '../support/moto';
import { parseCoreConfig } from '../../src/config';
import { demoEngine, smallReport, type DemoEngine } from '../support/reports';

let moto: MotoServer;
let demo: DemoEngine;
let s3: S3Client;

beforeAll(async () => {
  moto = await startMoto();
  s3 = new S3Client({ endpoint: moto.endpoint, region: 'eu-central-1', forcePathStyle: true, credentials: MOTO_CREDENTIALS });
  await s3.send(new CreateBucketCommand({ Bucket: 'audit-long-term', CreateBucketConfiguration: { LocationConstraint: 'eu-central-1' } }));
  demo = await demoEngine({ events: 2000, days: 14 });
});
afterAll(async () => {
  await demo?.cleanup();
  await moto?.stop();
});

it('two gateways on one S3 report_results location run each scheduled report once', async () => {
  const config = { ...demo.config, raw: { ...demo.config.raw, auth_service: { access_monitoring: { enabled: true, report_results: 's3://audit-long-term/report_results' } } } };
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const gateways = ['gw-a', 'gw-b'].map((owner) => createReportsRuntime(config, { engine: demo.engine, s3, clock, owner, builtins: [smallReport()] }));
  expect(gateways[0].store.location).toBe('s3://audit-long-term/report_results');
  await Promise.all(gateways.map((g) => g.reports.start()));

  const ticks = await Promise.all(gateways.map((g) => g.scheduler.tick()));
  expect(ticks.filter((t) => t.leader)).toHaveLength(1);
  expect(ticks.flatMap((t) => t.started).sort()).toEqual(WINDOW_DAYS.map((d) => `small_report_${d}_days`).sort());
  await Promise.all(gateways.map((g) => g.reports.drain()));
  expect((await Promise.all(gateways.map((g) => g.scheduler.tick()))).flatMap((t) => t.started)).toEqual([]);

  const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'audit-long-term', Prefix: 'report_results/results/small_report/' }));
  const keys = (listed.Contents ?? []).map((o) => o.Key!).sort();
  expect(keys).toHaveLength(4);
  expect(keys.map((k) => k.split('/')[3])).toEqual(['120_days', '30_days', '7_days', '90_days']);
  const obj = await s3.send(new GetObjectCommand({ Bucket: 'audit-long-term', Key: keys[2] }));
  const doc = JSON.parse(await obj.Body!.transformToString());
  expect(doc).toMatchObject({ report: 'small_report', days: 7, status: 'READY', totals: { queries: 2, failed: 0 } });
  // Both gateways see the same states.
  for (const g of gateways) expect((await g.reports.listStates()).map((s) => s.status)).toEqual(['READY', 'READY', 'READY', 'READY']);
});

it('on the Athena configuration, writes report_results as the assumed access-monitoring role', async () => {
  // Teleport's own blocks; endpoints point the STS and S3 calls at moto.
  const raw = {
    engine: 'athena',
    teleport: { storage: { audit_events_uri: 'athena://audit_db.audit_table?region=eu-central-1&queryResultsS3=s3://audit-transient/results' } },
    auth_service: {
      access_monitoring: { enabled: true, role_arn: 'arn:aws:iam::123456789012:role/AccessMonitoringRole', report_results: 's3://audit-long-term/athena_reports' },
    },
    athena: { endpoints: { athena: moto.endpoint, s3: moto.endpoint, sts: moto.endpoint } },
  };
  const core = parseCoreConfig(raw, { cwd: demo.dir, dataDir: demo.config.dataDir });
  // The runtime never looks at which engine runs the SQL; the embedded one stands in here.
  const rt = createReportsRuntime(core, { engine: demo.engine, awsCredentials: MOTO_CREDENTIALS, builtins: [smallReport()] });
  try {
    expect(rt.store.location).toBe('s3://audit-long-term/athena_reports');
    await rt.reports.start();
    await rt.reports.runReport('small_report', 7);
    expect((await rt.reports.waitForRun('small_report', 7)).status).toBe('READY');
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'audit-long-term', Prefix: 'athena_reports/results/small_report/7_days/' }));
    expect(listed.Contents).toHaveLength(1);
  } finally {
    await rt.stop();
  }
});
