// Sends a finding to an action's URL: a signed JSON webhook or a Slack-compatible message. Retries
// network errors, 5xx and 429 with exponential backoff; other 4xx are the receiver refusing the
// request and are not retried. Every attempt is recorded for the delivery log.
import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { EgressRefusedError, egressPolicy, isInternalAddress, type EgressPolicy } from './egress';
import { DELIVERY_HEADER, SIGNATURE_HEADER, signPayload, TIMESTAMP_HEADER } from './signing';
import type { DetectionAction } from './types';
import type { FindingPayload } from './payload';
import { slackMessage } from './payload';

export interface DeliveryAttempt {
  at: string;
  status?: number;
  error?: string;
}

export interface DeliveryRecord {
  id: string;
  detection: string;
  action: number;
  type: DetectionAction['type'];
  /** Scheme, host and path only: query strings often carry tokens. */
  target: string;
  finding_hash: string;
  ok: boolean;
  attempts: DeliveryAttempt[];
}

export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  timeoutMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 1000, maxDelayMs: 60_000, timeoutMs: 10_000 };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function target(url: string): string {
  const u = new URL(url);
  return `${u.protocol}//${u.host}${u.pathname}`;
}

function retryable(status: number): boolean {
  return status >= 500 || status === 429 || status === 408;
}

/** POSTs a body and resolves with the HTTP status (the response body is drained and ignored). */
function post(url: string, headers: Record<string, string>, body: string, timeoutMs: number, egress: EgressPolicy): Promise<number> {
  const u = new URL(url);
  const host = u.hostname.replace(/^\[|\]$/g, '');
  // IP literals never go through the lookup, so check them here.
  if (egress.lookup && isInternalAddress(host)) return Promise.reject(new EgressRefusedError(host, host));
  const send = u.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      u,
      { method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, lookup: egress.lookup, timeout: timeoutMs },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

export async function deliver(
  action: DetectionAction,
  index: number,
  payload: FindingPayload,
  policy: RetryPolicy = DEFAULT_RETRY,
  now: () => number = Date.now,
  egress: EgressPolicy = egressPolicy(false),
): Promise<DeliveryRecord> {
  const id = randomUUID();
  const body = JSON.stringify(action.type === 'slack' ? slackMessage(payload) : payload);
  const record: DeliveryRecord = {
    id,
    detection: payload.detection,
    action: index,
    type: action.type,
    target: target(action.url),
    finding_hash: payload.finding_hash,
    ok: false,
    attempts: [],
  };
  for (let attempt = 1; attempt <= policy.maxAttempts; attempt++) {
    const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'amctl-detections/1', [DELIVERY_HEADER]: id };
    if (action.type === 'webhook') {
      const ts = Math.floor(now() / 1000);
      headers[TIMESTAMP_HEADER] = String(ts);
      headers[SIGNATURE_HEADER] = signPayload(action.secret, ts, body);
    }
    const at = new Date(now()).toISOString();
    try {
      // Redirects are not followed: a 3xx is the receiver's answer (and could point anywhere).
      const status = await post(action.url, headers, body, policy.timeoutMs, egress);
      record.attempts.push({ at, status });
      if (status >= 200 && status < 300) {
        record.ok = true;
        return record;
      }
      if (!retryable(status)) return record;
    } catch (e) {
      record.attempts.push({ at, error: (e as Error).message });
      if (e instanceof EgressRefusedError) return record; // policy, not a transient fault
    }
    if (attempt < policy.maxAttempts) {
      // Exponential backoff with jitter, so many gateways do not retry in step.
      const delay = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      await sleep(delay / 2 + Math.random() * (delay / 2));
    }
  }
  return record;
}
