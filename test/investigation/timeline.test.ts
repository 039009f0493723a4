// The investigation timeline over the base view, on the embedded engine with a hand-written log (the
// expected answers are computed from the lines here), and on real Trino over the same generated log
// as the embedded engine (both must give the same timeline, the SQL unchanged).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRows, waitForTerminal } from '../../src/engine/collect';
import type { EmbeddedEngine } from '../../src/engine/duckdb/engine';
import { timeline, windowFor, type TimelineRequest } from '../../src/investigation/timeline';
import { openEngine, tempDir, testConfig } from '../support/engine';
import { openEnginePair, type EnginePair } from '../support/trino/engine-pair';

const now = Date.now();
const DAY = 86_400_000;
const todayStart = Math.floor(now / DAY) * DAY;
const iso = (ms: number) => new Date(ms).toISOString();

interface Line {
  event: string;
  code: string;
  time: string;
  uid: string;
  [k: string]: unknown;
}

const lines: Line[] = [];
// 30 events of alice over the last 3 days, of several types, from two IPs and hosts; some of bob.
for (let i = 0; i < 30; i++) {
  const t = todayStart - (i % 3) * DAY + 3_600_000 * (1 + (i % 7)) + i * 1000;
  const kind = i % 3;
  const base = { time: iso(Math.min(t, now - 60_000 - i * 1000)), uid: `a${String(i).padStart(3, '0')}`, user: 'alice' };
  if (kind === 0) lines.push({ ...base, event: 'session.start', code: 'T2000I', login: i % 2 ? 'root' : 'ubuntu', server_hostname: i % 2 ? 'db-1' : 'web-1', 'addr.remote': `10.0.0.${i % 2 ? 7 : 8}:5${i}`, sid: `s-${i}` });
  else if (kind === 1) lines.push({ ...base, event: 'user.login', code: i % 4 ? 'T1000I' : 'T1000W', success: i % 4 !== 0, method: 'local', 'addr.remote': '10.0.0.7:4000' });
  else lines.push({ ...base, event: 'cert.create', code: 'TC000I', cert_type: 'user', identity: { user: 'alice', roles: ['access', 'editor'] }, roles: i % 2 ? ['access'] : ['access', 'editor'] });
}
for (let i = 0; i < 10; i++) lines.push({ event: 'session.start', code: 'T2000I', time: iso(now - 120_000 - i * 1000), uid: `b${i}`, user: 'bob', login: 'root', server_hostname: 'db-1', 'addr.remote': '10.0.0.9:22', sid: `s-b${i}` });
// An old event, outside a 7-day window but inside 30 days.
lines.push({ event: 'user.login', code: 'T1000I', time: iso(todayStart - 20 * DAY + 5000), uid: 'old1', user: 'alice', success: true, 'addr.remote': '10.0.0.7:1' });

const alice = lines.filter((l) => l.user === 'alice');
const newestFirst = (ls: Line[]) => [...ls].sort((a, b) => (a.time < b.time ? 1 : a.time > b.time ? -1 : a.uid < b.uid ? 1 : -1));

const req = (r: Partial<TimelineRequest>): TimelineRequest => ({ kind: 'user', value: 'alice', first: 10, summary: true, user: 'tester', roles: ['auditor'], ...r });

describe('investigation timeline (embedded engine)', () => {
  let cleanup: () => void;
  let engine: EmbeddedEngine;
  beforeAll(async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    mkdirSync(join(t.dir, 'log'));
    writeFileSync(join(t.dir, 'log', 'a.log'), lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    engine = await openEngine(testConfig(join(t.dir, 'data'), { embedded: { audit_log: join(t.dir, 'log') } }));
    await engine.ingest();
  });
  afterAll(async () => {
    await engine?.close();
    cleanup?.();
  });

  it("pages a user's events across every type, newest first, each with a summary and the raw event", async () => {
    const fromMs = todayStart - 6 * DAY; // the 7-day window: today and the 6 days before
    const want = newestFirst(alice.filter((l) => Date.parse(l.time) >= fromMs));
    const seen: string[] = [];
    let after: string | undefined;
    for (let pages = 0; pages < 10; pages++) {
      const r = await timeline(engine, req({ fromMs, toMs: now, after, summary: pages === 0 }), now);
      seen.push(...r.events.map((e) => e.uid));
      if (pages === 0) {
        expect(r.days).toBe(7);
        const first = r.events[0]!;
        const line = want[0]!;
        expect(first.time).toBe(line.time);
        expect(first.type).toBe(line.event);
        expect(first.raw).toEqual(line);
        expect(first.summary.startsWith(`${line.event} alice`)).toBe(true);
      }
      if (!r.hasNextPage) break;
      after = r.endCursor!;
    }
    expect(seen).toEqual(want.map((l) => l.uid));
    expect(new Set(want.map((l) => l.event))).toEqual(new Set(['session.start', 'user.login', 'cert.create']));
  });

  it('gives the histogram and the distinct IPs, hosts, logins and roles', async () => {
    const fromMs = todayStart - 6 * DAY; // the 7-day window: today and the 6 days before
    const inRange = alice.filter((l) => Date.parse(l.time) >= fromMs);
    const r = await timeline(engine, req({ fromMs, toMs: now }), now);
    const perDay = new Map<string, number>();
    for (const l of inRange) perDay.set(l.time.slice(0, 10), (perDay.get(l.time.slice(0, 10)) ?? 0) + 1);
    expect(r.histogram.map((h) => [h.bucket.slice(0, 10), h.events])).toEqual([...perDay].sort());
    expect(r.histogram.every((h) => h.unit === 'day')).toBe(true);
    const ips = new Set(inRange.map((l) => (l['addr.remote'] as string | undefined)?.replace(/:\d+$/, '')).filter(Boolean));
    expect(new Set(r.ips.map((f) => f.value))).toEqual(ips);
    expect(new Set(r.hosts.map((f) => f.value))).toEqual(new Set(inRange.map((l) => l.server_hostname).filter(Boolean)));
    expect(new Set(r.logins.map((f) => f.value))).toEqual(new Set(inRange.map((l) => l.login).filter(Boolean)));
    expect(new Set(r.roles.map((f) => f.value))).toEqual(new Set(['access', 'editor']));
    const hosts = Object.fromEntries(r.hosts.map((f) => [f.value, f.events]));
    expect(hosts['db-1']).toBe(inRange.filter((l) => l.server_hostname === 'db-1').length);
  });

  it('finds an IP with or without its port, a host and a session; the window grows with the range', async () => {
    const ip = await timeline(engine, req({ kind: 'ip', value: '10.0.0.7', first: 100, fromMs: todayStart - 29 * DAY, toMs: now }), now);
    expect(ip.days).toBe(30);
    expect(ip.events.map((e) => e.uid).sort()).toEqual(lines.filter((l) => String(l['addr.remote'] ?? '').startsWith('10.0.0.7:')).map((l) => l.uid).sort());
    const host = await timeline(engine, req({ kind: 'host', value: 'db-1', first: 100, summary: false }), now);
    expect(host.events.map((e) => e.uid).sort()).toEqual(lines.filter((l) => l.server_hostname === 'db-1').map((l) => l.uid).sort());
    expect(new Set(host.events.map((e) => e.user))).toEqual(new Set(['alice', 'bob']));
    const sess = await timeline(engine, req({ kind: 'session', value: 's-b3', summary: false }), now);
    expect(sess.events.map((e) => e.uid)).toEqual(['b3']);
  });

  it('refuses a range past the largest window and an empty value, saying what to do', async () => {
    await expect(timeline(engine, req({ fromMs: now - 200 * DAY }), now)).rejects.toThrow(/at most 120 days back/);
    await expect(timeline(engine, req({ value: ' ' }), now)).rejects.toThrow(/value is empty/);
    await expect(timeline(engine, req({ after: 'nonsense' }), now)).rejects.toThrow(/not a timeline cursor/);
    expect(windowFor(now - 8 * DAY, now)).toBe(30);
  });
});

const trinoWanted = !!process.env.AMCTL_TEST_TRINO_URL;

describe.skipIf(!trinoWanted)('investigation timeline on Trino, over the base table', () => {
  let pair: EnginePair;
  beforeAll(async () => {
    pair = await openEnginePair({ days: 10, events: 3000, seed: 23 });
  }, 600_000);
  afterAll(async () => {
    await pair?.close();
  });

  it('gives the same events, histogram and facets as the embedded engine for a user and an IP', async () => {
    const t = Date.now();
    // Take a real entity from the data: the user and the IP of the newest event anyone has.
    const anyone = await pair.embedded.start({ sql: `SELECT "user", json_extract_scalar(event_data, '$["addr.remote"]') AS ip FROM audit_events WHERE "user" IS NOT NULL AND json_extract_scalar(event_data, '$["addr.remote"]') IS NOT NULL ORDER BY event_time DESC, uid DESC LIMIT 1`, days: 7 });
    await waitForTerminal(pair.embedded, anyone.id);
    const [[user, ipPort]] = (await readRows(pair.embedded, anyone.id)).rows as [string, string][];
    for (const [kind, value] of [['user', user!], ['ip', ipPort!.replace(/:\d+$/, '')]] as const) {
      const r = { kind, value, first: 50, fromMs: Math.floor(t / DAY) * DAY - 6 * DAY, toMs: t } as const;
      const a = await timeline(pair.embedded, req(r), t);
      const b = await timeline(pair.trino, req(r), t);
      expect(a.events.length).toBeGreaterThan(0);
      expect(b.events.map((e) => [e.time, e.uid, e.type, e.summary])).toEqual(a.events.map((e) => [e.time, e.uid, e.type, e.summary]));
      expect(b.events.map((e) => e.raw)).toEqual(a.events.map((e) => e.raw));
      expect(b.histogram).toEqual(a.histogram);
      expect(b.ips).toEqual(a.ips);
      expect(b.hosts).toEqual(a.hosts);
      expect(b.logins).toEqual(a.logins);
      expect(b.roles).toEqual(a.roles);
      const next = await timeline(pair.trino, req({ ...r, after: b.endCursor!, summary: false }), t);
      const nextA = await timeline(pair.embedded, req({ ...r, after: a.endCursor!, summary: false }), t);
      expect(next.events.map((e) => e.uid)).toEqual(nextA.events.map((e) => e.uid));
    }
  }, 300_000);
});
