// The findings inbox and triage through a real gateway, with the findings kept locally and on S3
// (moto): report runs make findings; the inbox filters them by severity, rule, status and entity; a
// role with update on security_report triages (open -> acknowledged -> resolved), one without is
// refused; the history says who, when and why; the feed (NDJSON and OCSF) carries the triage changes
// in order after the run changes.
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCoreConfig } from '../../src/config';
import { createEngine } from '../../src/cli/compose/engine';
import type { QueryEngine } from '../../src/engine/types';
import type { BlobStore } from '../../src/reports/blobstore';
import { parseReportDefinition } from '../../src/reports/definitions';
import { createReportsRuntime, REPORTS_EXTENSION, type ReportsRuntime } from '../../src/reports/runtime';
import { parseS3Uri, S3BlobStore } from '../../src/reports/s3-blobstore';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { MOTO_CREDENTIALS, startMoto, type MotoServer } from '../support/moto';
import { validateDetectionFinding } from '../support/ocsf/detection-finding';

const ROLES = `
kind: role
metadata: { name: triager }
spec:
  allow:
    rules:
    - resources: [security_report]
      verbs: [list, read, use, update]
`;

const def = parseReportDefinition({
  name: 'triage_report',
  title: 'Triage report',
  version: '1.0.0',
  severity: 'low',
  audit_queries: [
    {
      name: 'by_user',
      title: 'Root logins by user',
      query: `SELECT 'alice' AS user, '10.0.0.7' AS addr_remote, CAST(3 AS bigint) AS n UNION ALL SELECT 'bob', '10.0.0.9', CAST(1 AS bigint) ORDER BY user`,
      severity: 'high',
    },
    { name: 'total', title: 'All root logins', query: `SELECT CAST(4 AS bigint) AS total` },
  ],
});

const INBOX = `query($filter: InboxFilterInput, $first: Int, $after: String) {
  findingsInbox(filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    nodes { id rule status assignee count entities { kind value } finding { severity title firstSeen lastSeen fields } }
  }
}`;
const TRIAGE = `mutation($input: TriageFindingInput!) {
  triageFinding(input: $input) { id status assignee history { status from by at comment version } finding { triage { status version } } }
}`;

let moto: MotoServer | undefined;

describe.each(['local', 's3'] as const)('findings inbox and triage, store %s', (kind) => {
  let dir: string;
  let engine: QueryEngine;
  let runtime: ReportsRuntime;
  let gw: TestGateway;
  let reader: string;
  let triager: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'amctl-triage-'));
    const config = parseCoreConfig({ reports: { scheduler: false, rerun_throttle_seconds: 0 } }, { cwd: dir, dataDir: dir });
    mkdirSync(config.dataDir, { recursive: true });
    engine = await createEngine(config, { ingest: false });
    let store: BlobStore | undefined;
    if (kind === 's3') {
      moto ??= await startMoto();
      const s3 = new S3Client({ endpoint: moto.endpoint, region: 'eu-central-1', forcePathStyle: true, credentials: MOTO_CREDENTIALS });
      await s3.send(new CreateBucketCommand({ Bucket: 'triage-bucket', CreateBucketConfiguration: { LocationConstraint: 'eu-central-1' } }));
      store = new S3BlobStore(s3, parseS3Uri('s3://triage-bucket/report_results/'));
    }
    runtime = createReportsRuntime(config, { engine, builtins: [def], ...(store ? { store } : {}) });
    await runtime.start();
    gw = await startTestGateway({ engine, roles: ROLES, dataDir: dir, gateway: { extensions: new Map([[REPORTS_EXTENSION, runtime]]) } });
    reader = await gw.token({ user: 'ana', roles: ['auditor'] });
    triager = await gw.token({ user: 'tom', roles: ['triager'] });
    await runtime.reports.runReport('triage_report', 7);
    expect((await runtime.reports.waitForRun('triage_report', 7, 20)).status).toBe('READY');
    await runtime.findings.idle();
  }, 120_000);

  afterAll(async () => {
    await gw?.close();
    await runtime?.stop();
    await engine?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    if (kind === 's3') await moto?.stop();
  });

  const inbox = async (filter?: Record<string, unknown>, first = 50, after?: string) => {
    const r = await gw.gql(INBOX, { filter, first, after }, reader);
    expect(r.errors).toBeUndefined();
    return r.data.findingsInbox;
  };

  it('lists every finding with severity, rule, entities and count, and filters by severity, rule, status and entity', async () => {
    const all = await inbox();
    expect(all.totalCount).toBe(3);
    const alice = all.nodes.find((n: any) => n.finding.fields.user === 'alice');
    expect(alice).toMatchObject({ rule: 'triage_report.by_user', status: 'open', assignee: null, count: 1, finding: { severity: 'high', title: 'Root logins by user' } });
    expect(alice.entities).toEqual([{ kind: 'user', value: 'alice' }, { kind: 'ip', value: '10.0.0.7' }]);
    expect((await inbox({ entity: 'ALICE' })).nodes.map((n: any) => n.id)).toEqual([alice.id]);
    expect((await inbox({ entity: '10.0.0.9' })).nodes.map((n: any) => n.finding.fields.user)).toEqual(['bob']);
    expect((await inbox({ severities: ['high'] })).totalCount).toBe(2);
    expect((await inbox({ severities: ['low'] })).nodes.map((n: any) => n.rule)).toEqual(['triage_report.total']);
    expect((await inbox({ rules: ['triage_report.total'] })).totalCount).toBe(1);
    expect((await inbox({ rules: ['by_user'] })).totalCount).toBe(2);
    expect((await inbox({ statuses: ['open'] })).totalCount).toBe(3);
    expect((await inbox({ statuses: ['acknowledged'] })).totalCount).toBe(0);
    // Pages: two then one, no finding twice.
    const p1 = await inbox(undefined, 2);
    const p2 = await inbox(undefined, 2, p1.pageInfo.endCursor);
    expect(p1.pageInfo.hasNextPage).toBe(true);
    expect(p2.pageInfo.hasNextPage).toBe(false);
    expect(new Set([...p1.nodes, ...p2.nodes].map((n: any) => n.id)).size).toBe(3);
  });

  it('triages open -> acknowledged -> resolved for a role with update, refuses one without, and keeps the history', async () => {
    const alice = (await inbox({ entity: 'alice' })).nodes[0];
    const denied = await gw.gql(TRIAGE, { input: { id: alice.id, status: 'acknowledged', comment: 'mine' } }, reader);
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(denied.errors?.[0]?.message).toMatch(/not allowed to update security_report/);

    const ack = await gw.gql(TRIAGE, { input: { id: alice.id, status: 'acknowledged', assignee: 'tom', comment: 'looking into it', expectedVersion: 0 } }, triager);
    expect(ack.errors).toBeUndefined();
    expect(ack.data.triageFinding).toMatchObject({ status: 'acknowledged', assignee: 'tom', finding: { triage: { status: 'acknowledged', version: 1 } } });

    const stale = await gw.gql(TRIAGE, { input: { id: alice.id, status: 'resolved', comment: 'x', expectedVersion: 0 } }, triager);
    expect(stale.errors?.[0]?.message).toMatch(/at version 1, not 0/);

    const res = await gw.gql(TRIAGE, { input: { id: alice.id, status: 'resolved', comment: 'root login was a break-glass test' } }, triager);
    expect(res.errors).toBeUndefined();
    const h = res.data.triageFinding.history;
    expect(h.map((e: any) => [e.from, e.status, e.by, e.comment, e.version])).toEqual([
      ['open', 'acknowledged', 'tom', 'looking into it', 1],
      ['acknowledged', 'resolved', 'tom', 'root login was a break-glass test', 2],
    ]);
    expect(Date.parse(h[1].at)).toBeGreaterThanOrEqual(Date.parse(h[0].at));
    expect(res.data.triageFinding.assignee).toBe('tom'); // kept when not given

    const back = await gw.gql(TRIAGE, { input: { id: alice.id, status: 'acknowledged', comment: 'again' } }, triager);
    expect(back.errors?.[0]?.message).toMatch(/a resolved finding cannot become acknowledged: from resolved it can become open/);
    const missing = await gw.gql(TRIAGE, { input: { id: 'f'.repeat(32), status: 'acknowledged', comment: '' } }, triager);
    expect(missing.errors?.[0]?.message).toMatch(/no finding/);

    const read = await gw.gql(`query($id: ID!) { finding(id: $id) { status history { status by } } }`, { id: alice.id }, reader);
    expect(read.data.finding).toEqual({ status: 'resolved', history: [{ status: 'acknowledged', by: 'tom' }, { status: 'resolved', by: 'tom' }] });
    expect((await inbox({ statuses: ['resolved'] })).nodes.map((n: any) => n.id)).toEqual([alice.id]);
    expect((await inbox({ statuses: ['open'] })).totalCount).toBe(2);
  });

  it('the feed carries the triage changes in order, and OCSF status follows the triage', async () => {
    const auth = { headers: { authorization: `Bearer ${reader}` } };
    const nd = (await (await fetch(`${gw.gateway.origin}/v1/findings`, auth)).text()).split('\n').filter(Boolean).map((l) => JSON.parse(l));
    expect(nd.map((f) => f.change)).toEqual(['NEW', 'NEW', 'NEW', 'TRIAGED', 'TRIAGED']);
    expect(nd.slice(3).map((f) => [f.triage.status, f.triage.by, f.triage.comment])).toEqual([
      ['acknowledged', 'tom', 'looking into it'],
      ['resolved', 'tom', 'root login was a break-glass test'],
    ]);
    const ocsf = (await (await fetch(`${gw.gateway.origin}/v1/findings?format=ocsf&change=TRIAGED`, auth)).text()).split('\n').filter(Boolean).map((l) => JSON.parse(l));
    expect(ocsf.map((e) => [e.status_id, e.status, e.is_alert, e.unmapped.triage.assignee])).toEqual([
      [2, 'In Progress', true, 'tom'],
      [4, 'Resolved', false, 'tom'],
    ]);
    expect(ocsf[1].comment).toBe('root login was a break-glass test');
    expect(new Set(ocsf.map((e) => e.metadata.uid)).size).toBe(2);
    for (const e of ocsf) expect(validateDetectionFinding(e).errors).toEqual([]);
    const gq = await gw.gql(`{ findings(first: 10, filter: { changes: [TRIAGED] }) { edges { node { change triage { status by version } ocsf } } } }`, {}, reader);
    expect(gq.data.findings.edges.map((e: any) => [e.node.triage.status, e.node.triage.version, e.node.ocsf.status_id])).toEqual([
      ['acknowledged', 1, 2],
      ['resolved', 2, 4],
    ]);
  });
});
