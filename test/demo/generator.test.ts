// The demo audit-log generator: determinism, Teleport's file-log layout and event shape, the
// catalogue's event types and codes, and the planted patterns, checked through the independent
// query oracle (test/support/oracle.ts), never through the engine.
import { SOURCE_EVENT_TYPES } from '../../src/intake/sources/convert';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog';
import { generateAuditLog, type GenerateOptions } from '../../src/demo';
import { ORACLE_QUERIES, isoToMillis, readAuditLog, readAuditLogDetailed, runOracle, utcDate, type AuditEvent } from '../support/oracle';

const END = '2024-03-20';
const BASE: Omit<GenerateOptions, 'outDir'> = { days: 30, events: 5000, seed: 42, end: END };
/** Plant days inside a 30-day window ending on END (offsets 0, 1, 3, 6, 13, 29). */
const PLANT_DATES = ['2024-03-20', '2024-03-19', '2024-03-17', '2024-03-14', '2024-03-07', '2024-02-20'];

const dirs: string[] = [];
function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'amctl-demo-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function filesOf(dir: string): Map<string, Buffer> {
  return new Map(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f))]));
}

let dir: string;
let events: AuditEvent[];
beforeAll(async () => {
  dir = scratch();
  await generateAuditLog({ ...BASE, outDir: dir });
  events = readAuditLog(dir);
});

describe('determinism and layout', () => {
  it('writes exactly the requested number of events, one file per UTC day named YYYY-MM-DD.log', () => {
    const names = readdirSync(dir).sort();
    expect(names).toHaveLength(30);
    expect(names[0]).toBe('2024-02-20.log');
    expect(names[29]).toBe('2024-03-20.log');
    expect(events).toHaveLength(5000);
    const { badLines } = readAuditLogDetailed(dir);
    expect(badLines).toBe(0);
  });

  it('is byte-for-byte reproducible for the same seed and end date', async () => {
    const again = scratch();
    await generateAuditLog({ ...BASE, outDir: again });
    expect(filesOf(again)).toEqual(filesOf(dir));
  });

  it('differs for another seed, and for another end date', async () => {
    const otherSeed = scratch();
    await generateAuditLog({ ...BASE, seed: 43, outDir: otherSeed });
    const a = filesOf(dir);
    const b = filesOf(otherSeed);
    expect([...b.keys()]).toEqual([...a.keys()]);
    expect([...a.keys()].some((k) => !a.get(k)!.equals(b.get(k)!))).toBe(true);

    const otherEnd = scratch();
    await generateAuditLog({ ...BASE, end: '2024-03-21', outDir: otherEnd });
    expect(readdirSync(otherEnd).sort().at(-1)).toBe('2024-03-21.log');
    expect(filesOf(otherEnd).get('2024-03-20.log')!.equals(a.get('2024-03-20.log')!)).toBe(false);
  });

  it('with gzip, compresses every day but the last, with the same content', async () => {
    const gz = scratch();
    await generateAuditLog({ ...BASE, gzip: true, outDir: gz });
    const names = readdirSync(gz).sort();
    expect(names.filter((n) => n.endsWith('.log.gz'))).toHaveLength(29);
    expect(names.at(-1)).toBe('2024-03-20.log');
    const plain = filesOf(dir);
    for (const name of names) {
      const raw = readFileSync(join(gz, name));
      const content = name.endsWith('.gz') ? gunzipSync(raw) : raw;
      expect(content.equals(plain.get(name.replace(/\.gz$/, ''))!), name).toBe(true);
    }
    expect(readAuditLog(gz)).toHaveLength(5000);
  });

  it('defaults the end date to today (UTC), so the 7- and 30-day windows hold data', async () => {
    const today = scratch();
    const summary = await generateAuditLog({ days: 2, events: 1000, seed: 1, outDir: today });
    const now = new Date().toISOString().slice(0, 10);
    // Around midnight the clock may have moved on between the two readings.
    expect([now, utcDate(Date.now() - 60_000)]).toContain(summary.lastDay);
    expect(readdirSync(today)).toContain(`${summary.lastDay}.log`);
  });

  it('refuses bad options with a message naming the option', async () => {
    const out = scratch();
    await expect(generateAuditLog({ ...BASE, outDir: out, days: 0 })).rejects.toThrow(/days must be a whole number/);
    await expect(generateAuditLog({ ...BASE, outDir: out, events: 10 })).rejects.toThrow(/events must be a whole number from 1000/);
    await expect(generateAuditLog({ ...BASE, outDir: out, seed: -1 })).rejects.toThrow(/seed must be/);
    await expect(generateAuditLog({ ...BASE, outDir: out, end: '2024-02-30' })).rejects.toThrow(/end date must be a real date/);
    expect(readdirSync(out)).toEqual([]);
  });
});

describe('event shape, as Teleport writes it', () => {
  const GO_MS_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{0,2}[1-9])?Z$/;
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

  it('gives every event its type, code, Go-formatted millisecond time, uuid and cluster name', () => {
    for (const e of events) {
      expect(typeof e.event).toBe('string');
      expect(e.code).toMatch(/^[A-Z]+\d+[A-Z]$/);
      expect(e.time).toMatch(GO_MS_TIME);
      expect(e.uid).toMatch(UUID);
      expect(e.cluster_name).toBe('teleport.example.com');
    }
    expect(new Set(events.map((e) => e.uid)).size).toBe(events.length);
  });

  it('omits empty values: no empty strings, arrays or objects anywhere', () => {
    const empties: string[] = [];
    const walk = (v: unknown, path: string): void => {
      if (v === '') empties.push(path);
      else if (Array.isArray(v)) {
        if (v.length === 0) empties.push(path);
        v.forEach((x, i) => walk(x, `${path}[${i}]`));
      } else if (v && typeof v === 'object') {
        if (Object.keys(v).length === 0) empties.push(path);
        for (const [k, x] of Object.entries(v)) walk(x, `${path}.${k}`);
      }
    };
    events.forEach((e, i) => walk(e, `#${i}:${e.event}`));
    expect(empties).toEqual([]);
  });

  it('keeps the nulls real Teleport writes (certificate_authority, identity traits)', () => {
    const cert = events.find((e) => e.event === 'cert.create' && !(e.identity as AuditEvent).bot_name)!;
    expect(cert).toHaveProperty('certificate_authority', null);
    expect((cert.identity as { traits: Record<string, unknown> }).traits.logins).toBeNull();
  });

  it('orders events by time inside each file, every event on its file day', () => {
    for (const file of readdirSync(dir)) {
      const day = file.slice(0, 10);
      let last = -Infinity;
      for (const line of readFileSync(join(dir, file), 'utf8').trimEnd().split('\n')) {
        const t = isoToMillis(JSON.parse(line).time);
        expect(utcDate(t)).toBe(day);
        expect(t).toBeGreaterThanOrEqual(last);
        last = t;
      }
    }
  });

  it('covers every event type of the catalogue, with the catalogue codes, plus types it does not know', () => {
    const catalog = loadCatalog();
    const seen = new Map<string, Set<string>>();
    for (const e of events) {
      if (!seen.has(e.event as string)) seen.set(e.event as string, new Set());
      seen.get(e.event as string)!.add(e.code as string);
    }
    // The demo writes Teleport's audit log; CloudTrail, Okta and GitHub records come through intake.sources.
    const sources = new Set(Object.values(SOURCE_EVENT_TYPES));
    for (const view of catalog.views.filter((v) => !sources.has(v.eventType))) {
      expect(seen.has(view.eventType), view.eventType).toBe(true);
      for (const code of seen.get(view.eventType)!) expect(view.codes, `${view.eventType} ${code}`).toContain(code);
    }
    expect([...seen.keys()].filter((t) => sources.has(t))).toEqual([]);
    const unknown = [...seen.keys()].filter((t) => !catalog.byEventType.has(t));
    expect(unknown).toEqual(expect.arrayContaining(['session.end', 'db.session.end', 'session.summarized']));
  });

  it('has more everyday access than administration', () => {
    const count = (type: string) => events.filter((e) => e.event === type).length;
    const everyday = ['cert.create', 'session.start', 'kube.request', 'db.session.start'].map(count);
    const admin = ['user.create', 'lock.created', 'access_list.create', 'join_token.create', 'recovery_code.used'].map(count);
    expect(Math.min(...everyday)).toBeGreaterThan(10 * Math.max(...admin));
  });

  it('names the user of cert.create inside identity only, as Teleport does', () => {
    const certs = events.filter((e) => e.event === 'cert.create');
    expect(certs.every((e) => e.user === undefined && typeof (e.identity as AuditEvent).user === 'string')).toBe(true);
  });
});

describe('planted patterns, seen through the query oracle', () => {
  for (const days of [30, 7]) {
    it(`every example and report query finds something over the last ${days} days`, () => {
      for (const q of ORACLE_QUERIES) {
        expect(q.run(events, { days, today: END }).rows.length, `${q.id} over ${days} days`).toBeGreaterThan(0);
      }
    });
  }

  const rows = (id: Parameters<typeof runOracle>[0]) => runOracle(id, events, { days: 30, today: END }).rows;
  const on = (r: string[][], date: string, user: string) => r.some((x) => x[0] === date && x.includes(user));

  it('root SSH: bob unprotected and admin-annie protected, on every plant day', () => {
    for (const d of PLANT_DATES) {
      expect(on(rows('report-8'), d, 'bob'), d).toBe(true);
      expect(on(rows('report-8'), d, 'admin-annie'), d).toBe(true);
      expect(on(rows('report-2'), d, 'bob'), d).toBe(true);
    }
    // The bot always impersonates itself: never a weak session.
    expect(rows('report-2').some((r) => r[2] === 'bot-ci-bot')).toBe(false);
  });

  it('PostgreSQL superuser: a MySQL login named postgres does not count', () => {
    for (const d of PLANT_DATES) {
      expect(on(rows('report-4'), d, 'bob'), d).toBe(true);
      expect(on(rows('report-4'), d, 'carol@example.com'), d).toBe(true);
      expect(on(rows('report-1'), d, 'bob'), d).toBe(true);
    }
    expect(rows('report-4').some((r) => r[2] === 'dave')).toBe(false);
  });

  it('certificates: one ms over a day counts, exactly one day does not', () => {
    for (const d of PLANT_DATES) {
      expect(on(rows('report-6'), d, 'dave'), d).toBe(true);
      expect(on(rows('report-6'), d, 'frank@contractor.example.org'), d).toBe(true);
    }
    expect(rows('report-6').some((r) => r[2] === 'bob')).toBe(false);
  });

  it('join tokens: long and one-ms-over tokens count; a day, short and never-expiring ones do not', () => {
    const nodes = new Set(rows('report-7').map((r) => r[2]));
    expect(nodes).toContain('legacy-db-1');
    expect(nodes).toContain('edge-gw-2');
    for (const n of ['build-agent-7', 'web-9', 'ip-10-0-9-17.eu-central-1.compute.internal']) expect(nodes).not.toContain(n);
  });

  it('system:masters needs the exact group; kube exec and weak kube calls are there', () => {
    for (const d of PLANT_DATES) {
      expect(on(rows('report-9'), d, 'dave'), d).toBe(true);
      expect(on(rows('report-3'), d, 'dave'), d).toBe(true);
      expect(on(rows('report-5'), d, 'dave'), d).toBe(true);
    }
    expect(rows('report-9').some((r) => r[2] === 'frank@contractor.example.org')).toBe(false);
  });

  it('admin-annie from several addresses, including a certificate without one', () => {
    const multi = rows('example-3');
    for (const d of PLANT_DATES) expect(on(multi, d, 'admin-annie'), d).toBe(true);
    const ips = rows('example-4').map((r) => r[0]);
    expect(ips).toContain(''); // the NULL client_ip of a tctl-signed certificate
    expect(ips.length).toBeGreaterThanOrEqual(4);
  });

  it('/etc/passwd commands and reviewed access requests', () => {
    expect(rows('example-1').map((r) => r[0])).toEqual(expect.arrayContaining(['alice', 'bob']));
    const states = new Set(rows('example-6').map((r) => r[5]));
    expect(states).toEqual(new Set(['APPROVED', 'DENIED']));
    expect(rows('example-6').some((r) => r[3].startsWith('[{cluster=teleport.example.com, kind=node'))).toBe(true);
  });
});

describe('amctl demo generate', () => {
  const run = promisify(execFile);
  const amctl = join(process.cwd(), 'bin', 'amctl');

  it('prints a one-line summary', async () => {
    const out = scratch();
    const { stdout } = await run(process.execPath, [amctl, 'demo', 'generate', '--out', out, '--days', '3', '--events', '1500', '--seed', '9', '--end', END]);
    expect(stdout.trim().split('\n')).toHaveLength(1);
    expect(stdout).toMatch(/^wrote 1500 events \(\d+ planted\) in 3 files to .*: 2024-03-18 to 2024-03-20, cluster teleport\.example\.com, seed 9, [\d.]+s\n$/);
    expect(readdirSync(out).sort()).toEqual(['2024-03-18.log', '2024-03-19.log', '2024-03-20.log']);
  });

  it('fails with one line and a non-zero exit on bad input', async () => {
    const err = await run(process.execPath, [amctl, 'demo', 'generate', '--out', scratch(), '--events', 'lots']).catch((e) => e);
    expect(err.code).not.toBe(0);
    expect(err.stderr.trim().split('\n')).toHaveLength(1);
    expect(err.stderr).toMatch(/--events must be a whole number, got "lots"/);
  });
});
