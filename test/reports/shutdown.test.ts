// A gateway shutting down in the middle of a run (engine closed under it) leaves the run RUNNING with
// its journal, marks nothing FAILED, and the next gateway on the same store resumes and finishes it.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createEngine } from '../../src/cli/compose/engine';
import { LocalBlobStore } from '../../src/reports/local-blobstore';
import { ReportService } from '../../src/reports/service';
import { demoEngine, smallReport, tempDir, type DemoEngine } from '../support/reports';

let demo: DemoEngine;
beforeAll(async () => {
  demo = await demoEngine({ events: 3000, days: 30 });
  await demo.engine.close(); // each gateway below opens its own engine on the same database
});
afterAll(async () => {
  await demo?.cleanup().catch(() => undefined);
});

const report = smallReport('shutdown_report', [
  { name: 'users', query: 'SELECT DISTINCT user FROM session_start ORDER BY user' },
  { name: 'slow', query: 'SELECT count(*) AS n FROM session_start a, session_start b, session_start c, exec d' },
  { name: 'kube_users', query: 'SELECT DISTINCT user FROM kube_request ORDER BY user' },
]);

it('leaves an interrupted run to the next gateway, which finishes it', { timeout: 120_000 }, async () => {
  const { dir, cleanup } = tempDir();
  try {
    const store = new LocalBlobStore(dir);
    const opts = { store, builtins: [report], queryConcurrency: 1, heartbeatMs: 50 };
    const engineA = await createEngine(demo.config, { ingest: false });
    const a = new ReportService({ ...opts, engine: engineA, owner: 'gw-a' });
    await a.start();
    const started = await a.runReport('shutdown_report', 30);
    // Shut down while the slow query runs.
    for (;;) {
      const q1 = await store.get(`runs/shutdown_report/30_days/${started.run_id}/q001.json`);
      if (q1 && JSON.parse(q1.body).status === 'RUNNING') break;
      await new Promise((r) => setTimeout(r, 10));
    }
    a.close();
    await engineA.close();
    await a.drain();
    const left = (await a.getState('shutdown_report', 30))!;
    expect(left).toMatchObject({ status: 'RUNNING', run_id: started.run_id });
    expect(await a.history('shutdown_report', 30)).toEqual([]);

    const engineB = await createEngine(demo.config, { ingest: false });
    try {
      const b = new ReportService({ ...opts, engine: engineB, owner: 'gw-b' });
      await new Promise((r) => setTimeout(r, 200)); // gw-a's heartbeat goes stale
      expect(await b.resumeInterrupted()).toEqual(['shutdown_report_30_days']);
      const final = await b.waitForRun('shutdown_report', 30);
      expect(final).toMatchObject({ status: 'READY', run_id: started.run_id });
      const result = (await b.getResult('shutdown_report', 30))!;
      expect(result.queries.map((q) => q.status)).toEqual(['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED']);
      expect(Number(result.queries[1].rows[0][0])).toBeGreaterThan(0);
    } finally {
      await engineB.close();
    }
  } finally {
    cleanup();
  }
});
