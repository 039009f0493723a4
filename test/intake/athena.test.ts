// The intake on the Athena engine with two replicas: what either takes (NDJSON POST, or the Fluentd
// door's one-event body) lands as Parquet under the table's prefix in Teleport's own layout, each event
// once whichever replica a re-send reaches, and the Athena engine's query sees it. moto_server stands
// for S3 and STS; the local Athena-protocol endpoint runs the engine's SQL on real Trino over a copy of
// what is under the prefix (standing for Athena reading S3).
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIntakeStore } from '../../src/cli/compose/intake-store';
import { INTAKE_EXTENSION, S3ParquetStore, startIntake, type IntakeRuntime } from '../../src/intake';
import { toIntakeEvent } from '../../src/intake/events';
import { REGION, startHarness, type Harness } from '../support/athena-stub/harness';
import { TrinoAthenaExecutor, type StubExecutor } from '../support/athena-stub';
import { runToEnd } from '../support/athena-stub/run';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { MOTO_CREDENTIALS } from '../support/moto';
import { TRINO_WAIT_MS, trinoUrl } from '../support/trino';
import { FORWARDER_ROLE } from './support/fixtures';

const BUCKET = 'audit-long-term';
// Two days inside the engine's 7-day window, written out as the folders Teleport would use.
const DAY = 86_400_000;
const day1 = new Date(Date.now() - 2 * DAY).toISOString().slice(0, 10);
const day2 = new Date(Date.now() - DAY).toISOString().slice(0, 10);

function login(uid: string, user: string, time: string): Record<string, unknown> {
  return { event: 'user.login', code: 'T1000I', uid, time, user, method: 'local', success: true, cluster_name: 'test.example.com', 'addr.remote': '192.0.2.7:50000' };
}
const e1 = login('a0000000-0000-4000-8000-000000000001', 'alice', `${day1}T09:00:00.125Z`);
const e2 = login('a0000000-0000-4000-8000-000000000002', 'bob', `${day1}T10:30:00.000Z`);
const e3 = { event: 'session.start', code: 'T2000I', uid: 'a0000000-0000-4000-8000-000000000003', time: `${day2}T08:00:00.500Z`, user: 'alice', sid: 'c1b2c3d4-0000-4000-8000-00000000abcd', login: 'root', server_hostname: 'node-1', cluster_name: 'test.example.com' };
const e4 = login('a0000000-0000-4000-8000-000000000004', 'carol', `${day2}T11:00:00.000Z`);
const e5 = login('a0000000-0000-4000-8000-000000000005', 'dave', `${day2}T12:00:00.000Z`);
const e6 = login('a0000000-0000-4000-8000-000000000006', 'erin', `${day2}T13:00:00.000Z`);
const e7 = login('a0000000-0000-4000-8000-000000000007', 'frank', `${day2}T14:00:00.000Z`);
const e8 = login('a0000000-0000-4000-8000-000000000008', 'grace', `${day2}T15:00:00.000Z`);
const ndjson = (xs: Record<string, unknown>[]) => xs.map((e) => JSON.stringify(e)).join('\n') + '\n';

let h: Harness;
/** The Trino the local Athena endpoint runs on, over the latest copy of the prefix. */
let synced: TrinoAthenaExecutor | undefined;
const replicas: { intake: IntakeRuntime; gw: TestGateway }[] = [];

beforeAll(async () => {
  const executor: StubExecutor = {
    execute: (sql, ctx) => {
      if (!synced) throw new Error('nothing synced from S3 yet');
      return synced.execute(sql, ctx);
    },
  };
  h = await startHarness({
    executor,
    locationS3: `s3://${BUCKET}/events`,
    buckets: [BUCKET],
    raw: { intake: { http: true, state: `s3://${BUCKET}/amctl_intake` } },
  });
  for (const name of ['a', 'b']) {
    const intake = (await startIntake(h.config, { store: createIntakeStore(h.config, { sourceCredentials: MOTO_CREDENTIALS }) }))!;
    mkdirSync(join(h.dir, `gw-${name}`));
    const gw = await startTestGateway({ engine: h.engine, roles: FORWARDER_ROLE, dataDir: join(h.dir, `gw-${name}`), gateway: { extensions: new Map([[INTAKE_EXTENSION, intake]]) } });
    replicas.push({ intake, gw });
  }
  await trinoUrl();
}, TRINO_WAIT_MS);

afterAll(async () => {
  for (const r of replicas) {
    await r.gw.close();
    await r.intake.stop();
  }
  await synced?.close();
  await h?.close();
});

async function post(replica: number, body: string) {
  const { gw } = replicas[replica]!;
  const res = await fetch(`${gw.gateway.origin}/v1/intake/teleport`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${await gw.token({ user: 'forwarder', roles: ['event-forwarder'] })}` },
    body,
  });
  return { status: res.status, body: (await res.json()) as unknown };
}

async function objects(prefix = 'events/'): Promise<string[]> {
  const out = await h.s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }));
  return (out.Contents ?? []).map((o) => o.Key!).sort();
}

async function download(key: string, to: string): Promise<void> {
  const out = await h.s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  mkdirSync(join(to, '..'), { recursive: true });
  writeFileSync(to, await out.Body!.transformToByteArray());
}

/** Every row of every file under the prefix, read back with DuckDB. */
async function rowsUnderPrefix(): Promise<Record<string, unknown>[]> {
  const dir = join(h.dir, `read-${Date.now()}`);
  const files: string[] = [];
  for (const key of await objects()) {
    const to = join(dir, key);
    await download(key, to);
    files.push(to);
  }
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  try {
    await con.run(`SET TimeZone = 'UTC'`);
    const list = files.map((f) => `'${f}'`).join(', ');
    const r = await con.runAndReadAll(`SELECT uid, session_id, event_type, strftime(event_time, '%Y-%m-%dT%H:%M:%S.%gZ') AS event_time, "user", event_data FROM read_parquet([${list}]) ORDER BY uid`);
    return r.getRowObjectsJson() as Record<string, unknown>[];
  } finally {
    con.closeSync();
    db.closeSync();
  }
}

const LAYOUT = /^events\/(\d{4}-\d{2}-\d{2})\/[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\.parquet$/;

describe('intake on the Athena engine, two replicas', () => {
  it('a POST to one replica lands as Parquet in Teleport\'s layout and columns, one file per day', async () => {
    expect(await post(0, ndjson([e1, e2, e3]))).toEqual({ status: 200, body: { accepted: 3, duplicates: 0 } });
    const keys = await objects();
    expect(keys).toHaveLength(2);
    expect(keys.map((k) => LAYOUT.exec(k)?.[1]).sort()).toEqual([day1, day2]);

    // Teleport's columns, in its order, with event_time a millisecond timestamp.
    const file = join(h.dir, 'schema', 'one.parquet');
    await download(keys[0]!, file);
    const db = await DuckDBInstance.create(':memory:');
    const con = await db.connect();
    const schema = (await con.runAndReadAll(`SELECT name, type, converted_type FROM parquet_schema('${file}') WHERE name <> 'duckdb_schema'`)).getRowObjectsJson();
    con.closeSync();
    db.closeSync();
    expect(schema).toEqual([
      { name: 'uid', type: 'BYTE_ARRAY', converted_type: 'UTF8' },
      { name: 'session_id', type: 'BYTE_ARRAY', converted_type: 'UTF8' },
      { name: 'event_type', type: 'BYTE_ARRAY', converted_type: 'UTF8' },
      { name: 'event_time', type: 'INT64', converted_type: 'TIMESTAMP_MILLIS' },
      { name: 'user', type: 'BYTE_ARRAY', converted_type: 'UTF8' },
      { name: 'event_data', type: 'BYTE_ARRAY', converted_type: 'UTF8' },
    ]);

    const rows = await rowsUnderPrefix();
    expect(rows.map(({ event_data, ...r }) => ({ ...r, event: JSON.parse(event_data as string) }))).toEqual([
      { uid: e1.uid, session_id: '', event_type: 'user.login', event_time: e1.time, user: 'alice', event: e1 },
      { uid: e2.uid, session_id: '', event_type: 'user.login', event_time: e2.time, user: 'bob', event: e2 },
      { uid: e3.uid, session_id: e3.sid, event_type: 'session.start', event_time: e3.time, user: 'alice', event: e3 },
    ]);
  });

  it('a re-send to the other replica is a duplicate; an overlapping one keeps only what is new', async () => {
    const before = await objects();
    expect(await post(1, ndjson([e1, e2, e3]))).toEqual({ status: 200, body: { accepted: 0, duplicates: 3 } });
    expect(await objects()).toEqual(before);
    expect(await post(1, ndjson([e3, e4]))).toEqual({ status: 200, body: { accepted: 1, duplicates: 1 } });
    expect(await post(0, ndjson([e4]))).toEqual({ status: 200, body: { accepted: 0, duplicates: 1 } });
  });

  it('the same event sent to both replicas at once is kept once', async () => {
    const [a, b] = await Promise.all([post(0, ndjson([e5])), post(1, ndjson([e5]))]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const bodies = [a.body, b.body] as { accepted: number; duplicates: number }[];
    expect(bodies.map((x) => x.accepted).sort()).toEqual([0, 1]);
    expect(bodies.map((x) => x.duplicates).sort()).toEqual([0, 1]);
  });

  it('the Fluentd door\'s one-event body goes the same way, once across replicas', async () => {
    const body = Buffer.from(JSON.stringify(e6));
    expect(await replicas[1]!.intake.service.receiveEvent(body)).toMatchObject({ written: 1, duplicates: 0 });
    expect(await replicas[0]!.intake.service.receiveEvent(body)).toMatchObject({ written: 0, duplicates: 1 });
  });

  it('takes over the claim of a replica that died before its file was written', async () => {
    // The claim a replica leaves when it dies between claiming and uploading: old, naming a file that never came.
    const claim = `amctl_intake/claims/${createHash('sha256').update(`u:${e7.uid}`).digest('hex')}.json`;
    const dead = { key: `u:${e7.uid}`, object: `events/${day2}/01900000-0000-7000-8000-000000000000.parquet`, at: Date.now() - 3_600_000 };
    await h.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: claim, Body: JSON.stringify(dead) }));
    expect(await post(1, ndjson([e7]))).toEqual({ status: 200, body: { accepted: 1, duplicates: 0 } });
    expect(await post(0, ndjson([e7]))).toEqual({ status: 200, body: { accepted: 0, duplicates: 1 } });
  });

  it('counts an upload whose answer was lost as written, and keeps its claim', async () => {
    const s3 = new S3Client({ region: REGION, endpoint: h.moto.endpoint, credentials: MOTO_CREDENTIALS, forcePathStyle: true });
    let lost = 0;
    // The file lands on S3, then the connection drops before the answer arrives.
    s3.middlewareStack.add(
      (next, context) => async (args) => {
        const out = await next(args);
        if (context.commandName === 'PutObjectCommand' && String((args.input as { Key?: string }).Key).startsWith('events/') && lost++ === 0) throw new Error('socket hang up');
        return out;
      },
      { step: 'initialize' },
    );
    const store = new S3ParquetStore({ s3, events: { bucket: BUCKET, prefix: 'events' }, state: { bucket: BUCKET, prefix: 'amctl_intake' } });
    try {
      expect(await store.append([toIntakeEvent(structuredClone(e8), 'audit', 'the event')])).toEqual({ written: 1, duplicates: 0 });
      expect(lost).toBe(1);
    } finally {
      await store.close();
      s3.destroy();
    }
    expect(await post(0, ndjson([e8]))).toEqual({ status: 200, body: { accepted: 0, duplicates: 1 } });
  });

  it('every event is under the prefix exactly once, and the Athena engine\'s query sees them', async () => {
    const all = [e1, e2, e3, e4, e5, e6, e7, e8];
    const rows = await rowsUnderPrefix();
    expect(rows.map((r) => r.uid)).toEqual(all.map((e) => e.uid));

    // Athena reads the prefix: the local endpoint's Trino table gets a copy of it.
    const copy = join(h.dir, 'athena-table');
    for (const key of await objects()) await download(key, join(copy, key.slice('events/'.length)));
    await synced?.close();
    synced = await TrinoAthenaExecutor.open({ trinoUrl: await trinoUrl(), parquetDir: copy, database: 'audit_db', table: 'audit_table' });

    const logins = await runToEnd(h.engine, 'SELECT uid, "user", method FROM user_login ORDER BY uid', 7, { user: 'alice', roles: ['auditor'] });
    expect(logins.status.error).toBeUndefined();
    const want = all.filter((e) => e.event === 'user.login');
    expect(logins.rows).toEqual(want.map((e) => [e.uid, e.user, 'local']));
    const sessions = await runToEnd(h.engine, 'SELECT sid, login, server_hostname FROM session_start', 7, { user: 'alice', roles: ['auditor'] });
    expect(sessions.rows).toEqual([[e3.sid, 'root', 'node-1']]);
  });
});
