// The gateway serves the built web console at / (same origin as /graphql), its assets, and exchanges
// one-time sign-in codes for tokens. API clients keep their JSON 404s.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/cli/compose/engine';
import { parseCoreConfig } from '../../src/config';
import type { QueryEngine } from '../../src/engine/types';
import { OneTimeSignIn } from '../../src/server/sign-in-link';
import { newSigningKey, signToken, startTestGateway, type SigningKey, type TestGateway } from '../support/gateway';

const HTML = { accept: 'text/html,application/xhtml+xml' };

let dir: string;
let engine: QueryEngine;
let key: SigningKey;
let gw: TestGateway;
let minted = 0;
let code: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'amctl-console-'));
  engine = await createEngine(parseCoreConfig({}, { cwd: dir, dataDir: join(dir, 'engine') }), { ingest: false });
  key = await newSigningKey();
  const signIn = new OneTimeSignIn(async () => {
    minted++;
    return { token: await signToken(key, { user: 'dana', roles: ['auditor'] }), expiresAt: new Date(Date.now() + 600_000).toISOString() };
  });
  gw = await startTestGateway({ engine, keys: [key], gateway: { signIn } });
  code = signIn.issue();
});

afterAll(async () => {
  await gw?.close();
  await engine?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the web console', () => {
  it('serves the app at / and at its own routes, with a strict content security policy', async () => {
    for (const path of ['/', '/query?sql=SELECT%201&days=30', '/reports/privilege_access_report']) {
      const res = await fetch(`${gw.gateway.origin}${path}`, { headers: HTML });
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(await res.text()).toContain('<div id="root"></div>');
    }
  });

  it('serves every script and style the page names, from this origin only, cached for good', async () => {
    const html = await (await fetch(`${gw.gateway.origin}/`, { headers: HTML })).text();
    const refs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.some((r) => /^\/assets\/index-[\w-]+\.js$/.test(r))).toBe(true);
    for (const ref of refs) {
      expect(ref.startsWith('/'), `${ref} is not on this origin`).toBe(true);
      const res = await fetch(`${gw.gateway.origin}${ref}`);
      expect(res.status, ref).toBe(200);
      if (ref.startsWith('/assets/')) expect(res.headers.get('cache-control')).toContain('immutable');
    }
  });

  it('keeps JSON 404s for API clients and unknown assets', async () => {
    const api = await fetch(`${gw.gateway.origin}/nope`);
    expect(api.status).toBe(404);
    expect(((await api.json()) as { errors: unknown[] }).errors).toHaveLength(1);
    expect((await fetch(`${gw.gateway.origin}/assets/missing.js`, { headers: HTML })).status).toBe(404);
  });

  it('serves /graphiql only where introspection is on', async () => {
    // The test gateway has introspection off (the production default).
    const res = await fetch(`${gw.gateway.origin}/graphiql`, { headers: HTML });
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('server.introspection: true');
    const on = await startTestGateway({ engine, gateway: { server: { introspection: true } } });
    try {
      const page = await fetch(`${on.gateway.origin}/graphiql`, { headers: HTML });
      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
      const html = await page.text();
      expect(html).toMatch(/<script type="module" crossorigin src="\/assets\/graphiql-[\w-]+\.js">/);
    } finally {
      await on.close();
    }
  });

  it('exchanges a sign-in code for a working token exactly once', async () => {
    const post = (c: string) => fetch(`${gw.gateway.origin}/console/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: c }) });
    const first = await post(code);
    expect(first.status).toBe(200);
    const { token } = (await first.json()) as { token: string };
    const me = await gw.gql('{ viewer { user } }', undefined, token);
    expect(me.data).toEqual({ viewer: { user: 'dana' } });
    const again = await post(code);
    expect(again.status).toBe(401);
    expect(((await again.json()) as { error: string }).error).toMatch(/not valid .*already used/);
    expect((await post('guess')).status).toBe(401);
    expect(minted).toBe(1);
  });
});

describe('an unbuilt console', () => {
  it('answers page loads with a page that says how to build it', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'amctl-no-console-'));
    const other = await startTestGateway({ engine, gateway: { consoleDir: empty } });
    try {
      const res = await fetch(`${other.gateway.origin}/`, { headers: HTML });
      expect(res.status).toBe(503);
      expect(await res.text()).toContain('npm run build:console');
    } finally {
      await other.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
