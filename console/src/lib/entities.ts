// Which result columns name an entity the investigation timeline can follow (a Teleport user, a host,
// an IP address, a session), by column name as the catalogue and the reports spell them, and the link
// to that entity's timeline. `login`, `db_user` and `windows_user` are logins a session ran as (root,
// postgres), not Teleport users, so they are no entity.
export type EntityKind = 'user' | 'host' | 'ip' | 'session';

export const ENTITY_KINDS: readonly EntityKind[] = ['user', 'host', 'ip', 'session'];

const BY_NAME: Record<string, EntityKind> = {
  user: 'user',
  username: 'user',
  user_name: 'user',
  impersonator: 'user',
  identity_user: 'user',
  identity_impersonator: 'user',
  target_user: 'user',
  reviewer: 'user',
  delegator: 'user',
  updated_by: 'user',
  server_hostname: 'host',
  hostname: 'host',
  host: 'host',
  node_name: 'host',
  addr_remote: 'ip',
  remote_addr: 'ip',
  client_ip: 'ip',
  identity_client_ip: 'ip',
  sid: 'session',
  session_id: 'session',
};

/** The entity kind of a column, or undefined. Any `<something>_ip` or `ip_address` column is an IP. */
export function entityKindOfColumn(column: string): EntityKind | undefined {
  const c = column.toLowerCase();
  return BY_NAME[c] ?? (/(^|_)ip(_address)?$/.test(c) ? 'ip' : undefined);
}

/** The value to investigate: an IPv4 address without its port (`10.0.0.7:51234` -> `10.0.0.7`). */
export function entityValue(kind: EntityKind, value: string): string {
  return kind === 'ip' ? value.replace(/^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/, '$1').replace(/^\[([0-9a-f:.]+)\]:\d+$/i, '$1') : value;
}

export interface TimelineTarget {
  kind: EntityKind;
  value: string;
  /** A preset range id (see lib/time-range.ts), e.g. `30d`. */
  range?: string;
  /** ISO-8601 bounds of a custom range. */
  from?: string;
  to?: string;
}

/** The console link to an entity's timeline. */
export function timelineHref(t: TimelineTarget): string {
  const p = new URLSearchParams({ kind: t.kind, value: entityValue(t.kind, t.value) });
  if (t.from) {
    p.set('from', t.from);
    if (t.to) p.set('to', t.to);
  } else if (t.range) p.set('range', t.range);
  return `/investigate?${p}`;
}

/** The entity a cell names: a non-empty text value in an entity column. */
export function entityOfCell(column: string, value: unknown): { kind: EntityKind; value: string } | undefined {
  const kind = entityKindOfColumn(column);
  return kind && typeof value === 'string' && value.trim() !== '' ? { kind, value } : undefined;
}

/** The link from a result cell to its entity's timeline over the result's window. */
export function cellTimelineHref(column: string, value: unknown, days?: number): string | undefined {
  const e = entityOfCell(column, value);
  return e && timelineHref({ ...e, range: days ? `${days}d` : undefined });
}
