// The error type every layer raises for clients: a GraphQL error with extensions.code (and an HTTP
// status where one applies). It lives below auth, resolvers and the server so none imports upwards.
import { GraphQLError } from 'graphql';

export type ApiErrorCode =
  | 'BAD_USER_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'NOT_READY'
  | 'QUERY_FAILED'
  | 'LIMIT_EXCEEDED'
  | 'UNAVAILABLE'
  | 'INTERNAL_SERVER_ERROR';

const HTTP_STATUS: Partial<Record<ApiErrorCode, number>> = { UNAUTHENTICATED: 401 };

/** A client-facing error: message and code are shown as they are. */
export function apiError(code: ApiErrorCode, message: string): GraphQLError {
  const status = HTTP_STATUS[code];
  return new GraphQLError(message, { extensions: status ? { code, http: { status } } : { code } });
}
