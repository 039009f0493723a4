// The `auth:` section: where token keys come from, which claims to trust, role documents, and the
// per-user concurrency quota. Relative paths resolve against the config file's directory.
import { dirname, resolve } from 'node:path';
import type { CoreConfig } from '../config';
import type { ConfigKeys } from '../config/keys';
import { ConfigError, asObject, optionalInt, optionalString } from '../config/validate';

export interface AuthConfig {
  /** Remote JWKS (e.g. https://teleport.example.com/.well-known/jwks.json); cached, refetched on unknown kid. */
  jwksUrl?: string;
  /** A local JWKS document ({"keys": [...]}). */
  jwksFile?: string;
  /** Required `iss` when set (Teleport: the cluster name). */
  issuer?: string;
  /** Required `aud` when set (Teleport application access: the app URI). */
  audience?: string;
  /** Claim holding the role names. */
  rolesClaim: string;
  /** YAML file of Teleport role documents (`kind: role`), several per file. */
  rolesFile?: string;
  /** Private JWK used by `amctl token` to sign development tokens; its public half is trusted. */
  devKeyFile?: string;
  /** Running executions one user may have at once (on engines that cannot hold them back, queued ones count too). */
  maxRunningQueriesPerUser: number;
  /** QUEUED executions one user may have at once, on engines that hold a user's queries past the running limit. */
  maxQueuedQueriesPerUser: number;
  /**
   * While auth.jwks_url cannot be fetched, tokens are verified with the keys of its last good fetch
   * for this long after that fetch; 0 refuses them at once.
   */
  jwksStaleIfErrorMs: number;
}

export const AUTH_CONFIG_KEYS: ConfigKeys = {
  auth: {
    jwks_url: 'value',
    jwks_file: 'value',
    issuer: 'value',
    audience: 'value',
    roles_claim: 'value',
    roles_file: 'value',
    dev_key_file: 'value',
    max_running_queries_per_user: 'value',
    max_queued_queries_per_user: 'value',
    jwks_stale_if_error_minutes: 'value',
  },
};

/** QUEUED queries per user when auth.max_queued_queries_per_user is not set. */
export const DEFAULT_MAX_QUEUED_PER_USER = 10;

export const DEFAULT_DEV_KEY_NAME = 'dev-signing-key.json';

export function parseAuthConfig(config: CoreConfig): AuthConfig {
  const section = config.raw.auth === undefined || config.raw.auth === null ? {} : asObject(config.raw.auth, 'auth');
  const base = config.file ? dirname(config.file) : process.cwd();
  const path = (key: string) => {
    const v = optionalString(section, key, `auth.${key}`);
    return v === undefined ? undefined : resolve(base, v);
  };
  const jwksUrl = optionalString(section, 'jwks_url', 'auth.jwks_url');
  if (jwksUrl !== undefined) {
    let u: URL;
    try {
      u = new URL(jwksUrl);
    } catch {
      throw new ConfigError(`auth.jwks_url must be an absolute URL, got ${JSON.stringify(jwksUrl)}`);
    }
    if (u.protocol !== 'https:' && u.protocol !== 'http:') {
      throw new ConfigError(`auth.jwks_url must be an http(s) URL, got ${JSON.stringify(jwksUrl)}`);
    }
  }
  const rolesClaim = optionalString(section, 'roles_claim', 'auth.roles_claim') ?? 'roles';
  return {
    jwksUrl,
    jwksFile: path('jwks_file'),
    issuer: optionalString(section, 'issuer', 'auth.issuer'),
    audience: optionalString(section, 'audience', 'auth.audience'),
    rolesClaim,
    rolesFile: path('roles_file'),
    devKeyFile: path('dev_key_file'),
    maxRunningQueriesPerUser:
      optionalInt(section, 'max_running_queries_per_user', 'auth.max_running_queries_per_user', 1) ?? 3,
    maxQueuedQueriesPerUser:
      optionalInt(section, 'max_queued_queries_per_user', 'auth.max_queued_queries_per_user', 0) ?? DEFAULT_MAX_QUEUED_PER_USER,
    jwksStaleIfErrorMs: (optionalInt(section, 'jwks_stale_if_error_minutes', 'auth.jwks_stale_if_error_minutes', 0) ?? 60) * 60_000,
  };
}

/** Where `amctl serve --demo` keeps its development signing key when none is configured. */
export function defaultDevKeyFile(config: CoreConfig): string {
  return resolve(config.dataDir, DEFAULT_DEV_KEY_NAME);
}
