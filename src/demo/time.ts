// Time helpers. Teleport is written in Go and its JSON timestamps are Go's RFC 3339 with
// nanoseconds and trailing zeros trimmed: 2024-03-20T12:12:03.374Z, ...03.37Z, ...03Z. Event
// times are whole milliseconds; expiry times (identity.expires, token_expires) carry nanoseconds.

export const SECOND_MS = 1000;
export const MINUTE_MS = 60 * SECOND_MS;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/** Go's zero time.Time, which Teleport writes for unset non-pointer timestamps. */
export const GO_ZERO_TIME = '0001-01-01T00:00:00Z';

/**
 * Formats epoch milliseconds (plus optional extra nanoseconds below the millisecond, 0..999999)
 * the way Go's time.RFC3339Nano does: fraction trimmed of trailing zeros, no fraction when zero.
 */
export function formatGoTime(ms: number, subMsNanos = 0): string {
  const iso = new Date(ms).toISOString(); // YYYY-MM-DDTHH:MM:SS.mmmZ
  let fraction = iso.slice(20, 23) + (subMsNanos > 0 ? String(subMsNanos).padStart(6, '0') : '');
  fraction = fraction.replace(/0+$/, '');
  return iso.slice(0, 19) + (fraction ? '.' + fraction : '') + 'Z';
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses YYYY-MM-DD to the epoch ms of that UTC midnight; undefined when not a real date. */
export function parseUtcDate(text: string): number | undefined {
  const m = DATE_RE.exec(text);
  if (!m) return undefined;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return formatUtcDate(ms) === text ? ms : undefined;
}

/** YYYY-MM-DD of the UTC day containing `ms`. */
export function formatUtcDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Epoch ms of the UTC midnight starting the day that contains `ms`. */
export function utcMidnight(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}
