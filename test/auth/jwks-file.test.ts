// Rotating the keys in auth.jwks_file takes effect without a restart.
import { utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JWKS_FILE_CHECK_MS } from '../../src/auth/verifier';
import { newSigningKey, signToken, startBareGateway, type TestGateway } from '../support/gateway';

describe('auth.jwks_file key rotation', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startBareGateway();
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('accepts a key added to the file later, and keeps the old keys if the file turns unreadable', async () => {
    const rotated = await newSigningKey('ES256');
    const token = await signToken(rotated);
    const q = '{ auditViews { name } }';
    expect((await gw.gql(q, {}, token)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    const file = join(gw.dataDir, 'jwks.json');
    writeFileSync(file, JSON.stringify({ keys: [gw.key.publicJwk, rotated.publicJwk] }));
    utimesSync(file, new Date(), new Date(Date.now() + 5_000)); // a new mtime even within the same tick
    expect((await gw.gql<{ auditViews: unknown[] }>(q, {}, token)).data?.auditViews.length).toBeGreaterThan(30);

    writeFileSync(file, 'not json');
    utimesSync(file, new Date(), new Date(Date.now() + 10_000));
    const other = await signToken(await newSigningKey('ES256'));
    expect((await gw.gql(q, {}, other)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await gw.gql(q, {}, await gw.token())).data).toBeDefined();
  });
});

describe('auth.jwks_file key revocation', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startBareGateway();
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('stops trusting a key removed from the file within the check delay, without a restart', async () => {
    const extra = await newSigningKey('ES256');
    const file = join(gw.dataDir, 'jwks.json');
    writeFileSync(file, JSON.stringify({ keys: [gw.key.publicJwk, extra.publicJwk] }));
    utimesSync(file, new Date(), new Date(Date.now() + 5_000));
    const token = await signToken(extra);
    const q = '{ auditViews { name } }';
    // Accepted (and so remembered by the verifier's cache) while the key is in the file.
    const ok = await gw.gql<{ auditViews: unknown[] }>(q, {}, token);
    expect(ok.status).toBe(200);
    expect(ok.data?.auditViews.length).toBeGreaterThan(30);

    writeFileSync(file, JSON.stringify({ keys: [gw.key.publicJwk] }));
    utimesSync(file, new Date(), new Date(Date.now() + 10_000));
    const removedAt = Date.now();
    let res = await gw.gql(q, {}, token);
    while (res.status !== 401 && Date.now() - removedAt < JWKS_FILE_CHECK_MS + 3_000) {
      await new Promise((r) => setTimeout(r, 200));
      res = await gw.gql(q, {}, token);
    }
    expect(res.status).toBe(401);
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(Date.now() - removedAt).toBeLessThan(JWKS_FILE_CHECK_MS + 3_000);
    // The keys still in the file keep working.
    expect((await gw.gql(q, {}, await gw.token())).status).toBe(200);
  });
});
