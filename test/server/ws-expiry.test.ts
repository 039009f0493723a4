// A WebSocket connection ends when the token that opened it expires, or when it no longer verifies
// (its key removed from the trusted keys), but not because the key endpoint is down for a while.
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { newSigningKey, signToken, startBareGateway, startTestGateway, type SigningKey, type TestGateway } from '../support/gateway';

/** A socket past connection_ack, and how it closes. */
function openSocket(gw: TestGateway, token: string) {
  return new Promise<{ socket: WebSocket; closed: Promise<{ code: number; reason: string }> }>((resolve, reject) => {
    const socket = new WebSocket(gw.gateway.wsUrl, 'graphql-transport-ws');
    const closed = new Promise<{ code: number; reason: string }>((r) => socket.on('close', (code, reason) => r({ code, reason: String(reason) })));
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { token } })));
    socket.on('message', (m) => (JSON.parse(String(m)).type === 'connection_ack' ? resolve({ socket, closed }) : undefined));
    socket.on('error', reject);
  });
}

describe('WebSocket token expiry', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startBareGateway();
  });
  afterAll(async () => {
    await gw?.close();
  });

  const closeCode = (token: string, waitMs: number) =>
    new Promise<number | undefined>((resolve) => {
      const socket = new WebSocket(gw.gateway.wsUrl, 'graphql-transport-ws');
      const timer = setTimeout(() => {
        socket.removeAllListeners('close');
        socket.close();
        resolve(undefined);
      }, waitMs);
      socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } })));
      socket.on('close', (code) => {
        clearTimeout(timer);
        resolve(code);
      });
    });

  it('closes the connection with 4401 once the token expires', async () => {
    const token = await gw.token({ expiresIn: '2s' });
    expect(await closeCode(token, 6000)).toBe(4401);
  });

  it('keeps a connection whose token is still valid', async () => {
    const token = await gw.token({ expiresIn: '10m' });
    expect(await closeCode(token, 1500)).toBeUndefined();
  });
});

describe('WebSocket key revocation', () => {
  let bare: TestGateway;
  let gw: TestGateway;
  let revoked: SigningKey;
  let kept: SigningKey;
  beforeAll(async () => {
    bare = await startBareGateway();
    revoked = await newSigningKey('ES256');
    kept = await newSigningKey('ES256');
    gw = await startTestGateway({ engine: bare.gateway.services.engine, keys: [revoked, kept], gateway: { socketRecheckMs: 200 } });
  });
  afterAll(async () => {
    await gw?.close();
    await bare?.close();
  });

  const open = (token: string) => openSocket(gw, token);

  it('closes the sockets a removed key signed with 4401 within seconds, and keeps the others', async () => {
    const revokedToken = await signToken(revoked, { expiresIn: '10m' });
    const keptSocket = await open(await signToken(kept, { expiresIn: '10m' }));
    const revokedSocket = await open(revokedToken);
    // An operator rotates the first key out of the trusted keys.
    writeFileSync(join(gw.dataDir, 'jwks.json'), JSON.stringify({ keys: [kept.publicJwk] }));
    const closed = await Promise.race([revokedSocket.closed, new Promise<undefined>((r) => setTimeout(() => r(undefined), 8000))]);
    expect(closed).toEqual({ code: 4401, reason: 'Unauthorized: the token is no longer valid' });
    expect(keptSocket.socket.readyState).toBe(WebSocket.OPEN);
    // New requests with the revoked token are refused as well.
    expect((await gw.gql('{ viewer { user } }', {}, revokedToken)).status).toBe(401);
    keptSocket.socket.close();
  });
});

describe('WebSocket during an auth.jwks_url outage', () => {
  let bare: TestGateway;
  let tolerant: TestGateway;
  let strict: TestGateway;
  let jwksServer: Server;
  let up = true;
  let key: SigningKey;
  beforeAll(async () => {
    bare = await startBareGateway();
    key = await newSigningKey('ES256');
    jwksServer = createServer((_req, res) => {
      if (!up) {
        res.statusCode = 503;
        res.end();
        return;
      }
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [key.publicJwk] }));
    });
    await new Promise<void>((r) => jwksServer.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/jwks.json`;
    // Keys stale after 200 ms, tokens verified afresh on every check, sockets checked every 100 ms.
    const gateway = { jwksCooldownMs: 0, jwksCacheMaxAgeMs: 200, verifiedCacheMs: 0, socketRecheckMs: 100 };
    const engine = bare.gateway.services.engine;
    tolerant = await startTestGateway({ engine, keys: [key], auth: { jwks_file: null, jwks_url: url }, gateway });
    strict = await startTestGateway({ engine, keys: [key], auth: { jwks_file: null, jwks_url: url, jwks_stale_if_error_minutes: 0 }, gateway });
  });
  afterAll(async () => {
    await tolerant?.close();
    await strict?.close();
    await bare?.close();
    await new Promise((r) => jwksServer?.close(r));
  });

  it('keeps subscriptions open on the last good keys; with auth.jwks_stale_if_error_minutes: 0 they close', async () => {
    const token = await signToken(key, { expiresIn: '10m' });
    const kept = await openSocket(tolerant, token);
    const ended = await openSocket(strict, token);
    up = false;
    const closed = await Promise.race([ended.closed, new Promise<undefined>((r) => setTimeout(() => r(undefined), 5000))]);
    expect(closed).toEqual({ code: 4401, reason: 'Unauthorized: the token is no longer valid' });
    // many checks later, through the same outage
    await new Promise((r) => setTimeout(r, 1000));
    expect(kept.socket.readyState).toBe(WebSocket.OPEN);
    up = true;
    kept.socket.close();
  });
});
