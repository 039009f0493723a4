// Findings as OCSF Detection Finding events: every change kind maps to an event that has every
// required and recommended attribute of the class with the schema's types (validator in
// test/support/ocsf, written from the OCSF schema), and the validator itself catches broken events.
import { describe, expect, it } from 'vitest';
import { toOcsf } from '../../../src/reports/findings/ocsf';
import type { Finding, FindingChange } from '../../../src/reports/findings/types';
import { validateDetectionFinding } from '../../support/ocsf/detection-finding';

function finding(change: FindingChange): Finding {
  const resolved = change === 'RESOLVED';
  return {
    id: '0123456789abcdef0123456789abcdef',
    source: { kind: 'report', name: 'report:privilege_access_report/root_ssh/7d', report: 'privilege_access_report', query: 'root_ssh', days: 7 },
    title: 'Root SSH sessions',
    description: 'Sessions as root',
    suggestion: 'Use per-user logins',
    severity: 'high',
    status: resolved ? 'RESOLVED' : 'ACTIVE',
    change,
    version: change === 'NEW' ? 1 : 2,
    first_seen: '2026-01-01T00:00:00.000Z',
    last_seen: '2026-01-02T00:00:00.000Z',
    ...(resolved ? { resolved_at: '2026-01-03T00:00:00.000Z' } : {}),
    changed_at: '2026-01-02T00:00:00.000Z',
    run_id: '20260102T000000000Z-abcd',
    key: ['event_date', 'user', 'addr_remote'],
    columns: [
      { name: 'event_date', type: 'date' },
      { name: 'count', type: 'bigint' },
      { name: 'user', type: 'varchar' },
      { name: 'addr_remote', type: 'varchar' },
    ],
    fields: { event_date: '2026-01-01', count: '3', user: 'alice', addr_remote: '10.0.0.1:22' },
  };
}

describe('findings as OCSF Detection Finding (2004)', () => {
  for (const [change, activity, statusId] of [['NEW', 1, 1], ['UPDATED', 2, 1], ['REOPENED', 2, 1], ['RESOLVED', 3, 4]] as const) {
    it(`${change}: activity ${activity}, every required and recommended attribute with its type`, () => {
      const ev = toOcsf(finding(change), 'f1.cursor') as any;
      const report = validateDetectionFinding(ev);
      expect(report.errors).toEqual([]);
      expect(report.missingRecommended).toEqual([]);
      expect(ev.class_uid).toBe(2004);
      expect(ev.category_uid).toBe(2);
      expect(ev.activity_id).toBe(activity);
      expect(ev.type_uid).toBe(200400 + activity);
      expect(ev.status_id).toBe(statusId);
      expect(ev.severity_id).toBe(4); // high
      expect(ev.is_alert).toBe(change !== 'RESOLVED');
      expect(ev.time).toBe(Date.parse('2026-01-01T00:00:00.000Z'));
      expect(ev.finding_info.uid).toBe('0123456789abcdef0123456789abcdef');
      expect(ev.finding_info.last_seen_time).toBe(Date.parse('2026-01-02T00:00:00.000Z'));
      expect(ev.metadata.uid).toBe(`0123456789abcdef0123456789abcdef:${change === 'NEW' ? 1 : 2}`);
      expect(ev.observables).toContainEqual(expect.objectContaining({ type_id: 4, value: 'alice' }));
      expect(ev.observables).toContainEqual(expect.objectContaining({ type_id: 2, value: '10.0.0.1:22' }));
      expect(ev.evidences[0].data).toEqual(finding(change).fields);
      expect(ev.unmapped.cursor).toBe('f1.cursor');
      expect(ev.remediation.desc).toBe('Use per-user logins');
    });
  }

  it('severities map to OCSF severity_id 1..5', () => {
    const ids = (['info', 'low', 'medium', 'high', 'critical'] as const).map((s) => (toOcsf({ ...finding('NEW'), severity: s }) as any).severity_id);
    expect(ids).toEqual([1, 2, 3, 4, 5]);
  });

  it('the validator refuses events that break the schema', () => {
    const good = toOcsf(finding('NEW')) as any;
    const broken = (mutate: (e: any) => void) => {
      const e = structuredClone(good);
      mutate(e);
      return validateDetectionFinding(e).errors;
    };
    expect(broken((e) => delete e.finding_info)).toContain('finding_info: required');
    expect(broken((e) => delete e.metadata.product)).toContain('metadata.product: required');
    expect(broken((e) => (e.time = '2026-01-01T00:00:00Z'))[0]).toMatch(/^time: must be milliseconds/);
    expect(broken((e) => (e.time = Math.floor(e.time / 1000)))[0]).toMatch(/^time: must be milliseconds/);
    expect(broken((e) => (e.type_uid = 2004))[0]).toMatch(/^type_uid: must be class_uid \* 100 \+ activity_id/);
    expect(broken((e) => (e.class_uid = 2001))).toContain('class_uid: 2001 is not one of 2004');
    expect(broken((e) => (e.is_alert = 'true'))[0]).toMatch(/^is_alert: must be a boolean/);
    expect(broken((e) => (e.observables = [{ name: 'x' }]))).toContain('observables[0].type_id: required');
    expect(broken((e) => (e.finding_info.uid = 7))[0]).toMatch(/^finding_info.uid: must be a string/);
    expect(validateDetectionFinding({ ...good, message: undefined }).missingRecommended).toEqual(['message']);
  });
});
