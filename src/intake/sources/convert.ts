// One record of another source -> one log line the engine ingests like a Teleport event: the base
// fields (event, time, uid, user) and the record itself with its keys in snake_case, so the views'
// columns read as `event_source`, `user_identity_arn`, ... Subtrees whose keys are data, not a fixed
// schema (CloudTrail's requestParameters, GitHub's data), keep their keys as they came.
export type SourceKind = 'cloudtrail' | 'okta' | 'github';

export class RecordError extends Error {}

/** The `event` (view event type) each source's records get. */
export const SOURCE_EVENT_TYPES: Record<SourceKind, string> = { cloudtrail: 'cloudtrail', okta: 'okta_system_log', github: 'github_audit_log' };

/** eventName -> event_name, sourceIPAddress -> source_ip_address, @timestamp -> timestamp. */
export function snakeKey(k: string): string {
  return k
    .replace(/^[@_]+/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/[.\- ]/g, '_')
    .toLowerCase();
}

function snake(v: unknown, raw: ReadonlySet<string>): unknown {
  if (Array.isArray(v)) return v.map((x) => snake(x, raw));
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[snakeKey(k)] = raw.has(k) ? x : snake(x, raw);
    return out;
  }
  return v;
}

const RAW: Record<SourceKind, ReadonlySet<string>> = {
  cloudtrail: new Set(['requestParameters', 'responseElements', 'additionalEventData', 'serviceEventDetails', 'tlsDetails', 'resources']),
  okta: new Set(['debugData', 'detail', 'detailEntry']),
  github: new Set(['data', 'config', 'config_was']),
};

/** Base-table names a record's own keys must not take (renamed, and documented in the catalogue). */
const RENAME: Record<SourceKind, Record<string, string>> = {
  cloudtrail: {},
  okta: {},
  github: { user: 'affected_user' },
};

const iso = (ms: number) => new Date(ms).toISOString();

function validTime(t: unknown, what: string): string {
  const ms = typeof t === 'number' ? t : typeof t === 'string' ? Date.parse(t) : NaN;
  if (!Number.isFinite(ms)) throw new RecordError(`${what} ${JSON.stringify(t ?? null)} is not a timestamp`);
  const out = iso(ms);
  // Date.parse rolls impossible dates over (September 31 -> October 1): refuse them instead.
  if (typeof t === 'string' && /^\d{4}-\d{2}-\d{2}/.test(t) && out.slice(0, 10) !== t.slice(0, 10) && !/[+-]\d{2}:?\d{2}$/.test(t)) {
    throw new RecordError(`${what} ${JSON.stringify(t)} is not a real date`);
  }
  return out;
}

/** The role session name of an assumed-role ARN (arn:aws:sts::<acct>:assumed-role/<role>/<session>). */
export function roleSessionName(arn: unknown): string | undefined {
  const m = typeof arn === 'string' ? /:assumed-role\/[^/]+\/(.+)$/.exec(arn) : null;
  return m?.[1];
}

/** One identity across sources (intake.identities): external names -> the Teleport user. */
export interface IdentityMap {
  awsRoleSessions: ReadonlyMap<string, string>;
  oktaLogins: ReadonlyMap<string, string>;
  githubLogins: ReadonlyMap<string, string>;
  /** Teleport's AWS access names the role session after the Teleport user: take it as is when unmapped. */
  awsSessionIsTeleportUser: boolean;
}

export const NO_IDENTITIES: IdentityMap = { awsRoleSessions: new Map(), oktaLogins: new Map(), githubLogins: new Map(), awsSessionIsTeleportUser: false };

export function convertRecord(kind: SourceKind, rec: unknown, ids: IdentityMap = NO_IDENTITIES): Record<string, unknown> {
  if (!rec || typeof rec !== 'object' || Array.isArray(rec)) throw new RecordError('a record must be a JSON object');
  const r = rec as Record<string, unknown>;
  const body = snake(r, RAW[kind]) as Record<string, unknown>;
  for (const [from, to] of Object.entries(RENAME[kind])) {
    if (from in body) {
      body[to] = body[from];
      delete body[from];
    }
  }
  let time: string;
  let uid: unknown;
  let user: unknown;
  if (kind === 'cloudtrail') {
    time = validTime(r.eventTime, 'eventTime');
    uid = r.eventID;
    const ui = (r.userIdentity ?? {}) as Record<string, unknown>;
    const session = roleSessionName(ui.arn);
    if (session) {
      body.role_session_name = session;
      const tu = ids.awsRoleSessions.get(session) ?? (ids.awsSessionIsTeleportUser ? session : undefined);
      if (tu) body.teleport_user = tu;
    }
    user = session ?? ui.userName ?? ui.principalId;
  } else if (kind === 'okta') {
    time = validTime(r.published, 'published');
    uid = r.uuid;
    user = (r.actor as Record<string, unknown> | undefined)?.alternateId;
    const tu = typeof user === 'string' ? ids.oktaLogins.get(user.toLowerCase()) : undefined;
    if (tu) body.teleport_user = tu;
  } else {
    time = validTime(r['@timestamp'] ?? r.created_at, '@timestamp');
    uid = r._document_id;
    user = r.actor;
    const tu = typeof user === 'string' ? ids.githubLogins.get(user.toLowerCase()) : undefined;
    if (tu) body.teleport_user = tu;
  }
  // `event` and `time` are the base table's; a record's own keys of those names would be overwritten.
  for (const k of ['event', 'time', 'uid', 'sid']) if (k in body) throw new RecordError(`the record has a "${k}" key, which this importer reserves`);
  delete body.user;
  return {
    ...body,
    event: SOURCE_EVENT_TYPES[kind],
    time,
    ...(typeof uid === 'string' && uid ? { uid } : {}),
    ...(typeof user === 'string' && user ? { user } : {}),
  };
}
