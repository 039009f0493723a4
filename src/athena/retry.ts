// One retry policy for every AWS call the engine makes. The SDK's own retries are turned off
// (maxAttempts: 1) so this is the only layer, and so throttling behaviour is ours to test:
// - throttling (TooManyRequestsException, ThrottlingException, ...), 5xx and network errors are retried
//   with "full jitter" backoff: sleep random(0, min(cap, base * 2^attempt));
// - an expired session token drops the assumed-role credentials and retries once with fresh ones.
import type { ThrottleRetryConfig } from './config';

const THROTTLING = new Set([
  'TooManyRequestsException',
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'RequestLimitExceeded',
  'SlowDown',
  'ProvisionedThroughputExceededException',
]);
const EXPIRED = new Set(['ExpiredTokenException', 'ExpiredToken', 'TokenRefreshRequired']);
const NETWORK = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'TimeoutError']);

interface AwsLikeError {
  name?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number };
  $retryable?: unknown;
}

export function isThrottling(e: unknown): boolean {
  const err = e as AwsLikeError;
  return THROTTLING.has(err?.name ?? '') || err?.$metadata?.httpStatusCode === 429;
}

export function isExpiredToken(e: unknown): boolean {
  return EXPIRED.has((e as AwsLikeError)?.name ?? '');
}

export function isTransient(e: unknown): boolean {
  const err = e as AwsLikeError;
  const status = err?.$metadata?.httpStatusCode ?? 0;
  return status >= 500 || NETWORK.has(err?.code ?? '') || NETWORK.has(err?.name ?? '') || err?.name === 'InternalServerException';
}

export interface RetryHooks {
  /** Called on an expired token before the one retry with fresh credentials. */
  onExpiredToken?: () => void;
  /** Called before each backoff sleep (metrics, tests). */
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function backoffDelay(cfg: ThrottleRetryConfig, attempt: number, random: () => number = Math.random): number {
  return Math.floor(random() * Math.min(cfg.maxMs, cfg.baseMs * 2 ** attempt));
}

export async function withRetry<T>(cfg: ThrottleRetryConfig, call: () => Promise<T>, hooks: RetryHooks = {}): Promise<T> {
  let refreshed = false;
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (e) {
      if (isExpiredToken(e) && !refreshed) {
        refreshed = true;
        hooks.onExpiredToken?.();
        attempt--;
        continue;
      }
      if (!(isThrottling(e) || isTransient(e)) || attempt + 1 >= cfg.maxAttempts) throw e;
      const delay = backoffDelay(cfg, attempt, hooks.random);
      hooks.onRetry?.(e, attempt + 1, delay);
      await (hooks.sleep ?? sleep)(delay);
    }
  }
}
