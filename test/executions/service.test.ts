// The per-user limits of the execution service over the real embedded engine: queued is not running.
// On an engine that holds a user's queries past the running limit, more wait QUEUED (up to the queue
// limit); on one that cannot, a queued query counts against the running limit, as it may start at once.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedEngine } from '../../src/engine/duckdb/engine';
import type { QueryEngine } from '../../src/engine/types';
import { ExecutionService } from '../../src/executions/service';
import { openEngine, tempDir, testConfig, writeCertLog } from '../support/engine';

const HEAVY = "SELECT count(*) FROM cert_create a, cert_create b, cert_create c WHERE regexp_like(a.uid || b.uid || c.uid, '(a+)+b')";
const LIGHT = 'SELECT count(DISTINCT identity_user) AS n FROM cert_create';

let engine: EmbeddedEngine;
let cleanup: () => void;

beforeAll(async () => {
  const t = tempDir();
  cleanup = t.cleanup;
  const limits = { heavy_query_slots: 1, heavy_estimated_rows: 1_000_000, max_estimated_rows: 1e12, query_timeout_ms: 120_000 };
  engine = await openEngine(testConfig(join(t.dir, 'data'), { embedded: { audit_log: writeCertLog(t.dir, 1500), limits } }));
  await engine.ingest();
});
afterAll(async () => {
  await engine?.close();
  cleanup?.();
});

async function until(service: ExecutionService, user: string, id: string, state: string) {
  for (let i = 0; i < 3000; i++) {
    if ((await service.status({ user }, id)).state === state) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`${id} never reached ${state}`);
}

describe('ExecutionService limits', () => {
  it('takes queued queries past the running limit on an engine that holds them, up to the queue limit', async () => {
    const service = new ExecutionService({ engine, maxRunningPerUser: 1, maxQueuedPerUser: 2 });
    const amy = { user: 'amy' };
    const heavy = await service.start(amy, HEAVY, 7);
    await until(service, 'amy', heavy.id, 'RUNNING');
    const q1 = await service.start(amy, LIGHT, 7);
    const q2 = await service.start(amy, LIGHT, 7);
    // Light slots are free, yet amy's light queries wait: she is at her running limit.
    expect((await service.status(amy, q1.id)).state).toBe('QUEUED');
    expect((await service.status(amy, q2.id)).queuePosition).toBe(2);
    await expect(service.start(amy, LIGHT, 7)).rejects.toMatchObject({
      code: 'LIMIT_EXCEEDED',
      message: 'user amy already has 1 queries running (limit 1) and 2 waiting (limit 2, auth.max_queued_queries_per_user); wait for one to finish or cancel one',
    });
    await service.cancel(amy, heavy.id);
    await until(service, 'amy', q1.id, 'SUCCEEDED');
    await until(service, 'amy', q2.id, 'SUCCEEDED');
    service.close();
  });

  it('counts queued queries as running on an engine that cannot hold them back', async () => {
    // The same engine, minus its per-user queue.
    const plain: QueryEngine = {
      kind: 'embedded',
      start: (i) => engine.start({ ...i, maxRunning: undefined }),
      status: (id) => engine.status(id),
      results: (id, p) => engine.results(id, p),
      cancel: (id) => engine.cancel(id),
      close: async () => undefined,
    };
    const service = new ExecutionService({ engine: plain, maxRunningPerUser: 2 });
    const bo = { user: 'bo' };
    const a = await service.start(bo, HEAVY, 7);
    const b = await service.start(bo, HEAVY, 7); // waits for the heavy slot
    expect((await service.status(bo, b.id)).state).toBe('QUEUED');
    await expect(service.start(bo, LIGHT, 7)).rejects.toMatchObject({
      code: 'LIMIT_EXCEEDED',
      message: expect.stringMatching(/^user bo already has 2 queries running or queued \(limit 2\)/),
    });
    await service.cancel(bo, a.id);
    await service.cancel(bo, b.id);
    service.close();
  });
});
