// Report runs on the embedded engine over a generated audit log: state transitions, result documents
// (rows, timings, totals), history, a failing query, and report_results config.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseReportsConfig } from '../../src/reports/config';
import { LocalBlobStore } from '../../src/reports/local-blobstore';
import { ReportService } from '../../src/reports/service';
import { catalogSqlCheck } from '../../src/reports/local';
import { demoEngine, smallReport, tempDir, type DemoEngine } from '../support/reports';
import { runToCompletion } from '../../src/cli/local-client';

let demo: DemoEngine;
const sortedRows = (rows: unknown[][]) => rows.map((r) => JSON.stringify(r)).sort();

beforeAll(async () => {
  demo = await demoEngine({ events: 3000, days: 30 });
});
afterAll(async () => {
  await demo?.cleanup();
});

function service(dir: string, builtins = [smallReport()]) {
  return new ReportService({ engine: demo.engine, store: new LocalBlobStore(dir), builtins, checkSql: catalogSqlCheck() });
}

describe('report runs', () => {
  it('goes RUNNING -> READY and stores each query with rows, timings and totals', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const svc = service(dir);
      await svc.start();
      expect(await svc.getState('small_report', 30)).toBeUndefined();
      const changes: string[] = [];
      svc.on('stateChanged', (s) => changes.push(`${s.name}:${s.status}`));
      const running = await svc.runReport('small_report', 30);
      expect(running).toMatchObject({ name: 'small_report_30_days', status: 'RUNNING', report: 'small_report', days: 30 });
      const ready = await svc.waitForRun('small_report', 30);
      expect(ready).toMatchObject({ status: 'READY', run_id: running.run_id, result_run_id: running.run_id });
      expect(Date.parse(ready.updated_at)).toBeGreaterThanOrEqual(Date.parse(running.updated_at));
      expect(changes).toEqual(['small_report_30_days:RUNNING', 'small_report_30_days:READY']);

      const result = (await svc.getResult('small_report', 30))!;
      // Expected rows: the same SQL run directly on the engine, outside the report runner.
      for (const [i, q] of smallReport().audit_queries.entries()) {
        const direct = await runToCompletion(demo.engine, q.query, 30);
        expect(result.queries[i]).toMatchObject({ name: q.name, status: 'SUCCEEDED', columns: direct.columns, row_count: direct.rows.length, truncated: false });
        // Rows tied on the ORDER BY key (event_date) may come in either order.
        expect(sortedRows(result.queries[i].rows)).toEqual(sortedRows(direct.rows));
        expect(result.queries[i].execution_ms).toBeGreaterThanOrEqual(0);
        expect(result.queries[i].bytes_scanned).toBeGreaterThanOrEqual(0);
      }
      expect(result.totals).toEqual({
        queries: 2,
        succeeded: 2,
        failed: 0,
        rows: result.queries[0].row_count + result.queries[1].row_count,
        execution_ms: result.queries[0].execution_ms + result.queries[1].execution_ms,
        bytes_scanned: result.queries[0].bytes_scanned + result.queries[1].bytes_scanned,
      });
      // On disk under report_results, as JSON.
      expect(await new LocalBlobStore(dir).list('results/small_report/30_days/')).toEqual([`results/small_report/30_days/${running.run_id}.json`]);
    } finally {
      cleanup();
    }
  });

  it('fails the run with the failing query’s reason and keeps the other queries’ results', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const report = smallReport('mixed_report', [
        { name: 'users', query: 'SELECT DISTINCT user FROM session_start ORDER BY user' },
        { name: 'broken', query: 'SELECT CAST(user AS integer) AS n FROM session_start' },
        { name: 'kube_users', query: 'SELECT DISTINCT user FROM kube_request ORDER BY user' },
      ]);
      const svc = service(dir, [report]);
      await svc.start();
      await svc.runReport('mixed_report', 7);
      const failed = await svc.waitForRun('mixed_report', 7);
      expect(failed.status).toBe('FAILED');
      expect(failed.error).toMatch(/^query broken failed: .*(convert|cast|integer)/i);
      const result = (await svc.getResult('mixed_report', 7))!;
      expect(result.status).toBe('FAILED');
      expect(result.queries.map((q) => q.status)).toEqual(['SUCCEEDED', 'FAILED', 'SUCCEEDED']);
      expect(result.queries[0].rows).toEqual((await runToCompletion(demo.engine, report.audit_queries[0].query, 7)).rows);
      expect(result.queries[2].rows).toEqual((await runToCompletion(demo.engine, report.audit_queries[2].query, 7)).rows);
      expect(result.totals).toMatchObject({ succeeded: 2, failed: 1 });
    } finally {
      cleanup();
    }
  });

  it('keeps a listable history of runs, newest first, and serves any past run', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const svc = new ReportService({ engine: demo.engine, store: new LocalBlobStore(dir), builtins: [smallReport()], rerunThrottleMs: 0 });
      await svc.start();
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) {
        ids.push((await svc.runReport('small_report', 7)).run_id);
        await svc.waitForRun('small_report', 7);
      }
      const history = await svc.history('small_report', 7);
      expect(history.map((h) => h.run_id)).toEqual([...ids].reverse());
      expect(history.every((h) => h.status === 'READY' && h.totals.queries === 2)).toBe(true);
      expect((await svc.getRunResult('small_report', 7, ids[0]))?.run_id).toBe(ids[0]);
      expect((await svc.getResult('small_report', 7))?.run_id).toBe(ids[2]);
      // Keeping fewer runs drops the oldest result documents after the next run.
      const keepTwo = new ReportService({ engine: demo.engine, store: new LocalBlobStore(dir), builtins: [smallReport()], rerunThrottleMs: 0, keepRuns: 2 });
      ids.push((await keepTwo.runReport('small_report', 7)).run_id);
      await keepTwo.waitForRun('small_report', 7);
      expect((await svc.history('small_report', 7)).map((h) => h.run_id)).toEqual([ids[3], ids[2]]);
      // Deleting the report stops its states; its results stay as history.
      expect(await svc.deleteReport('small_report')).toBe(true);
      expect(await svc.listStates('small_report')).toEqual([]);
      expect(await svc.history('small_report', 7)).toHaveLength(2);
    } finally {
      cleanup();
    }
  });
});

describe('heartbeats', () => {
  it('refreshes heartbeat_at while running and never loses the final state write to a heartbeat', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const slow = smallReport('beating_report', [
        { name: 'slow', query: 'SELECT count(*) AS n FROM session_start a, session_start b, session_start c' },
        { name: 'users', query: 'SELECT DISTINCT user FROM session_start ORDER BY user' },
      ]);
      const svc = new ReportService({ engine: demo.engine, store: new LocalBlobStore(dir), builtins: [slow], heartbeatMs: 2, rerunThrottleMs: 0 });
      await svc.start();
      for (let i = 0; i < 3; i++) {
        const started = await svc.runReport('beating_report', 30);
        let beatSeen = false;
        for (;;) {
          const st = (await svc.getState('beating_report', 30))!;
          if (st.status !== 'RUNNING') break;
          if (st.heartbeat_at !== started.heartbeat_at) beatSeen = true;
          await new Promise((r) => setTimeout(r, 5));
        }
        expect(beatSeen).toBe(true);
        expect((await svc.waitForRun('beating_report', 30)).status).toBe('READY');
      }
    } finally {
      cleanup();
    }
  });
});

describe('reports config', () => {
  const core = (raw: Record<string, unknown>) => ({ raw, dataDir: '/data/amctl' });

  it('defaults to a local report_results directory under data_dir and the documented intervals', () => {
    expect(parseReportsConfig(core({}))).toMatchObject({
      schedulerEnabled: true,
      refreshAfterMs: 24 * 3_600_000,
      runningTimeoutMs: 3_600_000,
      rerunThrottleMs: 60_000,
      queryConcurrency: 4,
      keepRuns: 100,
      allowPrivateWebhooks: false,
      reportResults: join('/data/amctl', 'report_results'),
    });
  });

  it("takes report_results from Teleport's access_monitoring block, or its own section", () => {
    const teleport = { auth_service: { access_monitoring: { enabled: true, report_results: 's3://audit-long-term/report_results/' } } };
    expect(parseReportsConfig(core(teleport)).reportResults).toBe('s3://audit-long-term/report_results');
    expect(parseReportsConfig(core({ ...teleport, reports: { report_results: 's3://other/x', scheduler: false } }))).toMatchObject({
      reportResults: 's3://other/x',
      schedulerEnabled: false,
    });
  });

  it('names the key that is wrong', () => {
    expect(() => parseReportsConfig(core({ reports: { query_concurrency: 0 } }))).toThrow(/reports\.query_concurrency must be a whole number >= 1/);
    expect(() => parseReportsConfig(core({ reports: { report_results: 'gs://bucket/x' } }))).toThrow(/local directory or s3:\/\/bucket\/prefix/);
    expect(() => parseReportsConfig(core({ reports: { scheduler: { enabled: 'yes' } } }))).toThrow(/reports\.scheduler\.enabled must be true or false/);
    expect(() => parseReportsConfig(core({ reports: [] }))).toThrow(/reports must be a mapping/);
  });
});
