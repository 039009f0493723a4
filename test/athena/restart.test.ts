// Executions outlive the gateway process: a new engine on the same data directory re-attaches to
// queries started before (finished or still running) through the journal and Athena.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/athena-stub/harness';
import { readAll, runToEnd, waitTerminal } from '../support/athena-stub/run';
import { TRINO_WAIT_MS } from '../support/trino';

const SQL = 'SELECT user, count(*) AS n FROM exec GROUP BY user ORDER BY user';
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ events: 2000, days: 5, seed: 5 });
}, TRINO_WAIT_MS);
afterAll(async () => {
  await h?.close();
});

describe('Athena executions across a restart', () => {
  it('serves status and results of a finished query to the next process', async () => {
    const before = await runToEnd(h.engine, SQL, 7, { user: 'alice' });
    expect(before.status.state).toBe('SUCCEEDED');
    const next = await h.newEngine();
    try {
      const st = await next.status(before.status.id);
      expect(st).toMatchObject({ state: 'SUCCEEDED', sql: SQL, days: 7, user: 'alice' });
      expect((await readAll(next, before.status.id)).rows).toEqual(before.rows);
    } finally {
      await next.close();
    }
  });

  it('follows a query that was still running to its end, and can cancel one', async () => {
    h.stub.script({ runningMs: 1500 }, { hang: true });
    const running = await h.engine.start({ sql: SQL, days: 7, user: 'bob' });
    const hanging = await h.engine.start({ sql: SQL, days: 7, user: 'bob' });
    // both have been started in Athena and recorded (startedAt is set once both are done) before the "restart"
    const started = async (id: string) => (await h.engine.status(id)).startedAt !== undefined;
    for (let i = 0; i < 400 && !((await started(running.id)) && (await started(hanging.id))); i++) await new Promise((r) => setTimeout(r, 10));
    expect(await started(hanging.id)).toBe(true);
    const next = await h.newEngine();
    try {
      expect((await waitTerminal(next, running.id)).state).toBe('SUCCEEDED');
      expect((await readAll(next, running.id)).rows.length).toBeGreaterThan(0);
      expect((await next.status(hanging.id)).state).toBe('RUNNING');
      await next.cancel(hanging.id);
      expect((await next.status(hanging.id)).state).toBe('CANCELLED');
      const stub = h.stub.byToken(hanging.id)!;
      for (let i = 0; i < 200 && stub.state !== 'CANCELLED'; i++) await new Promise((r) => setTimeout(r, 10));
      expect(stub.state).toBe('CANCELLED');
    } finally {
      await next.close();
      await h.engine.cancel(hanging.id).catch(() => undefined);
    }
  });

  it('still says NOT_FOUND for ids it never started', async () => {
    const next = await h.newEngine();
    try {
      await expect(next.status('never-started')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    } finally {
      await next.close();
    }
  });
});
