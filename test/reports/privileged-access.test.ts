// The pre-built Privileged Access Report over a generated audit log with planted findings: for every
// window, each of the 9 queries returns exactly the rows the independent oracle computes from the
// raw JSON events (test/support/oracle.ts), in the order its ORDER BY asks for.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cellText } from '../../src/cli/format';
import { WINDOW_DAYS } from '../../src/engine/types';
import { LocalBlobStore } from '../../src/reports/local-blobstore';
import type { ReportResult } from '../../src/reports/results';
import { ReportService } from '../../src/reports/service';
import { canonicalRows, isOrderedBy, oracleQuery, readAuditLog, type AuditEvent, type QueryId } from '../support/oracle';
import { demoEngine, tempDir, type DemoEngine } from '../support/reports';

let demo: DemoEngine;
let events: AuditEvent[];
let store: { dir: string; cleanup: () => void };
const results = new Map<number, { result: ReportResult; today: string }>();

beforeAll(async () => {
  // 120 days so every window has its own planted cases (plants sit 0, 1, 3, 6, 13 and 29 days back).
  demo = await demoEngine({ events: 6000, days: 120, seed: 11 });
  events = readAuditLog(demo.logDir);
  store = tempDir();
  const svc = new ReportService({ engine: demo.engine, store: new LocalBlobStore(store.dir) });
  await svc.start();
  for (const days of WINDOW_DAYS) {
    await svc.runReport('privilege_access_report', days, { trigger: 'scheduler' });
    await svc.waitForRun('privilege_access_report', days);
    results.set(days, { result: (await svc.getResult('privilege_access_report', days))!, today: new Date().toISOString().slice(0, 10) });
  }
});

afterAll(async () => {
  store?.cleanup();
  await demo?.cleanup();
});

describe.each(WINDOW_DAYS.map((d) => [d]))('privilege_access_report over %i days', (days) => {
  it('succeeds with all 9 queries', () => {
    const { result } = results.get(days)!;
    expect(result.status).toBe('READY');
    expect(result.queries).toHaveLength(9);
    expect(result.totals.failed).toBe(0);
  });

  it.each(Array.from({ length: 9 }, (_, i) => [i + 1]))('query %i returns exactly the planted findings the oracle computes', (n) => {
    const { result, today } = results.get(days)!;
    const q = result.queries[n - 1];
    const oracle = oracleQuery(`report-${n}` as QueryId);
    expect(q.query.trim()).toBe(oracle.sql.trim());
    const expected = oracle.run(events, { days, today });
    const got = q.rows.map((r) => r.map((c) => cellText(c)));
    expect(q.columns.map((c) => c.name)).toEqual(expected.columns);
    expect(canonicalRows(got)).toEqual(expected.rows);
    expect(isOrderedBy(got, oracle.orderBy)).toBe(true);
    expect(q.row_count).toBe(expected.rows.length);
    expect(expected.rows.length).toBeGreaterThan(0); // planted: the query has something to find
  });
});
