// `amctl audit report ...` and `amctl audit detection ...` end to end: real processes, local mode.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify } from 'yaml';
import { generateAuditLog } from '../../src/demo';
import { tempDir } from '../support/reports';

const ROOT = resolve(__dirname, '../..');
// Each command is a fresh process that opens the engine: allow for a busy machine.
const SLOW = 180_000;
let dir: string;
let cleanup: () => void;
let configFile: string;

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

beforeAll(async () => {
  ({ dir, cleanup } = tempDir('amctl-cli-'));
  await generateAuditLog({ outDir: join(dir, 'log'), days: 14, events: 2000, seed: 3 });
  configFile = join(dir, 'amctl.yaml');
  writeFileSync(configFile, stringify({ data_dir: join(dir, 'data'), embedded: { audit_log: join(dir, 'log') } }));
});
afterAll(() => cleanup?.());

describe('amctl audit report', { timeout: SLOW }, () => {
  it('ls lists the pre-built report; get prints its definition as YAML or JSON', async () => {
    const ls = await amctl('audit', 'report', 'ls');
    expect(ls.code).toBe(0);
    expect(ls.stdout).toMatch(/^Name\s+Title\s+Version\s+Queries\n-+/);
    expect(ls.stdout).toMatch(/privilege_access_report\s+Privileged Access Report\s+0\.0\.1\s+9/);
    const yaml = parseYaml((await amctl('audit', 'report', 'get', 'privilege_access_report')).stdout);
    expect(yaml.audit_queries).toHaveLength(9);
    const json = JSON.parse((await amctl('audit', 'report', 'get', 'privilege_access_report', '--format', 'json')).stdout);
    expect(json).toEqual(yaml);
  });

  it('run waits and prints the final state; state shows it; a second run within a minute is refused', async () => {
    const run = await amctl('audit', 'report', 'run', 'privilege_access_report', '--days', '7', '--format', 'json');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const state = JSON.parse(run.stdout);
    expect(state).toMatchObject({ name: 'privilege_access_report_7_days', status: 'READY' });
    const shown = await amctl('audit', 'report', 'state', 'privilege_access_report');
    expect(shown.stdout).toMatch(/privilege_access_report_7_days\s+READY\s+\d{4}-/);
    const again = await amctl('audit', 'report', 'run', 'privilege_access_report', '--days', '7');
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^amctl: limit exceeded: report privilege_access_report for 7 days was run at .* try again in \d+ s\n$/);
    const result = JSON.parse((await amctl('audit', 'report', 'result', 'privilege_access_report', '--days', '7')).stdout);
    expect(result).toMatchObject({ run_id: state.run_id, status: 'READY', totals: { queries: 9 } });
    const history = await amctl('audit', 'report', 'history', 'privilege_access_report', '--days', '7');
    expect(history.stdout).toContain(state.run_id);
  });

  it('explains bad input in one line', async () => {
    const days = await amctl('audit', 'report', 'run', 'privilege_access_report', '--days', '14');
    expect(days.code).toBe(1);
    expect(days.stderr).toMatch(/--days must be one of 7, 30, 90, 120/);
    const missing = await amctl('audit', 'report', 'get', 'nope');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^amctl: not found: report "nope" does not exist; list reports with `amctl audit report ls`\n$/);
  });
});

describe('amctl audit detection', { timeout: SLOW }, () => {
  it('creates, lists, shows (secret hidden) and deletes a detection', async () => {
    const file = join(dir, 'detection.yaml');
    writeFileSync(
      file,
      stringify({ name: 'root-ssh', query: 'privilege_access_report.root_ssh_sessions', interval_seconds: 600, actions: [{ type: 'webhook', url: 'https://hooks.example.com/x', secret: 'a-long-enough-signing-secret' }] }),
    );
    const created = await amctl('audit', 'detection', 'create', '-f', file);
    expect(created.stderr).toBe('');
    expect(parseYaml(created.stdout)).toMatchObject({ name: 'root-ssh', interval_seconds: 600, actions: [{ type: 'webhook', secret: '********' }] });
    expect((await amctl('audit', 'detection', 'ls')).stdout).toMatch(/root-ssh\s+privilege_access_report\.root_ssh_sessions\s+600s\s+yes/);
    const shown = await amctl('audit', 'detection', 'get', 'root-ssh', '--format', 'json');
    expect(shown.stdout).not.toContain('a-long-enough-signing-secret');
    expect((await amctl('audit', 'detection', 'rm', 'root-ssh')).stdout).toBe('detection root-ssh deleted\n');
    const gone = await amctl('audit', 'detection', 'rm', 'root-ssh');
    expect(gone.code).toBe(1);
  });
});
