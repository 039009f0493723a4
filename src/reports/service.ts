// ReportService: the one entry point the GraphQL resolvers, the CLI and the background scheduler use
// for reports: definitions, runs, states, results and history. Engine-neutral: it talks to the
// QueryEngine interface only.
import { EventEmitter } from 'node:events';
import { randomBytes } from 'node:crypto';
import { WINDOW_DAYS, type QueryEngine, type WindowDays } from '../engine/types';
import type { BlobStore } from './blobstore';
import { iso, systemClock, type Clock } from './clock';
import { loadBuiltinReports, type ReportDefinition, type SqlCheck } from './definitions';
import { badInput, ReportError } from './errors';
import { RunJournal } from './journal';
import { ReportStore } from './report-store';
import { ResultStore, type ReportResult, type ReportRunSummary } from './results';
import { executeRun } from './runner';
import { newOwnerId, ownerIsDeadLocalProcess, stateName, StateStore, type ReportState, type RunTrigger } from './state';

export interface ReportServiceOptions {
  engine: QueryEngine;
  store: BlobStore;
  clock?: Clock;
  /** The SQL guard, run on every query of a report being saved. */
  checkSql?: SqlCheck;
  queryConcurrency?: number;
  rerunThrottleMs?: number;
  runningTimeoutMs?: number;
  heartbeatMs?: number;
  /** Past runs kept per (report, days) (default 100). */
  keepRuns?: number;
  /** Pre-built reports to install on start (default: schema/reports). */
  builtins?: ReportDefinition[];
  owner?: string;
}

export function parseDays(days: unknown): WindowDays {
  if (!WINDOW_DAYS.includes(days as WindowDays)) {
    throw badInput(`days must be one of ${WINDOW_DAYS.join(', ')}, got ${JSON.stringify(days)}`);
  }
  return days as WindowDays;
}

/** Sortable by start time, unique across gateways. */
function newRunId(now: number): string {
  return `${iso(now).replace(/[-:]/g, '').replace('.', '')}-${randomBytes(4).toString('hex')}`;
}

export interface ReportServiceEvents {
  stateChanged: [ReportState];
}

export class ReportService extends EventEmitter<ReportServiceEvents> {
  readonly engine: QueryEngine;
  readonly reports: ReportStore;
  readonly states: StateStore;
  readonly results: ResultStore;
  readonly clock: Clock;
  readonly owner: string;
  private readonly active = new Map<string, Promise<ReportState>>();
  private closing = false;
  private readonly opts: Required<Pick<ReportServiceOptions, 'queryConcurrency' | 'rerunThrottleMs' | 'runningTimeoutMs' | 'heartbeatMs' | 'keepRuns'>>;

  constructor(private readonly options: ReportServiceOptions) {
    super();
    // Every GraphQL subscription to reportStateChanged is a listener; there may be many.
    this.setMaxListeners(0);
    this.engine = options.engine;
    this.clock = options.clock ?? systemClock;
    this.owner = options.owner ?? newOwnerId();
    this.reports = new ReportStore(options.store, options.checkSql);
    this.states = new StateStore(options.store);
    this.results = new ResultStore(options.store);
    this.opts = {
      queryConcurrency: options.queryConcurrency ?? 4,
      rerunThrottleMs: options.rerunThrottleMs ?? 60_000,
      runningTimeoutMs: options.runningTimeoutMs ?? 3_600_000,
      heartbeatMs: options.heartbeatMs ?? 10_000,
      keepRuns: options.keepRuns ?? 100,
    };
  }

  get location(): string {
    return this.options.store.location;
  }

  /** Installs newer pre-built reports and (unless resume is false) resumes runs a dead process left RUNNING. */
  async start(opts: { resume?: boolean } = {}): Promise<{ installed: string[]; resumed: string[] }> {
    const installed = await this.reports.installBuiltins(this.options.builtins ?? loadBuiltinReports());
    const resumed = (opts.resume ?? true) ? await this.resumeInterrupted() : [];
    return { installed, resumed };
  }

  /** Waits for the runs this process is executing. */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.active.values()]);
  }

  /**
   * For shutdown: runs still going are left RUNNING with their journal (nothing is marked FAILED
   * because the engine closes under them); the next start, here or on another gateway, resumes them.
   */
  close(): void {
    this.closing = true;
  }

  // ---- definitions ----
  listReports(): Promise<ReportDefinition[]> {
    return this.reports.list();
  }
  getReport(name: string): Promise<ReportDefinition> {
    return this.reports.get(name);
  }
  findReport(name: string): Promise<ReportDefinition | undefined> {
    return this.reports.find(name);
  }
  upsertReport(doc: unknown): Promise<ReportDefinition> {
    return this.reports.upsert(doc);
  }
  /** Deletes the definition and its states (so the scheduler stops); past results stay as history. */
  async deleteReport(name: string): Promise<boolean> {
    const existed = await this.reports.delete(name);
    if (existed) for (const d of WINDOW_DAYS) await this.states.delete(name, d);
    return existed;
  }

  // ---- states and results ----
  async getState(name: string, days: number): Promise<ReportState | undefined> {
    return (await this.states.get(name, parseDays(days)))?.state;
  }
  listStates(report?: string): Promise<ReportState[]> {
    return this.states.list(report);
  }
  /** The last finished run's result. */
  async getResult(name: string, days: number): Promise<ReportResult | undefined> {
    const st = await this.getState(name, days);
    if (st?.result_run_id) {
      const r = await this.results.get(name, days, st.result_run_id);
      if (r) return r;
    }
    return this.results.latest(name, days);
  }
  getRunResult(name: string, days: number, runId: string): Promise<ReportResult | undefined> {
    return this.results.get(name, parseDays(days), runId);
  }
  history(name: string, days: number, limit?: number): Promise<ReportRunSummary[]> {
    return this.results.history(name, parseDays(days), limit);
  }

  // ---- runs ----
  /** True when a RUNNING state has lost its runner: the process died, or it stopped heartbeating. */
  isAbandoned(st: ReportState): boolean {
    if (st.status !== 'RUNNING' || this.active.has(st.name)) return false;
    if (ownerIsDeadLocalProcess(st.owner)) return true;
    const beat = Date.parse(st.heartbeat_at ?? st.updated_at);
    return this.clock.now() - beat > 3 * this.opts.heartbeatMs;
  }

  /** RUNNING for longer than the running timeout (1 h): re-run from scratch. */
  isOverdue(st: ReportState): boolean {
    return st.status === 'RUNNING' && this.clock.now() - Date.parse(st.started_at) > this.opts.runningTimeoutMs;
  }

  /**
   * Starts a run unless one is already going (then returns that one's state). User runs are limited
   * to one per minute per (report, days); `force` replaces a RUNNING state (the 1 h rule).
   */
  async runReport(name: string, daysIn: number, opts: { trigger?: RunTrigger; force?: boolean; by?: string } = {}): Promise<ReportState> {
    const days = parseDays(daysIn);
    const trigger = opts.trigger ?? 'user';
    if (this.closing) throw new ReportError('UNAVAILABLE', 'the gateway is shutting down; run the report again in a moment');
    const report = await this.reports.get(name);
    for (let attempt = 0; attempt < 5; attempt++) {
      const cur = await this.states.get(name, days);
      const now = this.clock.now();
      if (cur?.state.status === 'RUNNING' && !opts.force && !this.isOverdue(cur.state)) {
        if (!this.isAbandoned(cur.state)) return cur.state;
        // Its runner died: finish that run from its journal rather than start over.
        const resumed = await this.resumeRun(cur.state);
        if (resumed) return resumed;
        continue;
      }
      const lastUser = cur?.state.last_user_run_at ? Date.parse(cur.state.last_user_run_at) : undefined;
      if (trigger === 'user' && lastUser !== undefined && now - lastUser < this.opts.rerunThrottleMs) {
        const wait = Math.ceil((this.opts.rerunThrottleMs - (now - lastUser)) / 1000);
        throw new ReportError(
          'LIMIT_EXCEEDED',
          `report ${name} for ${days} days was run at ${cur!.state.last_user_run_at}; runs are limited to one every ${Math.round(this.opts.rerunThrottleMs / 1000)} s per report and days, try again in ${wait} s`,
        );
      }
      const runId = newRunId(now);
      const journal = new RunJournal(this.options.store, name, days, runId);
      await journal.begin({ report, days, run_id: runId, started_at: iso(now) });
      const state: ReportState = {
        name: stateName(name, days),
        report: name,
        days,
        status: 'RUNNING',
        updated_at: iso(now),
        run_id: runId,
        started_at: iso(now),
        owner: this.owner,
        heartbeat_at: iso(now),
        trigger,
        ...(trigger === 'user' && opts.by ? { triggered_by: opts.by } : {}),
        ...(trigger === 'user' ? { last_user_run_at: iso(now) } : cur?.state.last_user_run_at ? { last_user_run_at: cur.state.last_user_run_at } : {}),
        ...(cur?.state.result_run_id ? { result_run_id: cur.state.result_run_id } : {}),
      };
      const etag = await this.states.swap(state, cur?.etag);
      if (etag === undefined) {
        await journal.discard(); // another gateway changed the state first; look again
        continue;
      }
      this.emit('stateChanged', state);
      this.launch({ report, days, journal, state, etag });
      return state;
    }
    throw new ReportError('UNAVAILABLE', `could not start report ${name} for ${days} days: its state keeps changing; try again`);
  }

  /** Resolves when the (report, days) run is no longer RUNNING, with its final state. */
  async waitForRun(name: string, days: number, pollMs = 250): Promise<ReportState> {
    const key = stateName(name, parseDays(days));
    for (;;) {
      const mine = this.active.get(key);
      if (mine) await mine;
      const st = await this.getState(name, days);
      if (!st) throw new ReportError('NOT_FOUND', `report ${name} has never run for ${days} days`);
      if (st.status !== 'RUNNING') return st;
      await new Promise((r) => setTimeout(r, pollMs));
    }
  }

  /** Takes over every abandoned RUNNING run and resumes it from its journal. Returns the state names. */
  async resumeInterrupted(): Promise<string[]> {
    const resumed: string[] = [];
    for (const st of await this.states.list()) {
      if (!this.isAbandoned(st) || this.isOverdue(st)) continue;
      if (await this.resumeRun(st)) resumed.push(st.name);
    }
    return resumed;
  }

  /** Takes over one abandoned run (compare-and-swap on its state) and resumes it; undefined if someone else did. */
  private async resumeRun(st: ReportState): Promise<ReportState | undefined> {
    const report = await this.reports.find(st.report);
    if (!report) return undefined;
    const cur = await this.states.get(st.report, st.days);
    if (!cur || cur.state.run_id !== st.run_id || !this.isAbandoned(cur.state)) return undefined;
    const next: ReportState = { ...cur.state, owner: this.owner, heartbeat_at: iso(this.clock.now()), trigger: 'recovery' };
    const etag = await this.states.swap(next, cur.etag);
    if (etag === undefined) return undefined; // another gateway took it over
    const journal = new RunJournal(this.options.store, st.report, st.days, st.run_id);
    // The run goes on with the definition it started with, not a later edit.
    const header = await journal.header();
    if (!header) await journal.begin({ report, days: st.days, run_id: st.run_id, started_at: st.started_at });
    this.launch({ report: header?.report ?? report, days: st.days, journal, state: next, etag });
    return next;
  }

  private launch(run: Parameters<typeof executeRun>[1]): void {
    const key = run.state.name;
    const p = executeRun(
      {
        engine: this.engine,
        states: this.states,
        results: this.results,
        clock: this.clock,
        owner: this.owner,
        concurrency: this.opts.queryConcurrency,
        heartbeatMs: this.opts.heartbeatMs,
        keepRuns: this.opts.keepRuns,
        onState: (s) => this.emit('stateChanged', s),
        isClosing: () => this.closing,
      },
      run,
    ).finally(() => {
      if (this.active.get(key) === p) this.active.delete(key);
    });
    // A storage failure while finishing leaves the state RUNNING; the heartbeat stops and recovery resumes it.
    p.catch(() => undefined);
    this.active.set(key, p);
  }
}
