// The `intake:` section: how events reach the gateway other than from a log it reads itself.
//   intake:
//     fluentd:                       # teleport-event-handler's [forward.fluentd] points here
//       listen: 0.0.0.0:8888
//       cert_file: server.crt         # the files `teleport-event-handler configure` writes, as they are
//       key_file: server.key
//       key_passphrase: <the passphrase printed in its fluent.conf>   (or key_passphrase_file)
//       client_ca_file: ca.crt
//       require_client_cert: true     # mutual TLS; false only for a trusted network
//     http: true                      # POST /v1/intake/teleport (NDJSON, token + audit_event create)
//     session_events: views           # of session streams keep: views (types the views read) | all | none
//     max_body_bytes: 4194304
//     state: s3://audit-long-term/amctl_intake   # engine athena: the claims that keep each event once
//                                     # across replicas (default: <cluster.state>/intake)
//     sources:                        # other sources' export files, imported into the same spool
//       cloudtrail: /data/cloudtrail  # the bucket's copy: AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/*.json.gz
//       okta: /data/okta              # /api/v1/logs pages (JSON arrays) or NDJSON
//       github: /data/github          # audit log stream (NDJSON, .json or .json.gz)
//     identities:                     # one person across sources: the views' teleport_user column
//       aws_role_session_is_teleport_user: false   # true: an unmapped role session name is the Teleport user
//       users:
//         - teleport_user: alice
//           aws_role_session_names: [alice, alice-admin]
//           okta_login: alice@example.com
//           github_login: alice-gh
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { CoreConfig } from '../config';
import { NO_IDENTITIES, type IdentityMap } from './sources/convert';
import { ConfigError, asObject, optionalBool, optionalInt, optionalString } from '../config/validate';
import type { ConfigKeys } from '../config/keys';

export interface ListenAt {
  host: string;
  port: number;
}

export interface FluentdIntakeConfig {
  listen: ListenAt;
  cert: Buffer;
  key: Buffer;
  passphrase?: string;
  clientCa?: Buffer;
  requireClientCert: boolean;
}

export type SessionEventsKept = 'views' | 'all' | 'none';

export interface SourceDirsConfig {
  cloudtrail?: string;
  okta?: string;
  github?: string;
}

export interface IntakeConfig {
  fluentd?: FluentdIntakeConfig;
  sources: SourceDirsConfig;
  identities: IdentityMap;
  http: boolean;
  sessionEvents: SessionEventsKept;
  maxBodyBytes: number;
  /** engine athena: where the claims are kept (s3://bucket/prefix), when set. */
  state?: { bucket: string; prefix: string; uri: string };
}

/** Every key this section knows, for the whole-config check. */
export const INTAKE_KEYS = ['fluentd', 'http', 'session_events', 'max_body_bytes', 'sources', 'identities', 'state'] as const;
export const SOURCES_KEYS = ['cloudtrail', 'okta', 'github'] as const;
export const IDENTITIES_KEYS = ['aws_role_session_is_teleport_user', 'users'] as const;
export const IDENTITY_USER_KEYS = ['teleport_user', 'aws_role_session_names', 'okta_login', 'github_login'] as const;
export const FLUENTD_KEYS = ['listen', 'cert_file', 'key_file', 'key_passphrase', 'key_passphrase_file', 'client_ca_file', 'require_client_cert'] as const;

const values = (keys: readonly string[]): ConfigKeys => Object.fromEntries(keys.map((k) => [k, 'value' as const]));

/** The section's declaration for the whole-config check (users entries are checked by the parser). */
export const INTAKE_CONFIG_KEYS: ConfigKeys = {
  intake: {
    ...values(INTAKE_KEYS),
    fluentd: values(FLUENTD_KEYS),
    sources: values(SOURCES_KEYS),
    identities: values(IDENTITIES_KEYS),
  },
};

function rejectUnknown(obj: Record<string, unknown>, known: readonly string[], where: string): void {
  for (const k of Object.keys(obj)) {
    if (!known.includes(k)) throw new ConfigError(`${where}.${k} is not a known key (known: ${known.join(', ')})`);
  }
}

function parseListenAt(v: unknown, label: string): ListenAt {
  const text = typeof v === 'number' ? String(v) : v;
  const m = typeof text === 'string' ? /^(?:(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]*):)?(\d{1,5})$/.exec(text.trim()) : null;
  const port = m ? Number(m[2]) : NaN;
  if (!m || port > 65535) throw new ConfigError(`${label} must look like host:port, :port or port (e.g. 0.0.0.0:8888), got ${JSON.stringify(v)}`);
  return { host: m[1] ? m[1].replace(/^\[|\]$/g, '') : '127.0.0.1', port };
}

const S3_URI = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/;

/** An s3://bucket/prefix location; the prefix without surrounding '/'. */
export function parseS3Location(v: string, label: string): { bucket: string; prefix: string; uri: string } {
  const m = S3_URI.exec(v.trim());
  if (!m) throw new ConfigError(`${label} must be an S3 location like s3://bucket/prefix, got ${JSON.stringify(v)}`);
  const prefix = (m[2] ?? '').replace(/^\/+|\/+$/g, '');
  return { bucket: m[1]!, prefix, uri: `s3://${m[1]}${prefix ? `/${prefix}` : ''}` };
}

function readFileFor(path: string, label: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    throw new ConfigError(`${label}: cannot read ${path} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

function parseIdentities(raw: unknown): IdentityMap {
  if (raw === undefined || raw === null) return NO_IDENTITIES;
  const o = asObject(raw, 'intake.identities');
  rejectUnknown(o, IDENTITIES_KEYS, 'intake.identities');
  const users = o.users ?? [];
  if (!Array.isArray(users)) throw new ConfigError('intake.identities.users must be a list of {teleport_user, aws_role_session_names, okta_login, github_login}');
  const aws = new Map<string, string>();
  const okta = new Map<string, string>();
  const gh = new Map<string, string>();
  const claim = (m: Map<string, string>, key: string, user: string, label: string) => {
    const prev = m.get(key);
    if (prev !== undefined && prev !== user) throw new ConfigError(`${label} ${JSON.stringify(key)} is mapped to both ${prev} and ${user}`);
    m.set(key, user);
  };
  users.forEach((u, i) => {
    const where = `intake.identities.users[${i}]`;
    const e = asObject(u, where);
    rejectUnknown(e, IDENTITY_USER_KEYS, where);
    const user = optionalString(e, 'teleport_user', `${where}.teleport_user`);
    if (!user) throw new ConfigError(`${where}.teleport_user is required`);
    const sessions = e.aws_role_session_names === undefined ? [] : e.aws_role_session_names;
    const list = typeof sessions === 'string' ? [sessions] : sessions;
    if (!Array.isArray(list) || list.some((x) => typeof x !== 'string' || !x)) throw new ConfigError(`${where}.aws_role_session_names must be a list of role session names`);
    for (const sname of list as string[]) claim(aws, sname, user, `${where}.aws_role_session_names:`);
    const okl = optionalString(e, 'okta_login', `${where}.okta_login`);
    if (okl) claim(okta, okl.toLowerCase(), user, `${where}.okta_login:`);
    const ghl = optionalString(e, 'github_login', `${where}.github_login`);
    if (ghl) claim(gh, ghl.toLowerCase(), user, `${where}.github_login:`);
  });
  return {
    awsRoleSessions: aws,
    oktaLogins: okta,
    githubLogins: gh,
    awsSessionIsTeleportUser: optionalBool(o, 'aws_role_session_is_teleport_user', 'intake.identities.aws_role_session_is_teleport_user') ?? false,
  };
}

export function parseIntakeConfig(config: CoreConfig): IntakeConfig {
  const raw = config.raw.intake;
  const base = config.file ? dirname(config.file) : process.cwd();
  if (raw === undefined || raw === null) return { http: false, sessionEvents: 'views', maxBodyBytes: 4 << 20, sources: {}, identities: NO_IDENTITIES };
  const s = asObject(raw, 'intake');
  rejectUnknown(s, INTAKE_KEYS, 'intake');
  const sessionEvents = optionalString(s, 'session_events', 'intake.session_events') ?? 'views';
  if (sessionEvents !== 'views' && sessionEvents !== 'all' && sessionEvents !== 'none') {
    throw new ConfigError(`intake.session_events must be "views", "all" or "none", got ${JSON.stringify(sessionEvents)}`);
  }
  let fluentd: FluentdIntakeConfig | undefined;
  if (s.fluentd !== undefined && s.fluentd !== null) {
    const f = asObject(s.fluentd, 'intake.fluentd');
    rejectUnknown(f, FLUENTD_KEYS, 'intake.fluentd');
    if (f.listen === undefined) throw new ConfigError('intake.fluentd.listen is required (e.g. 0.0.0.0:8888)');
    const file = (key: string) => {
      const p = optionalString(f, key, `intake.fluentd.${key}`);
      return p === undefined ? undefined : readFileFor(resolve(base, p), `intake.fluentd.${key}`);
    };
    const cert = file('cert_file');
    const key = file('key_file');
    if (!cert || !key) {
      throw new ConfigError('intake.fluentd needs cert_file and key_file (the server.crt and server.key `teleport-event-handler configure` writes)');
    }
    let passphrase = optionalString(f, 'key_passphrase', 'intake.fluentd.key_passphrase');
    const passFile = optionalString(f, 'key_passphrase_file', 'intake.fluentd.key_passphrase_file');
    if (passphrase !== undefined && passFile !== undefined) {
      throw new ConfigError('intake.fluentd: give key_passphrase or key_passphrase_file, not both');
    }
    if (passFile !== undefined) passphrase = readFileFor(resolve(base, passFile), 'intake.fluentd.key_passphrase_file').toString('utf8').trim();
    const requireClientCert = optionalBool(f, 'require_client_cert', 'intake.fluentd.require_client_cert') ?? true;
    const clientCa = file('client_ca_file');
    if (requireClientCert && !clientCa) {
      throw new ConfigError('intake.fluentd.client_ca_file is required for mutual TLS (the ca.crt `teleport-event-handler configure` writes); set require_client_cert: false to accept clients without certificates');
    }
    fluentd = { listen: parseListenAt(f.listen, 'intake.fluentd.listen'), cert, key, passphrase, clientCa, requireClientCert };
  }
  const sources: SourceDirsConfig = {};
  if (s.sources !== undefined && s.sources !== null) {
    const src = asObject(s.sources, 'intake.sources');
    rejectUnknown(src, SOURCES_KEYS, 'intake.sources');
    for (const k of SOURCES_KEYS) {
      const p = optionalString(src, k, `intake.sources.${k}`);
      if (p === undefined) continue;
      const abs = resolve(base, p);
      if (!existsSync(abs)) throw new ConfigError(`intake.sources.${k}: directory ${abs} does not exist`);
      sources[k] = abs;
    }
  }
  const stateUri = optionalString(s, 'state', 'intake.state');
  return {
    fluentd,
    state: stateUri === undefined ? undefined : parseS3Location(stateUri, 'intake.state'),
    sources,
    identities: parseIdentities(s.identities),
    http: optionalBool(s, 'http', 'intake.http') ?? false,
    sessionEvents,
    maxBodyBytes: optionalInt(s, 'max_body_bytes', 'intake.max_body_bytes', 1024) ?? 4 << 20,
  };
}
