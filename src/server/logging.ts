// Structured JSON logs (pino). Every HTTP request gets a request id: the caller's x-request-id when it
// is sane, a fresh UUID otherwise; it is echoed in the response and on every log line of the request.
import { randomUUID } from 'node:crypto';
import pino, { type Logger } from 'pino';

/**
 * Logs go to stdout without blocking: a line per request written synchronously costs a system call in
 * every request. pino writes what is pending when the process exits, also on a crash; only a
 * SIGKILL can lose the lines of the last write in flight.
 */
export function createLogger(level = process.env.AMCTL_LOG_LEVEL ?? 'info'): Logger {
  return pino(
    { level, base: { service: 'amctl-gateway' }, timestamp: pino.stdTimeFunctions.isoTime },
    pino.destination({ dest: 1, sync: false }),
  );
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function requestIdFrom(header: string | string[] | undefined): string {
  const v = Array.isArray(header) ? header[0] : header;
  return v && REQUEST_ID.test(v) ? v : randomUUID();
}
