// `amctl audit detection test|ls|run` for the rule library, end to end: real processes, local mode.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { generateAuditLog } from '../../src/demo';
import { tempDir } from '../support/engine';

const ROOT = resolve(__dirname, '../..');
const SLOW = 240_000;
let tmp: ReturnType<typeof tempDir>;
let configFile: string;
let teamDir: string;

function amctl(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), '--config', configFile, ...args], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('exit', (code) => done({ code, stdout, stderr }));
  });
}

const rule = (sqlLogin: string) => ({
  id: 'acme.root_on_db_hosts',
  title: 'Root on database hosts',
  description: 'Root sessions on hosts named db-*.',
  severity: 'high',
  runbook: 'Ask the user why they needed root on a database host.',
  entity: { kind: 'host', column: 'server_hostname' },
  sql: `SELECT server_hostname, event_time, uid FROM session_start WHERE login = '${sqlLogin}' AND server_hostname LIKE 'db-%' AND event_time >= {{since}} AND event_time < {{until}}`,
  tests: [
    { name: 'root on db-1', fires: true, events: [{ event: 'session.start', user: 'bob', login: 'root', server_hostname: 'db-1' }] },
    { name: 'root on web-1', fires: false, events: [{ event: 'session.start', user: 'bob', login: 'root', server_hostname: 'web-1' }] },
  ],
});

beforeAll(async () => {
  tmp = tempDir('amctl-rules-cli-');
  await generateAuditLog({ outDir: join(tmp.dir, 'log'), days: 7, events: 5000, seed: 2 });
  teamDir = join(tmp.dir, 'detections');
  mkdirSync(teamDir);
  writeFileSync(join(teamDir, 'root_on_db_hosts.yaml'), stringify(rule('root')));
  writeFileSync(join(teamDir, 'overrides.yaml'), stringify({ overrides: { 'teleport.lock_created': { enabled: false }, 'teleport.root_login': { severity: 'high' } } }));
  configFile = join(tmp.dir, 'amctl.yaml');
  writeFileSync(configFile, stringify({ data_dir: join(tmp.dir, 'data'), embedded: { audit_log: join(tmp.dir, 'log') }, detections: { dir: teamDir } }));
});
afterAll(() => tmp?.cleanup());

describe('amctl audit detection test', { timeout: SLOW }, () => {
  it("passes a team's directory of good rules", async () => {
    const out = await amctl('audit', 'detection', 'test', teamDir);
    expect(out.stderr).toBe('');
    // The team's rule and the two built-ins it overrides.
    expect(out.stdout).toMatch(/^3 rules, \d+ tests: all passed\n$/);
    expect(out.code).toBe(0);
  });

  it('fails, exit 1, on a rule whose positive test does not fire, naming rule, test and outcome', async () => {
    const broken = join(tmp.dir, 'broken');
    mkdirSync(broken);
    writeFileSync(join(broken, 'r.yaml'), stringify(rule('admin')));
    const out = await amctl('audit', 'detection', 'test', broken);
    expect(out.code).toBe(1);
    expect(out.stdout).toContain(`FAIL acme.root_on_db_hosts (${join(broken, 'r.yaml')}) test "root on db-1": expected the rule to fire; it stayed quiet (its SQL returned 0 events)\n`);
    expect(out.stdout).toMatch(/1 rule, 2 tests: 1 failed\n$/);
  });

  it('fails on a rule file without a positive test, with the file and key', async () => {
    const bad = join(tmp.dir, 'bad');
    mkdirSync(bad);
    const r = rule('root');
    writeFileSync(join(bad, 'r.yaml'), stringify({ ...r, tests: [r.tests[1]] }));
    const out = await amctl('audit', 'detection', 'test', bad);
    expect(out.code).toBe(1);
    expect(out.stderr).toContain('r.yaml (acme.root_on_db_hosts).tests has no test that must fire');
  });
});

describe('amctl audit detection ls / run', { timeout: SLOW }, () => {
  it('lists built-in and team rules with overrides applied', async () => {
    const out = await amctl('audit', 'detection', 'ls');
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/acme\.root_on_db_hosts\s+team\s+high\s+match\s+host/);
    expect(out.stdout).toMatch(/teleport\.brute_force_user\s+built-in\s+high\s+threshold >= 5\/15m\s+user\s+5m\s+yes/);
    expect(out.stdout).toMatch(/teleport\.lock_created\s+built-in\s+info\*\s+match\s+resource\s+5m\s+no/);
    expect(out.stdout).toMatch(/teleport\.root_login\s+built-in\s+high\*/);
  });

  it('run --all runs every enabled rule, and findings name rule, severity, entity and events', async () => {
    const out = await amctl('audit', 'detection', 'run', '--all', '--format', 'json');
    expect(out.code).toBe(0);
    const outcomes = JSON.parse(out.stdout) as { rule: string; status: string }[];
    expect(outcomes.map((o) => o.rule)).not.toContain('teleport.lock_created');
    expect(outcomes.find((o) => o.rule === 'teleport.root_login')).toMatchObject({ status: 'FIRED' });
    const feed = await amctl('audit', 'findings', '--detection', 'teleport.root_login');
    const findings = feed.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(findings.length).toBeGreaterThan(0);
    for (const f of findings) {
      expect(f).toMatchObject({ severity: 'high', source: { rule: 'teleport.root_login' }, fields: { rule: 'teleport.root_login', severity: 'high', entity_kind: 'user' } });
      expect(f.fields.events.length).toBeGreaterThan(0);
    }
  });

  it('run RULE --since backfills; --since is refused for saved-query detections', async () => {
    const out = await amctl('audit', 'detection', 'run', 'teleport.root_login', '--since', '90d', '--format', 'json');
    expect(out.code).toBe(0);
    const o = JSON.parse(out.stdout);
    expect(Date.now() - Date.parse(o.since)).toBeGreaterThan(89 * 86_400_000);
    const bad = await amctl('audit', 'detection', 'run', 'no-such', '--since', '90d');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--since is for rules; no-such is not a rule/);
  });
});
