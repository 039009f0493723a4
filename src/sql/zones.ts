// Time zones for Trino's timestamp with time zone: DuckDB keeps the instant (in UTC); Trino keeps the zone
// and renders the value in it. These helpers convert a zoned literal to its instant and render an instant
// in a zone (a fixed offset such as +01:00, or an IANA name through the platform's tz database).

const OFFSET = /^([+-])(\d\d):(\d\d)$/;

function zoneParts(instantMs: number, zone: string): number[] {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instantMs));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  return [get('year'), get('month'), get('day'), get('hour'), get('minute'), get('second')];
}

/** The zone's offset from UTC, in ms, at an instant. Throws RangeError for an unknown zone. */
export function zoneOffsetMs(instantMs: number, zone: string): number {
  if (zone === 'UTC') return 0;
  const off = OFFSET.exec(zone);
  if (off) return (off[1] === '-' ? -1 : 1) * (Number(off[2]) * 60 + Number(off[3])) * 60_000;
  const [y, mo, d, h, mi, s] = zoneParts(instantMs, zone);
  const whole = Math.floor(instantMs / 1000) * 1000;
  return Date.UTC(y!, mo! - 1, d!, h!, mi!, s!) - whole;
}

export function isKnownZone(zone: string): boolean {
  try {
    zoneOffsetMs(0, zone);
    return true;
  } catch {
    return false;
  }
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** 'YYYY-MM-DD HH:MM:SS[.fff...]' local wall time in `zone` -> the instant as 'YYYY-MM-DD HH:MM:SS.ffffff+00'. */
export function localToUtcText(local: string, zone: string): string | undefined {
  const m = /^(\d{4,})-(\d\d)-(\d\d)[ T](\d\d?):(\d\d)(?::(\d\d)(?:\.(\d{1,6}))?)?$/.exec(local.trim());
  if (!m) return undefined;
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0));
  let utc = wall - zoneOffsetMs(wall, zone);
  utc = wall - zoneOffsetMs(utc, zone);
  const d = new Date(utc);
  const frac = (m[7] ?? '').padEnd(6, '0');
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${frac}+00`;
}

/** An instant ('YYYY-MM-DD HH:MM:SS[.ffffff]' in UTC) rendered in `zone` with `precision` fraction digits. */
export function renderInZone(utcText: string, zone: string, precision: number): string {
  const m = /^(-?\d{4,})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d+))?/.exec(utcText);
  if (!m) return utcText;
  const utc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  const local = new Date(utc + zoneOffsetMs(utc, zone));
  const frac = (m[7] ?? '').padEnd(9, '0').slice(0, precision);
  const base = `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())} ${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}`;
  return `${base}${precision > 0 ? `.${frac}` : ''} ${zone}`;
}
