// The entities a finding names (what the inbox filters on and the console links to a timeline): a
// rule finding's own entity, and the user, host, IP and session columns of a report finding.
import { describe, expect, it } from 'vitest';
import { entitiesOf } from '../../../src/reports/findings/inbox';
import type { Finding } from '../../../src/reports/findings/types';

function finding(source: Finding['source'], key: string[], fields: Finding['fields']): Finding {
  return {
    id: 'f'.repeat(32),
    source,
    title: 't',
    description: '',
    suggestion: '',
    severity: 'medium',
    key,
    columns: Object.keys(fields).map((name) => ({ name, type: 'varchar' })),
    fields,
    change: 'NEW',
    status: 'ACTIVE',
    first_seen: '2026-01-01T00:00:00.000Z',
    last_seen: '2026-01-01T00:00:00.000Z',
    changed_at: '2026-01-01T00:00:00.000Z',
    run_id: 'r',
    version: 1,
  } as Finding;
}

const rule = (id: string) => ({ kind: 'detection' as const, name: `rule:${id}`, detection: id, rule: id, days: 7 });

describe('entitiesOf', () => {
  it("names a rule finding's entity, of its entity_kind", () => {
    const f = finding(rule('teleport.root_login'), ['entity'], { rule: 'teleport.root_login', entity_kind: 'user', entity: 'bob', event_count: '3' });
    expect(entitiesOf(f)).toEqual([{ kind: 'user', value: 'bob', field: 'entity' }]);
    const host = finding(rule('teleport.shared_account_ssh'), ['entity'], { rule: 'x', entity_kind: 'host', entity: 'ubuntu@api-1' });
    // An account on a host (login@host) names the host.
    expect(entitiesOf(host)).toEqual([{ kind: 'host', value: 'api-1', field: 'entity' }]);
  });

  it('names the database, cluster or resource a rule finding is about, and no unknown kind', () => {
    expect(entitiesOf(finding(rule('teleport.lock_created'), ['entity'], { entity_kind: 'resource', entity: '22e30875' }))).toEqual([{ kind: 'resource', value: '22e30875', field: 'entity' }]);
    expect(entitiesOf(finding(rule('teleport.db_privileged_user'), ['entity'], { entity_kind: 'database', entity: 'orders' }))).toEqual([{ kind: 'database', value: 'orders', field: 'entity' }]);
    expect(entitiesOf(finding(rule('x'), ['entity'], { entity_kind: 'planet', entity: 'mars' }))).toEqual([]);
    // Not a rule finding: entity columns of a report query are read by name only.
    expect(entitiesOf(finding({ kind: 'report', name: 'report:r/q/7d', report: 'r', query: 'q', days: 7 }, ['entity'], { entity_kind: 'user', entity: 'bob' }))).toEqual([]);
  });

  it('reads user, IP and session columns of a report finding, key columns first, IPs without the port', () => {
    const f = finding({ kind: 'report', name: 'report:r/q/7d', report: 'r', query: 'q', days: 7 }, ['addr_remote', 'user'], {
      user: 'alice',
      addr_remote: '10.0.0.7:51234',
      sid: 's-1',
      login: 'root',
      n: 3,
    });
    expect(entitiesOf(f)).toEqual([
      { kind: 'ip', value: '10.0.0.7', field: 'addr_remote' },
      { kind: 'user', value: 'alice', field: 'user' },
      { kind: 'session', value: 's-1', field: 'sid' },
    ]);
  });

  it("does not take an OS login for a Teleport user, nor a server's own address or id for a host or client IP", () => {
    const f = finding({ kind: 'report', name: 'report:r/q/7d', report: 'r', query: 'q', days: 7 }, ['login', 'server_hostname'], {
      login: 'root',
      server_hostname: 'db-1',
      server_id: '4b7e0c1d-9a8f-4e6d-8c5b-3a2f1e0d9c8b',
      server_addr: '10.0.2.22:3022',
      addr_local: '10.0.2.22:3022',
      identity_client_ip: '192.0.2.9',
      node_name: 'web-2',
    });
    expect(entitiesOf(f)).toEqual([
      { kind: 'host', value: 'db-1', field: 'server_hostname' },
      { kind: 'ip', value: '192.0.2.9', field: 'identity_client_ip' },
      { kind: 'host', value: 'web-2', field: 'node_name' },
    ]);
  });
});
