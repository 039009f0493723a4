// Execution ids any replica can answer for without a lookup: the id carries the Athena execution id,
// the owner, the window and the start time, signed (HMAC-SHA256, truncated to 128 bits) with the key
// the replicas share. A replica that has never seen an id verifies it and re-attaches to the Athena
// query; an id that does not verify (tampered, another cluster's key, garbage) is simply not found.
//
// Layout before base64url (URL-safe, no padding):
//   version(1) days(1) submitted_ms(6) athena_id_kind(1) athena_id(16 | 1+n) user_len(1) user(n) mac(16)
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { WindowDays } from '../engine/types';

export interface ExecutionClaims {
  athenaId: string;
  user: string;
  days: WindowDays;
  submittedAt: Date;
}

const VERSION = 1;
const MAC_BYTES = 16;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const DAYS = new Set([7, 30, 90, 120]);

export class ExecutionIdSigner {
  constructor(private readonly key: Buffer) {}

  private mac(payload: Buffer): Buffer {
    return createHmac('sha256', this.key).update('amctl execution id\n').update(payload).digest().subarray(0, MAC_BYTES);
  }

  mint(c: ExecutionClaims): string {
    const user = Buffer.from(c.user, 'utf8');
    if (user.length > 255) throw new RangeError(`user names longer than 255 bytes cannot own executions (got ${user.length})`);
    const parts: Buffer[] = [Buffer.from([VERSION, c.days])];
    const at = Buffer.alloc(6);
    at.writeUIntBE(c.submittedAt.getTime(), 0, 6);
    parts.push(at);
    const lower = c.athenaId.toLowerCase();
    if (UUID.test(lower) && lower === c.athenaId) parts.push(Buffer.from([0]), Buffer.from(lower.replace(/-/g, ''), 'hex'));
    else {
      const raw = Buffer.from(c.athenaId, 'utf8');
      if (raw.length > 255) throw new RangeError('Athena execution id too long');
      parts.push(Buffer.from([1, raw.length]), raw);
    }
    parts.push(Buffer.from([user.length]), user);
    const payload = Buffer.concat(parts);
    return Buffer.concat([payload, this.mac(payload)]).toString('base64url');
  }

  /** The claims of a genuine id; undefined for anything else. */
  verify(id: string): ExecutionClaims | undefined {
    if (typeof id !== 'string' || id.length < 20 || id.length > 800 || !BASE64URL.test(id)) return undefined;
    const buf = Buffer.from(id, 'base64url');
    if (buf.toString('base64url') !== id || buf.length <= MAC_BYTES) return undefined;
    const payload = buf.subarray(0, buf.length - MAC_BYTES);
    if (!timingSafeEqual(this.mac(payload), buf.subarray(buf.length - MAC_BYTES))) return undefined;
    try {
      let o = 0;
      if (payload[o++] !== VERSION) return undefined;
      const days = payload[o++]!;
      if (!DAYS.has(days)) return undefined;
      const submitted = payload.readUIntBE(o, 6);
      o += 6;
      const kind = payload[o++];
      let athenaId: string;
      if (kind === 0) {
        const hex = payload.subarray(o, o + 16).toString('hex');
        if (hex.length !== 32) return undefined;
        o += 16;
        athenaId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
      } else if (kind === 1) {
        const n = payload[o++]!;
        athenaId = payload.subarray(o, o + n).toString('utf8');
        o += n;
      } else return undefined;
      const n = payload[o++]!;
      const user = payload.subarray(o, o + n);
      if (user.length !== n || o + n !== payload.length) return undefined;
      return { athenaId, user: user.toString('utf8'), days: days as WindowDays, submittedAt: new Date(submitted) };
    } catch {
      return undefined;
    }
  }
}
