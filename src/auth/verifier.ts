// Token verification: a JWT from `Teleport-Jwt-Assertion` (Teleport application access) or
// `Authorization: Bearer`, checked with jose against the configured keys. Only asymmetric algorithms
// are accepted, so a token "signed" with alg none or with HS256 using a public key as the secret is
// refused before any key is consulted.
import { readFileSync, statSync } from 'node:fs';
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  errors as joseErrors,
  jwksCache,
  jwtVerify,
  type ExportedJWKSCache,
  type JWKSCacheInput,
  type JWK,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';
import { LRUCache } from 'lru-cache';
import { ConfigError } from '../config/validate';
import { apiError } from '../errors/api-error';
import type { AuthConfig } from './config';
import { readDevKey } from './dev-key';
import { principalFor, type Principal } from './rbac';
import type { RoleDefinition } from './roles';

export const ACCEPTED_ALGORITHMS = ['RS256', 'ES256', 'EdDSA'];
const CLOCK_TOLERANCE_S = 5;

export interface TokenVerifier {
  /** The principal the token names; throws an UNAUTHENTICATED GraphQL error otherwise. */
  verify(token: string): Promise<Principal>;
}

export interface VerifierOptions {
  auth: AuthConfig;
  roles: ReadonlyMap<string, RoleDefinition>;
  /** Minimum time between JWKS refetches triggered by unknown key ids. */
  jwksCooldownMs?: number;
  /** How long keys fetched from auth.jwks_url are used before they are fetched again (default 10 minutes). */
  jwksCacheMaxAgeMs?: number;
  /** How long a verified token is remembered (default VERIFIED_CACHE_MS; tests shorten it). */
  verifiedCacheMs?: number;
  /** Told when auth.jwks_url cannot be fetched and the last good keys are used, and when it can again. */
  log?: { warn(obj: object, msg: string): void; info(obj: object, msg: string): void };
  /** How often auth.jwks_file is checked for changes (default JWKS_FILE_CHECK_MS). */
  jwksFileCheckMs?: number;
}

type HeaderValue = string | string[] | undefined;

function first(v: HeaderValue): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/** The token from request headers (lower-cased names, as node gives them), if any. */
export function tokenFromHeaders(headers: Record<string, HeaderValue>): string | undefined {
  const assertion = first(headers['teleport-jwt-assertion'])?.trim();
  if (assertion) return assertion;
  const authz = first(headers.authorization)?.trim();
  if (!authz) return undefined;
  const m = /^Bearer\s+(\S+)$/i.exec(authz);
  return m ? m[1] : undefined;
}

function loadJwksFile(file: string): JWK[] {
  let doc: { keys?: unknown };
  try {
    doc = JSON.parse(readFileSync(file, 'utf8')) as { keys?: unknown };
  } catch (e) {
    throw new ConfigError(`auth.jwks_file ${file} cannot be read as JSON: ${(e as Error).message}`);
  }
  if (!Array.isArray(doc.keys)) throw new ConfigError(`auth.jwks_file ${file} must be a JWKS document: {"keys": [...]}`);
  return doc.keys as JWK[];
}

/** How often, at most, auth.jwks_file is checked for changes (a removed key stops being trusted within this). */
export const JWKS_FILE_CHECK_MS = 2_000;

interface LocalKeys {
  getKey: JWTVerifyGetKey;
  /** Re-reads auth.jwks_file when it changed (checked at most every `checkMs`, or now with force); true when the keys changed. */
  refresh(force?: boolean): boolean;
}

/**
 * Keys from auth.jwks_file and the dev key. The file is read again when it changes, so keys rotate and
 * are revoked without a restart; a file that no longer parses keeps the old keys (a half-written
 * file must not lock everyone out).
 */
function localKeys(auth: AuthConfig, checkMs: number): LocalKeys | undefined {
  const devKey = auth.devKeyFile ? [readDevKey(auth.devKeyFile).publicJwk] : [];
  const fileVersion = () => {
    const st = auth.jwksFile ? statSync(auth.jwksFile, { throwIfNoEntry: false }) : undefined;
    return st ? `${st.ino}:${st.size}:${st.mtimeMs}` : '';
  };
  let version = fileVersion();
  let checkedAt = Date.now();
  const initial = [...(auth.jwksFile ? loadJwksFile(auth.jwksFile) : []), ...devKey];
  if (!initial.length) return undefined;
  let set = createLocalJWKSet({ keys: initial });
  const refresh = (force = false): boolean => {
    if (!auth.jwksFile || (!force && Date.now() - checkedAt < checkMs)) return false;
    checkedAt = Date.now();
    const now = fileVersion();
    if (now === version) return false;
    version = now;
    try {
      set = createLocalJWKSet({ keys: [...loadJwksFile(auth.jwksFile), ...devKey] });
      return true;
    } catch {
      return false;
    }
  };
  return {
    refresh,
    getKey: async (header, token) => {
      refresh();
      try {
        return await set(header, token);
      } catch (e) {
        // An unknown key id may be a key just added: look at the file now rather than at the next check.
        if (!(e instanceof joseErrors.JWKSNoMatchingKey) || !refresh(true)) throw e;
        return set(header, token);
      }
    },
  };
}

/** auth.jwks_url could not be fetched and no keys of a recent enough good fetch are left to use. */
class KeysUnavailable extends Error {}

/** After a failed fetch of auth.jwks_url, how long requests use the last good keys before the next try. */
const JWKS_RETRY_MS = 10_000;

/**
 * Keys from auth.jwks_url, kept usable through an outage of that endpoint (a proxy restart, a network
 * blip): when a fetch fails, tokens are verified with the keys of the last good fetch, for at most
 * auth.jwks_stale_if_error_minutes after it, instead of every request and open subscription being
 * refused. What those keys say about a token (no key with its id, a bad signature) still stands.
 */
function remoteKeys(url: string, opts: VerifierOptions): JWTVerifyGetKey {
  // jose records each good fetch here: its time (uat) and the key set (jwks)
  const lastFetch: Partial<ExportedJWKSCache> = {};
  const remote = createRemoteJWKSet(new URL(url), {
    cooldownDuration: opts.jwksCooldownMs ?? 30_000,
    cacheMaxAge: opts.jwksCacheMaxAgeMs ?? 10 * 60_000,
    timeoutDuration: 5_000,
    [jwksCache]: lastFetch as JWKSCacheInput,
  });
  let lastGood: { uat: number; keys: JWTVerifyGetKey } | undefined;
  let failedAt: number | undefined;
  const lastGoodKeys = (): JWTVerifyGetKey | undefined => {
    const { uat, jwks } = lastFetch;
    if (uat === undefined || !jwks || Date.now() - uat >= opts.auth.jwksStaleIfErrorMs) return undefined;
    if (lastGood?.uat !== uat) lastGood = { uat, keys: createLocalJWKSet(jwks) };
    return lastGood.keys;
  };
  return async (header, token) => {
    // Right after a failed fetch, requests do not each wait for the next one.
    const retrying = failedAt !== undefined && Date.now() - failedAt < JWKS_RETRY_MS ? lastGoodKeys() : undefined;
    if (retrying) return retrying(header, token);
    try {
      const key = await remote(header, token);
      if (failedAt !== undefined) opts.log?.info({ url }, 'auth.jwks_url can be fetched again');
      failedAt = undefined;
      return key;
    } catch (e) {
      const verdict = e instanceof joseErrors.JWKSNoMatchingKey || e instanceof joseErrors.JWKSMultipleMatchingKeys || e instanceof joseErrors.JOSENotSupported;
      if (verdict) throw e;
      const keys = lastGoodKeys();
      if (!keys) throw new KeysUnavailable(`auth.jwks_url could not be fetched: ${(e as Error).message}`, { cause: e });
      if (failedAt === undefined) {
        const ageMinutes = Math.round((Date.now() - lastFetch.uat!) / 60_000);
        opts.log?.warn({ err: e, url }, `auth.jwks_url cannot be fetched; verifying tokens with the keys fetched ${ageMinutes} min ago until it can`);
      }
      failedAt = Date.now();
      return keys(header, token);
    }
  };
}

const NO_TOKEN_KEYS =
  'auth: no token keys configured; set auth.jwks_url (e.g. https://<cluster>/.well-known/jwks.json), ' +
  'auth.jwks_file, or auth.dev_key_file (or run `amctl serve --demo`)';

/** Refuses a configuration that names no source of token keys at all, before anything is opened. */
export function assertTokenKeySource(auth: Pick<AuthConfig, 'jwksUrl' | 'jwksFile' | 'devKeyFile'>): void {
  if (!auth.jwksUrl && !auth.jwksFile && !auth.devKeyFile) throw new ConfigError(NO_TOKEN_KEYS);
}

function keyResolver(opts: VerifierOptions): { getKey: JWTVerifyGetKey; refreshLocal(): boolean } {
  const { auth } = opts;
  const local = localKeys(auth, opts.jwksFileCheckMs ?? JWKS_FILE_CHECK_MS);
  const remote = auth.jwksUrl ? remoteKeys(auth.jwksUrl, opts) : undefined;
  if (!local && !remote) throw new ConfigError(NO_TOKEN_KEYS);
  const getKey: JWTVerifyGetKey = async (header, token) => {
    if (local) {
      try {
        return await local.getKey(header, token);
      } catch (e) {
        if (!remote || !(e instanceof joseErrors.JWKSNoMatchingKey)) throw e;
      }
    }
    return remote!(header, token);
  };
  return { getKey, refreshLocal: () => local?.refresh() ?? false };
}

/** A short reason for the client; never the token or key material. */
function reasonFor(e: unknown): string {
  if (e instanceof joseErrors.JWTExpired) return 'the token has expired';
  if (e instanceof joseErrors.JWTClaimValidationFailed) {
    if (e.claim === 'nbf') return 'the token is not valid yet';
    return `the token's "${e.claim}" claim is not accepted (${e.reason})`;
  }
  if (e instanceof joseErrors.JOSEAlgNotAllowed) return `the token's algorithm is not accepted (use ${ACCEPTED_ALGORITHMS.join(', ')})`;
  if (e instanceof joseErrors.JWKSNoMatchingKey) return 'no trusted key matches the token';
  if (e instanceof joseErrors.JWSSignatureVerificationFailed) return 'the token signature does not verify';
  if (e instanceof joseErrors.JWTInvalid || e instanceof joseErrors.JWSInvalid) return 'the token is malformed';
  if (e instanceof KeysUnavailable || e instanceof joseErrors.JWKSTimeout || e instanceof joseErrors.JWKSInvalid) return 'the token keys could not be fetched';
  return 'the token could not be verified';
}

function rolesFrom(payload: JWTPayload, claim: string): string[] {
  const v = payload[claim];
  if (v === undefined || v === null) return [];
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
  throw apiError('UNAUTHENTICATED', `invalid token: claim "${claim}" must be a list of role names`);
}

/** Verified tokens are remembered (until they expire, at most this long) to skip repeat signature checks. */
const VERIFIED_CACHE_MS = 60_000;

export function createTokenVerifier(opts: VerifierOptions): TokenVerifier {
  const { getKey, refreshLocal } = keyResolver(opts);
  const { auth } = opts;
  const verified = new LRUCache<string, { principal: Principal; until: number }>({ max: 10_000 });

  async function verifyUncached(token: string): Promise<{ principal: Principal; expiresAt: number }> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, getKey, {
        algorithms: ACCEPTED_ALGORITHMS,
        issuer: auth.issuer,
        audience: auth.audience,
        clockTolerance: CLOCK_TOLERANCE_S,
        requiredClaims: ['exp'],
      }));
    } catch (e) {
      throw apiError('UNAUTHENTICATED', `invalid token: ${reasonFor(e)}`);
    }
    const user =
      typeof payload.username === 'string' && payload.username
        ? payload.username
        : typeof payload.sub === 'string' && payload.sub
          ? payload.sub
          : undefined;
    if (!user) throw apiError('UNAUTHENTICATED', 'invalid token: it names no user (claims "username" and "sub" are empty)');
    const expiresAt = payload.exp! * 1000;
    return { principal: { ...principalFor(user, rolesFrom(payload, auth.rolesClaim), opts.roles), expiresAt }, expiresAt };
  }

  return {
    async verify(token: string): Promise<Principal> {
      // Changed keys (a key removed from auth.jwks_file) void every verification made with the old ones.
      if (refreshLocal()) verified.clear();
      const now = Date.now();
      const hit = verified.get(token);
      if (hit && hit.until > now) return hit.principal;
      const { principal, expiresAt } = await verifyUncached(token);
      verified.set(token, { principal, until: Math.min(expiresAt, now + (opts.verifiedCacheMs ?? VERIFIED_CACHE_MS)) });
      return principal;
    },
  };
}
