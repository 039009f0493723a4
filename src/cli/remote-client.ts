// The CLI's remote mode: the same operations as local mode, through a gateway's GraphQL API over HTTP.
// Results are converted back to engine cells (src/executions/cells.ts), so every command prints
// exactly what it prints locally.
import { TERMINAL_STATES, type ColumnInfo, type QueryState, type Row, type WindowDays } from '../engine/types';
import { fromApiCell } from '../executions/cells';
import type { AuditQuery } from '../store/audit-queries';
import type { AuditClient, QueryResult } from './client';

export interface RemoteClientOptions {
  /** Gateway URL: http(s)://host:port, or the full /graphql endpoint. */
  server: string;
  token: string;
  /** Rows per results page (the gateway allows up to 1000). */
  pageSize?: number;
}

/** An error the gateway reported, with its code (UNAUTHENTICATED, FORBIDDEN, QUERY_FAILED, ...). */
export class RemoteError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'RemoteError';
  }
}

export function graphqlEndpoint(server: string): string {
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    throw new RemoteError('BAD_INPUT', `--server must be a URL like http://127.0.0.1:8080, got ${JSON.stringify(server)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new RemoteError('BAD_INPUT', `--server must be an http(s) URL, got ${JSON.stringify(server)}`);
  }
  if (url.pathname === '/' || url.pathname === '') url.pathname = '/graphql';
  return url.toString();
}

const AUDIT_QUERY_FIELDS = 'name title description query createdBy updatedBy updatedAt';

interface ApiAuditQuery {
  name: string;
  title: string;
  description: string;
  query: string;
  createdBy?: string | null;
  updatedBy?: string | null;
  updatedAt?: string | null;
}

/** The stored shape, so remote and local output are the same document. */
function fromApi(q: ApiAuditQuery): AuditQuery {
  const out: AuditQuery = { name: q.name, title: q.title, description: q.description, query: q.query };
  if (q.createdBy) out.created_by = q.createdBy;
  if (q.updatedBy) out.updated_by = q.updatedBy;
  if (q.updatedAt) out.updated_at = q.updatedAt;
  return out;
}

export class RemoteGatewayClient implements AuditClient {
  readonly endpoint: string;
  private readonly pageSize: number;

  constructor(private readonly opts: RemoteClientOptions) {
    this.endpoint = graphqlEndpoint(opts.server);
    this.pageSize = opts.pageSize ?? 1000;
  }

  async request<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    let res: Response;
    try {
      res = await fetch(this.endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/graphql-response+json, application/json',
          authorization: `Bearer ${this.opts.token}`,
        },
        body: JSON.stringify({ query, variables }),
      });
    } catch (e) {
      const cause = (e as { cause?: { code?: string } }).cause?.code;
      throw new RemoteError('UNAVAILABLE', `cannot reach the gateway at ${this.endpoint}${cause ? ` (${cause})` : ''}`);
    }
    const text = await res.text();
    let body: { data?: T | null; errors?: { message: string; extensions?: { code?: string } }[] };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      throw new RemoteError('UNAVAILABLE', `the gateway at ${this.endpoint} answered HTTP ${res.status} without GraphQL JSON`);
    }
    const err = body.errors?.[0];
    if (err) throw new RemoteError(err.extensions?.code ?? 'INTERNAL_SERVER_ERROR', err.message);
    if (!body.data) throw new RemoteError('UNAVAILABLE', `the gateway answered HTTP ${res.status} with no data`);
    return body.data;
  }

  async runQuery(sql: string, days: WindowDays): Promise<QueryResult> {
    const { runQuery } = await this.request<{ runQuery: { id: string; state: QueryState } }>(
      'mutation Run($sql: String!, $days: Int!) { runQuery(sql: $sql, days: $days) { id state } }',
      { sql, days },
    );
    await this.waitForCompletion(runQuery.id, runQuery.state);
    const rows: Row[] = [];
    let columns: ColumnInfo[] = [];
    let after: string | undefined;
    do {
      const { queryResults: page } = await this.request<{
        queryResults: { columns: ColumnInfo[]; rows: { data: Row }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
      }>(
        'query Page($id: ID!, $first: Int!, $after: String) { queryResults(id: $id, first: $first, after: $after) { columns { name type } rows { data } pageInfo { hasNextPage endCursor } } }',
        { id: runQuery.id, first: this.pageSize, after },
      );
      columns = page.columns;
      for (const r of page.rows) rows.push(r.data.map((cell, i) => fromApiCell(cell, columns[i]?.type ?? 'varchar')));
      after = page.pageInfo.hasNextPage && page.pageInfo.endCursor ? page.pageInfo.endCursor : undefined;
    } while (after);
    return { columns, rows };
  }

  /** Polls with backoff until terminal; FAILED and CANCELLED become errors, as in local mode. */
  private async waitForCompletion(id: string, state: QueryState): Promise<void> {
    let wait = 25;
    let error: { code: string; message: string } | null = null;
    while (!TERMINAL_STATES.has(state)) {
      await new Promise((r) => setTimeout(r, wait));
      wait = Math.min(wait * 2, 1000);
      ({ queryExecution: { state, error } } = await this.request<{
        queryExecution: { state: QueryState; error: { code: string; message: string } | null };
      }>('query Status($id: ID!) { queryExecution(id: $id) { state error { code message } } }', { id }));
    }
    if (state === 'FAILED') throw new RemoteError('QUERY_FAILED', error?.message ?? 'the query failed');
    if (state === 'CANCELLED') throw new RemoteError('QUERY_FAILED', 'the query was cancelled');
  }

  async listAuditQueries(): Promise<AuditQuery[]> {
    const out: AuditQuery[] = [];
    let after: string | undefined;
    do {
      const { auditQueries } = await this.request<{
        auditQueries: { nodes: ApiAuditQuery[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
      }>(
        `query List($after: String) { auditQueries(first: 100, after: $after) { nodes { ${AUDIT_QUERY_FIELDS} } pageInfo { hasNextPage endCursor } } }`,
        { after },
      );
      out.push(...auditQueries.nodes.map(fromApi));
      after = auditQueries.pageInfo.hasNextPage && auditQueries.pageInfo.endCursor ? auditQueries.pageInfo.endCursor : undefined;
    } while (after);
    return out;
  }

  async getAuditQuery(name: string): Promise<AuditQuery> {
    const { auditQuery } = await this.request<{ auditQuery: ApiAuditQuery }>(
      `query Get($name: String!) { auditQuery(name: $name) { ${AUDIT_QUERY_FIELDS} } }`,
      { name },
    );
    return fromApi(auditQuery);
  }

  async upsertAuditQuery(q: { name: string; title?: string; description?: string; query: string }): Promise<AuditQuery> {
    const { upsertAuditQuery } = await this.request<{ upsertAuditQuery: ApiAuditQuery }>(
      `mutation Upsert($input: AuditQueryInput!) { upsertAuditQuery(input: $input) { ${AUDIT_QUERY_FIELDS} } }`,
      { input: q },
    );
    return fromApi(upsertAuditQuery);
  }

  async deleteAuditQuery(name: string): Promise<void> {
    await this.request('mutation Delete($name: String!) { deleteAuditQuery(name: $name) }', { name });
  }

  async close(): Promise<void> {}
}

export function createRemoteClient(opts: RemoteClientOptions): RemoteGatewayClient {
  return new RemoteGatewayClient(opts);
}
