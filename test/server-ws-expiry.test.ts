// A WebSocket connection ends when the token that opened it expires.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startBareGateway, type TestGateway } from './support/gateway';

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
