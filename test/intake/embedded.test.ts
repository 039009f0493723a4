// On the embedded engine the intake's events go into the same tables and views as the file log beside
// them, each once: a re-send after the engine has loaded the first copy adds nothing.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIntake, type IntakeRuntime } from '../../src/intake';
import type { EmbeddedEngine } from '../../src/engine/duckdb/engine';
import { openEngine, query, tempDir, testConfig } from '../support/engine';

const day = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
const login = (n: number, user: string) => ({ event: 'user.login', code: 'T1000I', uid: `b0000000-0000-4000-8000-00000000000${n}`, time: `${day}T0${n}:00:00.000Z`, user, method: 'local', success: true });
const fromFile = [login(1, 'alice'), login(2, 'bob')];
const pushed = [login(3, 'carol'), login(4, 'dave')];

let cleanup: () => void;
let engine: EmbeddedEngine;
let intake: IntakeRuntime;

beforeAll(async () => {
  let dir: string;
  ({ dir, cleanup } = tempDir('amctl-intake-embedded-'));
  mkdirSync(join(dir, 'log'));
  writeFileSync(join(dir, 'log', `${day}.0.log`), fromFile.map((e) => JSON.stringify(e)).join('\n') + '\n');
  const config = testConfig(join(dir, 'data'), { embedded: { audit_log: join(dir, 'log') }, intake: { http: true } });
  engine = await openEngine(config);
  intake = (await startIntake(config))!;
});
afterAll(async () => {
  await intake.stop();
  await engine.close();
  cleanup();
});

const ndjson = (xs: object[]) => Buffer.from(xs.map((e) => JSON.stringify(e)).join('\n'));

describe('intake on the embedded engine', () => {
  it('lands in the same view as the file log, each event once across re-sends and ingests', async () => {
    expect(await intake.service.receiveNdjson(ndjson(pushed))).toMatchObject({ written: 2, duplicates: 0 });
    await engine.ingest();
    expect(await intake.service.receiveNdjson(ndjson([pushed[1]!, pushed[0]!]))).toMatchObject({ written: 0, duplicates: 2 });
    await engine.ingest();
    const got = await query(engine, 'SELECT uid, "user" FROM user_login ORDER BY uid', 7);
    expect(got.rows).toEqual([...fromFile, ...pushed].map((e) => [e.uid, e.user]));
  });
});
