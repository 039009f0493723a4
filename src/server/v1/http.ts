// Shared pieces of the /v1 handlers: authentication with the same token rules as /graphql, and errors
// in the gateway's JSON error shape with a fitting HTTP status.
import type { Request, Response } from 'express';
import { GraphQLError } from 'graphql';
import type { Principal } from '../../auth/rbac';
import { tokenFromHeaders, type TokenVerifier } from '../../auth/verifier';
import { apiError } from '../../errors/api-error';
import { publicError } from '../errors';

const STATUS: Record<string, number> = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  NOT_READY: 409,
  QUERY_FAILED: 409,
  GONE: 410,
  LIMIT_EXCEEDED: 429,
  UNAVAILABLE: 503,
};

export async function authenticateRequest(verifier: TokenVerifier, req: Request): Promise<Principal> {
  const token = tokenFromHeaders(req.headers);
  if (!token) throw apiError('UNAUTHENTICATED', 'no token: send "Authorization: Bearer <jwt>" or "Teleport-Jwt-Assertion: <jwt>"');
  const principal = await verifier.verify(token);
  req.user = principal.user;
  return principal;
}

/** A client-facing error with a code of our own choosing (e.g. GONE for an expired cursor). */
export function httpError(code: string, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code } });
}

export function sendError(req: Request, res: Response, err: unknown): void {
  const pub = publicError(err) ?? (err instanceof GraphQLError && err.extensions?.code === 'GONE' ? { code: 'GONE', message: err.message } : undefined);
  if (res.headersSent) {
    // Mid-stream: the status is gone; cut the response so the client sees an incomplete transfer.
    req.log.error({ err }, 'export failed after the response started');
    res.destroy(err instanceof Error ? err : undefined);
    return;
  }
  if (!pub) {
    req.log.error({ err }, 'internal error');
    res.status(500).json({ errors: [{ message: `internal error (request id ${req.id}): the gateway logged the details`, extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
    return;
  }
  if (pub.code === 'UNAUTHENTICATED') res.setHeader('www-authenticate', 'Bearer');
  res.status(STATUS[pub.code] ?? 400).json({ errors: [{ message: pub.message, extensions: { code: pub.code } }] });
}

export function oneQueryParam(req: Request, name: string): string | undefined {
  const v = req.query[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw apiError('BAD_USER_INPUT', `query parameter ${name} must be given once`);
  return v;
}
