// The console's pure helpers for the findings inbox and the timeline: entity columns and links, time
// ranges, the histogram's buckets, and the triage actions each status offers.
import { describe, expect, it } from 'vitest';
import { cellTimelineHref, entityKindOfColumn, entityValue, timelineHref } from '../../console/src/lib/entities';
import { statusesOf, triageActions } from '../../console/src/lib/findings';
import { findingTimelineFrom, fromLocalInput, histogramPoints, presetFrom, rangeOf, toLocalInput } from '../../console/src/lib/time-range';

describe('entity columns', () => {
  it('knows users, hosts, IPs and sessions by column name, and not OS logins', () => {
    const kinds = Object.fromEntries(
      ['user', 'impersonator', 'identity_user', 'server_hostname', 'node_name', 'addr_remote', 'identity_client_ip', 'src_ip', 'sid', 'session_id', 'login', 'db_user', 'windows_user', 'server_addr', 'n'].map((c) => [c, entityKindOfColumn(c)]),
    );
    expect(kinds).toEqual({
      user: 'user',
      impersonator: 'user',
      identity_user: 'user',
      server_hostname: 'host',
      node_name: 'host',
      addr_remote: 'ip',
      identity_client_ip: 'ip',
      src_ip: 'ip',
      sid: 'session',
      session_id: 'session',
      login: undefined,
      db_user: undefined,
      windows_user: undefined,
      server_addr: undefined,
      n: undefined,
    });
  });

  it('links a cell to the timeline over the result window; IPs lose their port', () => {
    expect(cellTimelineHref('user', 'bob', 30)).toBe('/investigate?kind=user&value=bob&range=30d');
    expect(cellTimelineHref('addr_remote', '10.1.2.3:51234', 7)).toBe('/investigate?kind=ip&value=10.1.2.3&range=7d');
    expect(cellTimelineHref('user', '', 7)).toBeUndefined();
    expect(cellTimelineHref('user', null, 7)).toBeUndefined();
    expect(cellTimelineHref('login', 'root', 7)).toBeUndefined();
    expect(entityValue('ip', '[2001:db8::1]:22')).toBe('2001:db8::1');
    expect(entityValue('host', 'web-1:22')).toBe('web-1:22');
    expect(timelineHref({ kind: 'user', value: 'a b', from: '2026-01-01T00:00:00.000Z', range: '7d' })).toBe('/investigate?kind=user&value=a+b&from=2026-01-01T00%3A00%3A00.000Z');
  });
});

describe('time ranges', () => {
  const now = Date.parse('2026-03-20T15:30:00.000Z');

  it('counts presets in whole UTC days back from today, 24h from now', () => {
    expect(presetFrom('24h', now)).toBe('2026-03-19T15:30:00.000Z');
    expect(presetFrom('7d', now)).toBe('2026-03-14T00:00:00.000Z');
    expect(presetFrom('120d', now)).toBe('2025-11-21T00:00:00.000Z');
    expect(presetFrom('121d', now)).toBeUndefined();
  });

  it('reads custom bounds, else the preset, else 7 days', () => {
    expect(rangeOf(new URLSearchParams('from=2026-03-01T00:00:00Z&to=2026-03-02T00:00:00Z&range=30d'), now)).toEqual({ from: '2026-03-01T00:00:00Z', to: '2026-03-02T00:00:00Z', preset: 'custom' });
    expect(rangeOf(new URLSearchParams('range=30d'), now)).toEqual({ from: '2026-02-19T00:00:00.000Z', preset: '30d' });
    expect(rangeOf(new URLSearchParams('range=bogus'), now)).toEqual({ from: '2026-03-14T00:00:00.000Z', preset: '7d' });
  });

  it('converts datetime-local values as UTC', () => {
    expect(toLocalInput('2026-03-20T12:12:03.374Z')).toBe('2026-03-20T12:12');
    expect(fromLocalInput('2026-03-20T12:12')).toBe('2026-03-20T12:12:00.000Z');
    expect(fromLocalInput('')).toBeUndefined();
  });

  it("starts a finding's timeline the day before its first event, else its source's window before it was first seen, at most 120 days back", () => {
    expect(findingTimelineFrom({ firstSeen: '2026-03-18T09:00:00.000Z', source: { days: 90 }, fields: { first_event: '2026-03-10T22:00:00.000Z' } }, now)).toBe('2026-03-09T00:00:00.000Z');
    expect(findingTimelineFrom({ firstSeen: '2026-03-18T09:00:00.000Z', source: { days: 90 }, fields: { first_event: '2026-03-10 22:00:00.000' } }, now)).toBe('2026-03-09T00:00:00.000Z');
    expect(findingTimelineFrom({ firstSeen: '2026-03-18T09:00:00.000Z', source: { days: 7 } }, now)).toBe('2026-03-11T00:00:00.000Z');
    expect(findingTimelineFrom({ firstSeen: '2026-03-18T09:00:00.000Z', source: { days: 7 }, fields: { first_event: 'not a time' } }, now)).toBe('2026-03-11T00:00:00.000Z');
    expect(findingTimelineFrom({ firstSeen: '2026-01-01T00:00:00.000Z', source: { days: 90 } }, now)).toBe('2025-11-21T00:00:00.000Z');
  });

  it('fills the histogram with every bucket of the range', () => {
    const hours = histogramPoints([{ bucket: '2026-03-20T13:00:00.000Z', unit: 'hour', events: 4 }], '2026-03-20T11:30:00.000Z', '2026-03-20T15:30:00.000Z', 'hour');
    expect(hours).toEqual([
      { x: '2026-03-20 11:00', y: 0 },
      { x: '2026-03-20 12:00', y: 0 },
      { x: '2026-03-20 13:00', y: 4 },
      { x: '2026-03-20 14:00', y: 0 },
      { x: '2026-03-20 15:00', y: 0 },
    ]);
    const days = histogramPoints(
      [
        { bucket: '2026-03-18T00:00:00.000Z', unit: 'day', events: 2 },
        { bucket: '2026-03-20T00:00:00.000Z', unit: 'day', events: 1 },
      ],
      '2026-03-18T00:00:00.000Z',
      '2026-03-20T15:30:00.000Z',
      'day',
    );
    expect(days).toEqual([
      { x: '2026-03-18', y: 2 },
      { x: '2026-03-19', y: 0 },
      { x: '2026-03-20', y: 1 },
    ]);
  });
});

describe('triage actions', () => {
  it('offers what the gateway allows from each status', () => {
    expect(triageActions('open').map((a) => a.to)).toEqual(['acknowledged', 'resolved', 'false_positive']);
    expect(triageActions('acknowledged').map((a) => a.to)).toEqual(['resolved', 'false_positive', 'open']);
    expect(triageActions('resolved').map((a) => a.to)).toEqual(['open']);
    expect(triageActions('false_positive').map((a) => a.to)).toEqual(['open']);
  });

  it('filters the queue by default', () => {
    expect(statusesOf(null)).toEqual(['open', 'acknowledged']);
    expect(statusesOf('any')).toBeUndefined();
    expect(statusesOf('resolved')).toEqual(['resolved']);
  });
});
