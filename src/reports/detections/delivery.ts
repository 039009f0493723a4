// Sends a finding to an action's URL: a signed JSON webhook or a Slack-compatible message. Retries
// network errors, 5xx and 429 with exponential backoff; other 4xx are the receiver refusing the
// request and are not retried. Every attempt is recorded for the delivery log.
import { randomUUID } from 'node:crypto';
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

export async function deliver(
  action: DetectionAction,
  index: number,
  payload: FindingPayload,
  policy: RetryPolicy = DEFAULT_RETRY,
  now: () => number = Date.now,
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
      const res = await fetch(action.url, { method: 'POST', headers, body, signal: AbortSignal.timeout(policy.timeoutMs), redirect: 'error' });
      await res.arrayBuffer().catch(() => undefined); // drain so the connection is reused
      record.attempts.push({ at, status: res.status });
      if (res.ok) {
        record.ok = true;
        return record;
      }
      if (!retryable(res.status)) return record;
    } catch (e) {
      record.attempts.push({ at, error: (e as Error).message });
    }
    if (attempt < policy.maxAttempts) {
      // Exponential backoff with jitter, so many gateways do not retry in step.
      const delay = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      await sleep(delay / 2 + Math.random() * (delay / 2));
    }
  }
  return record;
}
