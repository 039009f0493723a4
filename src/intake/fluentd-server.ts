// A listener that speaks what teleport-event-handler's Fluentd client speaks: HTTPS (HTTP/2 or 1.1)
// with mutual TLS, one POST per event with the raw event as a JSON body; audit events to its `url`,
// session events to `session-url + "." + <session id> + ".log"`. It counts only 200 as success, so
// every accepted event (new or a duplicate) is answered 200, and only once it is durable.
import http2, { type Http2SecureServer, type Http2ServerRequest, type Http2ServerResponse } from 'node:http2';
import type { AddressInfo } from 'node:net';
import type { FluentdIntakeConfig } from './config';
import { IntakeInputError } from './events';
import type { IntakeService } from './service';

const SESSION_PATH = /\.([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\.log$/;

export interface FluentdListener {
  server: Http2SecureServer;
  port: number;
  close(): Promise<void>;
}

export interface FluentdListenerOptions {
  maxBodyBytes: number;
  onError?: (message: string, err?: unknown) => void;
}

function answer(res: Http2ServerResponse, status: number, message?: string): void {
  if (res.headersSent || res.destroyed) return;
  if (message === undefined) {
    res.writeHead(status, { 'content-length': '0' });
    res.end();
    return;
  }
  const body = JSON.stringify({ error: message }) + '\n';
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) });
  res.end(body);
}

function readBody(req: Http2ServerRequest, limit: number): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) over = true;
      else chunks.push(c);
    });
    req.on('end', () => resolve(over ? 'too-large' : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export async function startFluentdListener(cfg: FluentdIntakeConfig, service: IntakeService, opts: FluentdListenerOptions): Promise<FluentdListener> {
  const server = http2.createSecureServer({
    cert: cfg.cert,
    key: cfg.key,
    passphrase: cfg.passphrase,
    ca: cfg.clientCa,
    requestCert: true,
    rejectUnauthorized: cfg.requireClientCert,
    allowHTTP1: true,
  });
  server.on('request', (req: Http2ServerRequest, res: Http2ServerResponse) => {
    void handle(req, res).catch((e) => {
      opts.onError?.('intake request failed', e);
      answer(res, 500, 'the event could not be stored; send it again');
    });
  });
  const handle = async (req: Http2ServerRequest, res: Http2ServerResponse) => {
    if (req.method !== 'POST') {
      res.setHeader('allow', 'POST');
      return answer(res, 405, `${req.method} is not accepted: POST one audit event as JSON`);
    }
    const type = String(req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/json') {
      return answer(res, 415, `Content-Type must be application/json, got ${JSON.stringify(type || null)}`);
    }
    const body = await readBody(req, opts.maxBodyBytes);
    if (body === 'too-large') return answer(res, 413, `the event is larger than intake.max_body_bytes (${opts.maxBodyBytes} bytes)`);
    const path = decodeURIComponent(String(req.url ?? '/').split('?')[0]!);
    const sid = SESSION_PATH.exec(path)?.[1]?.toLowerCase();
    try {
      await service.receiveEvent(body, sid);
    } catch (e) {
      if (e instanceof IntakeInputError) return answer(res, 400, e.message);
      throw e;
    }
    answer(res, 200);
  };
  // A TLS handshake a client without the CA's certificate fails: reported, never fatal.
  server.on('tlsClientError', (e) => opts.onError?.(`TLS handshake refused: ${e.message}`));
  server.on('sessionError', (e) => opts.onError?.(`HTTP/2 session error: ${e.message}`));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(cfg.listen.port, cfg.listen.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Idle HTTP/2 sessions would hold close() open.
        setTimeout(() => resolve(), 2000).unref();
      }),
  };
}
