// An entity's timeline: every event of a user, host, IP or session in a time range, newest first and
// paged, a histogram of its activity and the distinct IPs, hosts, logins and roles it shows. Three
// queries over the base view, through the QueryEngine interface alone (no engine is named here), on
// the smallest window that covers the range, with the caller's identity for budgets and quotas.
import { waitForTerminal, readRows } from '../engine/collect';
import { EngineError } from '../errors/engine-error';
import { WINDOW_DAYS, type Cell, type QueryEngine, type Row, type WindowDays } from '../engine/types';
import { eventsSql, facetsSql, histogramSql, type BucketUnit, type EntityKind, type TimelineRange } from './sql';

const DAY = 86_400_000;
export const MAX_TIMELINE_PAGE = 500;
const MAX_FACET_ROWS = 5000;

export interface TimelineEvent {
  time: string;
  type: string;
  uid: string;
  sessionId: string | null;
  user: string | null;
  summary: string;
  raw: Record<string, unknown> | null;
  cursor: string;
}

export interface Facet {
  value: string;
  events: number;
}

export interface TimelineResult {
  kind: EntityKind;
  value: string;
  from: string;
  to: string;
  days: WindowDays;
  events: TimelineEvent[];
  hasNextPage: boolean;
  endCursor: string | null;
  histogram: { bucket: string; unit: BucketUnit; events: number }[];
  ips: Facet[];
  hosts: Facet[];
  logins: Facet[];
  roles: Facet[];
}

export interface TimelineRequest {
  kind: EntityKind;
  value: string;
  fromMs?: number;
  toMs?: number;
  first: number;
  after?: string;
  /** Histogram and facets too (the first page; later pages need only events). */
  summary: boolean;
  user: string;
  roles: string[];
}

const bad = (m: string) => new EngineError('BAD_INPUT', m);

/** The smallest supported window that holds the whole range, counted back from today (UTC). */
export function windowFor(fromMs: number, now: number): WindowDays {
  const today = Math.floor(now / DAY);
  const need = today - Math.floor(fromMs / DAY) + 1;
  const w = WINDOW_DAYS.find((d) => d >= need);
  if (!w) throw bad(`from is ${need} days back; the timeline reaches at most ${WINDOW_DAYS[WINDOW_DAYS.length - 1]} days back (the largest window)`);
  return w;
}

/** Cells in Trino text form ('YYYY-MM-DD HH:MM:SS.mmm') to ISO-8601. */
function isoOf(c: Cell): string {
  const s = String(c);
  return /^\d{4}-\d\d-\d\d \d/.test(s) ? `${s.replace(' ', 'T').replace(/ UTC$/, '')}${/Z$/.test(s) ? '' : 'Z'}` : s;
}

const CURSOR = 't1.';
function encodeCursor(timeMs: number, uid: string): string {
  return CURSOR + Buffer.from(JSON.stringify([timeMs, uid])).toString('base64url');
}
function decodeCursor(c: string): { timeMs: number; uid: string } {
  try {
    if (!c.startsWith(CURSOR)) throw new Error();
    const [timeMs, uid] = JSON.parse(Buffer.from(c.slice(CURSOR.length), 'base64url').toString()) as [number, string];
    if (!Number.isFinite(timeMs) || typeof uid !== 'string') throw new Error();
    return { timeMs, uid };
  } catch {
    throw bad(`after: ${JSON.stringify(c.slice(0, 80))} is not a timeline cursor; pass endCursor from the previous page`);
  }
}

const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);

/** One line: what happened, who, as whom, where, from where, and whether it failed. */
export function summarize(type: string, user: string | null, ev: Record<string, unknown> | null): string {
  const e = ev ?? {};
  const parts = [type];
  const who = user ?? str(e.user);
  if (who) parts.push(who);
  const login = str(e.login);
  if (login) parts.push(`as ${login}`);
  const host = str(e.server_hostname) ?? str(e.db_service) ?? str(e.kubernetes_cluster) ?? str(e.desktop_name) ?? str(e.app_name);
  if (host) parts.push(`on ${host}`);
  const ip = str(e['addr.remote']) ?? str(e.remote_addr);
  if (ip) parts.push(`from ${ip}`);
  const what = str(e.command) ?? str(e.program) ?? str(e.db_query) ?? str(e.name) ?? str(e.path);
  if (what) parts.push(`: ${what.length > 80 ? `${what.slice(0, 77)}...` : what}`);
  if (e.success === false || /E$/.test(str(e.code) ?? '')) parts.push('(failed)');
  return parts.join(' ').replace(' : ', ': ');
}

function parseJson(s: Cell): Record<string, unknown> | null {
  if (typeof s !== 'string') return null;
  try {
    const v = JSON.parse(s) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

async function run(engine: QueryEngine, sql: string, days: WindowDays, user: string, roles: string[], maxRows: number): Promise<Row[]> {
  const { id } = await engine.start({ sql, days, user, roles });
  const st = await waitForTerminal(engine, id, 10, 500);
  if (st.state !== 'SUCCEEDED') {
    throw new EngineError('QUERY_FAILED', `the timeline query ${st.state === 'CANCELLED' ? 'was cancelled' : `failed: ${st.error?.message ?? 'unknown error'}`}`);
  }
  return (await readRows(engine, id, maxRows)).rows;
}

function fold(rows: Row[], index: number, split = false): Facet[] {
  const counts = new Map<string, number>();
  for (const r of rows) {
    const v = r[index];
    if (v === null || v === undefined || v === '') continue;
    let values: string[] = [String(v)];
    if (split) {
      try {
        const arr = JSON.parse(String(v)) as unknown;
        values = Array.isArray(arr) ? arr.map(String) : [];
      } catch {
        values = [];
      }
    }
    if (index === 0) values = values.map((x) => x.replace(/:\d+$/, ''));
    for (const x of values) counts.set(x, (counts.get(x) ?? 0) + Number(r[5] ?? 0));
  }
  return [...counts].map(([value, events]) => ({ value, events })).sort((a, b) => b.events - a.events || (a.value < b.value ? -1 : 1));
}

export async function timeline(engine: QueryEngine, req: TimelineRequest, now: number): Promise<TimelineResult> {
  const value = req.value.trim();
  if (!value) throw bad('value is empty: give the user name, host name, IP address or session id to investigate');
  const toMs = req.toMs ?? now;
  // Default: the 7-day window (today and the six days before it).
  const fromMs = req.fromMs ?? Math.floor(now / DAY) * DAY - 6 * DAY;
  if (!(fromMs < toMs)) throw bad('from must be before to');
  if (req.first < 1 || req.first > MAX_TIMELINE_PAGE) throw bad(`first must be 1 to ${MAX_TIMELINE_PAGE}`);
  const days = windowFor(fromMs, now);
  const range: TimelineRange = { fromMs, toMs };
  const unit: BucketUnit = toMs - fromMs <= 2 * DAY ? 'hour' : 'day';
  const before = req.after ? decodeCursor(req.after) : undefined;
  const [rows, hist, facets] = await Promise.all([
    run(engine, eventsSql(req.kind, value, range, req.first + 1, before), days, req.user, req.roles, req.first + 1),
    req.summary ? run(engine, histogramSql(req.kind, value, range, unit), days, req.user, req.roles, 10_000) : Promise.resolve([]),
    req.summary ? run(engine, facetsSql(req.kind, value, range, MAX_FACET_ROWS), days, req.user, req.roles, MAX_FACET_ROWS) : Promise.resolve([]),
  ]);
  const page = rows.slice(0, req.first);
  const events = page.map((r) => {
    const [time, type, uid, sid, user, data] = r;
    const raw = parseJson(data ?? null);
    const t = isoOf(time ?? null);
    return {
      time: t,
      type: String(type),
      uid: String(uid ?? ''),
      sessionId: sid === null || sid === undefined || sid === '' ? null : String(sid),
      user: user === null || user === undefined ? null : String(user),
      summary: summarize(String(type), user === null || user === undefined ? null : String(user), raw),
      raw,
      cursor: encodeCursor(Date.parse(t), String(uid ?? '')),
    };
  });
  return {
    kind: req.kind,
    value,
    from: new Date(fromMs).toISOString(),
    to: new Date(toMs).toISOString(),
    days,
    events,
    hasNextPage: rows.length > req.first,
    endCursor: events.length ? events[events.length - 1]!.cursor : (req.after ?? null),
    histogram: hist.map((r) => ({ bucket: isoOf(r[0] ?? null), unit, events: Number(r[1]) })),
    ips: fold(facets, 0),
    hosts: fold(facets, 1),
    logins: fold(facets, 2),
    roles: fold(facets, 4, true),
  };
}
