// GraphQL over HTTP (queries, mutations) and WebSocket (subscriptions, graphql-ws) to this origin's
// /graphql, with the typed documents from ../gql. An UNAUTHENTICATED answer signs the tab out.
import { createClient, type Client } from 'graphql-ws';
import type { TypedDocumentString } from '../gql/graphql';
import { getToken, signedOut } from './session';

export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

type Vars<V> = V extends Record<string, never> ? Record<string, never> | undefined : V;

export async function request<R, V>(doc: TypedDocumentString<R, V>, variables?: Vars<V>): Promise<R> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  const token = getToken();
  if (token) headers.authorization = `Bearer ${token}`;
  let res: Response;
  try {
    res = await fetch('/graphql', { method: 'POST', headers, body: JSON.stringify({ query: doc.toString(), variables }) });
  } catch {
    throw new ApiError('the gateway cannot be reached: is `amctl serve` running?', 'NETWORK');
  }
  const body = (await res.json().catch(() => undefined)) as
    | { data?: R; errors?: { message: string; extensions?: { code?: string } }[] }
    | undefined;
  if (!body) throw new ApiError(`the gateway answered HTTP ${res.status} without a GraphQL response`, 'NETWORK');
  const err = body.errors?.[0];
  if (err) {
    const code = err.extensions?.code;
    if (code === 'UNAUTHENTICATED') signedOut();
    throw new ApiError(err.message, code);
  }
  return body.data as R;
}

let ws: Client | undefined;
let wsToken: string | undefined;

function wsClient(): Client {
  const token = getToken();
  if (!ws || wsToken !== token) {
    void ws?.dispose();
    wsToken = token;
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`;
    ws = createClient({
      url,
      lazy: true,
      retryAttempts: 3,
      connectionParams: () => (getToken() ? { authorization: `Bearer ${getToken()}` } : {}),
      // 4401: the token expired; 4403: refused at connection.
      shouldRetry: (e) => !(e instanceof CloseEvent && (e.code === 4401 || e.code === 4403)),
      on: {
        closed: (e) => {
          const code = (e as CloseEvent | undefined)?.code;
          if (code === 4401 || code === 4403) signedOut();
        },
      },
    });
  }
  return ws;
}

export interface Subscription {
  unsubscribe(): void;
}

/** Subscribes; `next` gets each payload, `done` the end (with the error, if any). */
export function subscribe<R, V>(
  doc: TypedDocumentString<R, V>,
  variables: V,
  next: (data: R) => void,
  done: (error?: ApiError) => void,
): Subscription {
  const stop = wsClient().subscribe<R>(
    { query: doc.toString(), variables: variables as Record<string, unknown> },
    {
      next: (v) => {
        if (v.errors?.length) done(new ApiError(v.errors[0]!.message, (v.errors[0]!.extensions as { code?: string } | undefined)?.code));
        else if (v.data) next(v.data);
      },
      error: (e) => {
        const message = Array.isArray(e)
          ? (e[0] as { message?: string })?.message ?? 'subscription failed'
          : e instanceof CloseEvent
            ? `the live connection closed (${e.code}${e.reason ? `: ${e.reason}` : ''})`
            : (e as Error).message ?? 'subscription failed';
        done(new ApiError(message, undefined));
      },
      complete: () => done(),
    },
  );
  return { unsubscribe: stop };
}
