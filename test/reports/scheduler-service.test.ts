// The background service with a fake clock over the real embedded engine: first runs, the 24 h
// refresh, the 1 h RUNNING rule, user re-run throttling, and two schedulers sharing one store.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WINDOW_DAYS } from '../../src/engine/types';
import { putJson } from '../../src/reports/blobstore';
import { ManualClock, iso } from '../../src/reports/clock';
import { LocalBlobStore } from '../../src/reports/local-blobstore';
import { ReportScheduler } from '../../src/reports/scheduler';
import { ReportService } from '../../src/reports/service';
import type { ReportState } from '../../src/reports/state';
import { demoEngine, smallReport, tempDir, type DemoEngine } from '../support/reports';

const HOUR = 3_600_000;
let demo: DemoEngine;

beforeAll(async () => {
  demo = await demoEngine({ events: 2000, days: 14 });
});
afterAll(async () => {
  await demo?.cleanup();
});

function gateway(storeDir: string, clock: ManualClock, owner: string) {
  const store = new LocalBlobStore(storeDir);
  const service = new ReportService({ engine: demo.engine, store, clock, owner, builtins: [smallReport()] });
  const scheduler = new ReportScheduler(service, store, clock, { refreshAfterMs: 24 * HOUR, intervalMs: 60_000 });
  return { store, service, scheduler };
}

const allWindows = WINDOW_DAYS.map((d) => `small_report_${d}_days`);

describe('scheduler', () => {
  it('runs every report for every window once, then again only when the result is older than 24 h', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const clock = new ManualClock(Date.UTC(2026, 0, 1, 12));
      const gw = gateway(dir, clock, 'gw-1');
      await gw.service.start();
      const first = await gw.scheduler.tick();
      expect(first.leader).toBe(true);
      expect(first.started.sort()).toEqual([...allWindows].sort());
      await gw.service.drain();
      const states = await gw.service.listStates('small_report');
      expect(states.map((s) => [s.name, s.status])).toEqual(allWindows.map((n) => [n, 'READY']));

      clock.advance(23 * HOUR);
      expect((await gw.scheduler.tick()).started).toEqual([]);

      clock.advance(HOUR + 1);
      expect((await gw.scheduler.tick()).started.sort()).toEqual([...allWindows].sort());
      await gw.service.drain();
      for (const d of WINDOW_DAYS) expect(await gw.service.history('small_report', d)).toHaveLength(2);
    } finally {
      cleanup();
    }
  });

  it('re-runs a RUNNING state older than 1 h, and leaves a younger live one alone', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const clock = new ManualClock(Date.UTC(2026, 0, 1, 12));
      const gw = gateway(dir, clock, 'gw-1');
      await gw.service.start();
      await gw.scheduler.tick();
      await gw.service.drain();
      // Another gateway (alive: fresh heartbeat) has been running the 7-day run for 59 minutes.
      clock.advance(24 * HOUR + 1);
      const stuck = (startedAgo: number): ReportState => ({
        name: 'small_report_7_days',
        report: 'small_report',
        days: 7,
        status: 'RUNNING',
        updated_at: iso(clock.now() - startedAgo),
        run_id: 'stuck-run',
        started_at: iso(clock.now() - startedAgo),
        owner: 'elsewhere:1:abcd',
        heartbeat_at: iso(clock.now()),
      });
      await putJson(gw.store, 'states/small_report/small_report_7_days.json', stuck(59 * 60_000));
      const t1 = await gw.scheduler.tick();
      expect(t1.started).not.toContain('small_report_7_days');
      expect(t1.started.sort()).toEqual(allWindows.filter((n) => n !== 'small_report_7_days').sort());
      await gw.service.drain();
      expect((await gw.service.getState('small_report', 7))?.run_id).toBe('stuck-run');

      clock.advance(2 * 60_000); // now 61 minutes
      await putJson(gw.store, 'states/small_report/small_report_7_days.json', stuck(61 * 60_000));
      const t2 = await gw.scheduler.tick();
      expect(t2.started).toEqual(['small_report_7_days']);
      await gw.service.drain();
      const st = await gw.service.getState('small_report', 7);
      expect(st?.status).toBe('READY');
      expect(st?.run_id).not.toBe('stuck-run');
    } finally {
      cleanup();
    }
  });

  it('throttles user re-runs to one a minute per report and window, not scheduled ones', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const clock = new ManualClock(Date.UTC(2026, 0, 1, 12));
      const gw = gateway(dir, clock, 'gw-1');
      await gw.service.start();
      const s1 = await gw.service.runReport('small_report', 7);
      expect(s1.status).toBe('RUNNING');
      expect((await gw.service.waitForRun('small_report', 7)).status).toBe('READY');
      clock.advance(30_000);
      await expect(gw.service.runReport('small_report', 7)).rejects.toMatchObject({
        code: 'LIMIT_EXCEEDED',
        message: expect.stringMatching(/one every 60 s per report and days, try again in 30 s/),
      });
      // Another window is its own budget; the scheduler is not throttled.
      await gw.service.runReport('small_report', 30);
      await gw.service.waitForRun('small_report', 30);
      await gw.service.runReport('small_report', 7, { trigger: 'scheduler' });
      await gw.service.waitForRun('small_report', 7);
      clock.advance(30_001);
      await gw.service.runReport('small_report', 7);
      expect((await gw.service.waitForRun('small_report', 7)).status).toBe('READY');
      expect(await gw.service.history('small_report', 7)).toHaveLength(3);
      await expect(gw.service.runReport('small_report', 14)).rejects.toMatchObject({ code: 'BAD_INPUT' });
      await expect(gw.service.runReport('nope', 7)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    } finally {
      cleanup();
    }
  });

  it('with two gateways on one store, runs each scheduled report once', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const clock = new ManualClock(Date.UTC(2026, 0, 1, 12));
      const a = gateway(dir, clock, 'gw-a');
      const b = gateway(dir, clock, 'gw-b');
      await Promise.all([a.service.start(), b.service.start()]);
      for (let round = 0; round < 2; round++) {
        const [ta, tb] = await Promise.all([a.scheduler.tick(), b.scheduler.tick()]);
        expect([ta.leader, tb.leader].filter(Boolean)).toHaveLength(1);
        expect([...ta.started, ...tb.started].sort()).toEqual([...allWindows].sort());
        await Promise.all([a.service.drain(), b.service.drain()]);
        // Ticking again right away starts nothing: results are fresh.
        const again = await Promise.all([a.scheduler.tick(), b.scheduler.tick()]);
        expect(again.flatMap((t) => t.started)).toEqual([]);
        clock.advance(25 * HOUR); // the lease expires too; either gateway may lead next
      }
      for (const d of WINDOW_DAYS) expect(await a.service.history('small_report', d)).toHaveLength(2);
    } finally {
      cleanup();
    }
  });
});
