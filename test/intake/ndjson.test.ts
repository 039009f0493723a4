// POST /v1/intake/teleport on the real gateway: NDJSON, a token whose roles allow audit_event create,
// each event once (re-sends counted as duplicates), into the same views as the file log.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INTAKE_EXTENSION, startIntake, type IntakeRuntime } from '../../src/intake';
import type { EmbeddedEngine } from '../../src/engine/duckdb/engine';
import { openEngine, query, tempDir, testConfig } from '../support/engine';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { demoEvents, FORWARDER_ROLE } from './support/fixtures';

let dir: string;
let cleanup: () => void;
let engine: EmbeddedEngine;
let intake: IntakeRuntime;
let gw: TestGateway;
let events: Record<string, unknown>[];

beforeAll(async () => {
  ({ dir, cleanup } = tempDir('amctl-ndjson-'));
  events = await demoEvents(join(dir, 'log'), 1000);
  const config = testConfig(join(dir, 'data'), { intake: { http: true } });
  engine = await openEngine(config);
  intake = (await startIntake(config))!;
  mkdirSync(join(dir, 'gw'));
  gw = await startTestGateway({ engine, roles: FORWARDER_ROLE, dataDir: join(dir, 'gw'), gateway: { extensions: new Map([[INTAKE_EXTENSION, intake]]) } });
});
afterAll(async () => {
  await gw.close();
  await intake.stop();
  await engine.close();
  cleanup();
});

async function post(body: string, roles: string[] | null = ['event-forwarder'], type = 'application/x-ndjson') {
  const headers: Record<string, string> = { 'content-type': type };
  if (roles) headers.authorization = `Bearer ${await gw.token({ user: 'forwarder', roles })}`;
  const res = await fetch(`${gw.gateway.origin}/v1/intake/teleport`, { method: 'POST', headers, body });
  return { status: res.status, body: (await res.json()) as any };
}

describe('POST /v1/intake/teleport', () => {
  it('keeps NDJSON events once and they reach the views', async () => {
    const ndjson = (xs: Record<string, unknown>[]) => xs.map((e) => JSON.stringify(e)).join('\n') + '\n';
    expect(await post(ndjson(events.slice(0, 600)))).toEqual({ status: 200, body: { accepted: 600, duplicates: 0 } });
    // An overlapping re-send (a retry after a lost answer): only the new ones are kept.
    expect(await post(ndjson(events.slice(500)))).toEqual({ status: 200, body: { accepted: 400, duplicates: 100 } });
    await engine.ingest();
    const want = events.filter((e) => e.event === 'user.login').length;
    const got = await query(engine, 'SELECT count(*), count(DISTINCT uid) FROM user_login', 30);
    expect(got.rows[0]).toEqual([String(want), String(want)]);
    expect(want).toBeGreaterThan(5);
  });

  it('needs a token whose roles allow audit_event create', async () => {
    expect((await post('{}', null)).status).toBe(401);
    const r = await post(JSON.stringify(events[0]), ['auditor']);
    expect(r.status).toBe(403);
  });

  it('refuses a bad line with a 400 naming it, keeping nothing of that request', async () => {
    const body = [JSON.stringify({ event: 'user.login', time: '2024-03-20T10:00:00Z', uid: 'n1' }), '{"event": oops}'].join('\n');
    const r = await post(body);
    expect(r.status).toBe(400);
    expect(r.body.errors[0].message).toMatch(/^line 2: not valid JSON/);
    const again = await post(JSON.stringify({ event: 'user.login', time: '2024-03-20T10:00:00Z', uid: 'n1' }));
    expect(again.body).toEqual({ accepted: 1, duplicates: 0 });
    expect((await post('x', ['event-forwarder'], 'text/csv')).body.errors[0].message).toMatch(/application\/x-ndjson/);
  });
});
