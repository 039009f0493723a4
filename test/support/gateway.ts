// Starting a gateway in tests: real keys (generated here), real signed tokens, real HTTP and
// WebSocket. The gateway trusts a JWKS file holding the test authority's public keys.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';
import pino from 'pino';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { parseCoreConfig, type CoreConfig } from '../../src/config';
import { generateAuditLog } from '../../src/demo';
import { createEngine } from '../../src/cli/compose/engine';
import type { QueryEngine } from '../../src/engine/types';
import { startGateway, type Gateway, type GatewayOptions } from '../../src/server';

export const TEST_ISSUER = 'test-cluster';
export const TEST_AUDIENCE = 'https://amctl.test';

export interface SigningKey {
  kid: string;
  alg: 'RS256' | 'ES256' | 'EdDSA';
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  publicJwk: JWK;
}

export async function newSigningKey(alg: SigningKey['alg'] = 'ES256', kid = `k-${alg}-${Math.random().toString(36).slice(2, 8)}`): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return { kid, alg, privateKey, publicKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

export interface TokenClaims {
  user?: string;
  roles?: string[];
  /** Extra or overriding claims (username, sub, iss, aud, exp, nbf, ...). */
  claims?: Record<string, unknown>;
  /** Defaults to 10 minutes from now. */
  expiresIn?: string;
}

/** Signs a Teleport-shaped token (username, roles, iss, aud) with `key`. */
export async function signToken(key: SigningKey, t: TokenClaims = {}): Promise<string> {
  const claims = t.claims ?? {};
  const jwt = new SignJWT({ username: t.user ?? 'alice', roles: t.roles ?? ['auditor'], ...claims })
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' })
    .setIssuedAt();
  if (!('iss' in claims)) jwt.setIssuer(TEST_ISSUER);
  if (!('aud' in claims)) jwt.setAudience(TEST_AUDIENCE);
  if (!('sub' in claims)) jwt.setSubject(t.user ?? 'alice');
  if (!('exp' in claims)) jwt.setExpirationTime(t.expiresIn ?? '10m');
  return jwt.sign(key.privateKey);
}

export interface TestGatewayOptions {
  engine: QueryEngine;
  /** YAML role documents (auth.roles_file). */
  roles?: string;
  /** Extra top-level config (merged over the defaults). */
  raw?: Record<string, unknown>;
  /** Extra auth settings (merged over the defaults). */
  auth?: Record<string, unknown>;
  dataDir?: string;
  keys?: SigningKey[];
  gateway?: Partial<GatewayOptions>;
}

export interface TestGateway {
  gateway: Gateway;
  config: CoreConfig;
  key: SigningKey;
  dataDir: string;
  token(t?: TokenClaims): Promise<string>;
  /** POSTs a GraphQL request with a bearer token (none when token is null). */
  gql<T = any>(query: string, variables?: Record<string, unknown>, token?: string | null): Promise<GraphQLResponse<T>>;
  ws(token: string): Client;
  close(): Promise<void>;
}

export interface GraphQLResponse<T> {
  status: number;
  headers: Headers;
  data?: T;
  errors?: { message: string; extensions?: { code?: string } }[];
}

export async function startTestGateway(opts: TestGatewayOptions): Promise<TestGateway> {
  const ownDir = !opts.dataDir;
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'amctl-gw-'));
  const keys = opts.keys ?? [await newSigningKey('ES256')];
  const jwksFile = join(dataDir, 'jwks.json');
  writeFileSync(jwksFile, JSON.stringify({ keys: keys.map((k) => k.publicJwk) }));
  const auth: Record<string, unknown> = { jwks_file: jwksFile, issuer: TEST_ISSUER, audience: TEST_AUDIENCE, ...opts.auth };
  if (opts.roles !== undefined) {
    const rolesFile = join(dataDir, 'roles.yaml');
    writeFileSync(rolesFile, opts.roles);
    auth.roles_file = rolesFile;
  }
  const raw = { server: { listen: '127.0.0.1:0' }, ...opts.raw, auth };
  const config = parseCoreConfig(raw, { cwd: dataDir, dataDir });
  const gateway = await startGateway({
    config,
    engine: opts.engine,
    logger: pino({ level: process.env.AMCTL_TEST_LOG ?? 'silent' }),
    pollBackoff: { initialMs: 10, maxMs: 100, factor: 1.5 },
    ...opts.gateway,
  });
  const key = keys[0]!;
  const clients: Client[] = [];
  return {
    gateway,
    config,
    key,
    dataDir,
    token: (t) => signToken(key, t),
    async gql(query, variables, token) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      const tok = token === undefined ? await signToken(key) : token;
      if (tok !== null) headers.authorization = `Bearer ${tok}`;
      const res = await fetch(gateway.url, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
      const body = (await res.json()) as { data?: any; errors?: any[] };
      return { status: res.status, headers: res.headers, data: body.data ?? undefined, errors: body.errors };
    },
    ws(token) {
      const c = createClient({
        url: gateway.wsUrl,
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${token}` },
        retryAttempts: 0,
        lazy: true,
      });
      clients.push(c);
      return c;
    },
    async close() {
      await Promise.all(clients.map((c) => c.dispose()));
      await gateway.close();
      if (ownDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Collects every `next` payload of a subscription until it completes or errors. */
export function collectSubscription<T = any>(client: Client, query: string, variables: Record<string, unknown>): Promise<{ data: T[]; errors?: unknown }> {
  return new Promise((resolve) => {
    const data: T[] = [];
    client.subscribe<T>(
      { query, variables },
      {
        next: (v) => {
          if (v.errors) resolve({ data, errors: v.errors });
          else data.push(v.data as T);
        },
        error: (errors) => resolve({ data, errors }),
        complete: () => resolve({ data }),
      },
    );
  });
}

export interface DemoEngine {
  dir: string;
  logDir: string;
  config: CoreConfig;
  engine: QueryEngine;
  cleanup(): Promise<void>;
}

/** The real embedded engine over a generated demo audit log (deterministic for a seed). */
export async function startDemoEngine(opts: { events?: number; days?: number; seed?: number } = {}): Promise<DemoEngine> {
  const dir = mkdtempSync(join(tmpdir(), 'amctl-gw-demo-'));
  const logDir = join(dir, 'log');
  await generateAuditLog({ outDir: logDir, days: opts.days ?? 30, events: opts.events ?? 3000, seed: opts.seed ?? 11 });
  // Four engine slots in each lane, so a test's long-running queries never hold up its other queries;
  // a short timeout, so a query that outlives its test cannot hold a slot for long.
  const limits = { threads: 4, query_timeout_ms: 30_000, heavy_query_slots: 4 };
  const config = parseCoreConfig(
    { data_dir: join(dir, 'engine'), embedded: { audit_log: logDir, limits } },
    { cwd: dir },
  );
  const engine = await createEngine(config);
  return {
    dir,
    logDir,
    config,
    engine,
    async cleanup() {
      await engine.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface CallCounts {
  start: number;
  status: number;
  results: number;
  cancel: number;
}

/** The same engine, counting calls per method (to check what the gateway asks of it). */
export function countingEngine(engine: QueryEngine): { engine: QueryEngine; calls: CallCounts } {
  const calls: CallCounts = { start: 0, status: 0, results: 0, cancel: 0 };
  const counted: QueryEngine = {
    kind: engine.kind,
    start: (i) => (calls.start++, engine.start(i)),
    status: (id) => (calls.status++, engine.status(id)),
    results: (id, p) => (calls.results++, engine.results(id, p)),
    cancel: (id) => (calls.cancel++, engine.cancel(id)),
    close: () => engine.close(),
    queuesPerUser: engine.queuesPerUser,
    budgetUsage: engine.budgetUsage?.bind(engine),
  };
  return { engine: counted, calls };
}

/**
 * A query the demo data cannot finish in any test's lifetime: cancel it when done. Heavy but under
 * the engine's cost bound (its estimate is some 1e10 rows): it starts, in the heavy lane, and a
 * regular expression over every combination keeps it busy for minutes.
 */
export const ENDLESS_SQL =
  "SELECT count(*) AS n FROM session_start a, session_start b, session_start c, session_start d WHERE regexp_like(a.uid || b.uid || c.uid || d.uid, '(a+)+b')";

/** A gateway over an embedded engine holding no events: for auth and transport tests. */
export async function startBareGateway(): Promise<TestGateway> {
  const dir = mkdtempSync(join(tmpdir(), 'amctl-bare-'));
  const engine = await createEngine(parseCoreConfig({}, { cwd: dir, dataDir: join(dir, 'engine') }), { ingest: false });
  const gw = await startTestGateway({ engine });
  return {
    ...gw,
    async close() {
      await gw.close();
      await engine.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
