// GraphQL over HTTP straight from node:http to Apollo, for the requests nearly every client sends:
// GET /graphql, and POST /graphql with an uncompressed application/json body. Express's router, JSON
// parser and res.send (which hashes every answer for an ETag that a POST never uses) were a quarter
// of the cost of a paged read. Anything else (another path under /graphql, a compressed or
// non-JSON body) is not taken here and goes to the express route, which answers it as before.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';

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

export interface GraphQLHttpOptions<TContext extends BaseContext> {
  maxBodyBytes: number;
  context: (req: IncomingMessage) => Promise<TContext>;
  /** Rewrites the parsed body before Apollo sees it (trusted documents sent by hash). */
  prepareBody?: (body: unknown) => void;
  /** Unexpected failures (the answer is a generic 500). */
  onError: (req: IncomingMessage, err: unknown) => void;
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
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const q = req.url!.indexOf('?');
    const answer = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method!, headers, search: q < 0 ? '' : req.url!.slice(q), body },
      context: () => opts.context(req),
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
