// The pre-built report as data: its SQL is the documented SQL, verbatim; definitions are validated on
// save; pre-built reports are (re)installed only when their version is newer.
import { describe, expect, it } from 'vitest';
import { loadBuiltinReports, parseReportDefinition } from '../../src/reports/definitions';
import { LocalBlobStore } from '../../src/reports/local-blobstore';
import { ReportStore } from '../../src/reports/report-store';
import { compareSemver } from '../../src/reports/semver';
import { SqlRejectedError } from '../../src/errors/engine-error';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { documentedQueriesText } from '../support/documented-queries';

function tempDir() {
  const dir = mkdtempSync(join(tmpdir(), 'amctl-report-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

// The documented report queries, cut out of queries.sql by their "-- report N:" headers.
function documentedReportQueries(): { title: string; sql: string }[] {
  const text = documentedQueriesText();
  const out: { title: string; sql: string }[] = [];
  const re = /^-- report (\d+): ([^\n]*)\n((?:--[^\n]*\n)*)([\s\S]*?;)/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push({ title: m[2], sql: m[4].trim() });
  return out;
}

describe('privilege_access_report definition', () => {
  const [report] = loadBuiltinReports().filter((r) => r.name === 'privilege_access_report');

  it('has the documented name, title, version and 9 queries in order with the exact SQL', () => {
    const documented = documentedReportQueries();
    expect(documented).toHaveLength(9);
    expect(report.title).toBe('Privileged Access Report');
    expect(report.version).toBe('0.0.1');
    expect(report.audit_queries.map((q) => q.query.trim())).toEqual(documented.map((d) => d.sql));
    for (const [i, q] of report.audit_queries.entries()) {
      // The documented title starts with ours ("Privileged PostgreSQL sessions (started as ...)").
      expect(documented[i].title.startsWith(q.title)).toBe(true);
      expect(q.suggestion.length).toBeGreaterThan(10);
      expect(q.chart).toMatchObject({ type: 'bar', x: 'event_date', y: 'count' });
    }
  });
});

describe('report validation', () => {
  const valid = { name: 'r1', title: 'R1', version: '1.0.0', audit_queries: [{ name: 'q', title: 'Q', query: 'SELECT 1' }] };

  it('names what is wrong', () => {
    expect(() => parseReportDefinition({ ...valid, name: '../x' })).toThrow(/report name must be/);
    expect(() => parseReportDefinition({ ...valid, version: 'one' })).toThrow(/semantic version/);
    expect(() => parseReportDefinition({ ...valid, audit_queries: [] })).toThrow(/non-empty list/);
    expect(() => parseReportDefinition({ ...valid, audit_queries: [{ name: 'q' }] })).toThrow(/audit_queries\[0\]\.query is required/);
    expect(() => parseReportDefinition({ ...valid, audit_queries: [valid.audit_queries[0], valid.audit_queries[0]] })).toThrow(/used twice/);
    expect(() => parseReportDefinition({ ...valid, audit_queries: [{ ...valid.audit_queries[0], chart: { type: 'pie' } }] })).toThrow(/chart\.type/);
  });

  it('accepts a Teleport security_report resource document as tctl prints it', () => {
    const resource = {
      kind: 'security_report',
      version: 'v1',
      metadata: { name: 'r1' },
      spec: { title: 'R1', description: 'd', version: '1.0.0', audit_queries: [{ name: 'q', title: 'Q', query: 'SELECT 1', description: '' }] },
    };
    expect(parseReportDefinition(resource)).toEqual(parseReportDefinition({ ...valid, description: 'd' }));
    expect(() => parseReportDefinition({ ...resource, kind: 'role' })).toThrow(/expected a security_report document/);
    expect(() => parseReportDefinition({ ...resource, spec: { ...resource.spec, name: 'other' } })).toThrow(/differ/);
  });

  it('runs the SQL guard on every query when saving, and keeps the guard error code', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const checked: string[] = [];
      const guard = (sql: string) => {
        checked.push(sql);
        if (/drop/i.test(sql)) throw new SqlRejectedError('only SELECT statements are allowed');
      };
      const store = new ReportStore(new LocalBlobStore(dir), guard);
      const bad = { ...valid, audit_queries: [valid.audit_queries[0], { name: 'evil', query: 'DROP TABLE events' }] };
      await expect(store.upsert(bad)).rejects.toMatchObject({ code: 'SQL_REJECTED', message: expect.stringMatching(/query 2 \(evil\): only SELECT/) });
      expect(await store.find('r1')).toBeUndefined();
      await store.upsert(valid);
      expect(checked).toEqual(['SELECT 1', 'DROP TABLE events', 'SELECT 1']);
      expect((await store.get('r1')).audit_queries[0].title).toBe('Q');
    } finally {
      cleanup();
    }
  });
});

describe('pre-built report installation', () => {
  it('installs when missing or older, never over a same or newer version', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const store = new ReportStore(new LocalBlobStore(dir));
      const v = (version: string, title = version) =>
        parseReportDefinition({ name: 'pre', title, version, audit_queries: [{ name: 'q', query: 'SELECT 1' }] });
      expect(await store.installBuiltins([v('0.0.1')])).toEqual(['pre']);
      expect(await store.installBuiltins([v('0.0.1', 'changed')])).toEqual([]);
      expect((await store.get('pre')).title).toBe('0.0.1');
      expect(await store.installBuiltins([v('0.0.10')])).toEqual(['pre']);
      expect(await store.installBuiltins([v('0.0.9')])).toEqual([]);
      expect((await store.get('pre')).version).toBe('0.0.10');
    } finally {
      cleanup();
    }
  });

  it('compares versions as semver, not as text', () => {
    expect(compareSemver('0.0.10', '0.0.9')).toBeGreaterThan(0);
    expect(compareSemver('1.0.0', '1.0.0-rc.1')).toBeGreaterThan(0);
    expect(compareSemver('1.0.0-rc.2', '1.0.0-rc.10')).toBeLessThan(0);
    expect(compareSemver('1.0.0-alpha', '1.0.0-1')).toBeGreaterThan(0);
    expect(compareSemver('2.1.0', '2.1.0')).toBe(0);
    expect(() => compareSemver('1.0', '1.0.0')).toThrow(/not a semantic version/);
  });
});
