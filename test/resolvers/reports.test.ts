// Reports and detections over the real gateway (HTTP + WebSocket, signed tokens, Teleport roles) on
// the embedded engine over a generated audit log.
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configuredReports } from '../../src/reports/local';
import { REPORTS_EXTENSION, type ReportsRuntime } from '../../src/reports/runtime';
import { collectSubscription, startTestGateway, type TestGateway } from '../support/gateway';
import { demoEngine, type DemoEngine } from '../support/reports';

const ROLES = `
kind: role
metadata: { name: report-admin }
spec:
  allow:
    rules:
    - resources: [security_report]
      verbs: [list, read, use, create, update, delete]
---
kind: role
metadata: { name: report-viewer }
spec:
  allow:
    rules:
    - resources: [security_report]
      verbs: [list, read]
---
kind: role
metadata: { name: report-runner-no-queries }
spec:
  allow:
    rules:
    - resources: [security_report, audit_query]
      verbs: [list, read, use]
  deny:
    rules:
    - resources: [audit_query]
      verbs: [use]
`;

let demo: DemoEngine;
let runtime: ReportsRuntime;
let gw: TestGateway;

beforeAll(async () => {
  demo = await demoEngine({ events: 3000, days: 30, raw: { reports: { scheduler: false, webhooks: { allow_private_networks: true } } } });
  runtime = configuredReports(demo.config, demo.engine);
  await runtime.start();
  gw = await startTestGateway({ engine: demo.engine, roles: ROLES, dataDir: demo.config.dataDir, gateway: { extensions: new Map([[REPORTS_EXTENSION, runtime]]) } });
});

afterAll(async () => {
  await gw?.close();
  await runtime?.stop();
  await demo?.cleanup();
});

const RESULT = `query ($name: String!, $days: Int!) { reportResult(name: $name, days: $days) {
  report title days runId status error totals { queries succeeded failed rows executionMs bytesScanned }
  queries { name title suggestion status error columns { name type } rows { data } rowCount executionMs bytesScanned
            chart { type x y series } series { name points { x y } } } } }`;

describe('reports over GraphQL', () => {
  it('lists the pre-built report with its 9 queries', async () => {
    const res = await gw.gql(`{ reports { name title version auditQueries { name title suggestion chart { type x y series } } } }`);
    expect(res.errors).toBeUndefined();
    const [r] = res.data.reports;
    expect(r).toMatchObject({ name: 'privilege_access_report', title: 'Privileged Access Report', version: '0.0.1' });
    expect(r.auditQueries).toHaveLength(9);
    expect(r.auditQueries[0]).toMatchObject({ title: 'Database sessions with weak security', chart: { type: 'bar', x: 'event_date', y: 'count', series: 'user' } });
  });

  it('runs a report, streams its state changes, and serves typed rows and chart series', async () => {
    const token = await gw.token({ roles: ['auditor'] });
    const ws = gw.ws(token);
    const events: unknown[] = [];
    const sub = new Promise<void>((resolve, reject) => {
      const stop = ws.subscribe(
        { query: 'subscription { reportStateChanged(name: "privilege_access_report", days: 30) { name status runId error } }' },
        {
          next: (v) => {
            if (v.errors) return reject(new Error(JSON.stringify(v.errors)));
            events.push((v.data as any).reportStateChanged);
            if ((v.data as any).reportStateChanged.status !== 'RUNNING') {
              stop();
              resolve();
            }
          },
          error: reject,
          complete: () => resolve(),
        },
      );
    });
    await new Promise((r) => setTimeout(r, 200)); // let the subscription register
    const run = await gw.gql(`mutation { runReport(name: "privilege_access_report", days: 30) { name status runId } }`, {}, token);
    expect(run.errors).toBeUndefined();
    expect(run.data.runReport).toMatchObject({ name: 'privilege_access_report_30_days', status: 'RUNNING' });
    await sub;
    expect(events).toEqual([
      { name: 'privilege_access_report_30_days', status: 'RUNNING', runId: run.data.runReport.runId, error: null },
      { name: 'privilege_access_report_30_days', status: 'READY', runId: run.data.runReport.runId, error: null },
    ]);

    const state = await gw.gql(`{ reportState(name: "privilege_access_report", days: 30) { status updatedAt runId } }`, {}, token);
    expect(state.data.reportState).toMatchObject({ status: 'READY', runId: run.data.runReport.runId });

    const res = await gw.gql(RESULT, { name: 'privilege_access_report', days: 30 }, token);
    expect(res.errors).toBeUndefined();
    const result = res.data.reportResult;
    expect(result).toMatchObject({ status: 'READY', runId: run.data.runReport.runId, totals: { queries: 9, succeeded: 9, failed: 0 } });
    const stored = (await runtime.reports.getResult('privilege_access_report', 30))!;
    for (const [i, q] of result.queries.entries()) {
      expect(q.status).toBe('SUCCEEDED');
      expect(q.rows.length).toBe(stored.queries[i].rows.length);
      expect(q.rows.length).toBeGreaterThan(0); // the demo log plants a case for every query
    }
    // Typed rows: counts are bigint (decimal strings), dates ISO dates.
    const q1 = result.queries[0];
    expect(q1.columns).toEqual([{ name: 'event_date', type: 'date' }, { name: 'count', type: 'bigint' }, { name: 'user', type: 'varchar' }]);
    expect(q1.rows[0].data[0]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(q1.rows[0].data[1]).toMatch(/^\d+$/);
    // Chart series, recomputed here: one series per user, event_date -> count.
    const expected = new Map<string, { x: string; y: number }[]>();
    for (const { data } of q1.rows) {
      const list = expected.get(data[2]) ?? [];
      list.push({ x: data[0], y: Number(data[1]) });
      expected.set(data[2], list);
    }
    expect(new Map(q1.series.map((s: any) => [s.name, s.points]))).toEqual(expected);

    const runs = await gw.gql(`{ reportRuns(name: "privilege_access_report", days: 30) { runId status totals { queries } } }`, {}, token);
    expect(runs.data.reportRuns).toEqual([{ runId: run.data.runReport.runId, status: 'READY', totals: { queries: 9 } }]);

    const again = await gw.gql(`mutation { runReport(name: "privilege_access_report", days: 30) { status } }`, {}, token);
    expect(again.errors?.[0]?.extensions?.code).toBe('LIMIT_EXCEEDED');
    expect(again.errors?.[0]?.message).toMatch(/try again in \d+ s/);
  });

  it('checks list/read/use on security_report', async () => {
    const viewer = await gw.token({ roles: ['report-viewer'] });
    expect((await gw.gql(`{ reports { name } }`, {}, viewer)).errors).toBeUndefined();
    const run = await gw.gql(`mutation { runReport(name: "privilege_access_report", days: 7) { status } }`, {}, viewer);
    expect(run.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const result = await gw.gql(RESULT, { name: 'privilege_access_report', days: 30 }, viewer);
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const nobody = await gw.token({ roles: ['unknown-role'] });
    expect((await gw.gql(`{ reports { name } }`, {}, nobody)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await gw.gql(`{ reportStates { name } }`, {}, nobody)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const sub = await collectSubscription(gw.ws(nobody), 'subscription { reportStateChanged { name status } }', {});
    expect(sub.data).toEqual([]);
    expect(JSON.stringify(sub.errors)).toMatch(/FORBIDDEN|not allowed to read security_report/);
  });

  it('validates custom reports on save with the SQL guard, and deletes them', async () => {
    const upsert = `mutation ($input: SecurityReportInput!) { upsertReport(input: $input) { name version auditQueries { name } } }`;
    const admin = await gw.token({ roles: ['report-admin'] });
    const custom = { name: 'custom', version: '1.0.0', auditQueries: [{ name: 'users', query: 'SELECT DISTINCT user FROM session_start' }] };
    expect((await gw.gql(upsert, { input: custom })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN'); // auditor: no create/update
    const bad = await gw.gql(upsert, { input: { ...custom, auditQueries: [{ name: 'evil', query: 'DELETE FROM session_start' }] } }, admin);
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0]?.message).toMatch(/custom, query 1 \(evil\)/);
    expect((await gw.gql(`{ report(name: "custom") { name } }`)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const good = await gw.gql(upsert, { input: custom }, admin);
    expect(good.errors).toBeUndefined();
    expect(good.data.upsertReport).toEqual({ name: 'custom', version: '1.0.0', auditQueries: [{ name: 'users' }] });
    expect((await gw.gql(`{ report(name: "custom") { name } }`)).data.report.name).toBe('custom');
    expect((await gw.gql(`mutation { deleteReport(name: "custom") }`, {}, admin)).data.deleteReport).toBe(true);
    expect((await gw.gql(`{ report(name: "custom") { name } }`)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});

const amctl = (token: string, ...args: string[]) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
      const root = resolve(__dirname, '../..');
      const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/cli/main.ts'), '--server', gw.gateway.origin, '--token', token, ...args], { cwd: root });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c) => (stdout += c));
      child.stderr.on('data', (c) => (stderr += c));
      child.on('exit', (code) => done({ code, stdout, stderr }));
    });

describe('amctl audit report --server', () => {
  it('prints through the gateway what local mode prints', { timeout: 120_000 }, async () => {
    const token = await gw.token({ roles: ['auditor'] });
    const ls = await amctl(token, 'audit', 'report', 'ls', '--format', 'json');
    expect(ls.stderr).toBe('');
    expect(JSON.parse(ls.stdout)).toEqual(await runtime.reports.listReports());
    // The 30-day run from the test above: the same result document, cells and all.
    const res = await amctl(token, 'audit', 'report', 'result', 'privilege_access_report', '--days', '30');
    expect(res.stderr).toBe('');
    const local = (await runtime.reports.getResult('privilege_access_report', 30))!;
    const strip = (r: typeof local) => ({ ...r, queries: r.queries.map(({ started_at: _s, completed_at: _c, execution_id: _e, ...q }) => q) });
    expect(strip(JSON.parse(res.stdout))).toEqual(strip(local));
    const state = await amctl(token, 'audit', 'report', 'state', 'privilege_access_report', '--days', '30');
    expect(state.stdout).toMatch(/privilege_access_report_30_days\s+READY/);
    const viewer = await gw.token({ roles: ['report-viewer'] });
    const denied = await amctl(viewer, 'audit', 'report', 'run', 'privilege_access_report');
    expect(denied.code).toBe(1);
    expect(denied.stderr).toMatch(/^amctl: forbidden: user alice is not allowed to use security_report/);
  });
});

describe('detections over GraphQL', () => {
  let server: Server;
  let url: string;
  const received: { headers: Record<string, unknown>; body: string }[] = [];
  const SECRET = 'detection-signing-secret';

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.end('ok');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}/hook`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const CREATE = `mutation ($input: DetectionInput!) { createDetection(input: $input) { name query days intervalSeconds condition { kind op value } actions { type url } createdBy } }`;

  it('needs use on audit_query to create one', async () => {
    const token = await gw.token({ roles: ['report-runner-no-queries'] });
    const res = await gw.gql(CREATE, { input: { name: 'root', query: 'privilege_access_report.root_ssh_sessions', actions: [{ type: 'slack', url }] } }, token);
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('creates, runs (signed webhook), dedupes and deletes a detection', async () => {
    const created = await gw.gql(CREATE, {
      input: { name: 'root', query: 'privilege_access_report.root_ssh_sessions', days: 30, actions: [{ type: 'webhook', url, secret: SECRET }] },
    });
    expect(created.errors).toBeUndefined();
    expect(created.data.createDetection).toEqual({
      name: 'root',
      query: 'privilege_access_report.root_ssh_sessions',
      days: 30,
      intervalSeconds: 3600,
      condition: { kind: 'row_count', op: '>', value: 0 },
      actions: [{ type: 'webhook', url }],
      createdBy: 'alice',
    });
    const missing = await gw.gql(CREATE, { input: { name: 'x', query: 'no_such_query', actions: [{ type: 'slack', url }] } });
    expect(missing.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');

    const run = await gw.gql(`mutation { runDetection(name: "root") { status rowCount findingHash deliveries { ok attempts { status } } } }`);
    expect(run.errors).toBeUndefined();
    expect(run.data.runDetection).toMatchObject({ status: 'FIRED', deliveries: [{ ok: true, attempts: [{ status: 200 }] }] });
    expect(received).toHaveLength(1);
    const { headers, body } = received[0];
    const sig = 'sha256=' + createHmac('sha256', SECRET).update(`${headers['x-amctl-timestamp']}.${body}`).digest('hex');
    expect(headers['x-amctl-signature']).toBe(sig);
    const payload = JSON.parse(body);
    expect(payload.row_count).toBe(run.data.runDetection.rowCount);
    expect(payload.columns.map((c: { name: string }) => c.name)).toEqual(['event_date', 'count', 'user']);

    const again = await gw.gql(`mutation { runDetection(name: "root") { status deliveries { ok } } }`);
    expect(again.data.runDetection).toEqual({ status: 'DUPLICATE', deliveries: [] });
    expect(received).toHaveLength(1);

    const list = await gw.gql(`{ detections { name lastStatus deliveries { ok findingHash } } }`);
    expect(list.data.detections).toEqual([{ name: 'root', lastStatus: 'DUPLICATE', deliveries: [{ ok: true, findingHash: run.data.runDetection.findingHash }] }]);
    expect((await gw.gql(`mutation { deleteDetection(name: "root") }`)).data.deleteDetection).toBe(true);
    expect((await gw.gql(`{ detections { name } }`)).data.detections).toEqual([]);
  });

  it('is managed with amctl audit detection --server', { timeout: 120_000 }, async () => {
    const token = await gw.token({ roles: ['auditor'] });
    const file = join(demo.dir, 'detection.yaml');
    writeFileSync(file, stringify({ name: 'remote-root', query: 'privilege_access_report.root_ssh_sessions', days: 30, actions: [{ type: 'webhook', url, secret: SECRET }] }));
    const created = await amctl(token, 'audit', 'detection', 'create', '-f', file, '--format', 'json');
    expect(created.stderr).toBe('');
    expect(JSON.parse(created.stdout)).toMatchObject({ name: 'remote-root', days: 30, actions: [{ type: 'webhook', url, secret: '********' }], created_by: 'alice' });
    const ran = await amctl(token, 'audit', 'detection', 'run', 'remote-root', '--format', 'json');
    expect(JSON.parse(ran.stdout)).toMatchObject({ detection: 'remote-root', status: 'FIRED', deliveries: [{ ok: true }] });
    const listed = await amctl(token, 'audit', 'detection', 'ls');
    expect(listed.stdout).toMatch(/remote-root\s+privilege_access_report\.root_ssh_sessions\s+3600s\s+yes\s+\S+\s+FIRED/);
    expect((await amctl(token, 'audit', 'detection', 'rm', 'remote-root')).stdout).toBe('detection remote-root deleted\n');
  });
});
