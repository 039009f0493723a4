// Token verification over real HTTP and WebSocket: tokens signed here with jose, keys from a JWKS
// file or a JWKS URL served by a test HTTP server. Every attack token is refused with 401
// UNAUTHENTICATED and reaches no resolver.
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportSPKI, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAuthConfig } from '../../src/auth/config';
import { loadCatalog } from '../../src/catalog';
import { createTokenVerifier } from '../../src/auth/verifier';
import { loadRoles } from '../../src/auth/roles';
import { parseCoreConfig } from '../../src/config';
import {
  TEST_AUDIENCE,
  TEST_ISSUER,
  collectSubscription,
  newSigningKey,
  signToken,
  startDemoEngine,
  startTestGateway,
  type DemoEngine,
  type SigningKey,
  type TestGateway,
} from '../support/gateway';

const VIEWS = '{ auditViews { name } }';
const now = () => Math.floor(Date.now() / 1000);
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

let demo: DemoEngine;
let es: SigningKey;
let rs: SigningKey;
let ed: SigningKey;
let t: TestGateway;

beforeAll(async () => {
  demo = await startDemoEngine({ events: 1000, days: 7 });
  [es, rs, ed] = await Promise.all([newSigningKey('ES256'), newSigningKey('RS256'), newSigningKey('EdDSA')]);
  t = await startTestGateway({ engine: demo.engine, keys: [es, rs, ed] });
});

afterAll(async () => {
  await t?.close();
  await demo?.cleanup();
});

async function expectRefused(token: string, reason: RegExp) {
  const r = await t.gql(VIEWS, undefined, token);
  expect(r.status).toBe(401);
  expect(r.data).toBeUndefined();
  expect(r.errors).toHaveLength(1);
  expect(r.errors![0]!.extensions?.code).toBe('UNAUTHENTICATED');
  expect(r.errors![0]!.message).toMatch(reason);
}

describe('valid tokens', () => {
  it.each(['ES256', 'RS256', 'EdDSA'] as const)('accepts %s tokens from the JWKS', async (alg) => {
    const key = { ES256: es, RS256: rs, EdDSA: ed }[alg];
    const r = await t.gql(VIEWS, undefined, await signToken(key));
    expect(r.status).toBe(200);
    expect(r.errors).toBeUndefined();
    expect(r.data.auditViews.length).toBe(loadCatalog().views.length);
  });

  it('accepts the token in Teleport-Jwt-Assertion (Teleport application access)', async () => {
    const res = await fetch(t.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'teleport-jwt-assertion': await signToken(es) },
      body: JSON.stringify({ query: VIEWS }),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { data: { auditViews: unknown[] } }).data.auditViews).toHaveLength(loadCatalog().views.length);
  });

  it('takes the user from username, else from sub', async () => {
    const verifier = createTokenVerifier({ auth: parseAuthConfig(t.config), roles: loadRoles() });
    expect((await verifier.verify(await signToken(es, { user: 'alice', claims: { username: 'teleport-alice' } }))).user).toBe('teleport-alice');
    expect((await verifier.verify(await signToken(es, { user: 'sub-only', claims: { username: undefined } }))).user).toBe('sub-only');
  });
});

describe('attack tokens', () => {
  it('refuses requests without a token', async () => {
    await expectRefused('', /no token/);
    const r = await t.gql(VIEWS, undefined, null);
    expect(r.status).toBe(401);
  });

  it('refuses alg none', async () => {
    const token = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ username: 'alice', roles: ['auditor'], iss: TEST_ISSUER, aud: TEST_AUDIENCE, exp: now() + 600 })}.`;
    await expectRefused(token, /algorithm is not accepted|malformed/);
  });

  it('refuses HS256 signed with the public key as the HMAC secret (key confusion)', async () => {
    const pem = await exportSPKI(rs.publicKey);
    for (const secret of [pem, JSON.stringify(rs.publicJwk)]) {
      const token = await new SignJWT({ username: 'mallory', roles: ['auditor'] })
        .setProtectedHeader({ alg: 'HS256', kid: rs.kid })
        .setIssuer(TEST_ISSUER)
        .setAudience(TEST_AUDIENCE)
        .setExpirationTime('10m')
        .sign(new TextEncoder().encode(secret));
      await expectRefused(token, /algorithm is not accepted/);
    }
  });

  it('refuses expired and not-yet-valid tokens', async () => {
    await expectRefused(await signToken(es, { claims: { exp: now() - 3600 } }), /expired/);
    await expectRefused(await signToken(es, { claims: { nbf: now() + 3600 } }), /not valid yet/);
  });

  it('refuses a wrong issuer or audience', async () => {
    await expectRefused(await signToken(es, { claims: { iss: 'other-cluster' } }), /"iss" claim/);
    await expectRefused(await signToken(es, { claims: { aud: 'https://other.app' } }), /"aud" claim/);
  });

  it('refuses an unknown kid, and a foreign key using a trusted kid', async () => {
    const stranger = await newSigningKey('ES256', 'not-in-the-jwks');
    await expectRefused(await signToken(stranger), /no trusted key/);
    const impostor = { ...(await newSigningKey('ES256')), kid: es.kid };
    await expectRefused(await signToken(impostor), /signature does not verify/);
  });

  it('refuses a tampered payload', async () => {
    const [h, , s] = (await signToken(es, { user: 'bob', roles: [] })).split('.');
    const forged = b64({ username: 'bob', sub: 'bob', roles: ['auditor', 'admin'], iss: TEST_ISSUER, aud: TEST_AUDIENCE, exp: now() + 600 });
    await expectRefused(`${h}.${forged}.${s}`, /signature does not verify/);
  });

  it('refuses tokens without exp, without a user, or with a malformed roles claim, and garbage', async () => {
    const noExp = await new SignJWT({ username: 'alice', roles: ['auditor'] })
      .setProtectedHeader({ alg: 'ES256', kid: es.kid })
      .setIssuer(TEST_ISSUER)
      .setAudience(TEST_AUDIENCE)
      .sign(es.privateKey);
    await expectRefused(noExp, /"exp" claim/);
    await expectRefused(await signToken(es, { claims: { username: '', sub: '' } }), /names no user/);
    await expectRefused(await signToken(es, { claims: { roles: 'auditor' } }), /must be a list of role names/);
    await expectRefused('not.a.jwt', /malformed/);
  });

  it('closes a WebSocket whose token does not verify (4403), before any subscription', async () => {
    const expired = await signToken(es, { claims: { exp: now() - 10 } });
    const r = await collectSubscription(t.ws(expired), 'subscription { queryStatus(id: "x") { state } }', {});
    expect(r.data).toEqual([]);
    expect((r.errors as { code?: number }).code).toBe(4403);
  });
});

describe('remote JWKS (auth.jwks_url)', () => {
  let jwksServer: Server;
  let served: JWK[];
  let fetches = 0;
  let gw: TestGateway;
  let k1: SigningKey;
  let k2: SigningKey;

  beforeAll(async () => {
    [k1, k2] = await Promise.all([newSigningKey('RS256'), newSigningKey('ES256')]);
    served = [k1.publicJwk];
    jwksServer = createServer((_req, res) => {
      fetches++;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: served }));
    });
    await new Promise<void>((r) => jwksServer.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/.well-known/jwks.json`;
    gw = await startTestGateway({ engine: demo.engine, keys: [k1], auth: { jwks_file: null, jwks_url: url }, gateway: { jwksCooldownMs: 0 } });
  });

  afterAll(async () => {
    await gw?.close();
    await new Promise((r) => jwksServer?.close(r));
  });

  it('fetches the key set once and caches it', async () => {
    for (let i = 0; i < 3; i++) {
      const r = await gw.gql(VIEWS, undefined, await signToken(k1));
      expect(r.errors).toBeUndefined();
    }
    expect(fetches).toBe(1);
  });

  it('refetches on an unknown kid, so rotated keys are picked up', async () => {
    const before = fetches;
    const early = await gw.gql(VIEWS, undefined, await signToken(k2));
    expect(early.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(fetches).toBe(before + 1);
    served = [k1.publicJwk, k2.publicJwk]; // the cluster rotates its keys
    const r = await gw.gql(VIEWS, undefined, await signToken(k2));
    expect(r.errors).toBeUndefined();
    expect(fetches).toBe(before + 2);
  });
});

describe('remote JWKS outage (auth.jwks_url cannot be fetched)', () => {
  let jwksServer: Server;
  let up = true;
  let k1: SigningKey;
  let k2: SigningKey;
  let tolerant: TestGateway;
  let strict: TestGateway;
  // A new token string each time: a token verified once is remembered for a minute.
  const token = (key: SigningKey) => signToken(key, { claims: { jti: randomUUID() } });

  beforeAll(async () => {
    [k1, k2] = await Promise.all([newSigningKey('ES256'), newSigningKey('ES256')]);
    jwksServer = createServer((_req, res) => {
      if (!up) {
        res.statusCode = 503;
        res.end('proxy restarting');
        return;
      }
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [k1.publicJwk] }));
    });
    await new Promise<void>((r) => jwksServer.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/.well-known/jwks.json`;
    // Keys go stale after 200 ms here (10 minutes by default), so the outage is felt at once.
    const gateway = { jwksCooldownMs: 0, jwksCacheMaxAgeMs: 200 };
    tolerant = await startTestGateway({ engine: demo.engine, keys: [k1], auth: { jwks_file: null, jwks_url: url }, gateway });
    strict = await startTestGateway({ engine: demo.engine, keys: [k1], auth: { jwks_file: null, jwks_url: url, jwks_stale_if_error_minutes: 0 }, gateway });
  });

  afterAll(async () => {
    await tolerant?.close();
    await strict?.close();
    await new Promise((r) => jwksServer?.close(r));
  });

  it('verifies tokens with the last good keys while the endpoint is down; those keys still refuse what they refuse', async () => {
    up = true;
    expect((await tolerant.gql(VIEWS, undefined, await token(k1))).errors).toBeUndefined();
    expect((await strict.gql(VIEWS, undefined, await token(k1))).errors).toBeUndefined();
    up = false;
    await new Promise((r) => setTimeout(r, 300));

    for (let i = 0; i < 3; i++) expect((await tolerant.gql(VIEWS, undefined, await token(k1))).errors).toBeUndefined();
    const unknownKey = await tolerant.gql(VIEWS, undefined, await token(k2));
    expect(unknownKey.status).toBe(401);
    expect(unknownKey.errors?.[0]?.message).toMatch(/no trusted key matches the token/);

    // auth.jwks_stale_if_error_minutes: 0 refuses at once, and says why.
    const refused = await strict.gql(VIEWS, undefined, await token(k1));
    expect(refused.status).toBe(401);
    expect(refused.errors?.[0]?.message).toBe('invalid token: the token keys could not be fetched');

    up = true;
    expect((await strict.gql(VIEWS, undefined, await token(k1))).errors).toBeUndefined();
    expect((await tolerant.gql(VIEWS, undefined, await token(k1))).errors).toBeUndefined();
  });

  it('refuses auth.jwks_stale_if_error_minutes that is not a whole number of minutes', () => {
    expect(() => parseAuthConfig(parseCoreConfig({ auth: { jwks_url: 'https://x.example/jwks', jwks_stale_if_error_minutes: -1 } }))).toThrow(
      /auth.jwks_stale_if_error_minutes/,
    );
    expect(parseAuthConfig(parseCoreConfig({ auth: { jwks_url: 'https://x.example/jwks' } })).jwksStaleIfErrorMs).toBe(60 * 60_000);
  });
});

describe('configuration', () => {
  it('refuses to start without any token keys, saying what to configure', () => {
    const config = parseCoreConfig({ auth: {} }, { cwd: demo.dir });
    expect(() => createTokenVerifier({ auth: parseAuthConfig(config), roles: loadRoles() })).toThrow(/auth.jwks_url .*auth.jwks_file.*auth.dev_key_file/);
  });

  it('names the key in config errors', () => {
    expect(() => parseAuthConfig(parseCoreConfig({ auth: { jwks_url: 'not a url' } }))).toThrow(/auth.jwks_url must be an absolute URL/);
    expect(() => parseAuthConfig(parseCoreConfig({ auth: { max_running_queries_per_user: 0 } }))).toThrow(/auth.max_running_queries_per_user/);
    expect(() => parseAuthConfig(parseCoreConfig({ auth: { max_queued_queries_per_user: -1 } }))).toThrow(/auth.max_queued_queries_per_user must be a whole number >= 0/);
    expect(parseAuthConfig(parseCoreConfig({})).maxQueuedQueriesPerUser).toBe(10);
  });
});
