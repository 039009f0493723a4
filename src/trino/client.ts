// Trino's client REST protocol: POST /v1/statement, then follow `nextUri` until it is gone (each
// response may carry columns and a batch of rows), DELETE the current `nextUri` to cancel. Written on
// node:http(s) rather than fetch so that a private CA (tls.ca_file) works without extra packages.
// Numbers are parsed losslessly: a bigint above 2^53 keeps every digit.
import { request as httpRequest, Agent as HttpAgent } from 'node:http';
import { request as httpsRequest, Agent as HttpsAgent } from 'node:https';
import { isLosslessNumber, parse as parseLossless, type LosslessNumber } from 'lossless-json';

export type TrinoAuth = { type: 'none' } | { type: 'basic'; user: string; password: string } | { type: 'jwt'; token: string };

export interface TrinoConnection {
  /** http(s)://host:port of the coordinator. */
  server: string;
  /** X-Trino-User: the identity queries run as (with basic auth, the authenticated user). */
  user: string;
  catalog?: string;
  schema?: string;
  auth?: TrinoAuth;
  /** PEM CA bundle for a private CA; `insecure` skips verification (development only). */
  tls?: { ca?: string; insecure?: boolean };
  /** X-Trino-Source: shows in Trino's UI and query events. */
  source?: string;
  /** Session properties sent with every statement. */
  session?: Record<string, string>;
  /** Per request (not per query). */
  requestTimeoutMs?: number;
  /** X-Trino-Client-Capabilities, e.g. PARAMETRIC_DATETIME for timestamps at their own precision. */
  clientCapabilities?: string[];
}

export interface TypeSignature {
  rawType: string;
  arguments: { kind: string; value: unknown }[];
}

export interface TrinoColumn {
  name: string;
  type: string;
  typeSignature?: TypeSignature;
}

export interface TrinoError {
  message: string;
  errorCode?: number;
  errorName?: string;
  errorType?: string;
}

export interface TrinoStats {
  state: string;
  queued?: boolean;
  scheduled?: boolean;
  elapsedTimeMillis?: number;
  processedRows?: number;
  processedBytes?: number;
  physicalInputBytes?: number;
}

/** One protocol response. Values are JSON with numbers as LosslessNumber. */
export interface QueryResults {
  id: string;
  infoUri?: string;
  nextUri?: string;
  columns?: TrinoColumn[];
  data?: unknown[][];
  stats: TrinoStats;
  error?: TrinoError;
  updateType?: string;
}

/** A failure to talk to Trino at all (connection, HTTP status, auth), as opposed to a failed query. */
export class TrinoProtocolError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'TrinoProtocolError';
  }
}

export { isLosslessNumber, type LosslessNumber };

export class TrinoClient {
  private readonly agent: HttpAgent | HttpsAgent;
  private readonly https: boolean;
  private readonly origin: string;

  constructor(readonly conn: TrinoConnection) {
    const url = new URL(conn.server);
    this.https = url.protocol === 'https:';
    this.origin = url.origin;
    this.agent = this.https
      ? new HttpsAgent({ keepAlive: true, ca: conn.tls?.ca, rejectUnauthorized: !conn.tls?.insecure })
      : new HttpAgent({ keepAlive: true });
  }

  private headers(): Record<string, string> {
    const c = this.conn;
    const h: Record<string, string> = { 'X-Trino-User': c.user, 'X-Trino-Source': c.source ?? 'amctl', 'X-Trino-Time-Zone': 'UTC' };
    if (c.catalog) h['X-Trino-Catalog'] = c.catalog;
    if (c.schema) h['X-Trino-Schema'] = c.schema;
    if (c.clientCapabilities?.length) h['X-Trino-Client-Capabilities'] = c.clientCapabilities.join(',');
    const session = Object.entries(c.session ?? {});
    if (session.length) h['X-Trino-Session'] = session.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join(',');
    if (c.auth?.type === 'basic') h.Authorization = `Basic ${Buffer.from(`${c.auth.user}:${c.auth.password}`).toString('base64')}`;
    if (c.auth?.type === 'jwt') h.Authorization = `Bearer ${c.auth.token}`;
    return h;
  }

  private send(method: 'GET' | 'POST' | 'DELETE', uri: string, body?: string): Promise<{ status: number; text: string }> {
    const url = new URL(uri, this.origin);
    // nextUri is absolute and names the coordinator as it sees itself; keep talking to the one we
    // were configured with (a proxy or load balancer in front of it), on the same scheme.
    const target = new URL(url.pathname + url.search, this.origin);
    const req = this.https ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const r = req(
        target,
        {
          method,
          agent: this.agent,
          headers: { ...this.headers(), ...(body !== undefined ? { 'Content-Type': 'text/plain; charset=utf-8' } : {}) },
          timeout: this.conn.requestTimeoutMs ?? 60_000,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      r.on('timeout', () => r.destroy(new Error(`no answer from ${this.origin} within ${this.conn.requestTimeoutMs ?? 60_000} ms`)));
      r.on('error', (e) => reject(new TrinoProtocolError(`could not reach Trino at ${this.origin}: ${e.message}`)));
      if (body !== undefined) r.write(body);
      r.end();
    });
  }

  private async call(method: 'GET' | 'POST', uri: string, body?: string): Promise<QueryResults> {
    // 502/503/504 are transient by the protocol's rules: retry the same URI.
    for (let attempt = 0; ; attempt++) {
      const { status, text } = await this.send(method, uri, body);
      if (status === 200) return parseLossless(text) as unknown as QueryResults;
      if ((status === 502 || status === 503 || status === 504) && attempt < 5) {
        await new Promise((r) => setTimeout(r, 100 * 2 ** attempt));
        continue;
      }
      if (status === 401) throw new TrinoProtocolError(`Trino at ${this.origin} refused the credentials (HTTP 401): check trino.auth`, status);
      if (status === 403) throw new TrinoProtocolError(`Trino at ${this.origin} denied access (HTTP 403): ${text.slice(0, 300)}`, status);
      throw new TrinoProtocolError(`Trino at ${this.origin} answered HTTP ${status}: ${text.slice(0, 300)}`, status);
    }
  }

  /** Submits one statement; the result's nextUri (if any) continues it. */
  submit(sql: string): Promise<QueryResults> {
    return this.call('POST', '/v1/statement', sql);
  }

  next(nextUri: string): Promise<QueryResults> {
    return this.call('GET', nextUri);
  }

  /** Cancels the query whose next page is `nextUri` (best effort; Trino answers 204). */
  async cancel(nextUri: string): Promise<void> {
    await this.send('DELETE', nextUri);
  }

  /** Runs a statement to the end and returns every row (for set-up statements and small queries). */
  async query(sql: string): Promise<{ columns: TrinoColumn[]; rows: unknown[][]; stats: TrinoStats }> {
    let r = await this.submit(sql);
    const rows: unknown[][] = [];
    let columns: TrinoColumn[] = [];
    for (;;) {
      if (r.columns) columns = r.columns;
      if (r.data) rows.push(...r.data);
      if (r.error) throw new TrinoQueryError(r.error);
      if (!r.nextUri) return { columns, rows, stats: r.stats };
      r = await this.next(r.nextUri);
    }
  }

  close(): void {
    this.agent.destroy();
  }
}

export class TrinoQueryError extends Error {
  constructor(readonly error: TrinoError) {
    super(error.message);
    this.name = 'TrinoQueryError';
  }
}
