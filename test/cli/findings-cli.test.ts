// `amctl audit findings` as a real process: locally (straight from the report store, beside a running
// gateway that holds the engine) and through the gateway with --server; --cursor-file resumes.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { parseCoreConfig } from '../../src/config';
import { createEngine } from '../../src/cli/compose/engine';
import type { QueryEngine } from '../../src/engine/types';
import { parseReportDefinition } from '../../src/reports/definitions';
import { createReportsRuntime, REPORTS_EXTENSION, type ReportsRuntime } from '../../src/reports/runtime';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { validateDetectionFinding } from '../support/ocsf/detection-finding';

const ROOT = resolve(import.meta.dirname, '../..');
let dir: string;
let configFile: string;
let engine: QueryEngine;
let runtime: ReportsRuntime;
let gw: TestGateway;

function amctl(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...args], { cwd: ROOT, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('exit', (code) => done({ code, stdout, stderr }));
  });
}

const report = (version: string, users: string[]) =>
  parseReportDefinition({ name: 'cli_report', version, audit_queries: [{ name: 'users', severity: 'critical', query: users.map((u) => `SELECT '${u}' AS user`).join(' UNION ALL ') }] });

async function run(users: string[], version: string) {
  await runtime.reports.upsertReport(report(version, users));
  await runtime.reports.runReport('cli_report', 7);
  await runtime.reports.waitForRun('cli_report', 7, 20);
  await runtime.findings.idle();
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'amctl-findings-cli-'));
  const raw = { data_dir: join(dir, 'data'), reports: { scheduler: false, rerun_throttle_seconds: 0 } };
  configFile = join(dir, 'amctl.yaml');
  writeFileSync(configFile, stringify(raw));
  const config = parseCoreConfig(raw, { cwd: dir, file: configFile });
  engine = await createEngine(config, { ingest: false });
  runtime = createReportsRuntime(config, { engine, builtins: [report('1.0.0', ['alice'])] });
  await runtime.start();
  gw = await startTestGateway({ engine, dataDir: config.dataDir, raw: config.raw, gateway: { extensions: new Map([[REPORTS_EXTENSION, runtime]]) } });
  await run(['alice', 'bob'], '1.0.1');
});

afterAll(async () => {
  await gw?.close();
  await runtime?.stop();
  await engine?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('amctl audit findings', { timeout: 180_000 }, () => {
  it('prints the feed from the report store while a gateway holds the engine, and resumes from a cursor file', async () => {
    const cursorFile = join(dir, 'cursor');
    const first = await amctl(['--config', configFile, 'audit', 'findings', '--cursor-file', cursorFile]);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const lines = first.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => `${l.change}:${l.fields.user}:${l.severity}`)).toEqual(['NEW:alice:critical', 'NEW:bob:critical']);
    expect(readFileSync(cursorFile, 'utf8').trim()).toBe(lines[1].cursor);

    await run(['alice'], '1.0.2');
    const second = await amctl(['--config', configFile, 'audit', 'findings', '--cursor-file', cursorFile, '--format', 'ocsf']);
    expect(second.code).toBe(0);
    const events = second.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(events.map((e) => [e.activity_name, e.unmapped.fields.user])).toEqual([['Close', 'bob']]);
    expect(validateDetectionFinding(events[0]).errors).toEqual([]);
  });

  it('goes through the gateway with --server, with filters, and explains refusals', async () => {
    const token = await gw.token({ user: 'alice', roles: ['auditor'] });
    const r = await amctl(['--server', gw.gateway.origin, 'audit', 'findings', '--change', 'RESOLVED', '--limit', '10'], { AMCTL_TOKEN: token });
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n').map((l) => JSON.parse(l).fields.user)).toEqual(['bob']);
    expect(r.stderr).toMatch(/^next cursor: f1\./);
    const bad = await amctl(['--server', gw.gateway.origin, 'audit', 'findings', '--after', 'nope'], { AMCTL_TOKEN: token });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/answered 400: .*not a findings cursor/);
  });

  it('prints a table for reading, locally and through the gateway alike, and refuses an unknown format', async () => {
    const local = await amctl(['--config', configFile, 'audit', 'findings', '--format', 'table']);
    expect(local.code).toBe(0);
    const lines = local.stdout.trimEnd().split('\n');
    expect(lines[0]!.split(/\s{2,}/)).toEqual(['CHANGED', 'CHANGE', 'SEVERITY', 'SOURCE', 'ENTITY', 'EVENTS', 'STATUS']);
    // One line per change of the feed, in feed order: alice and bob NEW, then bob RESOLVED.
    const cells = lines.slice(1).map((l) => l.split(/\s{2,}/));
    expect(cells.map((c) => [c[1], c[2], c[3], c[4]])).toEqual([
      ['NEW', 'critical', 'cli_report/users', 'user=alice'],
      ['NEW', 'critical', 'cli_report/users', 'user=bob'],
      ['RESOLVED', 'critical', 'cli_report/users', 'user=bob'],
    ]);
    for (const c of cells) expect(Date.parse(c[0]!)).not.toBeNaN();
    const token = await gw.token({ user: 'alice', roles: ['auditor'] });
    const remote = await amctl(['--server', gw.gateway.origin, 'audit', 'findings', '--format', 'table'], { AMCTL_TOKEN: token });
    expect(remote.code).toBe(0);
    expect(remote.stdout).toBe(local.stdout);
    const bad = await amctl(['--config', configFile, 'audit', 'findings', '--format', 'csv']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--format must be ndjson, ocsf or table, got "csv"/);
  });
});
