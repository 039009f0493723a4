// The scripts in examples/ run as users run them (bash + curl) against a live gateway: the SIEM pull
// into a file, Splunk's HTTP Event Collector and Elasticsearch's _bulk API (local receivers that speak
// those protocols, so delivery failures can be staged), and the CI step that fails on new findings.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCoreConfig } from '../../src/config';
import { createEngine } from '../../src/cli/compose/engine';
import type { QueryEngine } from '../../src/engine/types';
import { parseReportDefinition } from '../../src/reports/definitions';
import { createReportsRuntime, REPORTS_EXTENSION, type ReportsRuntime } from '../../src/reports/runtime';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { validateDetectionFinding } from '../support/ocsf/detection-finding';

const EXAMPLES = fileURLToPath(new URL('../../examples/', import.meta.url));

function report(version: string, users: string[]) {
  return parseReportDefinition({
    name: 'ci_report',
    version,
    audit_queries: [{ name: 'risky_users', title: 'Risky users', severity: 'high', query: users.map((u) => `SELECT '${u}' AS user`).join(' UNION ALL ') + ' ORDER BY user' }],
  });
}

function sh(script: string, env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('bash', [join(EXAMPLES, script)], { env: { PATH: process.env.PATH!, ...env }, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** A local receiver: records each request body; `failOn` answers 503 to that request number. */
async function receiver(reply: (n: number, body: string, req: IncomingMessage) => [number, string]): Promise<{ server: Server; url: string; bodies: string[]; headers: IncomingMessage['headers'][] }> {
  const bodies: string[] = [];
  const headers: IncomingMessage['headers'][] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const [status, text] = reply(bodies.length + 1, body, req);
      // What the receiver accepted: not a refusal, nor an Elasticsearch bulk item error.
      if (status < 300 && !text.includes('"errors":true')) {
        bodies.push(body);
        headers.push(req.headers);
      }
      res.writeHead(status, { 'content-type': 'application/json' }).end(text);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, bodies, headers };
}

let dir: string;
let engine: QueryEngine;
let runtime: ReportsRuntime;
let gw: TestGateway;
let env: Record<string, string>;
const servers: Server[] = [];

async function runReport(users: string[], version: string) {
  await runtime.reports.upsertReport(report(version, users));
  await runtime.reports.runReport('ci_report', 7);
  await runtime.reports.waitForRun('ci_report', 7, 20);
  await runtime.findings.idle();
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'amctl-examples-'));
  const config = parseCoreConfig({ reports: { scheduler: false, rerun_throttle_seconds: 0 } }, { cwd: dir, dataDir: join(dir, 'data') });
  engine = await createEngine(config, { ingest: false });
  runtime = createReportsRuntime(config, { engine, builtins: [report('1.0.0', ['alice'])] });
  await runtime.start();
  gw = await startTestGateway({ engine, dataDir: config.dataDir, raw: config.raw, gateway: { extensions: new Map([[REPORTS_EXTENSION, runtime]]) } });
  env = { AMCTL_URL: gw.gateway.origin, AMCTL_TOKEN: await gw.token({ user: 'siem', roles: ['auditor'], expiresIn: '1h' }) };
});

afterAll(async () => {
  for (const s of servers) s.close();
  await gw?.close();
  await runtime?.stop();
  await engine?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('examples/siem-pull.sh', () => {
  it('appends OCSF events to a file and resumes from its cursor: a cron job with curl', async () => {
    await runReport(['alice', 'bob'], '1.0.1');
    const state = join(dir, 'pull-file');
    const out = join(dir, 'findings.ndjson');
    const first = await sh('siem-pull.sh', { ...env, STATE_DIR: state, OUT: out });
    expect(first.stderr).toContain('delivered 2');
    expect(first.code).toBe(0);
    const events = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(events.map((e) => [e.class_uid, e.activity_id, e.unmapped.fields.user])).toEqual([[2004, 1, 'alice'], [2004, 1, 'bob']]);
    for (const e of events) expect(validateDetectionFinding(e).errors).toEqual([]);
    expect(readFileSync(join(state, 'cursor'), 'utf8').trim()).toBe(events[1].unmapped.cursor);

    expect((await sh('siem-pull.sh', { ...env, STATE_DIR: state, OUT: out })).stderr).toContain('delivered 0');
    await runReport(['alice', 'carol'], '1.0.2');
    expect((await sh('siem-pull.sh', { ...env, STATE_DIR: state, OUT: out, LIMIT: '1' })).code).toBe(0);
    const all = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(all.slice(2).map((e) => `${e.activity_name}:${e.unmapped.fields.user}`)).toEqual(['Create:carol', 'Close:bob']);
  });

  it('posts to a Splunk HTTP Event Collector; a delivery failure stops the run, and the next run resumes without repeats', async () => {
    let failOn = 2;
    const hec = await receiver((n) => (n === failOn ? ((failOn = -1), [503, '{"text":"Server is busy","code":9}']) : [200, '{"text":"Success","code":0}']));
    servers.push(hec.server);
    const state = join(dir, 'pull-hec');
    const hecEnv = { ...env, STATE_DIR: state, SPLUNK_HEC_URL: `${hec.url}/services/collector/event`, SPLUNK_HEC_TOKEN: 'hec-token' };
    const broken = await sh('siem-pull.sh', hecEnv);
    expect(broken.code).not.toBe(0);
    expect(hec.bodies).toHaveLength(1);
    const again = await sh('siem-pull.sh', hecEnv);
    expect(again.code).toBe(0);
    const sent = hec.bodies.map((b) => JSON.parse(b));
    expect(sent.every((s) => s.sourcetype === 'ocsf:detection_finding' && s.event.class_uid === 2004)).toBe(true);
    const ids = sent.map((s) => s.event.metadata.uid);
    expect(new Set(ids).size).toBe(ids.length);
    expect(sent.map((s) => `${s.event.activity_name}:${s.event.unmapped.fields.user}`)).toEqual(['Create:alice', 'Create:bob', 'Create:carol', 'Close:bob']);
    expect(hec.headers[0]!.authorization).toBe('Splunk hec-token');
  });

  it('indexes into Elasticsearch through _bulk, and stops when an item is refused', async () => {
    let refused = false;
    const es = await receiver((_n, body) =>
      body.includes('"carol"') && !refused ? ((refused = true), [200, '{"errors":true,"items":[{"create":{"status":429}}]}']) : [200, '{"errors":false,"items":[{"create":{"status":201}}]}'],
    );
    servers.push(es.server);
    const state = join(dir, 'pull-es');
    const esEnv = { ...env, STATE_DIR: state, ELASTIC_URL: es.url, ELASTIC_API_KEY: 'k', FORMAT: 'ndjson' };
    const first = await sh('siem-pull.sh', esEnv);
    expect(first.code).not.toBe(0);
    expect(first.stderr).toContain('Elasticsearch refused');
    expect((await sh('siem-pull.sh', esEnv)).code).toBe(0);
    const docs = es.bodies.map((b) => b.split('\n'));
    expect(docs.every((d) => d[0] === '{"create":{}}')).toBe(true);
    // The refused one was retried by the second run: every change indexed once.
    const indexed = docs.map((d) => JSON.parse(d[1]!)).map((f) => `${f.change}:${f.fields.user}`);
    expect(indexed).toEqual(['NEW:alice', 'NEW:bob', 'NEW:carol', 'RESOLVED:bob']);
  });

  it('says what is wrong when the gateway refuses', async () => {
    const r = await sh('siem-pull.sh', { ...env, AMCTL_TOKEN: 'not-a-token', STATE_DIR: join(dir, 'pull-bad') });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/HTTP 401/);
  });
});

describe('examples/ci-fail-on-new-findings.sh', () => {
  it('sets a baseline first, then fails on new findings only', async () => {
    const ciEnv = { ...env, STATE_DIR: join(dir, 'ci'), REPORT: 'ci_report', TIMEOUT: '60' };
    const first = await sh('ci-fail-on-new-findings.sh', ciEnv);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/baseline recorded/);
    expect(existsSync(join(dir, 'ci', 'cursor'))).toBe(true);

    const quiet = await sh('ci-fail-on-new-findings.sh', ciEnv);
    expect(quiet.code).toBe(0);
    expect(quiet.stdout).toMatch(/no new findings/);

    await runtime.reports.upsertReport(report('1.0.3', ['alice', 'carol', 'mallory']));
    const failed = await sh('ci-fail-on-new-findings.sh', ciEnv);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/1 new finding/);
    expect(failed.stdout).toMatch(/\[high\] Risky users .*mallory/);

    const after = await sh('ci-fail-on-new-findings.sh', ciEnv);
    expect(after.code).toBe(0);
  });

  it('exits 2 when the check cannot run', async () => {
    const r = await sh('ci-fail-on-new-findings.sh', { ...env, STATE_DIR: join(dir, 'ci-bad'), REPORT: 'no_such_report' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/runReport failed/);
  });
});
