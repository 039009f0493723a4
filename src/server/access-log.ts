// Every HTTP request, whichever handler answers it: a request id (the caller's x-request-id when it is
// sane), echoed in the response; the access log line and the HTTP metrics when the answer is sent.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { requestIdFrom } from './logging';
import type { GatewayMetrics } from './metrics';
import { V1_PATH } from './v1';

export interface TrackedRequest extends IncomingMessage {
  id: string;
  /** The request's logger (with its id), made when first used. */
  log: Logger;
  /** Set once the token is verified, for the access log line. */
  user?: string;
}

const NAMED_ROUTES = new Set(['/graphql', '/healthz', '/readyz', '/metrics']);

function routeOf(url: string): string {
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  return NAMED_ROUTES.has(path) ? path : path.startsWith(`${V1_PATH}/`) ? V1_PATH : 'other';
}

export function trackRequest(incoming: IncomingMessage, res: ServerResponse, log: Logger, metrics: GatewayMetrics): TrackedRequest {
  const req = incoming as TrackedRequest;
  const started = process.hrtime.bigint();
  const url = req.url ?? '/';
  req.id = requestIdFrom(req.headers['x-request-id']);
  let child: Logger | undefined;
  Object.defineProperty(req, 'log', {
    configurable: true,
    enumerable: false,
    get: () => (child ??= log.child({ reqId: req.id })),
  });
  res.setHeader('x-request-id', req.id);
  res.on('finish', () => {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    metrics.observeHttp(req.method ?? 'GET', routeOf(url), res.statusCode, seconds);
    // The root logger with the id in the line: the same line as from req.log, without making a child.
    log.info({ reqId: req.id, method: req.method, url, status: res.statusCode, ms: Math.round(seconds * 1000), user: req.user }, 'request');
  });
  return req;
}
