// Crash safety: a process running a report is killed (SIGKILL) in the middle of the run; a restart
// resumes the same run from its journal, finishes it, and loses nothing: queries finished before
// the kill are not run again, and exactly one result lands in the history.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { generateAuditLog } from '../../src/demo';
import { LocalBlobStore } from '../../src/reports/local-blobstore';
import { ResultStore } from '../../src/reports/results';
import { StateStore } from '../../src/reports/state';
import { tempDir } from '../support/reports';

const ROOT = resolve(__dirname, '../..');
let dir: string;
let cleanup: () => void;
let configFile: string;

function amctl(args: string[]): { child: ChildProcess; done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> } {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), '--config', configFile, ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (c) => (stdout += c));
  child.stderr!.on('data', (c) => (stderr += c));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((r) =>
    child.on('exit', (code, signal) => r({ code, signal, stdout, stderr })),
  );
  return { child, done };
}

// Queries run one at a time (query_concurrency: 1); the third is slow, so the kill lands while it runs
// after the first two have finished.
const report = {
  name: 'crash_report',
  title: 'Crash report',
  version: '1.0.0',
  audit_queries: [
    { name: 'root_sessions', query: "SELECT event_date, COUNT(*) AS count, user FROM session_start WHERE login='root' GROUP BY event_date, user ORDER BY event_date" },
    { name: 'users', query: 'SELECT DISTINCT user FROM session_start ORDER BY user' },
    { name: 'slow', query: 'SELECT count(*) AS n FROM session_start a, session_start b, session_start c, exec d' },
    { name: 'kube_users', query: 'SELECT DISTINCT user FROM kube_request ORDER BY user' },
  ],
};

beforeAll(async () => {
  ({ dir, cleanup } = tempDir('amctl-crash-'));
  await generateAuditLog({ outDir: join(dir, 'log'), days: 30, events: 3000, seed: 7 });
  configFile = join(dir, 'amctl.yaml');
  writeFileSync(configFile, stringify({ data_dir: join(dir, 'data'), embedded: { audit_log: join(dir, 'log') }, reports: { query_concurrency: 1 } }));
  writeFileSync(join(dir, 'report.yaml'), stringify(report));
  const created = await amctl(['audit', 'report', 'create', '-f', join(dir, 'report.yaml')]).done;
  expect(created.stderr).toBe('');
  expect(created.code).toBe(0);
});

afterAll(() => cleanup?.());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

it('resumes a run killed mid-way and finishes it without re-running finished queries', { timeout: 240_000 }, async () => {
  const store = new LocalBlobStore(join(dir, 'data', 'report_results'));
  const states = new StateStore(store);
  const results = new ResultStore(store);

  const first = amctl(['audit', 'report', 'run', 'crash_report', '--days', '30']);
  // Wait until the journal shows queries 1 and 2 finished and query 3 running, then kill -9.
  let runDir = '';
  const deadline = Date.now() + 90_000; // the child first opens the engine and ingests the log
  for (;;) {
    const st = (await states.get('crash_report', 30))?.state;
    if (st?.status === 'RUNNING') {
      runDir = join(store.root, 'runs', 'crash_report', '30_days', st.run_id);
      const q2 = join(runDir, 'q002.json');
      if (existsSync(q2) && JSON.parse(readFileSync(q2, 'utf8')).status === 'RUNNING') break;
    }
    if (Date.now() > deadline) throw new Error(`the run never reached its third query: ${first.child.exitCode === null ? 'still running' : `exited ${first.child.exitCode}`}`);
    await sleep(25);
  }
  first.child.kill('SIGKILL');
  const killed = await first.done;
  expect(killed.signal).toBe('SIGKILL');

  const interrupted = (await states.get('crash_report', 30))!.state;
  expect(interrupted.status).toBe('RUNNING');
  expect(interrupted.owner?.split(':')[1]).toBe(String(first.child.pid));
  const before = [0, 1].map((i) => JSON.parse(readFileSync(join(runDir, `q00${i}.json`), 'utf8')));
  expect(before.map((q) => q.status)).toEqual(['SUCCEEDED', 'SUCCEEDED']);
  expect(await results.runIds('crash_report', 30)).toEqual([]);

  // Restart: the new process finds the dead runner's run, takes it over and completes it.
  const second = await amctl(['audit', 'report', 'run', 'crash_report', '--days', '30']).done;
  expect(second.stderr).toBe('');
  expect(second.code).toBe(0);
  expect(second.stdout).toMatch(/crash_report_30_days\s+READY/);

  const final = (await states.get('crash_report', 30))!.state;
  expect(final).toMatchObject({ status: 'READY', run_id: interrupted.run_id, result_run_id: interrupted.run_id, trigger: 'recovery' });
  expect(await results.runIds('crash_report', 30)).toEqual([interrupted.run_id]);
  const result = (await results.get('crash_report', 30, interrupted.run_id))!;
  expect(result.status).toBe('READY');
  expect(result.queries.map((q) => [q.name, q.status])).toEqual(report.audit_queries.map((q) => [q.name, 'SUCCEEDED']));
  // The two queries finished before the kill come from the journal: same executions, same rows.
  expect(result.queries.slice(0, 2)).toEqual(before);
  expect(result.queries[2].rows).toHaveLength(1);
  expect(Number(result.queries[2].rows[0][0])).toBeGreaterThan(0);
  expect(result.totals.rows).toBe(result.queries.reduce((n, q) => n + q.rows.length, 0));
  expect(existsSync(runDir)).toBe(false); // the journal is cleared once the result is safe
});
