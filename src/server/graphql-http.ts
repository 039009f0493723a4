// GraphQL over HTTP straight from node:http to Apollo, for the requests nearly every client sends:
// GET /graphql, and POST /graphql with an uncompressed application/json body. Express's router, JSON
// parser and res.send (which hashes every answer for an ETag that a POST never uses) were a quarter
// of the cost of a paged read. Anything else (another path under /graphql, a compressed or
// non-JSON body) is not taken here and goes to the express route, which answers it as before.
// A POST for a query already compiled (see precompiled-execution.ts) may be answered before Apollo
// is reached at all (`direct`), with the content type Apollo would have chosen.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import Negotiator from 'negotiator';

/** A body error in the gateway's error shape (the same as the express error handler's). */
function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  const body = JSON.stringify({ errors: [{ message, extensions: { code } }] });
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** The 413 message, here and on the express route. */
export const bodyTooLargeMessage = (limit: number) => `request body is larger than ${limit} bytes`;

const JSON_TYPE = /^application\/json\s*(?:;|$)/i;
const CHARSET = /;\s*charset\s*=\s*"?([^";\s]+)"?/i;

/** The requests this handler takes; the rest go to express. */
export function takesRequest(req: IncomingMessage, path: string): boolean {
  const q = req.url!.indexOf('?');
  if ((q < 0 ? req.url : req.url!.slice(0, q)) !== path) return false;
  if (req.method === 'GET') return true;
  if (req.method !== 'POST') return false;
  const encoding = req.headers['content-encoding'];
  if (encoding !== undefined && encoding.toLowerCase() !== 'identity') return false;
  const type = req.headers['content-type'];
  if (type === undefined || !JSON_TYPE.test(type)) return false;
  const charset = CHARSET.exec(type)?.[1]?.toLowerCase();
  return charset === undefined || charset === 'utf-8' || charset === 'utf8';
}

/** Reads the whole body, at most `limit` bytes; undefined when it is larger (the answer is sent). */
function readBody(req: IncomingMessage, res: ServerResponse, limit: number): Promise<Buffer | undefined> {
  const tooLarge = () => sendError(res, 413, 'PAYLOAD_TOO_LARGE', bodyTooLargeMessage(limit));
  if (Number(req.headers['content-length']) > limit) {
    req.resume();
    tooLarge();
    return Promise.resolve(undefined);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      if (over) return;
      size += chunk.length;
      if (size > limit) {
        over = true;
        chunks.length = 0;
        tooLarge();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!over) resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    });
    // A client that goes away mid-body is not a gateway error: nothing to answer, nothing to log.
    req.on('error', (e) => (res.destroyed || (e as NodeJS.ErrnoException).code === 'ECONNRESET' ? resolve(undefined) : reject(e)));
  });
}

/** Apollo's types for a single result, in its order of preference (chooseContentTypeForSingleResultResponse). */
const RESULT_TYPES = ['application/json; charset=utf-8', 'application/graphql-response+json; charset=utf-8', 'application/json; callbackSpec=1.0; charset=utf-8'];
const resultTypes = new Map<string, string | undefined>();

/**
 * The content type Apollo would answer a single result with, for the request's Accept header; undefined
 * when that is not plain JSON (Apollo answers those: the callback type, or a 406).
 */
export function resultContentType(accept: string | undefined): string | undefined {
  if (!accept) return RESULT_TYPES[0];
  if (resultTypes.has(accept)) return resultTypes.get(accept);
  const preferred = new Negotiator({ headers: { accept } }).mediaType(RESULT_TYPES);
  const type = preferred === RESULT_TYPES[0] || preferred === RESULT_TYPES[1] ? preferred : undefined;
  // clients send a few Accept values; keep the map small whatever they send
  if (resultTypes.size < 100) resultTypes.set(accept, type);
  return type;
}

export interface GraphQLHttpOptions<TContext extends BaseContext> {
  maxBodyBytes: number;
  context: (req: IncomingMessage) => Promise<TContext>;
  /** Rewrites the parsed body before Apollo sees it (trusted documents sent by hash). */
  prepareBody?: (body: unknown) => void;
  /** Unexpected failures (the answer is a generic 500). */
  onError: (req: IncomingMessage, err: unknown) => void;
  /**
   * The JSON text of a successful answer to a parsed POST body, made without Apollo when it can be
   * (see PrecompiledExecution.answer); undefined for Apollo to answer. It gets the request's context
   * lazily; Apollo, when it answers, gets the same context (or the same failure to make it), so a
   * token is verified once.
   */
  direct?: (body: unknown, context: () => Promise<TContext>) => Promise<string | undefined>;
}

export function graphqlHttpHandler<TContext extends BaseContext>(
  apollo: ApolloServer<TContext>,
  opts: GraphQLHttpOptions<TContext>,
): (req: IncomingMessage, res: ServerResponse) => void {
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    let body: unknown;
    if (req.method === 'POST') {
      const raw = await readBody(req, res, opts.maxBodyBytes);
      if (raw === undefined) return;
      try {
        body = raw.length === 0 ? {} : JSON.parse(raw.toString('utf8'));
      } catch (e) {
        sendError(res, 400, 'BAD_REQUEST', `bad request: ${(e as Error).message}`);
        return;
      }
      opts.prepareBody?.(body);
    }
    let context = () => opts.context(req);
    const type = body !== undefined && opts.direct ? resultContentType(req.headers.accept) : undefined;
    if (type !== undefined) {
      let made: Promise<TContext> | undefined;
      const madeOnce = () => (made ??= opts.context(req));
      let json: string | undefined;
      try {
        json = await opts.direct!(body, madeOnce);
      } catch {
        // a context that could not be made (401...): Apollo answers that failure, as always
      }
      if (json !== undefined) {
        res.writeHead(200, { 'content-type': type, 'content-length': Buffer.byteLength(json) });
        res.end(json);
        return;
      }
      if (made) context = () => made!;
    }
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const q = req.url!.indexOf('?');
    const answer = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method!, headers, search: q < 0 ? '' : req.url!.slice(q), body },
      context,
    });
    for (const [key, value] of answer.headers) res.setHeader(key, value);
    res.statusCode = answer.status ?? 200;
    if (answer.body.kind === 'complete') {
      res.end(answer.body.string);
      return;
    }
    for await (const chunk of answer.body.asyncIterator) res.write(chunk);
    res.end();
  };
  return (req, res) => {
    handle(req, res).catch((err) => {
      opts.onError(req, err);
      if (!res.headersSent) sendError(res, 500, 'INTERNAL_SERVER_ERROR', 'internal error: the gateway logged the details');
      else res.destroy();
    });
  };
}
