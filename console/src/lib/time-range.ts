// The investigation timeline's time range: a preset (the last 24 hours, or the last N days counted in
// whole UTC days as the query windows are) or custom bounds, and its histogram with every bucket of
// the range (an hour or a day without events is a zero, not left out).
const HOUR = 3_600_000;
const DAY = 86_400_000;

export const RANGE_PRESETS = [
  { id: '24h', label: 'last 24 hours' },
  { id: '7d', label: 'last 7 days' },
  { id: '30d', label: 'last 30 days' },
  { id: '90d', label: 'last 90 days' },
  { id: '120d', label: 'last 120 days' },
] as const;

export const DEFAULT_RANGE = '7d';
/** The timeline reaches back at most this many days (the largest query window). */
export const MAX_DAYS = 120;

export interface Range {
  /** ISO-8601, inclusive. */
  from: string;
  /** ISO-8601, exclusive; absent means now. */
  to?: string;
  /** The preset id, or 'custom'. */
  preset: string;
}

/** Bounds of a preset: `24h` is the last 24 hours, `Nd` today (UTC) and the N-1 days before it. */
export function presetFrom(id: string, now: number): string | undefined {
  if (id === '24h') return new Date(now - 24 * HOUR).toISOString();
  const m = /^(\d+)d$/.exec(id);
  const n = m ? Number(m[1]) : NaN;
  if (!(n >= 1 && n <= MAX_DAYS)) return undefined;
  return new Date(Math.floor(now / DAY) * DAY - (n - 1) * DAY).toISOString();
}

/** The range a page's search parameters ask for: custom `from` (and `to`), else `range`, else the default. */
export function rangeOf(params: URLSearchParams, now: number): Range {
  const from = params.get('from');
  if (from && Number.isFinite(Date.parse(from))) {
    const to = params.get('to');
    return { from, to: to && Number.isFinite(Date.parse(to)) ? to : undefined, preset: 'custom' };
  }
  const id = params.get('range') ?? DEFAULT_RANGE;
  const f = presetFrom(id, now);
  return f ? { from: f, preset: id } : { from: presetFrom(DEFAULT_RANGE, now)!, preset: DEFAULT_RANGE };
}

/** `2026-03-20T12:12:03.374Z` -> `2026-03-20T12:12` (a datetime-local input's value, in UTC). */
export function toLocalInput(iso: string | undefined): string {
  return iso ? new Date(Date.parse(iso)).toISOString().slice(0, 16) : '';
}

/** A datetime-local input's value, read as UTC, to ISO-8601 (undefined when empty or invalid). */
export function fromLocalInput(v: string): string | undefined {
  if (!v) return undefined;
  const ms = Date.parse(`${v.length === 16 ? `${v}:00` : v}Z`);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}

/**
 * Where a finding's timeline starts: the day before its first event when it names one (a rule finding's
 * `first_event`), else the window its source read (`days`) before it was first seen, from the start of
 * that UTC day, so the events behind it are in the range; at most 120 days back.
 */
export function findingTimelineFrom(f: { firstSeen: string; source: { days: number }; fields?: unknown }, now: number): string {
  const first = (f.fields as Record<string, unknown> | null | undefined)?.first_event;
  const event = typeof first === 'string' ? Date.parse(first.includes('T') ? first : `${first.replace(' ', 'T')}Z`) : NaN;
  const start = Number.isFinite(event) ? Math.floor(event / DAY) * DAY - DAY : Math.floor((Date.parse(f.firstSeen) - f.source.days * DAY) / DAY) * DAY;
  const earliest = Math.floor(now / DAY) * DAY - (MAX_DAYS - 1) * DAY;
  return new Date(Number.isFinite(start) ? Math.max(start, earliest) : earliest).toISOString();
}

export interface Bucket {
  bucket: string;
  unit: string;
  events: number;
}

/** The histogram as chart points: every hour or day from `from` to `to`, labelled in UTC, zeros included. */
export function histogramPoints(buckets: readonly Bucket[], from: string, to: string, unit: string): { x: string; y: number }[] {
  const step = unit === 'hour' ? HOUR : DAY;
  const label = (ms: number) => {
    const s = new Date(ms).toISOString();
    return unit === 'hour' ? `${s.slice(0, 10)} ${s.slice(11, 13)}:00` : s.slice(0, 10);
  };
  const counts = new Map<string, number>();
  for (const b of buckets) {
    const ms = Date.parse(b.bucket);
    if (Number.isFinite(ms)) counts.set(label(ms), (counts.get(label(ms)) ?? 0) + b.events);
  }
  const start = Math.floor(Date.parse(from) / step) * step;
  const end = Date.parse(to);
  const points: { x: string; y: number }[] = [];
  if (Number.isFinite(start) && Number.isFinite(end) && (end - start) / step <= 5000) {
    for (let t = start; t < end; t += step) points.push({ x: label(t), y: counts.get(label(t)) ?? 0 });
  }
  // Buckets outside the computed span (clock skew between browser and gateway) are still shown.
  for (const [x, y] of counts) if (!points.some((p) => p.x === x)) points.push({ x, y });
  return points.sort((a, b) => (a.x < b.x ? -1 : a.x > b.x ? 1 : 0));
}
