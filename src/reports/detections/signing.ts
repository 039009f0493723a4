// Webhook signatures: X-Amctl-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>, with
// the Unix timestamp (seconds) in X-Amctl-Timestamp. Signing the timestamp with the body lets
// receivers refuse replays of old deliveries.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'X-Amctl-Signature';
export const TIMESTAMP_HEADER = 'X-Amctl-Timestamp';
export const DELIVERY_HEADER = 'X-Amctl-Delivery';

export function signPayload(secret: string, timestamp: number, body: string): string {
  return 'sha256=' + createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/** For receivers (and tests): constant-time check of a signature, optionally with a maximum age. */
export function verifySignature(secret: string, timestamp: number, body: string, signature: string, opts: { nowSeconds?: number; toleranceSeconds?: number } = {}): boolean {
  if (opts.toleranceSeconds !== undefined && Math.abs((opts.nowSeconds ?? Date.now() / 1000) - timestamp) > opts.toleranceSeconds) return false;
  const want = Buffer.from(signPayload(secret, timestamp, body));
  const got = Buffer.from(signature);
  return want.length === got.length && timingSafeEqual(want, got);
}
