// Executes one report run: the report's queries, up to `concurrency` at once, each recorded in the
// run journal as it starts and finishes; then the result document; then the final state. Resuming an
// interrupted run is the same code: finished queries are read back from the journal, not re-run.
import { randomBytes } from 'node:crypto';
import PQueue from 'p-queue';
import type { QueryEngine, WindowDays } from '../engine/types';
import type { Clock } from './clock';
import { iso } from './clock';
import type { ReportDefinition } from './definitions';
import { collectQuery, knownExecution, startQuery, type ExecutedQuery } from './execute';
import { RunJournal } from './journal';
import { totalsOf, type QueryResult, type ReportResult, type ResultStore } from './results';
import type { ReportState, StateStore } from './state';

export interface RunnerDeps {
  engine: QueryEngine;
  states: StateStore;
  results: ResultStore;
  clock: Clock;
  owner: string;
  concurrency: number;
  heartbeatMs: number;
  /** Past runs kept per (report, days); older result documents are deleted. */
  keepRuns: number;
  onState: (state: ReportState) => void;
  /** True once the process is shutting down: the run is then left RUNNING for the next start to resume. */
  isClosing: () => boolean;
}

/** The run was left for a later resume because the process is shutting down. */
export class RunAbandonedError extends Error {
  constructor() {
    super('the gateway is shutting down; the run resumes on the next start');
    this.name = 'RunAbandonedError';
  }
}

export interface RunHandle {
  report: ReportDefinition;
  days: WindowDays;
  journal: RunJournal;
  /** The RUNNING state this runner owns, and its etag. */
  state: ReportState;
  etag: string;
}

/** Runs (or resumes) the run to the end; resolves with the final state (or the state someone else wrote). */
export async function executeRun(deps: RunnerDeps, run: RunHandle): Promise<ReportState> {
  const { report, days, journal } = run;
  let etag: string | undefined = run.etag;
  let current = run.state;
  // Heartbeat: tells other gateways this run is alive. Losing the swap means another runner took the
  // run over (we were presumed dead); we then finish our queries but leave the state to the new owner.
  const beat = async () => {
    if (etag === undefined) return;
    const next = { ...current, heartbeat_at: iso(deps.clock.now()) };
    const e = await deps.states.swap(next, etag).catch(() => etag);
    if (e === undefined) etag = undefined;
    else if (e !== etag) {
      etag = e;
      current = next;
    }
  };
  // Heartbeats are chained so the final state write never races one (it would lose the swap).
  let beating: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    beating = beating.then(beat);
  }, deps.heartbeatMs);
  timer.unref();
  try {
    const queue = new PQueue({ concurrency: deps.concurrency });
    const outcomes = await Promise.all(
      report.audit_queries.map((_q, i) => queue.add(() => runOne(deps, journal, report, days, i))),
    );
    const queries = outcomes as QueryResult[];
    if (deps.isClosing()) throw new RunAbandonedError();
    const failed = queries.filter((q) => q.status === 'FAILED');
    const status = failed.length ? 'FAILED' : 'READY';
    const error = failed.length ? failed.map((q) => `query ${q.name} failed: ${q.error}`).join('; ') : undefined;
    const header = await journal.header();
    const completedAt = iso(deps.clock.now());
    const result: ReportResult = {
      report: report.name,
      title: report.title,
      version: report.version,
      days,
      run_id: journal.runId,
      status,
      ...(error ? { error } : {}),
      started_at: header?.started_at ?? current.started_at,
      completed_at: completedAt,
      queries,
      totals: totalsOf(queries),
    };
    await deps.results.save(result);
    clearInterval(timer);
    await beating;
    if (etag === undefined) return current;
    const { owner: _owner, error: _previousError, ...rest } = current;
    const final: ReportState = {
      ...rest,
      status,
      updated_at: completedAt,
      completed_at: completedAt,
      heartbeat_at: completedAt,
      result_run_id: journal.runId,
      ...(error ? { error } : {}),
    };
    if ((await deps.states.swap(final, etag)) === undefined) return current;
    deps.onState(final);
    await journal.discard().catch(() => undefined); // leftovers are harmless; the result is saved
    await deps.results.prune(report.name, days, deps.keepRuns, journal.runId).catch(() => 0);
    return final;
  } finally {
    clearInterval(timer);
  }
}

async function runOne(deps: RunnerDeps, journal: RunJournal, report: ReportDefinition, days: WindowDays, i: number): Promise<QueryResult> {
  const q = report.audit_queries[i];
  const prior = await journal.entry(i);
  if (prior && prior.status !== 'RUNNING') return prior; // finished before an interruption
  const startedAt = prior?.status === 'RUNNING' ? prior.started_at : iso(deps.clock.now());
  let executed: ExecutedQuery;
  try {
    // Re-attach to an execution that outlived the previous runner (Athena keeps going); one the engine
    // no longer knows, or that was cancelled when the previous runner shut down, starts again.
    const known = prior?.status === 'RUNNING' ? await knownExecution(deps.engine, prior.execution_id) : undefined;
    let id = known && known.state !== 'CANCELLED' ? known.id : undefined;
    if (!id) {
      // The first start has a stable token (a crash before the journal write re-attaches through it);
      // a restart needs a new one, or the engine would hand back the cancelled execution.
      const token = prior ? `${journal.runId}-q${i}-${randomBytes(4).toString('hex')}` : `${journal.runId}-q${i}`;
      id = await startQuery(deps.engine, q.query, days, token);
      await journal.record(i, { status: 'RUNNING', execution_id: id, started_at: startedAt });
    }
    executed = await collectQuery(deps.engine, id);
  } catch (e) {
    if (deps.isClosing()) throw new RunAbandonedError();
    executed = { execution_id: '', ok: false, error: (e as Error).message, columns: [], rows: [], row_count: 0, truncated: false, execution_ms: 0, bytes_scanned: 0 };
  }
  // A query cut short by the engine closing under it is not a real failure: leave it for the resume.
  if (!executed.ok && deps.isClosing()) throw new RunAbandonedError();
  const result: QueryResult = {
    name: q.name,
    title: q.title,
    description: q.description,
    suggestion: q.suggestion,
    ...(q.chart ? { chart: q.chart } : {}),
    query: q.query,
    status: executed.ok ? 'SUCCEEDED' : 'FAILED',
    ...(executed.error ? { error: executed.error } : {}),
    ...(executed.execution_id ? { execution_id: executed.execution_id } : {}),
    columns: executed.columns,
    rows: executed.rows,
    row_count: executed.row_count,
    truncated: executed.truncated,
    execution_ms: executed.execution_ms,
    bytes_scanned: executed.bytes_scanned,
    started_at: startedAt,
    completed_at: iso(deps.clock.now()),
  };
  await journal.record(i, result);
  return result;
}
