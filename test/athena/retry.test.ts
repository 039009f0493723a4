// The retry policy's decisions, unit level: which errors are retried, how long it sleeps, when it gives up.
import { describe, expect, it } from 'vitest';
import { backoffDelay, withRetry } from '../../src/athena/retry';

const cfg = { maxAttempts: 4, baseMs: 100, maxMs: 350 };
const awsError = (name: string, status = 400) => Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });

describe('withRetry', () => {
  it('retries throttling with full-jitter delays under min(cap, base * 2^attempt)', async () => {
    const sleeps: number[] = [];
    let calls = 0;
    const out = await withRetry(
      cfg,
      async () => {
        if (++calls < 4) throw awsError(calls % 2 ? 'TooManyRequestsException' : 'ThrottlingException');
        return 'ok';
      },
      { random: () => 0.999, sleep: async (ms) => void sleeps.push(ms) },
    );
    expect(out).toBe('ok');
    expect(calls).toBe(4);
    expect(sleeps).toEqual([99, 199, 349]);
  });

  it('gives up after maxAttempts and rethrows the last error', async () => {
    let calls = 0;
    await expect(
      withRetry(cfg, async () => {
        calls++;
        throw awsError('ThrottlingException');
      }, { sleep: async () => undefined }),
    ).rejects.toThrow('ThrottlingException');
    expect(calls).toBe(4);
  });

  it('does not retry client errors', async () => {
    let calls = 0;
    await expect(
      withRetry(cfg, async () => {
        calls++;
        throw awsError('InvalidRequestException');
      }, { sleep: async () => undefined }),
    ).rejects.toThrow('InvalidRequestException');
    expect(calls).toBe(1);
  });

  it('retries 5xx and connection errors', async () => {
    let calls = 0;
    const out = await withRetry(
      cfg,
      async () => {
        calls++;
        if (calls === 1) throw awsError('InternalServerException', 500);
        if (calls === 2) throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
        return calls;
      },
      { sleep: async () => undefined },
    );
    expect(out).toBe(3);
  });

  it('refreshes credentials once on an expired token, without using up an attempt', async () => {
    let refreshed = 0;
    let calls = 0;
    const out = await withRetry(
      { ...cfg, maxAttempts: 1 },
      async () => {
        if (++calls === 1) throw awsError('ExpiredTokenException');
        return 'ok';
      },
      { onExpiredToken: () => refreshed++ },
    );
    expect(out).toBe('ok');
    expect(refreshed).toBe(1);
    // A second expiry right after the refresh is an error, not a loop.
    await expect(withRetry(cfg, async () => Promise.reject(awsError('ExpiredTokenException')), { onExpiredToken: () => refreshed++ })).rejects.toThrow(
      'ExpiredTokenException',
    );
    expect(refreshed).toBe(2);
  });

  it('backoffDelay is 0 with random() = 0 and capped', () => {
    expect(backoffDelay(cfg, 0, () => 0)).toBe(0);
    expect(backoffDelay(cfg, 10, () => 0.5)).toBe(175);
  });
});
