// Detections run by the background service (fake clock, real engine, real HTTP receiver on
// 127.0.0.1): signed deliveries, retries when the receiver first answers 500, dedupe of the same
// finding within the window, a new finding sent at once, and one delivery with two gateways.
import { createHmac } from 'node:crypto';
import { appendFileSync, readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/reports/clock';
import { LocalBlobStore } from '../../../src/reports/local-blobstore';
import { createReportsRuntime } from '../../../src/reports/runtime';
import { EmbeddedEngine } from '../../../src/engine/duckdb/engine';
import { demoEngine, tempDir, type DemoEngine } from '../../support/reports';

const SECRET = 'a-long-enough-signing-secret';
const MINUTE = 60_000;

let demo: DemoEngine;
let server: Server;
let url: string;
let received: { headers: Record<string, unknown>; body: string }[];
let answers: number[];

beforeAll(async () => {
  demo = await demoEngine({ events: 2000, days: 14 });
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.statusCode = answers.shift() ?? 200;
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}/hooks/amctl`;
});
afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  await demo?.cleanup();
});
beforeEach(() => {
  received = [];
  answers = [];
});

// The receiver is on 127.0.0.1: allow detection webhooks inside the network.
const allowInside = <T extends { raw: Record<string, unknown> }>(c: T): T => ({ ...c, raw: { ...c.raw, reports: { webhooks: { allow_private_networks: true } } } });

function gateway(storeDir: string, clock: ManualClock, owner: string) {
  const runtime = createReportsRuntime(allowInside(demo.config), {
    engine: demo.engine,
    store: new LocalBlobStore(storeDir),
    clock,
    retry: { maxAttempts: 4, baseDelayMs: 5, maxDelayMs: 20 },
    owner, // same store, distinct gateway identity
  });
  return runtime;
}

const signatureOk = (r: { headers: Record<string, unknown>; body: string }) =>
  r.headers['x-amctl-signature'] === 'sha256=' + createHmac('sha256', SECRET).update(`${r.headers['x-amctl-timestamp']}.${r.body}`).digest('hex');

const detection = () => ({
  name: 'root-ssh',
  description: 'Root SSH sessions',
  query: 'privilege_access_report.root_ssh_sessions',
  days: 7,
  interval_seconds: 600,
  dedupe_window_seconds: 3600,
  actions: [{ type: 'webhook', url, secret: SECRET }],
});

describe('detections on the scheduler', () => {
  it('delivers a signed finding with retries, dedupes it within the window, sends it again after', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const clock = new ManualClock(Date.now());
      const rt = gateway(dir, clock, 'gw-1');
      await rt.reports.start();
      await rt.detections.create(detection(), 'alice');

      answers = [500, 500]; // the receiver is down for the first two attempts
      await rt.scheduler.tick();
      expect(received).toHaveLength(3);
      expect(received.every(signatureOk)).toBe(true);
      const bodies = new Set(received.map((r) => r.body));
      expect(bodies.size).toBe(1); // the same payload on every attempt
      const payload = JSON.parse(received[0].body);
      expect(payload).toMatchObject({ detection: 'root-ssh', query: detection().query, days: 7, condition: { kind: 'row_count', op: '>', value: 0 } });
      // The finding is exactly what the query returns (computed directly on the engine).
      const sql = (await rt.reports.getReport('privilege_access_report')).audit_queries.find((q) => q.name === 'root_ssh_sessions')!.query;
      const { runToCompletion } = await import('../../../src/cli/local-client');
      const direct = await runToCompletion(demo.engine, sql, 7);
      expect(direct.rows.length).toBeGreaterThan(0);
      // Rows of one event_date come in no particular order (the query orders by date only).
      const sorted = (rows: unknown[][]) => rows.map((r) => JSON.stringify(r)).sort();
      expect(sorted(payload.rows)).toEqual(sorted(direct.rows));
      const log = await rt.detections.deliveries('root-ssh');
      expect(log).toHaveLength(1);
      expect(log[0]).toMatchObject({ ok: true, target: url, attempts: [{ status: 500 }, { status: 500 }, { status: 200 }] });

      // Not due yet: nothing runs.
      clock.advance(5 * MINUTE);
      await rt.scheduler.tick();
      expect(received).toHaveLength(3);
      // Due, same finding, inside the dedupe window: not sent again.
      clock.advance(6 * MINUTE);
      await rt.scheduler.tick();
      expect(received).toHaveLength(3);
      expect((await rt.detections.state('root-ssh')).last_status).toBe('DUPLICATE');
      // After the window the same finding is sent again.
      clock.advance(60 * MINUTE);
      await rt.scheduler.tick();
      expect(received).toHaveLength(4);
      expect(signatureOk(received[3])).toBe(true);
    } finally {
      cleanup();
    }
  });

  it('sends a new finding at once, inside the window', async () => {
    const { dir, cleanup } = tempDir();
    const { dir: logCopy, cleanup: cleanupLog } = tempDir();
    try {
      // An engine of its own over a log we can append to.
      const { cpSync } = await import('node:fs');
      cpSync(demo.logDir, logCopy, { recursive: true });
      const { parseCoreConfig } = await import('../../../src/config');
      const { loadCatalog } = await import('../../../src/catalog');
      const config = parseCoreConfig({ data_dir: join(dir, 'data'), embedded: { audit_log: logCopy } }, { cwd: dir });
      const engine = await EmbeddedEngine.open(config, loadCatalog());
      try {
        await engine.ingest();
        const clock = new ManualClock(Date.now());
        const rt = createReportsRuntime(allowInside(config), { engine, store: new LocalBlobStore(join(dir, 'store')), clock, retry: { baseDelayMs: 5, maxDelayMs: 20 } });
        await rt.reports.start();
        await rt.detections.create(detection());
        expect((await rt.detections.run('root-ssh')).status).toBe('FIRED');
        expect((await rt.detections.run('root-ssh')).status).toBe('DUPLICATE');
        // A new root session today changes the finding.
        const today = readdirSync(logCopy).sort().at(-1)!;
        appendFileSync(
          join(logCopy, today),
          JSON.stringify({ event: 'session.start', code: 'T2000I', time: new Date().toISOString(), uid: 'planted-new', user: 'mallory', login: 'root', proto: 'ssh', sid: 'x' }) + '\n',
        );
        const summary = await engine.ingest();
        expect(summary.events).toBe(1);
        const next = await rt.detections.run('root-ssh');
        expect(next.status).toBe('FIRED');
        expect(received).toHaveLength(2);
        expect(JSON.parse(received[1].body).rows.some((r: unknown[]) => r.includes('mallory'))).toBe(true);
      } finally {
        await engine.close();
      }
    } finally {
      cleanup();
      cleanupLog();
    }
  });

  it('with two gateways on one store, delivers each finding once', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const clock = new ManualClock(Date.now());
      const a = gateway(dir, clock, 'gw-a');
      const b = gateway(dir, clock, 'gw-b');
      await Promise.all([a.reports.start(), b.reports.start()]);
      await a.detections.create(detection());
      await Promise.all([a.scheduler.tick(), b.scheduler.tick()]);
      await Promise.all([a.reports.drain(), b.reports.drain()]);
      expect(received).toHaveLength(1);
      clock.advance(11 * MINUTE);
      await Promise.all([a.scheduler.tick(), b.scheduler.tick()]);
      expect(received).toHaveLength(1); // deduped
    } finally {
      cleanup();
    }
  });
});
