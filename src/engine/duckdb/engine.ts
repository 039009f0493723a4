// The embedded engine: DuckDB behind the QueryEngine interface. Each query runs on its own connection;
// its result is materialised into an in-memory table and paged from there, so paging never holds a
// whole result in JS and the order of an ORDER BY is kept.
// Sharing the engine between users (README "How the embedded engine is shared"): before a query is
// accepted its plan is costed (cost.ts); far above what the engine can do in the timeout it is refused,
// above the heavy bound it waits for the heavy lane's slot, so light queries keep their own slots
// (src/engine/lanes.ts, fair between users). Each query is charged engine time (engine-time.ts)
// against its user's budget. Cancel and the timeout interrupt DuckDB, which frees the slot at once.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBTypeId, type DuckDBConnection } from '@duckdb/node-api';
import type { Catalog } from '../../catalog';
import type { CoreConfig } from '../../config';
import { LEADING_COLUMNS } from '../../catalog/types';
import { BASE_VIEW } from '../../catalog/base-view';
import { checkQuery, DUCKDB_MACROS, translateToDuckDb, trinoErrorMessage, trinoTypeOf, type TranslatedQuery } from '../../sql';
import type { ColumnHint } from '../../sql/result-types';
import { EngineError } from '../../errors/engine-error';
import { intakeSpoolDir } from '../intake-spool';
import { LaneScheduler, type LaneCounts, type LaneName } from '../lanes';
import {
  TERMINAL_STATES,
  WINDOW_DAYS,
  type BudgetUsage,
  type ColumnInfo,
  type ExecutionStatus,
  type QueryEngine,
  type ResultsPage,
  type ResultsPageRequest,
  type StartQueryInput,
} from '../types';
import { resultValueConverter, toCell } from './cells';
import { resultsNotReady, statusSnapshot } from '../status';
import { ANONYMOUS_FIELD } from '../../sql/types';
import { openDatabase, type Database } from './database';
import { Ingestor, type IngestProgress, type IngestSummary } from './ingest';
import { syncTypedTables, typedTableName, windowSchema } from './typed-tables';
import { trinoWording } from './error-wording';
import { CostEstimator, type QueryCost } from './cost';
import { runOnWorkers } from './background';
import { formatRows } from './estimate';
import { EngineTimeLedger, EngineTimeMeter } from './engine-time';
import { ConnectionPool } from './connection-pool';

interface Execution {
  status: ExecutionStatus;
  translated: TranslatedQuery;
  columns?: ColumnInfo[];
  hints?: (ColumnHint | undefined)[];
  table?: string;
  conn?: DuckDBConnection;
  cancelRequested?: boolean;
  timedOut?: boolean;
  /** The audit views the query reads (from the guard), for messages about unknown columns. */
  views: string[];
  lane: LaneName;
}

export interface EmbeddedEngineOptions {
  /** Light-lane queries running at once (default embedded.limits.query_slots); more wait QUEUED. */
  maxConcurrent?: number;
  /** Finished executions kept (with their results) before the oldest are dropped. */
  retainExecutions?: number;
  /** Clock of the engine-time ledger (tests). */
  now?: () => number;
}

const PAGE_DEFAULT = 1000;
const PAGE_MAX = 10_000;
/**
 * A light query still running after this long was misjudged: it moves to the heavy lane and gives
 * its light slot back, so light queries keep a slot whatever the estimates got wrong.
 */
export const LIGHT_LANE_MS = 10_000;

export class EmbeddedEngine implements QueryEngine {
  readonly kind = 'embedded' as const;
  private readonly executions = new Map<string, Execution>();
  private readonly byToken = new Map<string, string>();
  readonly queuesPerUser = true;
  private readonly lanes: LaneScheduler;
  private readonly estimator: CostEstimator;
  private readonly meter: EngineTimeMeter;
  private readonly ledger: EngineTimeLedger;
  private readonly ingestor: Ingestor;
  private readonly pool: ConnectionPool;
  private ingestChain: Promise<unknown> = Promise.resolve();
  private followTimer?: NodeJS.Timeout;
  private closed = false;
  private readonly viewNames: ReadonlySet<string>;
  private readonly columnTypes: ReadonlyMap<string, string>;

  private constructor(
    private readonly db: Database,
    private readonly config: CoreConfig,
    private readonly catalog: Catalog,
    private readonly opts: Required<EmbeddedEngineOptions>,
  ) {
    this.lanes = new LaneScheduler({ light: opts.maxConcurrent, heavy: config.limits.heavyQuerySlots });
    this.estimator = new CostEstimator(db.instance, DUCKDB_MACROS);
    // As many idle connections as queries can run at once: each running query holds one.
    this.pool = new ConnectionPool(db.instance, DUCKDB_MACROS, opts.maxConcurrent + config.limits.heavyQuerySlots);
    this.meter = new EngineTimeMeter(config.limits.threads);
    this.ledger = new EngineTimeLedger(join(config.dataDir, 'engine', 'engine-time.jsonl'), config.budget, opts.now);
    this.ingestor = new Ingestor(db.admin, catalog);
    this.viewNames = new Set([...catalog.views.map((v) => v.name), BASE_VIEW.name]);
    this.columnTypes = columnTypesOf(catalog);
  }

  static async open(config: CoreConfig, catalog: Catalog, opts: EmbeddedEngineOptions = {}): Promise<EmbeddedEngine> {
    const db = await openDatabase({ dataDir: config.dataDir, readableDirs: config.parquet, limits: config.limits });
    try {
      await syncTypedTables(db.admin, catalog, WINDOW_DAYS);
    } catch (e) {
      db.close();
      throw e;
    }
    return new EmbeddedEngine(db, config, catalog, {
      maxConcurrent: opts.maxConcurrent ?? config.limits.querySlots,
      retainExecutions: opts.retainExecutions ?? 500,
      now: opts.now ?? Date.now,
    });
  }

  /** Loads whatever is new in the configured sources. Calls are serialised. */
  ingest(onProgress?: (p: IngestProgress) => void): Promise<IngestSummary> {
    const run = async (): Promise<IngestSummary> => {
      const total: IngestSummary = { files: 0, filesRead: 0, events: 0, badLines: 0, unknownTypes: 0, warnings: [], seconds: 0 };
      const add = (s: IngestSummary) => {
        for (const k of ['files', 'filesRead', 'events', 'badLines', 'unknownTypes', 'seconds'] as const) total[k] += s[k];
        total.warnings.push(...s.warnings);
      };
      if (this.config.auditLog) add(await this.ingestor.ingestLogs(this.config.auditLog, onProgress));
      if (this.config.parquet.length) add(await this.ingestor.ingestParquet(this.config.parquet));
      // What the intake received (src/intake): the same tables, read like a file audit log.
      const spool = intakeSpoolDir(this.config.dataDir);
      if (existsSync(spool)) add(await this.ingestor.ingestLogs(spool));
      if (total.events > 0) this.estimator.invalidate();
      return total;
    };
    const p = this.ingestChain.then(run, run);
    this.ingestChain = p.catch(() => undefined);
    return p;
  }

  /** Keeps ingesting new lines every `intervalMs` (the file log keeps growing). */
  follow(intervalMs: number, onError: (e: unknown) => void, onIngest?: (s: IngestSummary) => void): void {
    clearInterval(this.followTimer);
    this.followTimer = setInterval(() => {
      this.ingest().then((s) => onIngest?.(s), onError);
    }, intervalMs);
    this.followTimer.unref();
  }

  /**
   * Empties every view (the typed tables); events ingested later show alone. For throwaway engines
   * (rule tests run one after another on one engine), never for a gateway's own data.
   */
  async clearViews(): Promise<void> {
    const run = async () => {
      for (const v of this.catalog.views) await this.db.admin.run(`DELETE FROM main."${typedTableName(v.name)}"`);
    };
    const p = this.ingestChain.then(run, run);
    this.ingestChain = p.catch(() => undefined);
    await p;
  }

  recentBadLines(limit?: number) {
    return this.ingestor.recentBadLines(limit);
  }

  async start(input: StartQueryInput): Promise<{ id: string }> {
    if (this.closed) throw new EngineError('UNAVAILABLE', 'the engine is closed');
    if (!(WINDOW_DAYS as readonly number[]).includes(input.days)) {
      throw new EngineError('BAD_INPUT', `days must be one of ${WINDOW_DAYS.join(', ')}, got ${input.days}`);
    }
    if (input.clientToken) {
      const known = this.byToken.get(input.clientToken);
      if (known && this.executions.has(known)) return { id: known };
    }
    const { views } = await checkQuery(input.sql, this.catalog);
    // Translated up front: what the embedded engine refuses is refused before the query is accepted.
    const translated = await translateToDuckDb(input.sql, {
      viewSchema: windowSchema(input.days),
      viewNames: this.viewNames,
      columnTypes: this.columnTypes,
    });
    this.ledger.check(input.user, this.runningSecondsOf(input.user));
    if (this.closed) throw new EngineError('UNAVAILABLE', 'the engine is closed');
    const cost = await this.estimator.estimate(translated.sql, input.days);
    if (cost && cost.rows > this.config.limits.maxEstimatedRows) throw this.tooCostly(cost, input.days);
    const lane: LaneName = cost && cost.rows >= this.config.limits.heavyEstimatedRows ? 'heavy' : 'light';
    const id = randomUUID();
    const exec: Execution = {
      views,
      lane,
      status: {
        id,
        state: 'QUEUED',
        sql: input.sql,
        days: input.days,
        user: input.user,
        submittedAt: new Date(),
        lane,
        estimatedRows: cost ? Math.round(cost.rows) : undefined,
      },
      translated,
    };
    // Closed while the query was checked: nothing may reach the closed database.
    if (this.closed) throw new EngineError('UNAVAILABLE', 'the engine is closed');
    this.executions.set(id, exec);
    if (input.clientToken) this.byToken.set(input.clientToken, id);
    this.evictOld();
    this.lanes.add({ id, user: input.user, lane, maxRunningForUser: input.maxRunning, run: () => this.run(exec) });
    return { id };
  }

  /** The refusal of a query the engine cannot finish in its timeout: the estimate, the bound, what to change. */
  private tooCostly(cost: QueryCost, days: number): EngineError {
    const limits = this.config.limits;
    const widest = [...cost.unconditioned].sort((a, b) => b.length - a.length)[0];
    const why = widest ? ` It combines ${widest.join(' x ')} row by row without an equality join condition.` : '';
    const fixes = [
      widest ? 'join the tables on a condition (a.sid = b.sid)' : undefined,
      'filter them (WHERE ...)',
      days > 7 ? `use a narrower window (days: ${WINDOW_DAYS.filter((d) => d < days).join(' or ')})` : undefined,
    ].filter(Boolean);
    return new EngineError(
      'LIMIT_EXCEEDED',
      `the query's plan is estimated at ${formatRows(cost.rows)} rows, far above the ${formatRows(limits.maxEstimatedRows)} rows the embedded engine ` +
        `can get through in its ${Math.round(limits.queryTimeoutMs / 1000)} s timeout (embedded.limits.max_estimated_rows), so it was not started.` +
        `${why} To run it, ${fixes.join(', or ')}.`,
    );
  }

  /** Engine-seconds the user's running queries have used so far. */
  private runningSecondsOf(user: string | undefined): number {
    let s = 0;
    for (const [id, e] of this.executions) if (e.status.state === 'RUNNING' && e.status.user === user) s += this.meter.current(id) ?? 0;
    return s;
  }

  private async run(exec: Execution): Promise<void> {
    const st = exec.status;
    if (exec.cancelRequested) return;
    st.state = 'RUNNING';
    st.startedAt = new Date();
    this.meter.begin(st.id);
    // A light query that runs on and on was misjudged: count it in the heavy lane from then on.
    const outgrown = exec.lane === 'light' ? setTimeout(() => this.lanes.move(st.id, 'heavy'), LIGHT_LANE_MS) : undefined;
    outgrown?.unref();
    try {
      await this.runSlot(exec);
    } finally {
      clearTimeout(outgrown);
      // Normally stopped by runSlot as the state turned terminal; stopped here if it never got that far.
      const seconds = st.engineSeconds ?? this.meter.end(st.id);
      st.engineSeconds = seconds;
      try {
        this.ledger.record({ at: this.opts.now(), id: st.id, user: st.user, seconds });
      } catch {
        // The ledger is best effort: a full disk must not turn a finished query into a failed one.
      }
    }
  }

  private async runSlot(exec: Execution): Promise<void> {
    const st = exec.status;
    let conn: DuckDBConnection;
    try {
      conn = await this.pool.acquire();
    } catch (e) {
      // Run from a queue nobody awaits: a failure here must end the execution, not the process.
      st.state = this.closed ? 'CANCELLED' : 'FAILED';
      if (!this.closed) st.error = describeFailure(e);
      st.completedAt = new Date();
      return;
    }
    exec.conn = conn;
    const timer = setTimeout(() => {
      exec.timedOut = true;
      this.interruptUntilDone(exec);
    }, this.config.limits.queryTimeoutMs);
    const table = `results."r_${st.id.replace(/-/g, '')}"`;
    const translated = exec.translated;
    // interrupt() only stops a statement in flight: a cancel that lands between statements is caught here.
    const checkCancelled = () => {
      if (exec.cancelRequested || exec.timedOut) throw new EngineError('QUERY_FAILED', 'cancelled');
    };
    try {
      checkCancelled();
      const prepared = await conn.prepare(translated.sql);
      const n = prepared.columnCount;
      const columns: ColumnInfo[] = [];
      const hints: (ColumnHint | undefined)[] = [];
      const selects: string[] = [];
      for (let i = 0; i < n; i++) {
        const duckType = prepared.columnType(i);
        const hint = applicableHint(translated.columnHints[i], duckType.typeId);
        hints.push(hint);
        columns.push({ name: translated.restoreColumnName(prepared.columnName(i)), type: hint?.type ?? trinoTypeOf(duckType) });
        // Anonymous rows (Trino's ROW(1, 'a')) are unnamed structs, which a table cannot hold: name their
        // fields by position (types.ts reports them anonymous again).
        const typeText = String(duckType);
        let field = 0;
        if (typeText.includes('""')) selects.push(`CAST(c${i} AS ${typeText.replace(/"" /g, () => `"${ANONYMOUS_FIELD}${++field}" `)})`);
        // sum() of integers is a 128-bit integer in DuckDB, bigint in Trino (where overflow is an error)
        else if (duckType.typeId === DuckDBTypeId.HUGEINT) selects.push(`CAST(c${i} AS BIGINT)`);
        else selects.push(`c${i}`);
      }
      // Positional names: results may repeat a column name (SELECT * over a join), as Trino allows.
      const aliases = columns.map((_, i) => `c${i}`).join(', ');
      const cap = this.config.limits.maxResultRows;
      checkCancelled();
      const materialise = `CREATE TABLE ${table} AS SELECT ${selects.map((x, i) => `${x} AS c${i}`).join(', ')} FROM (${translated.sql}) AS q(${aliases}) LIMIT ${cap + 1}`;
      // A heavy query runs on DuckDB's worker threads only, leaving the light ones a thread each.
      if (exec.lane === 'heavy' && this.config.limits.threads > 1) await runOnWorkers(conn, materialise);
      else await conn.run(materialise);
      const count = Number((await conn.runAndReadAll(`SELECT count(*) FROM ${table}`)).getRows()[0]![0]);
      if (count > cap) {
        await conn.run(`DROP TABLE ${table}`);
        throw new EngineError('LIMIT_EXCEEDED', `the result has more than ${cap} rows; aggregate it or add a LIMIT`);
      }
      exec.columns = columns;
      exec.hints = hints;
      exec.table = table;
      st.rowCount = count;
      st.bytesScanned = 0;
      st.state = 'SUCCEEDED';
    } catch (e) {
      await conn.run(`DROP TABLE IF EXISTS ${table}`).catch(() => undefined);
      if (exec.cancelRequested) {
        st.state = 'CANCELLED';
      } else {
        st.state = 'FAILED';
        st.error = exec.timedOut
          ? { kind: 'USER', message: `the query ran longer than ${Math.round(this.config.limits.queryTimeoutMs / 1000)} s and was stopped; narrow it or raise embedded.limits.query_timeout_ms` }
          : describeFailure(e, (msg) => trinoWording(translated.restoreErrorMessage(msg), st.sql, exec.views, this.catalog));
      }
    } finally {
      // In the same step as the terminal state above: nobody sees it finished without its charge.
      st.engineSeconds = this.meter.end(st.id);
      clearTimeout(timer);
      exec.conn = undefined;
      this.pool.release(conn, !exec.cancelRequested && !exec.timedOut);
      st.completedAt = new Date();
      st.executionMs = st.completedAt.getTime() - (st.startedAt?.getTime() ?? st.completedAt.getTime());
    }
  }

  private get(id: string): Execution {
    const e = this.executions.get(id);
    if (!e) throw new EngineError('NOT_FOUND', `no query execution ${id}`);
    return e;
  }

  async status(id: string): Promise<ExecutionStatus> {
    const s = statusSnapshot(this.get(id).status);
    if (s.state === 'QUEUED') s.queuePosition = this.lanes.position(id);
    if (s.state === 'RUNNING') {
      s.engineSeconds = this.meter.current(id);
      s.lane = this.lanes.laneOf(id) ?? s.lane;
    }
    return s;
  }

  /** Slots in use and queries waiting, per lane. */
  load(): Record<LaneName, LaneCounts> {
    return this.lanes.counts();
  }

  async budgetUsage(user: string): Promise<BudgetUsage> {
    const b = this.config.budget;
    return {
      measure: 'engine_seconds',
      used: this.ledger.used(user) + this.runningSecondsOf(user),
      limit: b.perUserSeconds,
      windowHours: b.windowHours,
      setting: 'embedded.budget.per_user',
    };
  }

  async results(id: string, page: ResultsPageRequest = {}): Promise<ResultsPage> {
    const exec = this.get(id);
    if (exec.status.state !== 'SUCCEEDED' || !exec.table || !exec.columns) {
      throw resultsNotReady(id, exec.status.state);
    }
    const offset = page.nextToken ? decodeToken(page.nextToken, id) : 0;
    const limit = Math.min(Math.max(1, page.maxResults ?? PAGE_DEFAULT), PAGE_MAX);
    const conn = await this.db.instance.connect();
    try {
      const r = await conn.runAndReadAll(`SELECT * FROM ${exec.table} LIMIT ${limit} OFFSET ${offset}`);
      const types = r.columnTypes();
      const rows = r.convertRows(resultValueConverter).map((row) => row.map((v, i) => toCell(v as never, types[i]!, exec.hints?.[i])));
      const end = offset + rows.length;
      return {
        columns: exec.columns,
        rows,
        nextToken: end < (exec.status.rowCount ?? 0) ? encodeToken(id, end) : undefined,
      };
    } finally {
      conn.closeSync();
    }
  }

  async cancel(id: string): Promise<void> {
    const exec = this.get(id);
    if (TERMINAL_STATES.has(exec.status.state)) return;
    exec.cancelRequested = true;
    if (exec.status.state === 'QUEUED') {
      this.lanes.remove(id);
      exec.status.state = 'CANCELLED';
      exec.status.completedAt = new Date();
      return;
    }
    this.interruptUntilDone(exec);
  }

  /** Stops DuckDB's work on the execution; its slot is free once the statement in flight gives up. */
  private interruptUntilDone(exec: Execution): void {
    // A statement submitted just after interrupt() would not see it: keep interrupting until the run ends.
    const stop = () => {
      if (TERMINAL_STATES.has(exec.status.state)) return;
      exec.conn?.interrupt();
      setTimeout(stop, 25).unref();
    };
    stop();
  }

  /** Drops the oldest finished executions and their result tables past the retention count. */
  private evictOld(): void {
    if (this.executions.size <= this.opts.retainExecutions) return;
    for (const [id, e] of this.executions) {
      if (this.executions.size <= this.opts.retainExecutions) break;
      if (!TERMINAL_STATES.has(e.status.state)) continue;
      this.executions.delete(id);
      if (e.table) void this.db.admin.run(`DROP TABLE IF EXISTS ${e.table}`).catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.followTimer);
    for (const e of this.executions.values()) {
      e.cancelRequested = true;
      e.conn?.interrupt();
    }
    this.lanes.clear();
    await this.lanes.onIdle();
    await this.ingestChain;
    await this.estimator.close();
    this.ingestor.close();
    this.pool.close();
    this.db.close();
  }
}

/** View column types by name, for the names that have one type in every view that has them. */
function columnTypesOf(catalog: Catalog): ReadonlyMap<string, string> {
  const types = new Map<string, Set<string>>();
  for (const view of catalog.views) {
    for (const c of [...LEADING_COLUMNS, ...view.columns]) {
      const set = types.get(c.name.toLowerCase()) ?? new Set<string>();
      set.add(c.type);
      types.set(c.name.toLowerCase(), set);
    }
  }
  return new Map([...types].filter(([, t]) => t.size === 1).map(([name, t]) => [name, [...t][0]!]));
}

/** A translator hint applies when DuckDB's type is the temporal kind the hint describes. */
function applicableHint(hint: ColumnHint | undefined, typeId: DuckDBTypeId): ColumnHint | undefined {
  if (!hint) return undefined;
  const timestampIds = [DuckDBTypeId.TIMESTAMP, DuckDBTypeId.TIMESTAMP_MS, DuckDBTypeId.TIMESTAMP_NS, DuckDBTypeId.TIMESTAMP_S];
  if (hint.type.startsWith('timestamp') && hint.type.endsWith('with time zone')) return typeId === DuckDBTypeId.TIMESTAMP_TZ ? hint : undefined;
  if (hint.type.startsWith('timestamp')) return timestampIds.includes(typeId) ? hint : undefined;
  if (hint.type.startsWith('time(')) return typeId === DuckDBTypeId.TIME ? hint : undefined;
  if (hint.type.startsWith('interval')) return typeId === DuckDBTypeId.INTERVAL ? hint : undefined;
  return undefined;
}

function describeFailure(e: unknown, restore?: (msg: string) => string) {
  if (e instanceof EngineError) return { kind: 'USER' as const, message: e.message };
  const raw = (e as Error)?.message ?? String(e);
  const msg = restore ? restore(raw) : raw;
  // DuckDB's binder, parser, conversion and invalid-input errors are the query's fault, like Athena's
  // ErrorCategory 2; anything else is ours. Judged on DuckDB's own words, before any rewording.
  const user = /^(Binder|Parser|Conversion|Invalid Input|Out of Range|Catalog|Not implemented|Invalid Error|Constraint) Error/i.test(raw);
  return { kind: user ? ('USER' as const) : ('SYSTEM' as const), message: trinoErrorMessage(msg.split('\n')[0]!.trim()) };
}

function encodeToken(id: string, offset: number): string {
  return Buffer.from(JSON.stringify({ id, o: offset })).toString('base64url');
}

function decodeToken(token: string, id: string): number {
  try {
    const t = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { id?: string; o?: number };
    if (t.id === id && Number.isInteger(t.o) && t.o! >= 0) return t.o!;
  } catch {
    // fall through
  }
  throw new EngineError('BAD_INPUT', 'the page token does not belong to this query execution; start from the first page');
}
