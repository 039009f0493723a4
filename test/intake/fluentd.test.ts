// The Fluentd-compatible intake, driven as teleport-event-handler drives it: mTLS with the files its
// `configure` writes (server key encrypted with a passphrase), HTTP/2, one POST per event, retries,
// answers lost after the event was stored, restarts from the last saved cursor, session recordings
// to session-url.<sid>.log. Each event must land in its view exactly once: the engine fed by the
// intake must hold what an engine reading the same events from a file log holds.
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { intakeSpoolDir } from '../../src/engine/intake-spool';
import { startIntake, type IntakeRuntime } from '../../src/intake';
import { openEngine, tempDir, testConfig } from '../support/engine';
import { EventHandlerClient, protoJson } from './support/event-handler-client';
import { demoEvents, recordingsOf, spoolLines, viewContents } from './support/fixtures';
import { generateHandlerCerts, type HandlerCerts } from './support/handler-certs';

let dir: string;
let cleanup: () => void;
let certs: HandlerCerts;
let events: Record<string, unknown>[];

beforeAll(async () => {
  ({ dir, cleanup } = tempDir('amctl-intake-'));
  certs = generateHandlerCerts(join(dir, 'certs'));
  events = await demoEvents(join(dir, 'log'), 1000);
});
afterAll(() => cleanup());

function intakeConfig(dataDir: string, extra: Record<string, unknown> = {}) {
  return testConfig(dataDir, {
    intake: {
      fluentd: { listen: '127.0.0.1:0', cert_file: certs.serverCrt, key_file: certs.serverKey, key_passphrase: certs.passphrase, client_ca_file: certs.caCrt },
      ...extra,
    },
  });
}

function client(port: number, extra: Partial<ConstructorParameters<typeof EventHandlerClient>[0]> = {}) {
  return new EventHandlerClient({
    url: `https://localhost:${port}/events.log`,
    sessionUrl: `https://localhost:${port}/session`,
    ca: certs.caCrt,
    cert: certs.clientCrt,
    key: certs.clientKey,
    ...extra,
  });
}

/** One HTTP/1.1 request (the handler's transport falls back to it), with or without a client certificate. */
function post1(port: number, path: string, body: string, opts: { cert?: boolean; type?: string; method?: string } = {}) {
  const { readFileSync } = require('node:fs') as typeof import('node:fs');
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = httpsRequest(
      {
        host: '127.0.0.1',
        port,
        path,
        method: opts.method ?? 'POST',
        servername: 'localhost',
        ca: readFileSync(certs.caCrt),
        ...(opts.cert === false ? {} : { cert: readFileSync(certs.clientCrt), key: readFileSync(certs.clientKey) }),
        headers: { 'content-type': opts.type ?? 'application/json' },
      },
      (res) => {
        let b = '';
        res.on('data', (c) => (b += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: b }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('Fluentd-compatible intake for teleport-event-handler', () => {
  it('lands every event once in its view, through lost answers, retries and a re-send from an old cursor', async () => {
    const dataDir = join(dir, 'data-main');
    const intake = (await startIntake(intakeConfig(dataDir)))!;
    const recordings = recordingsOf(events);
    let c: EventHandlerClient | undefined;
    try {
      // The answers of 25 events are lost after the gateway stored them: the client sends them again.
      const lose = new Set(Array.from({ length: 25 }, (_, i) => 17 + i * 37));
      c = client(intake.fluentd!.port, { loseAnswerOf: lose, retries: 0, cursorEvery: 20, maxRestarts: 30 });
      await c.run(events, recordings);
      expect(c.stats.lostAnswers).toBe(25);
      // retries: 0 makes each lost answer a failed send: the job starts again from its saved cursor.
      expect(c.stats.restarts).toBe(25);
      expect([...c.stats.statuses.keys()]).toEqual([200]);
      // A restarted handler re-sends everything since its last saved cursor: here the last 300 events.
      const again = client(intake.fluentd!.port);
      await again.run(events.slice(-300), recordings);
      again.close();
    } finally {
      c?.close();
      await intake.stop();
    }
    const lines = spoolLines(intakeSpoolDir(dataDir)).map((l) => JSON.parse(l) as Record<string, unknown>);
    // Session stream prints are not kept by default (session_events: views); every audit event once.
    expect(lines.length).toBe(events.length);
    expect(new Set(lines.map((l) => l.uid)).size).toBe(events.length);
    expect(lines.some((l) => l.event === 'print')).toBe(false);

    // The reference: the same events read from a Teleport file log.
    const ref = await openEngine(testConfig(join(dir, 'data-ref'), { embedded: { audit_log: join(dir, 'log') } }));
    const viaIntake = await openEngine(testConfig(dataDir));
    try {
      expect((await ref.ingest()).events).toBe(events.length);
      expect((await viaIntake.ingest()).events).toBe(events.length);
      const want = await viewContents(ref);
      const got = await viewContents(viaIntake);
      let rows = 0;
      for (const [view, r] of want) {
        expect(got.get(view), view).toEqual(r);
        rows += r.length;
      }
      expect(rows).toBeGreaterThan(800); // the views hold most of the demo's events
      // Nothing new on a second ingest: each line once.
      expect((await viaIntake.ingest()).events).toBe(0);
    } finally {
      await ref.close();
      await viaIntake.close();
    }
  });

  it('keeps whole session streams with session_events: all, each event once by session id and index', async () => {
    const dataDir = join(dir, 'data-all');
    const intake = (await startIntake(intakeConfig(dataDir, { session_events: 'all' })))!;
    const recordings = recordingsOf(events);
    const sid = [...recordings.keys()][0]!;
    try {
      const c = client(intake.fluentd!.port);
      const url = `https://localhost:${intake.fluentd!.port}/session.${sid}.log`;
      for (let round = 0; round < 2; round++) for (const e of recordings.get(sid)!) await c.sendEvent(url, protoJson(e));
      c.close();
    } finally {
      await intake.stop();
    }
    const lines = spoolLines(intakeSpoolDir(dataDir)).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.length).toBe(recordings.get(sid)!.length);
    expect(lines.filter((l) => l.event === 'print').length).toBe(recordings.get(sid)!.filter((e) => e.event === 'print').length);
    expect(new Set(lines.map((l) => `${l.sid}:${l.ei}`)).size).toBe(lines.length);
  });

  describe('what it refuses', () => {
    let intake: IntakeRuntime;
    beforeAll(async () => {
      intake = (await startIntake(intakeConfig(join(dir, 'data-refuse'))))!;
    });
    afterAll(() => intake.stop());

    it('answers HTTP/1.1 with mTLS, and 200 only', async () => {
      const r = await post1(intake.fluentd!.port, '/events.log', protoJson(events[0]));
      expect(r.status).toBe(200);
    });

    it('refuses a client without a certificate signed by client_ca_file', async () => {
      await expect(post1(intake.fluentd!.port, '/events.log', protoJson(events[0]), { cert: false })).rejects.toThrow();
      const other = generateHandlerCerts(join(dir, 'other-ca'));
      const bad = new EventHandlerClient({
        url: `https://localhost:${intake.fluentd!.port}/events.log`,
        sessionUrl: '',
        ca: certs.caCrt,
        cert: other.clientCrt,
        key: other.clientKey,
        retries: 0,
      });
      await expect(bad.sendEvent(`https://localhost:${intake.fluentd!.port}/events.log`, protoJson(events[1]))).rejects.toThrow();
      bad.close();
    });

    it('answers a bad body with a 4xx that says what is wrong', async () => {
      const port = intake.fluentd!.port;
      const notJson = await post1(port, '/events.log', '{"event": "user.login", ');
      expect(notJson.status).toBe(400);
      expect(JSON.parse(notJson.body).error).toMatch(/not valid JSON/);
      const noType = await post1(port, '/events.log', JSON.stringify({ time: '2024-03-20T10:00:00Z', uid: 'x' }));
      expect(noType.status).toBe(400);
      expect(JSON.parse(noType.body).error).toMatch(/no "event" field/);
      const badTime = await post1(port, '/events.log', JSON.stringify({ event: 'user.login', time: 'yesterday', uid: 'y' }));
      expect(badTime.status).toBe(400);
      expect(JSON.parse(badTime.body).error).toMatch(/RFC 3339/);
      const arr = await post1(port, '/events.log', '[]');
      expect(JSON.parse(arr.body).error).toMatch(/JSON object, got an array/);
      const wrongType = await post1(port, '/events.log', protoJson(events[2]), { type: 'text/plain' });
      expect(wrongType.status).toBe(415);
      const get = await post1(port, '/events.log', '', { method: 'GET' });
      expect(get.status).toBe(405);
      const sid = '6d77bea8-45dc-415f-a06e-a76ea4e3a140';
      const mismatch = await post1(port, `/session.${sid}.log`, JSON.stringify({ event: 'print', time: '2024-03-20T10:00:00Z', sid: 'other', ei: 3 }));
      expect(mismatch.status).toBe(400);
      expect(JSON.parse(mismatch.body).error).toMatch(/not the session/);
      // Still serving after all that.
      expect((await post1(port, '/events.log', protoJson(events[3]))).status).toBe(200);
    });
  });
});
