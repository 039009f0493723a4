// The Trino engine: the QueryEngine interface over a Trino cluster the operator runs, reading Teleport's
// Athena table (Parquet under <prefix>/<YYYY-MM-DD>/) through a Hive, Glue or other catalog.
//
// start(): days check, SQL guard, views as CTEs (src/engine/view-sql.ts, as on Athena), then into a
//   concurrency queue. A slot is held while the query runs on Trino.
// The driver follows the protocol's nextUri to the end, keeping the rows (Trino finishes a query only
//   once its client has read the result), so status() and results() are answered from memory; pages
//   are offsets into the kept rows. max_result_rows bounds what is kept.
// cancel() and the timeout: DELETE on the current nextUri.
import { randomUUID, createHash } from 'node:crypto';
import PQueue from 'p-queue';
import type { AuditView, Catalog } from '../catalog/types';
import { EngineError } from '../errors/engine-error';
import {
  TERMINAL_STATES,
  WINDOW_DAYS,
  type ColumnInfo,
  type ExecutionStatus,
  type QueryEngine,
  type QueryState,
  type ResultsPage,
  type ResultsPageRequest,
  type Row,
  type StartQueryInput,
  type QueryGuard,
  type WindowDays,
} from '../engine/types';
import { buildViewStatement } from '../engine/view-sql';
import { resultsNotReady, statusSnapshot } from '../engine/status';
import { toColumnInfo, toRow } from './cells';
import { TrinoClient, TrinoProtocolError, type QueryResults, type TrinoColumn } from './client';
import type { TrinoConfig } from './config';

export type { QueryGuard };

interface Execution {
  status: ExecutionStatus;
  statement: string;
  trinoId?: string;
  /** The protocol's next page while the query runs: DELETE on it cancels the query. */
  nextUri?: string;
  columns?: TrinoColumn[];
  rows: Row[];
  cancelRequested?: boolean;
  failure?: { kind: 'USER' | 'SYSTEM'; message: string };
  /** Its rows were dropped to make room for newer results. */
  expired?: boolean;
}

/** Executions whose status is kept, and (fewer) whose rows are kept in memory for paging. */
const MAX_REMEMBERED = 500;
const MAX_RESULTS_KEPT = 50;
const PAGE_DEFAULT = 1000;
const PAGE_MAX = 10_000;

/** Trino's states before it runs anything are QUEUED here; everything short of the end is RUNNING. */
function stateOf(trinoState: string): QueryState {
  return trinoState === 'QUEUED' || trinoState === 'WAITING_FOR_RESOURCES' || trinoState === 'DISPATCHING' ? 'QUEUED' : 'RUNNING';
}

function checkDays(days: number): void {
  if (!(WINDOW_DAYS as readonly number[]).includes(days)) {
    throw new EngineError('BAD_INPUT', `days must be one of ${WINDOW_DAYS.join(', ')}, got ${days}`);
  }
}

function encodeToken(id: string, offset: number): string {
  return Buffer.from(`trino:${id}:${offset}`, 'utf8').toString('base64url');
}

function decodeToken(id: string, token: string): number {
  const m = /^trino:(.+):(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  if (!m || m[1] !== id) throw new EngineError('BAD_INPUT', `the page token is not valid for query execution ${id}`);
  return Number(m[2]);
}

export interface TrinoEngineDeps {
  config: TrinoConfig;
  client: TrinoClient;
  catalog: Catalog;
  guard: QueryGuard;
}

export class TrinoEngine implements QueryEngine {
  readonly kind = 'trino' as const;
  private readonly executions = new Map<string, Execution>();
  private readonly byClientToken = new Map<string, string>();
  /** SUCCEEDED executions holding rows, oldest first. */
  private readonly withRows: Execution[] = [];
  private readonly queue: PQueue;
  private closed = false;

  constructor(private readonly deps: TrinoEngineDeps) {
    this.queue = new PQueue({ concurrency: deps.config.concurrency });
  }

  async start(input: StartQueryInput): Promise<{ id: string }> {
    if (this.closed) throw new EngineError('UNAVAILABLE', 'the Trino engine is closed');
    checkDays(input.days);
    const tokenKey = input.clientToken === undefined ? undefined : `${input.user ?? ''}\u0000${input.clientToken}`;
    if (tokenKey !== undefined) {
      const existing = this.byClientToken.get(tokenKey);
      if (existing && this.executions.has(existing)) return { id: existing };
    }
    const statement = await this.compile(input.sql, input.days);
    const id = tokenKey === undefined ? randomUUID() : createHash('sha256').update(tokenKey).digest('hex').slice(0, 40);
    const exec: Execution = {
      status: { id, state: 'QUEUED', sql: input.sql, days: input.days, user: input.user, submittedAt: new Date() },
      statement,
      rows: [],
    };
    this.remember(exec);
    if (tokenKey !== undefined) this.byClientToken.set(tokenKey, id);
    void this.queue.add(() => this.run(exec));
    return { id };
  }

  /** The statement Trino runs for this input (views as CTEs + the user's SQL); nothing is started. */
  async compile(sql: string, days: WindowDays): Promise<string> {
    checkDays(days);
    const checked = await this.deps.guard(sql, this.deps.catalog);
    const views: AuditView[] = checked.views.map((name) => {
      const v = this.deps.catalog.byName.get(name);
      if (!v) throw new EngineError('SQL_REJECTED', `unknown view ${name}`);
      return v;
    });
    const { catalog, schema, table } = this.deps.config;
    return buildViewStatement(checked.sql, views, { catalog, database: schema, table }, days);
  }

  private remember(exec: Execution): void {
    this.executions.set(exec.status.id, exec);
    if (this.executions.size <= MAX_REMEMBERED) return;
    for (const [id, e] of this.executions) {
      if (TERMINAL_STATES.has(e.status.state)) {
        this.executions.delete(id);
        break;
      }
    }
  }

  /** Drives one query through the protocol to its end, holding a queue slot meanwhile. */
  private async run(exec: Execution): Promise<void> {
    if (TERMINAL_STATES.has(exec.status.state) || this.closed) return;
    const cfg = this.deps.config;
    const started = Date.now();
    exec.status.startedAt = new Date();
    const timer = setTimeout(() => {
      exec.failure = { kind: 'SYSTEM', message: `the query ran longer than ${Math.round(cfg.queryTimeoutMs / 1000)} s (trino.query_timeout_ms) and was cancelled` };
      void this.abort(exec);
    }, cfg.queryTimeoutMs);
    timer.unref();
    try {
      let r: QueryResults = await this.deps.client.submit(exec.statement);
      for (;;) {
        this.absorb(exec, r);
        if (r.error) {
          const kind = r.error.errorType === 'USER_ERROR' ? 'USER' : 'SYSTEM';
          return this.finish(exec, 'FAILED', exec.failure ?? { kind, message: r.error.message });
        }
        if (exec.failure || exec.cancelRequested || this.closed) {
          if (r.nextUri) await this.deps.client.cancel(r.nextUri).catch(() => undefined);
          return this.finish(exec, exec.failure ? 'FAILED' : 'CANCELLED', exec.failure);
        }
        if (exec.rows.length > cfg.maxResultRows) {
          if (r.nextUri) await this.deps.client.cancel(r.nextUri).catch(() => undefined);
          return this.finish(exec, 'FAILED', {
            kind: 'USER',
            message: `the result has more than ${cfg.maxResultRows} rows (trino.max_result_rows); aggregate, filter or add a LIMIT`,
          });
        }
        if (!r.nextUri) break;
        exec.nextUri = r.nextUri;
        r = await this.deps.client.next(r.nextUri);
      }
      exec.status.executionMs = Date.now() - started;
      exec.status.rowCount = exec.rows.length;
      this.finish(exec, 'SUCCEEDED');
      this.keepRows(exec);
    } catch (e) {
      const message = e instanceof TrinoProtocolError ? e.message : `lost track of the query on Trino: ${(e as Error).message}`;
      if (exec.nextUri) await this.deps.client.cancel(exec.nextUri).catch(() => undefined);
      this.finish(exec, exec.cancelRequested ? 'CANCELLED' : 'FAILED', exec.failure ?? { kind: 'SYSTEM', message });
    } finally {
      clearTimeout(timer);
      exec.nextUri = undefined;
    }
  }

  /** Results are held in memory: only the newest MAX_RESULTS_KEPT executions keep theirs. */
  private keepRows(exec: Execution): void {
    if (exec.status.state !== 'SUCCEEDED') return;
    this.withRows.push(exec);
    while (this.withRows.length > MAX_RESULTS_KEPT) {
      const old = this.withRows.shift()!;
      old.rows = [];
      old.expired = true;
    }
  }

  /** One protocol response: id, progress, columns, rows. */
  private absorb(exec: Execution, r: QueryResults): void {
    exec.trinoId = r.id;
    if (!TERMINAL_STATES.has(exec.status.state) && r.stats?.state) exec.status.state = stateOf(r.stats.state);
    const bytes = r.stats?.physicalInputBytes ?? r.stats?.processedBytes;
    if (bytes !== undefined) exec.status.bytesScanned = Number(bytes);
    if (r.columns && !exec.columns) exec.columns = r.columns;
    if (r.data && exec.columns) for (const values of r.data) exec.rows.push(toRow(values, exec.columns));
  }

  private finish(exec: Execution, state: QueryState, error?: { kind: 'USER' | 'SYSTEM'; message: string }): void {
    if (TERMINAL_STATES.has(exec.status.state)) return;
    exec.status.state = state;
    exec.status.completedAt = new Date();
    if (error) exec.status.error = error;
    if (state !== 'SUCCEEDED') exec.rows = [];
  }

  /** Cancels on Trino now (the driver loop notices too, between pages). */
  private async abort(exec: Execution): Promise<void> {
    const uri = exec.nextUri;
    if (uri) await this.deps.client.cancel(uri).catch(() => undefined);
  }

  private get(id: string): Execution {
    const exec = this.executions.get(id);
    if (!exec) throw new EngineError('NOT_FOUND', `no query execution ${id}`);
    return exec;
  }

  async status(id: string): Promise<ExecutionStatus> {
    return statusSnapshot(this.get(id).status);
  }

  async results(id: string, page: ResultsPageRequest = {}): Promise<ResultsPage> {
    const exec = this.get(id);
    if (exec.status.state !== 'SUCCEEDED') {
      throw resultsNotReady(id, exec.status.state, exec.status.error);
    }
    if (exec.expired) {
      throw new EngineError('NOT_FOUND', `the results of query execution ${id} are no longer kept (the gateway keeps the newest ${MAX_RESULTS_KEPT}); run the query again`);
    }
    const want = page.maxResults ?? PAGE_DEFAULT;
    if (!Number.isInteger(want) || want < 1) throw new EngineError('BAD_INPUT', `maxResults must be a whole number >= 1, got ${want}`);
    const offset = page.nextToken === undefined ? 0 : decodeToken(id, page.nextToken);
    const end = Math.min(exec.rows.length, offset + Math.min(want, PAGE_MAX));
    const columns: ColumnInfo[] = (exec.columns ?? []).map(toColumnInfo);
    return { columns, rows: exec.rows.slice(offset, end), ...(end < exec.rows.length ? { nextToken: encodeToken(id, end) } : {}) };
  }

  async cancel(id: string): Promise<void> {
    const exec = this.get(id);
    if (TERMINAL_STATES.has(exec.status.state)) return;
    exec.cancelRequested = true;
    const wasRunning = exec.nextUri !== undefined;
    this.finish(exec, 'CANCELLED');
    if (wasRunning) await this.abort(exec);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.queue.clear();
    await Promise.all([...this.executions.values()].filter((e) => e.nextUri).map((e) => this.abort(e)));
    this.deps.client.close();
  }
}
