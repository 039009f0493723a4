// The Athena engine: the QueryEngine interface over Amazon Athena (SPEC sections 2, 7, 9).
//
// start(): days check, scanned-bytes budget, SQL guard, views as CTEs, then into a concurrency queue.
//   A queue slot is held from StartQueryExecution until the execution is terminal, so no more than
//   `concurrency` queries ever run in Athena at once. The id handed out is ours (the queue may hold
//   the query before Athena has an id for it) and doubles as Athena's ClientRequestToken.
// status(): answered from memory; the StatusPoller keeps it current with backed-off polling.
// results(): GetQueryResults pages passed through (Athena's NextToken is our page token).
// cancel() and the timeout: StopQueryExecution.
import { createHash, randomUUID } from 'node:crypto';
import PQueue from 'p-queue';
import {
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
  type QueryExecution,
  type StartQueryExecutionInput,
} from '@aws-sdk/client-athena';
import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { AuditView, Catalog } from '../catalog/types';
import { EngineError } from '../errors/engine-error';
import {
  TERMINAL_STATES,
  WINDOW_DAYS,
  type BudgetUsage,
  type ExecutionStatus,
  type QueryEngine,
  type QueryState,
  type ResultsPage,
  type ResultsPageRequest,
  type StartQueryInput,
  type QueryGuard,
  type WindowDays,
} from '../engine/types';
import type { AthenaApi } from './api';
import type { ScannedBytesLedger } from './budget';
import { toCell, toColumnInfo } from './cells';
import type { AthenaConfig } from './config';
import { StatusPoller } from './poller';
import { buildAthenaStatement } from '../engine/view-sql';
import { resultsNotReady, statusSnapshot } from '../engine/status';
import type { ExecutionJournal } from './journal';
import type { ClusterPort, SharedExecution } from './cluster-port';

export type { QueryGuard };

interface Execution {
  status: ExecutionStatus;
  roles: string[];
  /** The statement sent to Athena (views as CTEs + the user's SQL). */
  statement: string;
  athenaId?: string;
  outputLocation?: string;
  /** Resolves when the execution is terminal: frees its queue slot. */
  settle: () => void;
  settled: Promise<void>;
  stopRequested?: boolean;
  /** When Athena's status was last applied (clusters read through when it is older than FRESH_MS). */
  observedAt?: number;
  refreshing?: Promise<void>;
  /** Re-attached from the journal after a restart; a scan already finished then is not charged again. */
  restored?: boolean;
}

/** Executions kept in memory for status/results after they finish. */
const MAX_REMEMBERED = 10_000;
const ATHENA_PAGE_LIMIT = 1000;
/**
 * In a cluster a client's next request lands on another replica, whose view of a running query may
 * be older than what the client was just told. Status is read through to Athena when this replica's
 * view is older than this, so a client polling no faster than this never sees a state go backwards.
 */
const FRESH_MS = 250;

export interface AthenaEngineDeps {
  config: AthenaConfig;
  api: AthenaApi;
  catalog: Catalog;
  guard: QueryGuard;
  ledger: ScannedBytesLedger;
  /** Where executions are recorded so a restarted gateway can re-attach to them. */
  journal?: ExecutionJournal;
  /**
   * Replicas behind one load balancer: admission, budgets and execution ids shared through the
   * cluster state (src/cluster). Ids then carry the Athena query, so any replica answers for them.
   */
  cluster?: ClusterPort;
  onClose?: () => void | Promise<void>;
}

function checkDays(days: number): void {
  if (!(WINDOW_DAYS as readonly number[]).includes(days)) {
    throw new EngineError('BAD_INPUT', `days must be one of ${WINDOW_DAYS.join(', ')}, got ${days}`);
  }
}

function athenaState(s: string | undefined): QueryState {
  return s === 'QUEUED' || s === 'RUNNING' || s === 'SUCCEEDED' || s === 'FAILED' || s === 'CANCELLED' ? s : 'RUNNING';
}

export class AthenaEngine implements QueryEngine {
  readonly kind = 'athena' as const;
  private readonly executions = new Map<string, Execution>();
  private readonly byClientToken = new Map<string, string>();
  private readonly queue: PQueue;
  readonly poller: StatusPoller;
  private closed = false;

  constructor(private readonly deps: AthenaEngineDeps) {
    this.queue = new PQueue({ concurrency: deps.config.concurrency });
    this.poller = new StatusPoller(deps.api, deps.config.polling);
  }

  get api(): AthenaApi {
    return this.deps.api;
  }

  /** Queries waiting for a slot, and queries running in Athena. */
  get load(): { waiting: number; running: number } {
    return { waiting: this.queue.size, running: this.queue.pending };
  }

  /** The user's scanned bytes over athena.budget.window_days (one gateway; a cluster keeps its own in cluster.state). */
  async budgetUsage(user: string): Promise<BudgetUsage | undefined> {
    if (this.deps.cluster) return undefined;
    const { budget } = this.deps.ledger;
    return {
      measure: 'scanned_bytes',
      used: this.deps.ledger.userBytes(user),
      limit: budget.userBytes,
      windowHours: budget.windowDays * 24,
      setting: 'athena.budget.per_user',
    };
  }

  async start(input: StartQueryInput): Promise<{ id: string }> {
    if (this.closed) throw new EngineError('UNAVAILABLE', 'the Athena engine is closed');
    checkDays(input.days);
    const tokenKey = input.clientToken === undefined ? undefined : `${input.user ?? ''}\u0000${input.clientToken}`;
    if (tokenKey !== undefined) {
      const existing = this.byClientToken.get(tokenKey);
      if (existing && this.executions.has(existing)) return { id: existing };
    }
    if (this.deps.cluster) return this.startShared(input, tokenKey);
    this.deps.ledger.check(input.user, input.roles);
    const statement = await this.statementFor(input.sql, input.days);

    // Our id is Athena's ClientRequestToken: a retried StartQueryExecution cannot start a second query,
    // and the same clientToken maps to the same Athena execution even after a gateway restart.
    const id = tokenKey === undefined ? randomUUID() : createHash('sha256').update(tokenKey).digest('hex').slice(0, 40);
    let settle!: () => void;
    const settled = new Promise<void>((r) => (settle = r));
    const exec: Execution = {
      status: { id, state: 'QUEUED', sql: input.sql, days: input.days, user: input.user, submittedAt: new Date() },
      roles: input.roles ?? [],
      statement,
      settle,
      settled,
    };
    this.remember(exec);
    if (tokenKey !== undefined) this.byClientToken.set(tokenKey, id);
    void this.queue.add(() => this.run(exec));
    return { id };
  }

  /**
   * In a cluster: admission across replicas, then straight to Athena (which queues on its own), so
   * the id handed out can carry the Athena execution id. A query Athena refuses is an error here,
   * not a FAILED execution: there is no Athena id to name it by.
   */
  private async startShared(input: StartQueryInput, tokenKey: string | undefined): Promise<{ id: string }> {
    const cluster = this.deps.cluster!;
    const statement = await this.statementFor(input.sql, input.days);
    const roles = input.roles ?? [];
    const slot = await cluster.admit(input.user, roles);
    const requestToken = tokenKey === undefined ? randomUUID() : createHash('sha256').update(tokenKey).digest('hex').slice(0, 40);
    const submittedAt = new Date();
    let athenaId: string;
    try {
      const out = await this.deps.api.send(new StartQueryExecutionCommand(this.startRequest(statement, requestToken)));
      if (!out.QueryExecutionId) throw new Error('StartQueryExecution returned no QueryExecutionId');
      athenaId = out.QueryExecutionId;
    } catch (e) {
      await cluster.abandon(input.user, slot).catch(() => undefined);
      throw new EngineError('UNAVAILABLE', this.startError(e).message);
    }
    let id: string;
    try {
      id = await cluster.started(slot, { athenaId, user: input.user, roles, sql: input.sql, days: input.days, submittedAt });
    } catch (e) {
      // Unrecorded, no replica could account for it: stop it rather than let it run unseen.
      await this.deps.api.send(new StopQueryExecutionCommand({ QueryExecutionId: athenaId })).catch(() => undefined);
      await cluster.abandon(input.user, slot).catch(() => undefined);
      throw new EngineError('UNAVAILABLE', `could not record the query in the cluster state: ${(e as Error).message}`);
    }
    const exec: Execution = {
      status: { id, state: 'QUEUED', sql: input.sql, days: input.days, user: input.user, submittedAt, startedAt: new Date() },
      roles,
      statement,
      athenaId,
      settle: () => undefined,
      settled: Promise.resolve(),
    };
    this.remember(exec);
    if (tokenKey !== undefined) this.byClientToken.set(tokenKey, id);
    this.watchAthena(exec);
    return { id };
  }

  private watchAthena(exec: Execution): void {
    this.poller.watch(
      exec.athenaId!,
      (q) => this.onStatus(exec, q),
      (e) => this.onPollError(exec, e),
    );
  }

  /** The SQL Athena would run for this input (views as CTEs + the user's SQL); nothing is started. */
  async compile(sql: string, days: WindowDays): Promise<string> {
    checkDays(days);
    return this.statementFor(sql, days);
  }

  /** SQL guard, then the views the SQL reads as CTEs in front of it. */
  private async statementFor(sql: string, days: WindowDays): Promise<string> {
    const checked = await this.deps.guard(sql, this.deps.catalog);
    const views: AuditView[] = checked.views.map((name) => {
      const v = this.deps.catalog.byName.get(name);
      if (!v) throw new EngineError('SQL_REJECTED', `unknown view ${name}`);
      return v;
    });
    const { database, table } = this.deps.config;
    return buildAthenaStatement(checked.sql, views, { database, table }, days);
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

  private startRequest(statement: string, requestToken: string): StartQueryExecutionInput {
    const cfg = this.deps.config;
    return {
      QueryString: statement,
      ClientRequestToken: requestToken,
      WorkGroup: cfg.workgroup,
      QueryExecutionContext: { Catalog: 'AwsDataCatalog', Database: cfg.database },
      ResultConfiguration: {
        OutputLocation: cfg.queryResults,
        ...(cfg.encryption ? { EncryptionConfiguration: { EncryptionOption: cfg.encryption.option, KmsKey: cfg.encryption.kmsKey } } : {}),
      },
      ...(cfg.resultReuseMaxAgeMinutes
        ? { ResultReuseConfiguration: { ResultReuseByAgeConfiguration: { Enabled: true, MaxAgeInMinutes: cfg.resultReuseMaxAgeMinutes } } }
        : {}),
    };
  }

  /** Holds a queue slot from StartQueryExecution until the execution is terminal. */
  private async run(exec: Execution): Promise<void> {
    if (TERMINAL_STATES.has(exec.status.state) || this.closed) return;
    const req = this.startRequest(exec.statement, exec.status.id);
    try {
      const out = await this.deps.api.send(new StartQueryExecutionCommand(req));
      if (!out.QueryExecutionId) throw new Error('StartQueryExecution returned no QueryExecutionId');
      exec.athenaId = out.QueryExecutionId;
      this.journal(exec);
    } catch (e) {
      this.finish(exec, 'FAILED', this.startError(e));
      return;
    }
    if (exec.status.state === 'CANCELLED') {
      // cancel() came while StartQueryExecution was in flight.
      await this.stop(exec);
      exec.settle();
      return;
    }
    exec.status.startedAt = new Date();
    this.poller.watch(
      exec.athenaId,
      (qe) => this.onStatus(exec, qe),
      (e) => this.onPollError(exec, e),
    );
    await exec.settled;
  }

  /**
   * StartQueryExecution refusals are about the setup, not the user's SQL (syntax and semantic errors
   * come back later as FAILED executions): a missing workgroup or results bucket, throttling past
   * every retry, unreachable endpoints. All system errors, with AWS's reason.
   */
  private startError(e: unknown): { kind: 'USER' | 'SYSTEM'; message: string } {
    const err = e as { name?: string; message?: string };
    const name = err.name && err.name !== 'Error' && err.name !== 'EngineError' ? `${err.name}: ` : '';
    return { kind: 'SYSTEM', message: `could not start the query on Athena: ${name}${err.message}` };
  }

  /** Cluster only: applies Athena's current status when ours is older than maxAgeMs (0: always). */
  private async fresh(exec: Execution, maxAgeMs = FRESH_MS): Promise<void> {
    if (!this.deps.cluster || !exec.athenaId || TERMINAL_STATES.has(exec.status.state)) return;
    if (Date.now() - (exec.observedAt ?? 0) < maxAgeMs && !exec.refreshing) return;
    exec.refreshing ??= this.deps.api
      .send(new GetQueryExecutionCommand({ QueryExecutionId: exec.athenaId }))
      .then((out) => {
        if (out.QueryExecution) this.onStatus(exec, out.QueryExecution);
      })
      .catch(() => undefined) // the poller keeps trying; answer with what is known
      .finally(() => {
        exec.refreshing = undefined;
      });
    await exec.refreshing;
  }

  private onStatus(exec: Execution, qe: QueryExecution): void {
    exec.observedAt = Date.now();
    if (TERMINAL_STATES.has(exec.status.state)) return;
    const st = qe.Status;
    const state = athenaState(st?.State);
    const stats = qe.Statistics;
    if (stats?.DataScannedInBytes !== undefined) exec.status.bytesScanned = stats.DataScannedInBytes;
    if (stats?.EngineExecutionTimeInMillis !== undefined) exec.status.executionMs = stats.EngineExecutionTimeInMillis;
    exec.outputLocation = qe.ResultConfiguration?.OutputLocation ?? exec.outputLocation;

    if (state === 'SUCCEEDED') return this.finish(exec, 'SUCCEEDED');
    if (state === 'CANCELLED') return this.finish(exec, 'CANCELLED');
    if (state === 'FAILED') {
      // AthenaError.ErrorCategory: 1 system, 2 user, 3 other.
      const kind = qe.Status?.AthenaError?.ErrorCategory === 2 ? 'USER' : 'SYSTEM';
      const reason = st?.StateChangeReason ?? qe.Status?.AthenaError?.ErrorMessage ?? 'Athena reported the query FAILED without a reason';
      return this.finish(exec, 'FAILED', { kind, message: reason });
    }
    exec.status.state = state;
    const cfg = this.deps.config;
    const limit = cfg.dataLimitBytes;
    if (limit !== undefined && (exec.status.bytesScanned ?? 0) > limit) {
      void this.stop(exec);
      return this.finish(exec, 'FAILED', {
        kind: 'USER',
        message: `the query scanned more than ${limit} bytes (auth_service.access_monitoring.data_limit) and was stopped; narrow the time window or the views it reads`,
      });
    }
    const ranMs = Date.now() - (exec.status.startedAt ?? exec.status.submittedAt).getTime();
    if (ranMs > cfg.queryTimeoutMs) {
      void this.stop(exec);
      return this.finish(exec, 'FAILED', {
        kind: 'SYSTEM',
        message: `the query ran longer than ${Math.round(cfg.queryTimeoutMs / 1000)} s (athena.query_timeout_ms) and was stopped`,
      });
    }
  }

  private onPollError(exec: Execution, e: unknown): void {
    // A status call that failed even after retries: keep polling (the poller backs off) unless the
    // execution has outlived its timeout, which also bounds how long Athena can be unreachable.
    const ranMs = Date.now() - (exec.status.startedAt ?? exec.status.submittedAt).getTime();
    if (ranMs > this.deps.config.queryTimeoutMs) {
      void this.stop(exec);
      this.finish(exec, 'FAILED', { kind: 'SYSTEM', message: `lost track of the query on Athena: ${(e as Error).message}` });
    }
  }

  private finish(exec: Execution, state: QueryState, error?: { kind: 'USER' | 'SYSTEM'; message: string }): void {
    if (TERMINAL_STATES.has(exec.status.state)) return;
    exec.status.state = state;
    exec.status.completedAt = new Date();
    if (error) exec.status.error = error;
    if (exec.athenaId) this.poller.unwatch(exec.athenaId);
    if (this.deps.cluster && exec.athenaId) {
      // Every replica that sees the end reports it; the shared state charges the scan once.
      const done = { athenaId: exec.athenaId, user: exec.status.user, bytes: exec.status.bytesScanned ?? 0, completedAt: exec.status.completedAt.getTime() };
      void this.settleShared(done);
    } else if (exec.status.bytesScanned && !exec.restored) this.recordScan(exec, exec.status.bytesScanned);
    exec.settle();
  }

  private async stop(exec: Execution): Promise<void> {
    if (!exec.athenaId || exec.stopRequested) return;
    exec.stopRequested = true;
    try {
      await this.deps.api.send(new StopQueryExecutionCommand({ QueryExecutionId: exec.athenaId }));
    } catch {
      // Stopping is best effort; Athena finishes or fails the query on its own.
      return;
    }
    void this.recordFinalScan(exec);
  }

  /**
   * A stopped query is billed for what it scanned until Athena stopped it, which is known only once
   * Athena reports it terminal. Stopped queries are the expensive ones (timeouts, data_limit), so the
   * budget gets the final figure: the difference from what was recorded at stop time.
   */
  private async recordFinalScan(exec: Execution): Promise<void> {
    for (let delay = this.deps.config.polling.initialMs, i = 0; i < 8 && !this.closed; i++, delay = Math.min(delay * 2, 5000)) {
      // unref'd: nobody awaits this; it must not keep a finished CLI process alive.
      await new Promise((r) => setTimeout(r, delay).unref());
      let qe: QueryExecution | undefined;
      try {
        qe = (await this.deps.api.send(new GetQueryExecutionCommand({ QueryExecutionId: exec.athenaId! }))).QueryExecution;
      } catch {
        return;
      }
      if (!TERMINAL_STATES.has(athenaState(qe?.Status?.State))) continue;
      const final = qe?.Statistics?.DataScannedInBytes ?? 0;
      const extra = final - (exec.status.bytesScanned ?? 0);
      if (extra > 0) {
        exec.status.bytesScanned = final;
        this.recordScan(exec, extra);
      }
      return;
    }
  }

  /** Settles a finished query in the cluster state, retrying a while when S3 is unreachable. */
  private async settleShared(done: Parameters<ClusterPort['finished']>[0]): Promise<void> {
    for (let i = 0, delay = 200; i < 6 && !this.closed; i++, delay *= 2) {
      try {
        await this.deps.cluster!.finished(done);
        return;
      } catch {
        // unref'd: a finished CLI must not wait for this; the next admission settles it anyway.
        await new Promise((r) => setTimeout(r, delay).unref());
      }
    }
  }

  private recordScan(exec: Execution, bytes: number): void {
    if (this.deps.cluster && exec.athenaId) {
      const charge = { chargeId: `${exec.athenaId}:final`, user: exec.status.user, roles: exec.roles, bytes, at: Date.now() };
      void this.deps.cluster.charge(charge).catch(() => undefined);
      return;
    }
    try {
      this.deps.ledger.record({ at: Date.now(), id: exec.status.id, user: exec.status.user, roles: exec.roles, bytes });
    } catch {
      // The ledger is best effort: a full disk must not fail a finished query.
    }
  }

  private journal(exec: Execution): void {
    if (this.deps.cluster) return;
    try {
      this.deps.journal?.append({
        id: exec.status.id,
        athenaId: exec.athenaId!,
        sql: exec.status.sql,
        days: exec.status.days,
        user: exec.status.user,
        roles: exec.roles,
        submittedAt: exec.status.submittedAt.toISOString(),
      });
    } catch {
      // Best effort: without the record only a restart loses track of this execution.
    }
  }

  /** The execution, from memory or, after a restart, re-attached from the journal and Athena. */
  private async get(id: string): Promise<Execution> {
    const known = this.executions.get(id);
    if (known) return known;
    const entry = this.deps.cluster ? await this.resolveShared(id) : this.deps.journal?.find(id);
    if (!entry) throw new EngineError('NOT_FOUND', `no query execution ${id}`);
    let qe: QueryExecution | undefined;
    try {
      qe = (await this.deps.api.send(new GetQueryExecutionCommand({ QueryExecutionId: entry.athenaId }))).QueryExecution;
    } catch (e) {
      if (this.deps.cluster && (e as { name?: string }).name === 'InvalidRequestException') {
        throw new EngineError('NOT_FOUND', `query execution ${id} is no longer known to Athena (it keeps executions for 45 days)`);
      }
      throw new EngineError('UNAVAILABLE', `could not ask Athena about query execution ${id}: ${(e as Error).message}`);
    }
    const raced = this.executions.get(id);
    if (raced) return raced;
    const exec: Execution = {
      status: { id, state: 'RUNNING', sql: entry.sql, days: entry.days, user: entry.user, submittedAt: new Date(entry.submittedAt) },
      roles: entry.roles,
      statement: '',
      athenaId: entry.athenaId,
      settle: () => undefined,
      settled: Promise.resolve(),
      restored: true,
    };
    this.remember(exec);
    if (qe) this.onStatus(exec, qe);
    if (!TERMINAL_STATES.has(exec.status.state)) {
      exec.restored = false; // still running: its scan is charged when it ends, here
      this.poller.watch(
        entry.athenaId,
        (q) => this.onStatus(exec, q),
        (e) => this.onPollError(exec, e),
      );
    }
    return exec;
  }

  /** Another replica's execution, from its id (verified) and the shared record. */
  private async resolveShared(id: string): Promise<{ athenaId: string; sql: string; days: WindowDays; user?: string; roles: string[]; submittedAt: string } | undefined> {
    let shared: SharedExecution | undefined;
    try {
      shared = await this.deps.cluster!.resolve(id);
    } catch (e) {
      throw new EngineError('UNAVAILABLE', `could not read the cluster state about query execution ${id}: ${(e as Error).message}`);
    }
    return shared && { ...shared, submittedAt: shared.submittedAt.toISOString() };
  }

  async status(id: string): Promise<ExecutionStatus> {
    const exec = await this.get(id);
    await this.fresh(exec);
    return statusSnapshot(exec.status);
  }

  async results(id: string, page: ResultsPageRequest = {}): Promise<ResultsPage> {
    const exec = await this.get(id);
    if (exec.status.state !== 'SUCCEEDED') await this.fresh(exec, 0); // another replica may have seen it end
    if (exec.status.state !== 'SUCCEEDED' || !exec.athenaId) {
      throw resultsNotReady(id, exec.status.state, exec.status.error);
    }
    const want = page.maxResults ?? ATHENA_PAGE_LIMIT;
    if (!Number.isInteger(want) || want < 1) throw new EngineError('BAD_INPUT', `maxResults must be a whole number >= 1, got ${want}`);
    const first = page.nextToken === undefined;
    // The first page starts with the header row, which counts toward MaxResults: ask for one more.
    const maxResults = Math.min(ATHENA_PAGE_LIMIT, first ? want + 1 : want);
    let out;
    try {
      out = await this.deps.api.send(
        new GetQueryResultsCommand({ QueryExecutionId: exec.athenaId, NextToken: page.nextToken, MaxResults: maxResults }),
      );
    } catch (e) {
      const err = e as { name?: string; message?: string };
      if (err.name === 'InvalidRequestException' && page.nextToken !== undefined) {
        throw new EngineError('BAD_INPUT', `the page token is not valid for query execution ${id}: ${err.message}`);
      }
      throw new EngineError('UNAVAILABLE', `could not read the results of ${id} from Athena: ${err.message}`);
    }
    const columns = (out.ResultSet?.ResultSetMetadata?.ColumnInfo ?? []).map(toColumnInfo);
    const raw = out.ResultSet?.Rows ?? [];
    const rows = (first ? raw.slice(1) : raw).map((r) => columns.map((c, i) => toCell(r.Data?.[i]?.VarCharValue, c.type)));
    return { columns, rows, ...(out.NextToken ? { nextToken: out.NextToken } : {}) };
  }

  /** A presigned URL of the execution's result CSV on S3, for downloads and CSV export. */
  async exportUrl(id: string, expiresInSeconds = this.deps.config.exportUrlTtlSeconds): Promise<string> {
    const exec = await this.get(id);
    if (exec.status.state !== 'SUCCEEDED') await this.fresh(exec, 0);
    if (exec.status.state !== 'SUCCEEDED' || !exec.athenaId) {
      throw new EngineError('NOT_READY', `query execution ${id} is ${exec.status.state}; its result file exists only once it has SUCCEEDED`);
    }
    if (this.deps.config.encryption?.option === 'CSE_KMS') {
      throw new EngineError('BAD_INPUT', 'result files are client-side encrypted (CSE_KMS): a presigned URL would serve ciphertext; page the results instead');
    }
    if (!exec.outputLocation) {
      const out = await this.deps.api.send(new GetQueryExecutionCommand({ QueryExecutionId: exec.athenaId }));
      exec.outputLocation = out.QueryExecution?.ResultConfiguration?.OutputLocation;
    }
    const m = exec.outputLocation && /^s3:\/\/([^/]+)\/(.+)$/.exec(exec.outputLocation);
    if (!m) throw new EngineError('UNAVAILABLE', `Athena gave no usable result location for ${id} (${exec.outputLocation ?? 'none'})`);
    const [, Bucket, Key] = m as unknown as [string, string, string];
    try {
      await this.deps.api.sendS3('HeadObject', (s3) => s3.send(new HeadObjectCommand({ Bucket, Key })));
    } catch (e) {
      const err = e as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
      const status = err.$metadata?.httpStatusCode;
      if (status === 404 || err.name === 'NotFound' || err.name === 'NoSuchKey') {
        throw new EngineError('NOT_FOUND', `the result file ${exec.outputLocation} no longer exists (expired by the bucket's lifecycle rule?); run the query again`);
      }
      if (status === 403) {
        throw new EngineError('UNAVAILABLE', `access to ${exec.outputLocation} was denied: the role needs s3:GetObject on the query results prefix`);
      }
      throw new EngineError('UNAVAILABLE', `could not reach the result file ${exec.outputLocation}: ${err.name ?? ''} ${err.message ?? ''}`.trim());
    }
    // A URL signed with temporary credentials dies with them: sign with credentials that outlive it.
    if (!Number.isInteger(expiresInSeconds) || expiresInSeconds < 1 || expiresInSeconds > 604_800) {
      throw new EngineError('BAD_INPUT', `a presigned URL lives 1 s to 7 days; got ${expiresInSeconds} s`);
    }
    const expiresIn = Math.min(expiresInSeconds, this.deps.config.credentialDurationSeconds);
    const creds = await this.deps.api.credentials.get();
    if (creds.expiration && creds.expiration.getTime() - Date.now() < expiresIn * 1000) this.deps.api.credentials.invalidate(creds);
    return getSignedUrl(this.deps.api.s3, new GetObjectCommand({ Bucket, Key }), { expiresIn });
  }

  async cancel(id: string): Promise<void> {
    const exec = await this.get(id);
    await this.fresh(exec, 0); // a query that has just finished elsewhere stays finished
    if (TERMINAL_STATES.has(exec.status.state)) return;
    const hadStarted = exec.athenaId !== undefined;
    this.finish(exec, 'CANCELLED');
    if (hadStarted) await this.stop(exec);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.poller.close();
    this.queue.clear();
    for (const exec of this.executions.values()) exec.settle();
    this.deps.api.close();
    await this.deps.onClose?.();
  }
}
