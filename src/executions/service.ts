// Query executions as the API sees them: the engine plus ownership (an execution belongs to the user
// who started it; anyone else is told it does not exist), the per-user limits on running and on
// waiting queries, and status watching through one poller per execution.
import { EngineError } from '../errors/engine-error';
import { DEFAULT_MAX_QUEUED_PER_USER } from '../auth/config';
import type {
  BudgetUsage,
  ExecutionStatus,
  QueryEngine,
  QueryState,
  ResultsPage,
  ResultsPageRequest,
  WindowDays,
} from '../engine/types';
import { LRUCache } from 'lru-cache';
import { isTerminal } from './lifecycle';
import { StatusHub, type PollBackoff } from './status-hub';

export interface ExecutionServiceOptions {
  engine: QueryEngine;
  /** Running executions one user may have at once. */
  maxRunningPerUser: number;
  /**
   * QUEUED executions one user may have at once. Engines that queue a user's queries past
   * maxRunningPerUser (queuesPerUser) take this many more; on the others a queued query counts
   * against maxRunningPerUser, as it may start at any moment.
   */
  maxQueuedPerUser?: number;
  backoff?: PollBackoff;
  /** A signed link to the gateway's own export endpoint, for engines without an export URL of their own. */
  localExportUrl?: (id: string, owner: string, baseUrl: string) => string;
}

export interface Caller {
  user: string;
  roles?: string[];
}

interface Known {
  user?: string;
  state: QueryState;
}

/** How many finished executions to remember for ownership checks before forgetting the oldest. */
const MAX_REMEMBERED = 20_000;
/** Result pages kept in memory (approximate JSON bytes). */
const PAGE_CACHE_BYTES = 64 * 1024 * 1024;

export class ExecutionService {
  readonly hub: StatusHub;
  private readonly engine: QueryEngine;
  private readonly known = new Map<string, Known>();
  private readonly starting = new Map<string, number>();
  // Results of a SUCCEEDED execution never change, so pages can be served from memory: clients page
  // back and forth and several of them read the same execution.
  private readonly pages = new LRUCache<string, ResultsPage>({
    maxSize: PAGE_CACHE_BYTES,
    sizeCalculation: (page) => Math.max(1, JSON.stringify(page.rows).length),
  });

  constructor(private readonly opts: ExecutionServiceOptions) {
    this.engine = opts.engine;
    this.hub = new StatusHub((id) => this.observe(id), opts.backoff);
  }

  /** Asks the engine and records what it says. */
  private async observe(id: string): Promise<ExecutionStatus> {
    const s = await this.engine.status(id);
    const prev = this.known.get(id);
    this.known.set(id, { user: prev?.user ?? s.user, state: s.state });
    return s;
  }

  private notFound(id: string): EngineError {
    return new EngineError('NOT_FOUND', `no query execution ${JSON.stringify(id)} (it may have expired, or belong to someone else)`);
  }

  /** Throws NOT_FOUND unless the caller owns the execution; uses what is known before asking the engine. */
  private async checkOwner(caller: Caller, id: string): Promise<void> {
    if (typeof id !== 'string' || id.length === 0 || id.length > 512) throw this.notFound(String(id));
    let owner = this.known.get(id)?.user;
    if (owner === undefined) owner = (await this.observe(id)).user;
    if (owner !== caller.user) throw this.notFound(id);
  }

  private count(user: string, state: QueryState): number {
    let n = 0;
    for (const k of this.known.values()) if (k.user === user && k.state === state) n++;
    return n;
  }

  private async refreshActive(user: string): Promise<void> {
    const active = [...this.known.entries()].filter(
      ([, k]) => k.user === user && (k.state === 'QUEUED' || k.state === 'RUNNING'),
    );
    await Promise.all(active.map(([id]) => this.observe(id).catch(() => this.known.delete(id))));
  }

  /** `clientToken`: the engine returns the execution it already started for the same token. */
  async start(caller: Caller, sql: string, days: WindowDays, opts: { clientToken?: string } = {}): Promise<ExecutionStatus> {
    await this.refreshActive(caller.user);
    // No await between the count and the reservation: concurrent starts cannot both slip under the limit.
    const starting = this.starting.get(caller.user) ?? 0;
    const running = this.count(caller.user, 'RUNNING');
    const queued = this.count(caller.user, 'QUEUED');
    const maxRunning = this.opts.maxRunningPerUser;
    if (this.engine.queuesPerUser) {
      // The engine holds the user's queries past maxRunning QUEUED: only the wait is bounded here.
      const maxQueued = this.opts.maxQueuedPerUser ?? DEFAULT_MAX_QUEUED_PER_USER;
      if (queued + starting >= maxQueued) {
        throw new EngineError(
          'LIMIT_EXCEEDED',
          `user ${caller.user} already has ${running} queries running (limit ${maxRunning}) and ${queued + starting} waiting ` +
            `(limit ${maxQueued}, auth.max_queued_queries_per_user); wait for one to finish or cancel one`,
        );
      }
    } else if (running + queued + starting >= maxRunning) {
      throw new EngineError(
        'LIMIT_EXCEEDED',
        `user ${caller.user} already has ${running + queued + starting} queries running or queued (limit ${maxRunning}); ` +
          'wait for one to finish or cancel one',
      );
    }
    this.starting.set(caller.user, starting + 1);
    let id: string;
    try {
      ({ id } = await this.engine.start({
        sql,
        days,
        user: caller.user,
        roles: caller.roles,
        clientToken: opts.clientToken,
        maxRunning,
      }));
      this.known.set(id, { user: caller.user, state: 'QUEUED' });
    } finally {
      this.starting.set(caller.user, (this.starting.get(caller.user) ?? 1) - 1);
    }
    this.forgetOld();
    return this.observe(id);
  }

  /** The caller's use of the engine's budget; undefined when the engine keeps none. */
  async budget(caller: Caller): Promise<BudgetUsage | undefined> {
    return this.engine.budgetUsage?.(caller.user, caller.roles);
  }

  async status(caller: Caller, id: string): Promise<ExecutionStatus> {
    await this.checkOwner(caller, id);
    return this.observe(id);
  }

  async results(caller: Caller, id: string, page: ResultsPageRequest): Promise<ResultsPage> {
    await this.checkOwner(caller, id);
    const key = `${id}\n${page.nextToken ?? ''}\n${page.maxResults ?? ''}`;
    const cached = this.pages.get(key);
    if (cached) return cached;
    try {
      const fresh = await this.engine.results(id, page);
      this.pages.set(key, fresh);
      return fresh;
    } catch (e) {
      if (!(e instanceof EngineError) || e.code !== 'NOT_READY') throw e;
      // Say why there are no results: a failed query's own error is what the user needs.
      const s = await this.observe(id);
      if (s.state === 'FAILED') throw new EngineError('QUERY_FAILED', s.error?.message ?? 'the query failed');
      if (s.state === 'CANCELLED') throw new EngineError('NOT_READY', 'the query was cancelled: it has no results');
      if (s.state !== 'SUCCEEDED') throw new EngineError('NOT_READY', `the query is ${s.state}: results are ready once it has SUCCEEDED`);
      throw e;
    }
  }

  /** A URL of the whole result as CSV: the engine's own (Athena), else a signed link to /v1 (baseUrl). */
  async exportUrl(caller: Caller, id: string, baseUrl?: string): Promise<string> {
    await this.checkOwner(caller, id);
    if (!this.engine.exportUrl && this.opts.localExportUrl && baseUrl) {
      const st = await this.observe(id);
      if (st.state !== 'SUCCEEDED') throw new EngineError('NOT_READY', `the query is ${st.state}: its result can be exported once it has SUCCEEDED`);
      return this.opts.localExportUrl(id, caller.user, baseUrl);
    }
    if (!this.engine.exportUrl) {
      throw new EngineError('BAD_INPUT', 'this engine has no CSV export of results: page through queryResults instead');
    }
    const s = await this.observe(id);
    if (s.state !== 'SUCCEEDED') throw new EngineError('NOT_READY', `the query is ${s.state}: its result can be exported once it has SUCCEEDED`);
    return this.engine.exportUrl(id);
  }

  async cancel(caller: Caller, id: string): Promise<ExecutionStatus> {
    await this.checkOwner(caller, id);
    await this.engine.cancel(id);
    return this.observe(id);
  }

  /** Every state the execution enters, from QUEUED to a terminal one. */
  async watch(caller: Caller, id: string): Promise<AsyncGenerator<ExecutionStatus, void, undefined>> {
    await this.checkOwner(caller, id);
    return this.hub.watch(id);
  }

  /** Asks the engine about every execution not yet finished (for metrics). */
  async refreshUnfinished(): Promise<void> {
    const ids = [...this.known.entries()].filter(([, k]) => k.state === 'QUEUED' || k.state === 'RUNNING').map(([id]) => id);
    await Promise.all(ids.map((id) => this.observe(id).catch(() => this.known.delete(id))));
  }

  /** Executions this gateway knows of, by last seen state (for metrics). */
  countsByState(): Record<QueryState, number> {
    const counts: Record<QueryState, number> = { QUEUED: 0, RUNNING: 0, SUCCEEDED: 0, FAILED: 0, CANCELLED: 0 };
    for (const k of this.known.values()) counts[k.state]++;
    return counts;
  }

  private forgetOld(): void {
    if (this.known.size <= MAX_REMEMBERED) return;
    for (const [id, k] of this.known) {
      if (this.known.size <= MAX_REMEMBERED) break;
      if (isTerminal({ state: k.state } as ExecutionStatus)) this.known.delete(id);
    }
  }

  close(): void {
    this.hub.close();
  }
}
