// The spool on its own: each key once (also among concurrent re-sends), keys rebuilt after a restart,
// and a last line a crash cut short mended (a whole object kept, a fragment dropped).
import { appendFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { toIntakeEvent } from '../../src/intake/events';
import { Spool } from '../../src/intake/spool';
import { tempDir } from '../support/engine';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir('amctl-spool-')));
afterEach(() => cleanup());

const ev = (uid: string, extra: Record<string, unknown> = {}) =>
  toIntakeEvent({ event: 'user.login', time: '2024-03-20T10:00:00.000Z', uid, user: 'alice', ...extra }, 'audit', 'test');
const lines = () => readdirSync(dir).flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n').filter(Boolean));

describe('intake spool', () => {
  it('keeps each event once, also when the same events arrive at the same moment', async () => {
    const s = await Spool.open(dir);
    const batch = Array.from({ length: 50 }, (_, i) => ev(`u${i}`));
    const results = await Promise.all([s.append(batch), s.append(batch), s.append([...batch].reverse()), s.append([ev('u1'), ev('u1'), ev('new')])]);
    expect(results.reduce((n, r) => n + r.written, 0)).toBe(51);
    expect(results.reduce((n, r) => n + r.duplicates, 0)).toBe(50 * 3 + 3 - 51);
    await s.close();
    expect(lines().length).toBe(51);
    expect(new Set(lines().map((l) => JSON.parse(l).uid)).size).toBe(51);
  });

  it('remembers what it kept across a restart, and session events by session id and index', async () => {
    const s1 = await Spool.open(dir);
    await s1.append([ev('a')]);
    const print = (ei: number) => toIntakeEvent({ event: 'print', time: '2024-03-20T10:00:00.000Z', ei, data: 'eA==' }, 'session', 'test', 'sid-1');
    await s1.append([print(1), print(2)]);
    await s1.close();
    const s2 = await Spool.open(dir);
    expect(await s2.append([ev('a'), print(2), print(3)])).toEqual({ written: 1, duplicates: 2 });
    await s2.close();
    expect(lines().length).toBe(4);
  });

  it('mends a last line cut short: a whole object is kept (finished with its newline), a fragment dropped', async () => {
    writeFileSync(join(dir, 'audit-1.log'), `${ev('x').line}\n${ev('y').line}`); // no newline after y
    writeFileSync(join(dir, 'audit-2.log'), `${ev('z').line}\n{"event":"user.lo`);
    const s = await Spool.open(dir);
    expect(readFileSync(join(dir, 'audit-1.log'), 'utf8')).toBe(`${ev('x').line}\n${ev('y').line}\n`);
    expect(readFileSync(join(dir, 'audit-2.log'), 'utf8')).toBe(`${ev('z').line}\n`);
    expect(await s.append([ev('x'), ev('y'), ev('z'), ev('w')])).toEqual({ written: 1, duplicates: 3 });
    await s.close();
    appendFileSync(join(dir, 'ignored.txt'), 'not a spool file');
    expect((await Spool.open(dir)).size).toBe(4);
  });
});
