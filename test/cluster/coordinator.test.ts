// Cluster admission and accounting against a real S3 (moto): slots freed exactly once, scans charged
// exactly once, and slots a dead replica left behind settled by the next admission.
import { randomBytes, randomUUID } from 'node:crypto';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClusterCoordinator, type AthenaFacts } from '../../src/cluster/coordinator';
import { ExecutionIdSigner } from '../../src/cluster/execution-id';
import { SharedDocs } from '../../src/cluster/shared-docs';
import { MOTO_CREDENTIALS, startMoto, type MotoServer } from '../support/moto';

let moto: MotoServer;
let s3: S3Client;
const BUCKET = 'cluster-state';

beforeAll(async () => {
  moto = await startMoto();
  s3 = new S3Client({ endpoint: moto.endpoint, region: 'eu-central-1', forcePathStyle: true, credentials: MOTO_CREDENTIALS });
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET, CreateBucketConfiguration: { LocationConstraint: 'eu-central-1' } }));
});
afterAll(async () => {
  s3?.destroy();
  await moto?.stop();
});

/** The replicas' clock: tests move it rather than wait. */
const clock = { now: Date.now() };

/** Replicas sharing one state prefix; Athena's answers come from `athena`. */
function replicas(prefix: string, athena: Map<string, AthenaFacts>, n = 2, maxRunningPerUser = 1) {
  const key = randomBytes(32);
  return Array.from({ length: n }, () => {
    const docs = new SharedDocs(s3, { bucket: BUCKET, prefix });
    return new ClusterCoordinator({
      docs,
      signer: new ExecutionIdSigner(key),
      maxRunningPerUser,
      budget: { userBytes: 10_000, roleBytes: 100_000, windowDays: 30 },
      lookup: async (ids) => new Map(ids.filter((i) => athena.has(i)).map((i) => [i, athena.get(i)!])),
      settleAfterMs: 0,
      reservationTtlMs: 60_000,
      now: () => clock.now,
    });
  });
}

const start = (c: ClusterCoordinator, slot: string, user: string, athenaId = randomUUID()) =>
  c.started(slot, { athenaId, user, roles: ['auditor'], sql: 'SELECT 1', days: 7, submittedAt: new Date() }).then((id) => ({ id, athenaId }));

describe('cluster coordinator on S3', () => {
  it('settles a slot whose replica died: the next admission asks Athena, charges once, admits', async () => {
    const athena = new Map<string, AthenaFacts>();
    const [a, b] = replicas('dead-replica', athena);
    const slot = await a!.admit('erin', ['auditor']);
    const { id, athenaId } = await start(a!, slot, 'erin');
    await expect(b!.admit('erin', ['auditor'])).rejects.toMatchObject({ code: 'LIMIT_EXCEEDED' });
    // Replica a is gone; Athena finished the query.
    athena.set(athenaId, { terminal: true, bytes: 700, completedAt: Date.now() });
    const next = await b!.admit('erin', ['auditor']);
    expect(next).toMatch(/^[0-9a-f-]{36}$/);
    expect(await b!.usage('erin', 'auditor')).toEqual({ user: 700, role: 700 });
    // A late report of the same end changes nothing.
    await b!.finished({ athenaId, user: 'erin', bytes: 700, completedAt: Date.now() });
    await a!.finished({ athenaId, user: 'erin', bytes: 700, completedAt: Date.now() });
    expect(await b!.usage('erin', 'auditor')).toEqual({ user: 700, role: 700 });
    // The id still resolves on any replica, with the SQL from the shared record.
    expect(await b!.resolve(id)).toMatchObject({ athenaId, user: 'erin', sql: 'SELECT 1', days: 7, roles: ['auditor'] });
  });

  it('drops a reservation whose replica died before Athena had the query', async () => {
    const [a, b] = replicas('dead-reservation', new Map());
    await a!.admit('frank', []);
    await expect(b!.admit('frank', [])).rejects.toMatchObject({ code: 'LIMIT_EXCEEDED' });
    clock.now += 61_000;
    await expect(b!.admit('frank', [])).resolves.toBeTruthy();
  });

  it('two replicas reporting the same end concurrently charge it once', async () => {
    const athena = new Map<string, AthenaFacts>();
    const rs = replicas('concurrent-end', athena, 3, 3);
    const ends = [];
    for (let i = 0; i < 3; i++) {
      const slot = await rs[i]!.admit('gina', ['auditor']);
      const { athenaId } = await start(rs[i]!, slot, 'gina');
      ends.push(athenaId);
    }
    await Promise.all(ends.flatMap((athenaId, i) => rs.map((r) => r.finished({ athenaId, user: 'gina', bytes: 100 * (i + 1), completedAt: Date.now() }))));
    expect(await rs[0]!.usage('gina', 'auditor')).toEqual({ user: 600, role: 600 });
    expect(await rs[1]!.runningSlots('gina')).toBe(0);
  });

  it('refuses past the user budget with the key to raise, on every replica', async () => {
    const athena = new Map<string, AthenaFacts>();
    const [a, b] = replicas('budget', athena, 2, 5);
    const slot = await a!.admit('hal', ['auditor']);
    const { athenaId } = await start(a!, slot, 'hal');
    await a!.finished({ athenaId, user: 'hal', bytes: 10_000, completedAt: Date.now() });
    await expect(b!.admit('hal', ['auditor'])).rejects.toThrow(/user hal has scanned 10\.0 KB .*athena\.budget\.per_user/);
  });

  it('never lets a stale writer through: every version has its own ETag', async () => {
    const docs = new SharedDocs(s3, { bucket: BUCKET, prefix: 'aba' });
    const first = await docs.put('doc.json', { n: 1 }, { ifNoneMatch: true });
    const second = await docs.put('doc.json', { n: 2 }, { ifMatch: first });
    const back = await docs.put('doc.json', { n: 1 }, { ifMatch: second });
    expect(back).not.toBe(first);
    expect(await docs.put('doc.json', { n: 3 }, { ifMatch: first })).toBeUndefined();
  });
});

describe('retried starts', () => {
  it('the same Athena query started twice (one client token) gets one id and holds one slot', async () => {
    const [a, b] = replicas('retried', new Map(), 2, 3);
    const athenaId = randomUUID();
    const first = await start(a!, await a!.admit('ivan', []), 'ivan', athenaId);
    await new Promise((r) => setTimeout(r, 5));
    const again = await start(b!, await b!.admit('ivan', []), 'ivan', athenaId);
    expect(again.id).toBe(first.id);
    expect(await a!.runningSlots('ivan')).toBe(1);
  });
});
