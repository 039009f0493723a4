// The findings feed through a real gateway, on both engines: report runs become findings; a SIEM pulls
// GET /v1/findings (NDJSON and OCSF) and GraphQL findings from a stored cursor and gets each change
// once, also after the gateway restarts; RBAC as for report results. On Athena the report results (and
// so the findings) are on S3 (moto), as Teleport lays them out.
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCoreConfig, type CoreConfig } from '../../../src/config';
import { createEngine } from '../../../src/cli/compose/engine';
import type { QueryEngine } from '../../../src/engine/types';
import { parseReportDefinition } from '../../../src/reports/definitions';
import { createReportsRuntime, REPORTS_EXTENSION, type ReportsRuntime } from '../../../src/reports/runtime';
import { startHarness, type Harness } from '../../support/athena-stub/harness';
import { MOTO_CREDENTIALS } from '../../support/moto';
import { startTestGateway, type TestGateway } from '../../support/gateway';
import { validateDetectionFinding } from '../../support/ocsf/detection-finding';

const ROLES = `
kind: role
metadata: { name: report-viewer }
spec:
  allow:
    rules:
    - resources: [security_report]
      verbs: [list, read]
`;

/** A report whose rows the test sets by editing its SQL between runs. */
function report(version: string, users: [string, number][], total: number) {
  const rows = users.map(([u, n]) => `SELECT '${u}' AS user, CAST(${n} AS bigint) AS sessions`).join(' UNION ALL ');
  return parseReportDefinition({
    name: 'siem_report',
    title: 'SIEM report',
    version,
    severity: 'low',
    audit_queries: [
      { name: 'by_user', title: 'Sessions by user', query: `${rows} ORDER BY user`, suggestion: 'Review these users', severity: 'high' },
      { name: 'total', title: 'All sessions', query: `SELECT CAST(${total} AS bigint) AS total` },
    ],
  });
}

interface Setup {
  engine: QueryEngine;
  config: CoreConfig;
  runtimeOpts: Partial<Parameters<typeof createReportsRuntime>[1]>;
  close(): Promise<void>;
}

async function embeddedSetup(): Promise<Setup> {
  const dir = mkdtempSync(join(tmpdir(), 'amctl-feed-'));
  const config = parseCoreConfig({}, { cwd: dir, dataDir: dir });
  const engine = await createEngine(config, { ingest: false });
  return {
    engine,
    config,
    runtimeOpts: {},
    async close() {
      await engine.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function athenaSetup(): Promise<Setup> {
  const h: Harness = await startHarness({ events: 1000, days: 3 });
  await h.s3.send(new CreateBucketCommand({ Bucket: 'audit-long-term', CreateBucketConfiguration: { LocationConstraint: 'eu-central-1' } }));
  return { engine: h.engine, config: h.config, runtimeOpts: { s3: h.s3, awsCredentials: MOTO_CREDENTIALS }, close: () => h.close() };
}

describe.each([
  ['embedded', embeddedSetup],
  ['athena', athenaSetup],
] as const)('findings feed on the %s engine', (_kind, setup) => {
  let s: Setup;
  let runtime: ReportsRuntime;
  let gw: TestGateway;
  let token: string;
  let hook: Server;

  const start = async () => {
    mkdirSync(s.config.dataDir, { recursive: true });
    const config = { ...s.config, raw: { ...s.config.raw, reports: { scheduler: false, rerun_throttle_seconds: 0, webhooks: { allow_private_networks: true } } } };
    runtime = createReportsRuntime(config, { engine: s.engine, builtins: [report('1.0.0', [['alice', 3], ['bob', 1]], 4)], ...s.runtimeOpts });
    await runtime.start();
    gw = await startTestGateway({ engine: s.engine, roles: ROLES, dataDir: s.config.dataDir, gateway: { extensions: new Map([[REPORTS_EXTENSION, runtime]]) } });
    token = await gw.token({ user: 'siem', roles: ['auditor'] });
  };
  const stop = async () => {
    await gw.close();
    await runtime.stop();
  };
  const runReport = async (def?: ReturnType<typeof report>) => {
    if (def) await runtime.reports.upsertReport(def);
    await runtime.reports.runReport('siem_report', 7);
    const st = await runtime.reports.waitForRun('siem_report', 7, 20);
    expect(st.status).toBe('READY');
    await runtime.findings.idle();
  };
  const pull = async (after?: string, extra = '', tok = token) => {
    const q = new URLSearchParams(after ? { after } : {});
    const res = await fetch(`${gw.gateway.origin}/v1/findings?${q}${extra}`, { headers: { authorization: `Bearer ${tok}` } });
    const text = await res.text();
    return { status: res.status, next: res.headers.get('amctl-next-cursor') ?? undefined, more: res.headers.get('amctl-has-more'), lines: res.status === 200 ? text.split('\n').filter(Boolean).map((l) => JSON.parse(l)) : [], text };
  };

  beforeAll(async () => {
    s = await setup();
    await start();
    hook = createServer((_req, res) => res.end('ok'));
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
  }, 180_000);

  afterAll(async () => {
    hook?.close();
    await gw?.close();
    await runtime?.stop();
    await s?.close();
  });

  let cursor: string | undefined;

  it('a report run gives one NEW finding per row, with the severity from the definition', async () => {
    await runReport();
    const page = await pull();
    expect(page.status).toBe(200);
    const byUser = page.lines.filter((l) => l.source.query === 'by_user');
    expect(byUser.map((l) => [l.change, l.fields.user, l.fields.sessions, l.severity])).toEqual([
      ['NEW', 'alice', '3', 'high'],
      ['NEW', 'bob', '1', 'high'],
    ]);
    const total = page.lines.filter((l) => l.source.query === 'total');
    expect(total.map((l) => [l.change, l.fields.total, l.severity, l.key])).toEqual([['NEW', '4', 'low', []]]);
    expect(page.lines.every((l) => typeof l.cursor === 'string')).toBe(true);
    expect(page.next).toBe(page.lines.at(-1).cursor);
    cursor = page.next;
    // Nothing new: an empty page that keeps the cursor.
    const again = await pull(cursor);
    expect(again.lines).toEqual([]);
    expect(again.next).toBe(cursor);
  });

  it('the next run adds only what changed: UPDATED, NEW, RESOLVED', async () => {
    await runReport(report('1.0.1', [['alice', 5], ['carol', 2]], 7));
    const page = await pull(cursor);
    expect(page.lines.map((l) => `${l.change}:${l.source.query}:${l.fields.user ?? l.fields.total}`).sort()).toEqual(
      ['NEW:by_user:carol', 'RESOLVED:by_user:bob', 'UPDATED:by_user:alice', 'UPDATED:total:7'].sort(),
    );
    const alice = page.lines.find((l) => l.fields.user === 'alice');
    expect(alice.version).toBe(2);
    expect(alice.first_seen < alice.changed_at).toBe(true);
    cursor = page.next;
  });

  it('format=ocsf gives valid OCSF Detection Finding events', async () => {
    const page = await pull(undefined, '&format=ocsf');
    expect(page.lines).toHaveLength(7);
    for (const ev of page.lines) {
      const v = validateDetectionFinding(ev);
      expect(v.errors).toEqual([]);
      expect(v.missingRecommended).toEqual([]);
    }
    // Run 1: alice, bob, total created; run 2: alice updated, carol created, bob closed, total updated.
    expect(page.lines.map((e) => e.activity_id)).toEqual([1, 1, 1, 2, 1, 3, 2]);
    expect(page.lines.filter((e) => e.activity_id === 3).map((e) => e.unmapped.fields.user)).toEqual(['bob']);
    expect(page.lines.at(-1).unmapped.cursor).toBe(cursor);
  });

  it('GraphQL findings pages the same feed, with the ocsf field', async () => {
    const Q = `query($after: String, $first: Int!) { findings(after: $after, first: $first) {
      edges { cursor node { id change status severity version source { kind report query days } fields key ocsf } }
      pageInfo { hasNextPage endCursor } } }`;
    const seen: any[] = [];
    let after: string | undefined;
    for (let i = 0; i < 10; i++) {
      const r = await gw.gql(Q, { after, first: 3 }, token);
      expect(r.errors).toBeUndefined();
      seen.push(...r.data.findings.edges);
      after = r.data.findings.pageInfo.endCursor;
      if (!r.data.findings.pageInfo.hasNextPage) break;
    }
    const http = await pull(undefined);
    expect(seen.map((e) => `${e.node.id}#${e.node.version}`)).toEqual(http.lines.map((l) => `${l.id}#${l.version}`));
    expect(seen.map((e) => e.cursor)).toEqual(http.lines.map((l) => l.cursor));
    for (const e of seen) expect(validateDetectionFinding(e.node.ocsf).errors).toEqual([]);
    const filtered = await gw.gql(`{ findings(first: 100, filter: { minSeverity: high, changes: [RESOLVED] }) { edges { node { fields } } } }`, {}, token);
    expect(filtered.data.findings.edges.map((e: any) => e.node.fields.user)).toEqual(['bob']);
  });

  it('filters move the cursor past what they leave out', async () => {
    const page = await pull(undefined, '&min_severity=high&change=NEW');
    expect(page.lines.map((l) => l.fields.user)).toEqual(['alice', 'bob', 'carol']);
    expect(page.next).toBe(cursor);
  });

  it('the stored cursor survives a gateway restart: only later changes come', async () => {
    await stop();
    await start();
    expect((await pull(cursor)).lines).toEqual([]);
    await runReport(report('1.0.2', [['alice', 5], ['bob', 1], ['carol', 2]], 8));
    const page = await pull(cursor);
    expect(page.lines.map((l) => `${l.change}:${l.fields.user ?? l.fields.total}`).sort()).toEqual(['REOPENED:bob', 'UPDATED:8'].sort());
    cursor = page.next;
  });

  it('a detection run adds findings for the rows its condition matched', async () => {
    await runtime.detections.create({
      name: 'many_sessions',
      description: 'Users with more than 4 sessions',
      query: 'siem_report.by_user',
      days: 7,
      condition: { kind: 'column', column: 'sessions', op: '>', value: 4 },
      severity: 'critical',
      actions: [{ type: 'slack', url: `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook` }],
    });
    const out = await runtime.detections.run('many_sessions');
    expect(out.status).toBe('FIRED');
    await runtime.findings.idle();
    const page = await pull(cursor, '&detection=many_sessions');
    expect(page.lines.map((l) => [l.change, l.source.kind, l.source.detection, l.fields.user, l.severity])).toEqual([['NEW', 'detection', 'many_sessions', 'alice', 'critical']]);
  });

  it('needs read and use on security_report, a token, and a cursor from the feed', async () => {
    expect((await pull(undefined, '', await gw.token({ user: 'v', roles: ['report-viewer'] }))).status).toBe(403);
    const anon = await fetch(`${gw.gateway.origin}/v1/findings`);
    expect(anon.status).toBe(401);
    const viaTeleport = await fetch(`${gw.gateway.origin}/v1/findings?limit=1`, { headers: { 'teleport-jwt-assertion': token } });
    expect(viaTeleport.status).toBe(200);
    const bad = await pull('not-a-cursor');
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text).errors[0].message).toMatch(/not a findings cursor/);
    expect((await pull(undefined, '&limit=0')).status).toBe(400);
    const gql = await gw.gql('{ findings { edges { cursor } } }', {}, await gw.token({ user: 'v', roles: ['report-viewer'] }));
    expect(gql.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
