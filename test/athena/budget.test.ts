// The scanned-bytes ledger: a rolling window, persisted as JSON lines, tolerant of a torn last line.
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ScannedBytesLedger, formatBytes } from '../../src/athena/budget';
import { EngineError } from '../../src/errors/engine-error';

const DAY = 86_400_000;
const dirs: string[] = [];
function ledgerFile(): string {
  const d = mkdtempSync(join(tmpdir(), 'amctl-ledger-'));
  dirs.push(d);
  return join(d, 'athena', 'scanned-bytes.jsonl');
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('ScannedBytesLedger', () => {
  it('counts only the last window_days, per user and per role', () => {
    let now = Date.UTC(2024, 2, 31);
    const file = ledgerFile();
    const ledger = new ScannedBytesLedger(file, { userBytes: 1000, roleBytes: 1500, windowDays: 30 }, () => now);
    ledger.record({ at: now - 31 * DAY, id: 'old', user: 'alice', roles: ['auditor'], bytes: 900 });
    ledger.record({ at: now - 29 * DAY, id: 'a', user: 'alice', roles: ['auditor'], bytes: 600 });
    ledger.record({ at: now - 1 * DAY, id: 'b', user: 'bob', roles: ['auditor', 'dba'], bytes: 700 });
    expect(ledger.userBytes('alice')).toBe(600);
    expect(ledger.userBytes('bob')).toBe(700);
    expect(ledger.roleBytes('auditor')).toBe(1300);
    expect(ledger.roleBytes('dba')).toBe(700);
    expect(() => ledger.check('alice', ['auditor'])).not.toThrow();
    ledger.record({ at: now, id: 'c', user: 'alice', roles: [], bytes: 400 });
    expect(() => ledger.check('alice', [])).toThrow(EngineError);
    try {
      ledger.check('alice', []);
    } catch (e) {
      expect((e as EngineError).code).toBe('LIMIT_EXCEEDED');
      expect((e as EngineError).message).toBe(
        'user alice has scanned 1.00 KB in the last 30 days, over the 1.00 KB Athena budget (athena.budget.per_user); usage ages out day by day, or an administrator can raise the budget',
      );
    }
    // Two days on, alice's 600 from day -29 has aged out.
    now += 2 * DAY;
    expect(ledger.userBytes('alice')).toBe(400);
    expect(() => ledger.check('alice', [])).not.toThrow();
  });

  it('reloads from disk, skips a torn line, and compacts away expired records', () => {
    const now = Date.UTC(2024, 2, 31);
    const file = ledgerFile();
    const budget = { userBytes: 10_000, windowDays: 30 };
    const first = new ScannedBytesLedger(file, budget, () => now);
    first.record({ at: now - 40 * DAY, id: 'old', user: 'alice', roles: [], bytes: 5 });
    first.record({ at: now - 1 * DAY, id: 'new', user: 'alice', roles: ['r'], bytes: 7 });
    appendFileSync(file, '{"at": 17');
    const second = new ScannedBytesLedger(file, budget, () => now);
    expect(second.userBytes('alice')).toBe(7);
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ id: 'new', bytes: 7, roles: ['r'] });
  });

  it('with no limits configured, never refuses', () => {
    const ledger = new ScannedBytesLedger(ledgerFile(), { windowDays: 30 });
    ledger.record({ at: Date.now(), id: 'x', user: 'alice', roles: ['r'], bytes: 1e15 });
    expect(() => ledger.check('alice', ['r'])).not.toThrow();
  });
});

describe('formatBytes', () => {
  it('uses decimal units', () => {
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1_500_000)).toBe('1.50 MB');
    expect(formatBytes(12_300_000_000)).toBe('12.3 GB');
    expect(formatBytes(123_000_000_000_000)).toBe('123 TB');
  });
});
