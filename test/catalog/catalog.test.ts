// The shipped audit-view catalogue (schema/audit-views.json) against SPEC section 2 and the product's
// example and report queries (spec/queries.sql). Expectations are written out by hand from those
// documents, never read back from the catalogue.
import { SOURCE_EVENT_TYPES } from '../../src/intake/sources/convert';
import { describe, expect, it } from 'vitest';
import {
  buildCatalog,
  columnNameFor,
  describeCatalog,
  LEADING_COLUMNS,
  loadCatalog,
  viewNameFor,
  type AuditView,
} from '../../src/catalog';

const REQUIRED_VIEWS = `
access_list_create access_list_delete access_list_member_create access_list_member_delete
access_list_member_update access_list_review access_list_update access_request_create
access_request_review auth bot_join cert_create db_session_query db_session_query_failed
db_session_start device_authenticate device_enroll exec instance_join join_token_create kube_request
lock_created lock_deleted recovery_code_used reset_password_token_create saml_idp_auth session_command
session_join session_rejected session_start user_create user_login user_password_change
windows_desktop_session_end windows_desktop_session_start`
  .trim()
  .split(/\s+/);

const V = 'varchar';
const AV = 'array(varchar)';
// Every column spec/queries.sql reads, with the type its expressions need.
const QUERY_COLUMNS: Record<string, Record<string, string>> = {
  exec: { command: V, user: V, proto: V },
  cert_create: { identity_user: V, identity_client_ip: V, identity_expires: V, time: V },
  access_request_create: { id: V, user: V, reason: V, roles: AV, resource_ids: 'array(row(cluster varchar, kind varchar, name varchar, sub_resource varchar))' },
  access_request_review: { id: V, reviewer: V, state: V },
  db_session_start: {
    access_requests: AV,
    with_mfa: V,
    impersonator: V,
    trusted_device_device_id: V,
    db_protocol: V,
    db_user: V,
    user: V,
  },
  session_start: {
    access_requests: AV,
    proto: V,
    with_mfa: V,
    impersonator: V,
    trusted_device_device_id: V,
    login: V,
    user: V,
  },
  kube_request: {
    access_requests: AV,
    with_mfa: V,
    impersonator: V,
    trusted_device_device_id: V,
    kubernetes_groups: AV,
    user: V,
  },
  instance_join: { node_name: V, host_id: V, token_expires: V, time: V },
};

// JSON paths that matter for correctness, from the events proto's JSON tags.
const KNOWN_PATHS: [view: string, column: string, path: string[]][] = [
  ['session_start', 'addr_local', ['addr.local']],
  ['session_start', 'addr_remote', ['addr.remote']],
  ['session_start', 'trusted_device_device_id', ['trusted_device', 'device_id']],
  ['session_start', 'sid', ['sid']],
  ['cert_create', 'identity_user', ['identity', 'user']],
  ['cert_create', 'identity_client_ip', ['identity', 'client_ip']],
  ['cert_create', 'identity_route_to_app_name', ['identity', 'route_to_app', 'name']],
  ['exec', 'exitcode', ['exitCode']],
  ['lock_created', 'target_user', ['target', 'user']],
  ['user_login', 'mfa_device_mfa_device_uuid', ['mfa_device', 'mfa_device_uuid']],
  ['device_enroll', 'device_device_id', ['device', 'device_id']],
];

// Independent well-formedness check for Trino type strings: scalar | array(T) | map(K, V) | row(name T, ...).
const SCALARS = new Set(['varchar', 'integer', 'bigint', 'double', 'boolean']);
function isTrinoType(text: string): boolean {
  let i = 0;
  const name = (): string | null => {
    const m = /^[a-z_][a-z0-9_]*/.exec(text.slice(i));
    if (!m) return null;
    i += m[0].length;
    return m[0];
  };
  const eat = (s: string): boolean => {
    if (!text.startsWith(s, i)) return false;
    i += s.length;
    return true;
  };
  const type = (): boolean => {
    const n = name();
    if (n === 'array') return eat('(') && type() && eat(')');
    if (n === 'map') return eat('(') && type() && eat(', ') && type() && eat(')');
    if (n === 'row') {
      if (!eat('(')) return false;
      do {
        if (!name() || !eat(' ') || !type()) return false;
      } while (eat(', '));
      return eat(')');
    }
    return n !== null && SCALARS.has(n);
  };
  return type() && i === text.length;
}

const catalog = loadCatalog();
const column = (view: string, name: string) => catalog.byName.get(view)?.columns.find((c) => c.name === name);

describe('type checker used by these tests', () => {
  it('accepts the shapes the spec names and rejects malformed ones', () => {
    for (const ok of ['varchar', 'array(varchar)', 'map(varchar, varchar)', 'array(row(a varchar, b integer))', 'map(varchar, array(varchar))']) {
      expect(isTrinoType(ok), ok).toBe(true);
    }
    for (const bad of ['', 'text', 'array(varchar', 'array()', 'row(varchar)', 'map(varchar)', 'array(varchar))', 'Varchar']) {
      expect(isTrinoType(bad), bad).toBe(false);
    }
  });
});

describe('shipped catalogue', () => {
  it('has every view a release must have', () => {
    expect(REQUIRED_VIEWS).toHaveLength(35);
    const missing = REQUIRED_VIEWS.filter((v) => !catalog.byName.has(v));
    expect(missing).toEqual([]);
  });

  it('has every column the example and report queries use, with the right type', () => {
    const wrong: string[] = [];
    for (const [view, cols] of Object.entries(QUERY_COLUMNS)) {
      for (const [name, type] of Object.entries(cols)) {
        const c = column(view, name);
        if (!c) wrong.push(`${view}.${name} missing`);
        else if (c.type !== type) wrong.push(`${view}.${name} is ${c.type}, want ${type}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('reads fields from their real JSON paths', () => {
    for (const [view, name, path] of KNOWN_PATHS) {
      expect(column(view, name)?.path, `${view}.${name}`).toEqual(path);
    }
  });

  it('names views after event types and columns after their paths', () => {
    for (const v of catalog.views) {
      expect(v.name).toBe(viewNameFor(v.eventType));
      expect(v.name).toBe(v.eventType.replace(/[.-]/g, '_'));
      for (const c of v.columns) expect(c.name, `${v.name}.${c.name}`).toBe(columnNameFor(c.path));
    }
    expect(columnNameFor(['addr.local'])).toBe('addr_local');
    expect(columnNameFor(['trusted_device', 'device_id'])).toBe('trusted_device_device_id');
    // Trino folds identifiers to lower case; the exec event's `exitCode` key is the column `exitcode`.
    expect(columnNameFor(['exitCode'])).toBe('exitcode');
  });

  it('has no duplicate views or columns, and no column shadowing event_date/event_time', () => {
    const names = catalog.views.map((v) => v.name);
    expect(new Set(names).size).toBe(names.length);
    for (const v of catalog.views) {
      const cols = [...LEADING_COLUMNS, ...v.columns].map((c) => c.name);
      expect(new Set(cols).size, v.name).toBe(cols.length);
    }
  });

  it('uses only well-formed Trino types', () => {
    const bad = catalog.views.flatMap((v) => v.columns.filter((c) => !isTrinoType(c.type)).map((c) => `${v.name}.${c.name}: ${c.type}`));
    expect(bad).toEqual([]);
  });

  it('gives 64-bit fields a 64-bit type', () => {
    // Teleport's own sample session.command event carries cgroup_id 4294968064, beyond integer range.
    expect(column('session_command', 'cgroup_id')?.type).toBe('bigint');
  });

  it('keeps timestamps inside events as varchar', () => {
    for (const [view, name] of [['cert_create', 'time'], ['cert_create', 'identity_expires'], ['instance_join', 'token_expires'], ['session_start', 'time']]) {
      expect(column(view, name)?.type, `${view}.${name}`).toBe('varchar');
    }
  });

  it('lists the Teleport event codes of each type', () => {
    expect(catalog.byName.get('session_start')?.codes).toEqual(['T2000I']);
    expect(catalog.byName.get('cert_create')?.codes).toEqual(['TC000I']);
    expect(catalog.byName.get('exec')?.codes).toEqual(expect.arrayContaining(['T3002I', 'T3002E']));
    expect(catalog.byName.get('user_login')?.codes).toEqual(expect.arrayContaining(['T1000I', 'T1000W']));
    // Other sources' views (schema/source-views.json) list their own record kinds instead.
    const others = new Set(Object.values(SOURCE_EVENT_TYPES));
    for (const v of catalog.views) {
      expect(v.codes.length, v.name).toBeGreaterThan(0);
      if (others.has(v.eventType)) continue;
      for (const code of v.codes) expect(code, v.name).toMatch(/^T[A-Z0-9]+[IWE]$/);
    }
  });

  it('describes every view and column on one line', () => {
    for (const v of catalog.views) {
      expect(v.description.trim(), v.name).not.toBe('');
      for (const c of v.columns) {
        expect(c.description.trim(), `${v.name}.${c.name}`).not.toBe('');
        expect(c.description, `${v.name}.${c.name}`).not.toMatch(/\n/);
      }
    }
  });
});

describe('buildCatalog validation', () => {
  const view = (over: Partial<AuditView> = {}): AuditView => ({
    name: 'session_start',
    eventType: 'session.start',
    codes: ['T2000I'],
    description: 'test',
    columns: [{ name: 'addr_local', type: 'varchar', path: ['addr.local'], description: 'x' }],
    ...over,
  });

  it('accepts a valid view', () => {
    expect(buildCatalog([view()]).byEventType.get('session.start')?.name).toBe('session_start');
  });

  it('rejects a column not named after its path', () => {
    const columns = [{ name: 'local_addr', type: 'varchar', path: ['addr.local'], description: 'x' }];
    expect(() => buildCatalog([view({ columns })])).toThrow(/should be named addr_local/);
  });

  it('rejects a malformed or non-canonical type', () => {
    const col = (type: string) => [{ name: 'x', type, path: ['x'], description: 'x' }];
    expect(() => buildCatalog([view({ columns: col('array(varchar') })])).toThrow(/bad Trino type/);
    expect(() => buildCatalog([view({ columns: col('text') })])).toThrow(/unknown type text/);
    expect(() => buildCatalog([view({ columns: col('map(varchar,varchar)') })])).toThrow(/map\(varchar, varchar\)/);
  });

  it('rejects duplicates and a view named unlike its event type', () => {
    expect(() => buildCatalog([view(), view()])).toThrow(/defined twice/);
    expect(() => buildCatalog([view({ eventType: 'session.end' })])).toThrow(/does not match/);
    const columns = [{ name: 'event_time', type: 'varchar', path: ['event_time'], description: 'x' }];
    expect(() => buildCatalog([view({ columns })])).toThrow(/defined twice/);
  });
});

describe('describeCatalog', () => {
  it('lists views with the leading columns first, in GetSchema shape', () => {
    const listing = describeCatalog(catalog);
    expect(listing.views.map((v) => v.name)).toEqual(catalog.views.map((v) => v.name));
    const certCreate = listing.views.find((v) => v.name === 'cert_create')!;
    expect(certCreate.desc).not.toBe('');
    expect(certCreate.columns.slice(0, 2)).toEqual([
      { name: 'event_date', type: 'date', desc: expect.any(String) },
      { name: 'event_time', type: 'timestamp(3)', desc: expect.any(String) },
    ]);
    expect(certCreate.columns).toHaveLength(catalog.byName.get('cert_create')!.columns.length + 2);
    expect(certCreate.columns).toContainEqual({ name: 'identity_user', type: 'varchar', desc: expect.any(String) });
    for (const c of certCreate.columns) expect(Object.keys(c).sort()).toEqual(['desc', 'name', 'type']);
  });
});
