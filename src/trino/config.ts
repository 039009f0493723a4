// `engine: trino`: the `trino:` section, validated once here; every error names the key.
//
//   trino:
//     server: https://trino.example.com:8443   # required: the coordinator (or the proxy in front of it)
//     catalog: hive                            # required: the catalog holding Teleport's audit table
//     schema: teleport_audit                   # required
//     table: audit_events                      # required
//     user: amctl                              # X-Trino-User (with basic auth: defaults to auth.user)
//     auth:                                    # default none; basic and jwt need https
//       type: basic                            # or jwt
//       user: amctl
//       password_file: /etc/amctl/trino-password   # or password: ... (or $TRINO_PASSWORD)
//       # jwt: token_file: /var/run/secrets/trino-jwt  or token: ...
//     tls: { ca_file: /etc/ssl/private-ca.pem, insecure: false }
//     concurrency: 10              # queries running on Trino at once (more wait QUEUED here)
//     query_timeout_ms: 1800000    # a query running longer is cancelled and FAILED
//     max_result_rows: 1000000     # a result with more rows fails with LIMIT_EXCEEDED
//     session: { query_max_scan_physical_bytes: 1TB }   # Trino session properties for every query
//     source: amctl                # X-Trino-Source, for Trino's UI and event listeners
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ConfigKeys } from '../config/keys';
import { ConfigError, asObject, optionalBool, optionalInt, optionalString, requiredString } from '../config/validate';
import type { TrinoAuth } from './client';

export interface TrinoConfig {
  server: string;
  catalog: string;
  schema: string;
  table: string;
  user: string;
  auth: TrinoAuth;
  tls: { ca?: string; insecure: boolean };
  concurrency: number;
  queryTimeoutMs: number;
  maxResultRows: number;
  session: Record<string, string>;
  source: string;
}

// Unquoted Trino identifiers as Glue and Hive allow them; quoted anyway when used.
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const SESSION_KEY = /^[a-z_][a-z0-9_.]*$/;

function name(obj: Record<string, unknown>, key: string): string {
  const v = requiredString(obj, key, `trino.${key}`);
  if (!NAME.test(v)) throw new ConfigError(`trino.${key} must be a plain identifier (letters, digits, _), got ${JSON.stringify(v)}`);
  return v;
}

function readSecret(obj: Record<string, unknown>, key: string, fileKey: string, base: string, env?: string): string | undefined {
  const inline = optionalString(obj, key, `trino.auth.${key}`);
  const file = optionalString(obj, fileKey, `trino.auth.${fileKey}`);
  if (inline !== undefined && file !== undefined) throw new ConfigError(`trino.auth: give ${key} or ${fileKey}, not both`);
  if (file !== undefined) {
    const p = resolve(base, file);
    try {
      const text = readFileSync(p, 'utf8').trim();
      if (!text) throw new ConfigError(`trino.auth.${fileKey}: ${p} is empty`);
      return text;
    } catch (e) {
      if (e instanceof ConfigError) throw e;
      throw new ConfigError(`trino.auth.${fileKey}: cannot read ${p} (${(e as Error).message})`);
    }
  }
  return inline ?? (env ? process.env[env] : undefined);
}

function parseAuth(raw: unknown, https: boolean, base: string): TrinoAuth {
  if (raw === undefined || raw === null) return { type: 'none' };
  const a = asObject(raw, 'trino.auth');
  const type = requiredString(a, 'type', 'trino.auth.type');
  if (type === 'none') return { type: 'none' };
  if (type !== 'basic' && type !== 'jwt') throw new ConfigError(`trino.auth.type must be none, basic or jwt, got ${JSON.stringify(type)}`);
  // Trino itself refuses password and JWT authentication over plain HTTP; say so before it does.
  if (!https) throw new ConfigError(`trino.auth.type ${type} needs an https:// trino.server (Trino accepts credentials only over TLS)`);
  if (type === 'basic') {
    const user = requiredString(a, 'user', 'trino.auth.user');
    const password = readSecret(a, 'password', 'password_file', base, 'TRINO_PASSWORD');
    if (!password) throw new ConfigError('trino.auth.password (or password_file, or $TRINO_PASSWORD) is required for basic auth');
    return { type: 'basic', user, password };
  }
  const token = readSecret(a, 'token', 'token_file', base, 'TRINO_JWT');
  if (!token) throw new ConfigError('trino.auth.token (or token_file, or $TRINO_JWT) is required for jwt auth');
  if (token.split('.').length !== 3) throw new ConfigError('trino.auth.token is not a JWT (three base64url parts separated by dots)');
  return { type: 'jwt', token };
}

export const TRINO_CONFIG_KEYS: ConfigKeys = {
  trino: {
    server: 'value',
    catalog: 'value',
    schema: 'value',
    table: 'value',
    user: 'value',
    auth: { type: 'value', user: 'value', password: 'value', password_file: 'value', token: 'value', token_file: 'value' },
    tls: { ca_file: 'value', insecure: 'value' },
    concurrency: 'value',
    query_timeout_ms: 'value',
    max_result_rows: 'value',
    // Trino session properties: their names are Trino's.
    session: 'value',
    source: 'value',
  },
};

/** The `trino:` section of the config document; `base` resolves relative file paths. */
export function parseTrinoConfig(raw: Record<string, unknown>, base: string): TrinoConfig {
  if (raw.trino === undefined) throw new ConfigError('engine trino needs a trino: section (server, catalog, schema, table)');
  const t = asObject(raw.trino, 'trino');
  const known = new Set(['server', 'catalog', 'schema', 'table', 'user', 'auth', 'tls', 'concurrency', 'query_timeout_ms', 'max_result_rows', 'session', 'source']);
  for (const k of Object.keys(t)) if (!known.has(k)) throw new ConfigError(`trino.${k} is not a setting (known: ${[...known].join(', ')})`);

  const server = requiredString(t, 'server', 'trino.server');
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    throw new ConfigError(`trino.server must be a URL like https://trino.example.com:8443, got ${JSON.stringify(server)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(`trino.server must be http:// or https://, got ${JSON.stringify(server)}`);
  if (url.pathname !== '/' || url.search || url.hash) throw new ConfigError(`trino.server is the coordinator's address only (no path), got ${JSON.stringify(server)}`);
  const https = url.protocol === 'https:';
  const auth = parseAuth(t.auth, https, base);

  const tlsRaw = t.tls === undefined ? {} : asObject(t.tls, 'trino.tls');
  const caFile = optionalString(tlsRaw, 'ca_file', 'trino.tls.ca_file');
  let ca: string | undefined;
  if (caFile) {
    if (!https) throw new ConfigError('trino.tls.ca_file is set but trino.server is not https://');
    try {
      ca = readFileSync(resolve(base, caFile), 'utf8');
    } catch (e) {
      throw new ConfigError(`trino.tls.ca_file: cannot read ${resolve(base, caFile)} (${(e as Error).message})`);
    }
    if (!ca.includes('-----BEGIN CERTIFICATE-----')) throw new ConfigError(`trino.tls.ca_file ${resolve(base, caFile)} holds no PEM certificate`);
  }

  const sessionRaw = t.session === undefined ? {} : asObject(t.session, 'trino.session');
  const session: Record<string, string> = {};
  for (const [k, v] of Object.entries(sessionRaw)) {
    if (!SESSION_KEY.test(k)) throw new ConfigError(`trino.session.${k} is not a session property name`);
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') throw new ConfigError(`trino.session.${k} must be a string, number or boolean`);
    session[k] = String(v);
  }

  return {
    server: url.origin,
    catalog: name(t, 'catalog'),
    schema: name(t, 'schema'),
    table: name(t, 'table'),
    user: optionalString(t, 'user', 'trino.user') ?? (auth.type === 'basic' ? auth.user : 'amctl'),
    auth,
    tls: { ca, insecure: optionalBool(tlsRaw, 'insecure', 'trino.tls.insecure') ?? false },
    concurrency: optionalInt(t, 'concurrency', 'trino.concurrency', 1) ?? 10,
    queryTimeoutMs: optionalInt(t, 'query_timeout_ms', 'trino.query_timeout_ms', 1000) ?? 1_800_000,
    maxResultRows: optionalInt(t, 'max_result_rows', 'trino.max_result_rows', 1) ?? 1_000_000,
    session,
    source: optionalString(t, 'source', 'trino.source') ?? 'amctl',
  };
}
