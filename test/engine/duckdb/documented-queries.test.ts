// Every documented query (schema/examples/queries.sql), unmodified, on the embedded engine over generated
// data, against answers computed independently from the raw JSON events (test/support/oracle.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateAuditLog } from '../../../src/demo';
import type { EmbeddedEngine } from '../../../src/engine/duckdb/engine';
import { cellText } from '../../../src/cli/format';
import { canonicalRows, isOrderedBy, ORACLE_QUERIES, readAuditLog, type AuditEvent } from '../../support/oracle';
import { openEngine, query, tempDir, testConfig } from '../../support/engine';
import { documentedQueriesText } from '../../support/documented-queries';

/** The documented queries, in file order, exactly as written (without their comment lines). */
function documentedQueries(): { label: string; sql: string }[] {
  const text = documentedQueriesText();
  return text
    .split(/\n(?=-- (?:example|report) \d+:)/)
    .slice(1)
    .map((block) => ({
      label: /^-- ((?:example|report) \d+)/.exec(block)![1]!.replace(' ', '-'),
      sql: block.split('\n').filter((l) => !l.startsWith('--')).join('\n').trim(),
    }));
}

describe('documented queries on the embedded engine', () => {
  let engine: EmbeddedEngine;
  let events: AuditEvent[];
  let cleanup: () => void;
  const today = new Date().toISOString().slice(0, 10);

  beforeAll(async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const logDir = join(t.dir, 'log');
    await generateAuditLog({ outDir: logDir, days: 30, events: 15_000, seed: 7, end: today });
    events = readAuditLog(logDir);
    engine = await openEngine(testConfig(join(t.dir, 'data'), { embedded: { audit_log: logDir } }));
    const s = await engine.ingest();
    expect(s.badLines).toBe(0);
  }, 180_000);
  afterAll(async () => {
    await engine?.close();
    cleanup?.();
  });

  const docs = documentedQueries();
  it('queries.sql holds the 6 examples and the 9 report queries', () => {
    expect(docs.map((d) => d.label)).toEqual(ORACLE_QUERIES.map((q) => q.id));
  });

  for (const days of [7, 30] as const) {
    for (const q of ORACLE_QUERIES) {
      it(`${q.id} (${days} days): ${q.title}`, async () => {
        const doc = docs.find((d) => d.label === q.id)!;
        const expected = q.run(events, { days, today });
        const got = await query(engine, doc.sql, days);
        expect(got.columns.map((c) => c.name)).toEqual(expected.columns);
        const rows = got.rows.map((r) => r.map((c) => cellText(c)));
        expect(isOrderedBy(rows, q.orderBy)).toBe(true);
        expect(canonicalRows(rows)).toEqual(expected.rows);
        if (days === 30 && q.id.startsWith('report')) expect(rows.length).toBeGreaterThan(0);
      });
    }
  }
});
