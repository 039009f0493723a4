// Errors clients see. Every error carries extensions.code; anything we did not raise on purpose is
// masked (logged with its stack, returned as INTERNAL_SERVER_ERROR with the request id).
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { apiError, type ApiErrorCode } from '../errors/api-error';
import { EngineError, type EngineErrorCode } from '../errors/engine-error';
import { StoreError } from '../store/resource-store';

const ENGINE_CODES: Record<EngineErrorCode, ApiErrorCode> = {
  SQL_REJECTED: 'BAD_USER_INPUT',
  BAD_INPUT: 'BAD_USER_INPUT',
  QUERY_FAILED: 'QUERY_FAILED',
  NOT_FOUND: 'NOT_FOUND',
  NOT_READY: 'NOT_READY',
  LIMIT_EXCEEDED: 'LIMIT_EXCEEDED',
  UNAVAILABLE: 'UNAVAILABLE',
};

export function engineErrorCode(code: EngineErrorCode): ApiErrorCode {
  return ENGINE_CODES[code] ?? 'INTERNAL_SERVER_ERROR';
}

/** Codes whose messages were written for clients; anything else is masked. */
const PUBLIC_CODES = new Set<string>([
  'BAD_USER_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'NOT_READY',
  'QUERY_FAILED',
  'LIMIT_EXCEEDED',
  'UNAVAILABLE',
  // graphql-js and Apollo's own request errors (parse, validation, bad request)
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

interface ValidationFailure {
  property: string;
  constraints?: Record<string, string>;
  children?: ValidationFailure[];
}

function validationMessages(errors: ValidationFailure[], prefix = ''): string[] {
  const out: string[] = [];
  for (const e of errors) {
    const path = prefix ? `${prefix}.${e.property}` : e.property;
    // class-validator messages usually start with the property name already
    for (const m of Object.values(e.constraints ?? {})) out.push(m.startsWith(`${e.property} `) ? (prefix ? `${prefix}.${m}` : m) : `${path}: ${m}`);
    if (e.children?.length) out.push(...validationMessages(e.children, path));
  }
  return out;
}

/**
 * Turns whatever a resolver threw into the client-facing form. Returns undefined for errors that must
 * be masked (the caller logs them).
 */
export function publicError(original: unknown): { code: ApiErrorCode | string; message: string } | undefined {
  if (original instanceof EngineError) return { code: engineErrorCode(original.code), message: original.message };
  if (original instanceof StoreError && original.code !== 'CORRUPT') {
    return { code: original.code === 'NOT_FOUND' ? 'NOT_FOUND' : 'BAD_USER_INPUT', message: original.message };
  }
  // type-graphql's ArgumentValidationError: class-validator failures on inputs, listed in the message
  const failures = (original as { extensions?: { validationErrors?: unknown } } | null)?.extensions?.validationErrors;
  if (original instanceof GraphQLError && Array.isArray(failures)) {
    const details = validationMessages(failures as ValidationFailure[]);
    return { code: 'BAD_USER_INPUT', message: details.length ? `invalid input: ${details.join('; ')}` : original.message };
  }
  if (original instanceof GraphQLError) {
    const code = original.extensions?.code;
    if (typeof code === 'string' && PUBLIC_CODES.has(code)) return { code, message: original.message };
    if (code === undefined && !original.originalError) return { code: 'GRAPHQL_VALIDATION_FAILED', message: original.message };
  }
  return undefined;
}

/** Masks a formatted error: known codes keep their message; the rest become a generic internal error. */
export function maskError(
  formatted: GraphQLFormattedError,
  original: unknown,
  onMasked: (err: unknown) => void,
  requestId?: string,
): GraphQLFormattedError {
  const pub = publicError(original);
  const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };
  if (pub) {
    const http = (formatted.extensions as { http?: unknown } | undefined)?.http;
    return { ...base, message: pub.message, extensions: { code: pub.code, ...(http ? { http } : {}) } };
  }
  onMasked(original);
  return {
    ...base,
    message: `internal error${requestId ? ` (request id ${requestId})` : ''}: the gateway logged the details`,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
}
