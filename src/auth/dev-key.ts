// Local development signing key: lets `amctl token` mint tokens the gateway accepts, for demos and
// tests. It is a private JWK on disk (mode 0600); the gateway trusts its public half only when
// auth.dev_key_file is configured (or `amctl serve --demo` configures it).
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { SignJWT, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import { ConfigError } from '../config/validate';

export const DEV_KEY_ALG = 'ES256';

export interface DevKey {
  /** The private key as stored. */
  privateJwk: JWK;
  /** What the verifier trusts. */
  publicJwk: JWK;
}

function publicHalf(jwk: JWK): JWK {
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...pub } = jwk;
  return pub;
}

export function readDevKey(file: string): DevKey {
  let jwk: JWK;
  try {
    jwk = JSON.parse(readFileSync(file, 'utf8')) as JWK;
  } catch (e) {
    throw new ConfigError(`dev signing key ${file} cannot be read as a JWK: ${(e as Error).message}`);
  }
  if (!jwk.d || !jwk.kid || jwk.alg !== DEV_KEY_ALG) {
    throw new ConfigError(`dev signing key ${file} must be a private ${DEV_KEY_ALG} JWK with a kid (delete it to have a new one made)`);
  }
  return { privateJwk: jwk, publicJwk: publicHalf(jwk) };
}

/** Reads the key, creating it first (atomically, owner-only) when the file does not exist. */
export async function ensureDevKey(file: string): Promise<DevKey> {
  if (!existsSync(file)) {
    const { privateKey } = await generateKeyPair(DEV_KEY_ALG, { extractable: true });
    const jwk = { ...(await exportJWK(privateKey)), alg: DEV_KEY_ALG, use: 'sig', kid: `amctl-dev-${randomUUID()}` };
    mkdirSync(dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(jwk, null, 2)}\n`, { mode: 0o600 });
    renameSync(tmp, file);
  }
  return readDevKey(file);
}

export interface DevTokenRequest {
  user: string;
  roles: string[];
  /** jose duration, e.g. '1h', '30m'. */
  ttl: string;
  issuer?: string;
  audience?: string;
}

const TTL = /^\d+\s*(s|sec|secs|second|seconds|m|min|mins|minute|minutes|h|hr|hrs|hour|hours|d|day|days)$/;

export function isValidTtl(ttl: string): boolean {
  return TTL.test(ttl);
}

/** A token shaped like Teleport's application-access JWT: username, roles, sub. */
export async function signDevToken(key: DevKey, req: DevTokenRequest): Promise<string> {
  if (!isValidTtl(req.ttl)) throw new ConfigError(`--ttl must look like 30m, 1h or 7d, got ${JSON.stringify(req.ttl)}`);
  const jwt = new SignJWT({ username: req.user, roles: req.roles })
    .setProtectedHeader({ alg: DEV_KEY_ALG, kid: key.privateJwk.kid, typ: 'JWT' })
    .setSubject(req.user)
    .setIssuedAt()
    .setNotBefore('0s')
    .setExpirationTime(req.ttl);
  if (req.issuer) jwt.setIssuer(req.issuer);
  if (req.audience) jwt.setAudience(req.audience);
  return jwt.sign(await importJWK(key.privateJwk, DEV_KEY_ALG));
}
