// Engine time on a hand-driven clock: wall time x threads, shared among the queries running at once;
// the ledger keeps a rolling window and refuses past the budget.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EngineTimeLedger, EngineTimeMeter } from '../../../src/engine/duckdb/engine-time';
import { tempDir } from '../../support/engine';

describe('EngineTimeMeter', () => {
  it('charges a query alone all threads, and overlapping queries equal shares', () => {
    let t = 0;
    const m = new EngineTimeMeter(2, () => t);
    m.begin('a'); // a alone for 1 s: 2 engine-seconds
    t = 1000;
    m.begin('b'); // a and b for 3 s: 3 each
    t = 4000;
    expect(m.current('a')).toBe(5);
    expect(m.end('a')).toBe(5);
    t = 5000; // b alone for 1 s more: 2
    expect(m.end('b')).toBe(3 + 2);
    expect(m.current('b')).toBeUndefined();
  });
});

describe('EngineTimeLedger', () => {
  it('sums a user over the window, forgets what ages out, and survives a restart', () => {
    const { dir, cleanup } = tempDir();
    try {
      let now = 10 * 3_600_000;
      const file = join(dir, 'engine-time.jsonl');
      const ledger = new EngineTimeLedger(file, { perUserSeconds: 100, windowHours: 2 }, () => now);
      ledger.record({ at: now - 3 * 3_600_000, id: 'old', user: 'u', seconds: 500 });
      ledger.record({ at: now - 3_600_000, id: 'q1', user: 'u', seconds: 60 });
      ledger.record({ at: now, id: 'q2', user: 'v', seconds: 70 });
      expect(ledger.used('u')).toBe(60);
      expect(() => ledger.check('u', 30)).not.toThrow();
      expect(() => ledger.check('u', 40)).toThrow(/user u has used 100 engine-seconds of the embedded engine in the last 2 hours, over the 100 engine-seconds budget \(embedded\.budget\.per_user\)/);
      const reopened = new EngineTimeLedger(file, { perUserSeconds: 100, windowHours: 2 }, () => now);
      expect(reopened.used('u')).toBe(60);
      now += 3_600_000 + 1;
      expect(reopened.used('u')).toBe(0);
    } finally {
      cleanup();
    }
  });

  it('refuses nobody without a budget', () => {
    const { dir, cleanup } = tempDir();
    try {
      const ledger = new EngineTimeLedger(join(dir, 'l.jsonl'), { windowHours: 24 });
      ledger.record({ at: Date.now(), id: 'q', user: 'u', seconds: 1e9 });
      expect(() => ledger.check('u')).not.toThrow();
    } finally {
      cleanup();
    }
  });
});
