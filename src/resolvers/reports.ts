// Security reports: definitions, runs, states, results and history (Teleport's SecReports surface).
// RBAC on security_report: list+read to list, read to get and see states, use to run a report and
// read its results, create+update to save one, delete to delete one.
import { on } from 'node:events';
import { IsIn, IsOptional, Matches, MaxLength } from 'class-validator';
import {
  Arg,
  Args,
  ArgsType,
  Ctx,
  Field,
  FieldResolver,
  Float,
  InputType,
  Int,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  Root,
  Subscription,
  registerEnumType,
  type SubscribeResolverData,
} from 'type-graphql';
import { authorize } from '../auth/rbac';
import { WINDOW_DAYS } from '../engine/types';
import { toApiRows } from '../executions/cells';
import { chartSeries } from '../reports/chart';
import type { ChartHint as ChartHintData, ReportDefinition } from '../reports/definitions';
import type { QueryResult as StoredQueryResult, ReportResult as StoredReportResult, ReportRunSummary } from '../reports/results';
import type { ReportsRuntime } from '../reports/runtime';
import type { ReportState as StoredReportState } from '../reports/state';
import { apiError } from '../errors/api-error';
import type { GatewayContext } from './context';
import { loadersOf, resultKey, windowStates } from './loaders';
import { reportsOf } from './reports-runtime';
import { ResultColumn, ResultRow } from './executions';

export enum ReportStatusValue {
  RUNNING = 'RUNNING',
  READY = 'READY',
  FAILED = 'FAILED',
}
registerEnumType(ReportStatusValue, { name: 'ReportStatus', description: 'State of a report run.' });

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;
const NAME_RULE = 'must be letters, digits, "_", "." or "-", starting with a letter or digit (at most 128)';


@ObjectType({ simpleResolvers: true, description: 'How to draw a query result: x, y and series name result columns.' })
export class ChartHint {
  @Field(() => String, { description: 'bar, line or table.' })
  type!: string;

  @Field(() => String, { nullable: true })
  x?: string;

  @Field(() => String, { nullable: true })
  y?: string;

  @Field(() => String, { nullable: true })
  series?: string;
}

@ObjectType({ simpleResolvers: true, description: 'One query of a security report.' })
export class ReportQuery {
  @Field(() => String)
  name!: string;

  @Field(() => String)
  title!: string;

  @Field(() => String)
  description!: string;

  @Field(() => String, { description: 'Trino SQL over the audit views.' })
  query!: string;

  @Field(() => String, { description: 'What to do about what the query finds.' })
  suggestion!: string;

  @Field(() => ChartHint, { nullable: true })
  chart?: ChartHint;
}

@ObjectType({ simpleResolvers: true, description: 'A security report (security_report resource).' })
export class SecurityReport {
  @Field(() => String)
  name!: string;

  @Field(() => String)
  title!: string;

  @Field(() => String)
  description!: string;

  @Field(() => String, { description: 'Semantic version; pre-built reports are re-installed when the shipped one is newer.' })
  version!: string;

  @Field(() => [ReportQuery], { description: 'The audit queries, in report order.' })
  auditQueries!: ReportQuery[];
}

@ObjectType({ simpleResolvers: true, description: 'Run state of a report over a time window (security_report_state `<report>_<days>_days`).' })
export class ReportState {
  @Field(() => String, { description: '<report>_<days>_days' })
  name!: string;

  @Field(() => String)
  report!: string;

  @Field(() => Int)
  days!: number;

  @Field(() => ReportStatusValue)
  status!: ReportStatusValue;

  @Field(() => String, { description: 'When the status last changed (ISO-8601).' })
  updatedAt!: string;

  @Field(() => String, { description: 'The current or last run.' })
  runId!: string;

  @Field(() => String)
  startedAt!: string;

  @Field(() => String, { nullable: true })
  completedAt?: string;

  @Field(() => String, { nullable: true, description: 'Why the last run failed.' })
  error?: string;

  @Field(() => String, { nullable: true, description: 'What started the current or last run: user, scheduler or recovery.' })
  trigger?: string;

  @Field(() => String, { nullable: true, description: 'The user who asked for the current or last run, when a user did.' })
  triggeredBy?: string;
}

@ObjectType({ simpleResolvers: true, description: 'A point of a chart series.' })
export class ChartPoint {
  @Field(() => String)
  x!: string;

  @Field(() => Float)
  y!: number;
}

@ObjectType({ simpleResolvers: true, description: 'One series of a chart (e.g. one user), points in x order.' })
export class ChartSeries {
  @Field(() => String)
  name!: string;

  @Field(() => [ChartPoint])
  points!: ChartPoint[];
}

@ObjectType({ simpleResolvers: true, description: 'Totals over a report run.' })
export class ReportTotals {
  @Field(() => Int)
  queries!: number;

  @Field(() => Int)
  succeeded!: number;

  @Field(() => Int)
  failed!: number;

  @Field(() => Float)
  rows!: number;

  @Field(() => Float)
  executionMs!: number;

  @Field(() => Float)
  bytesScanned!: number;
}

@ObjectType({ simpleResolvers: true, description: "One query's outcome in a report run." })
export class ReportQueryResult extends ReportQuery {
  @Field(() => String, { description: 'SUCCEEDED or FAILED.' })
  status!: string;

  @Field(() => String, { nullable: true })
  error?: string;

  @Field(() => [ResultColumn])
  columns!: ResultColumn[];

  @Field(() => [ResultRow], { description: 'Typed cells, as queryResults serves them.' })
  rows!: ResultRow[];

  @Field(() => Float)
  rowCount!: number;

  @Field(() => Boolean, { description: 'More rows were returned than a report keeps; rows holds the first ones.' })
  truncated!: boolean;

  @Field(() => Float)
  executionMs!: number;

  @Field(() => Float)
  bytesScanned!: number;

  @Field(() => [ChartSeries], { description: 'Chart-ready series from the chart hint (e.g. event_date x count per user).' })
  series!: ChartSeries[];
}

@ObjectType({ simpleResolvers: true, description: 'A past run of a report.' })
export class ReportRun {
  @Field(() => String)
  runId!: string;

  @Field(() => ReportStatusValue)
  status!: ReportStatusValue;

  @Field(() => String, { nullable: true })
  error?: string;

  @Field(() => String)
  startedAt!: string;

  @Field(() => String)
  completedAt!: string;

  @Field(() => ReportTotals)
  totals!: ReportTotals;
}

@ObjectType({ simpleResolvers: true, description: 'The result of one report run.' })
export class ReportResult extends ReportRun {
  @Field(() => String)
  report!: string;

  @Field(() => String)
  title!: string;

  @Field(() => String)
  version!: string;

  @Field(() => Int)
  days!: number;

  @Field(() => [ReportQueryResult])
  queries!: ReportQueryResult[];
}

@InputType()
export class ChartHintInput {
  @Field(() => String, { defaultValue: 'bar' })
  @IsIn(['bar', 'line', 'table'], { message: 'chart.type must be bar, line or table' })
  type!: string;

  @Field(() => String, { nullable: true })
  x?: string;

  @Field(() => String, { nullable: true })
  y?: string;

  @Field(() => String, { nullable: true })
  series?: string;
}

@InputType()
export class ReportQueryInput {
  @Field(() => String)
  @Matches(NAME, { message: `query name ${NAME_RULE}` })
  name!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(200)
  title?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(2000)
  description?: string;

  @Field(() => String)
  @MaxLength(100_000)
  query!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(2000)
  suggestion?: string;

  @Field(() => ChartHintInput, { nullable: true })
  chart?: ChartHintInput;
}

@InputType({ description: 'A security report to create or replace; every query must pass the SQL guard.' })
export class SecurityReportInput {
  @Field(() => String)
  @Matches(NAME, { message: `name ${NAME_RULE}` })
  name!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(200)
  title?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(2000)
  description?: string;

  @Field(() => String, { defaultValue: '0.0.1' })
  version!: string;

  @Field(() => [ReportQueryInput])
  auditQueries!: ReportQueryInput[];
}

@ArgsType()
export class ReportNameArgs {
  @Field(() => String)
  @Matches(NAME, { message: `name ${NAME_RULE}` })
  name!: string;
}

@ArgsType()
export class ReportWindowArgs extends ReportNameArgs {
  @Field(() => Int, { defaultValue: 7, description: 'Time window: 7, 30, 90 or 120 days.' })
  @IsIn([...WINDOW_DAYS], { message: `days must be one of ${WINDOW_DAYS.join(', ')}` })
  days!: number;
}

@ArgsType()
export class ReportResultArgs extends ReportWindowArgs {
  @Field(() => String, { nullable: true, description: 'A past run (see reportRuns); default the last finished one.' })
  @IsOptional()
  @MaxLength(100)
  runId?: string;
}

@ArgsType()
export class ReportStatesArgs {
  @Field(() => String, { nullable: true, description: "Only this report's states." })
  @IsOptional()
  @Matches(NAME, { message: `name ${NAME_RULE}` })
  name?: string;
}

@ArgsType()
export class ReportStateChangedArgs extends ReportStatesArgs {
  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsIn([...WINDOW_DAYS], { message: `days must be one of ${WINDOW_DAYS.join(', ')}` })
  days?: number;
}

function chart(h: ChartHintData | undefined): ChartHint | undefined {
  return h ? { type: h.type, x: h.x, y: h.y, series: h.series } : undefined;
}

export function toSecurityReport(r: ReportDefinition): SecurityReport {
  return {
    name: r.name,
    title: r.title,
    description: r.description,
    version: r.version,
    auditQueries: r.audit_queries.map((q) => ({ ...q, chart: chart(q.chart) })),
  };
}

export function toReportState(s: StoredReportState): ReportState {
  return {
    name: s.name,
    report: s.report,
    days: s.days,
    status: s.status as ReportStatusValue,
    updatedAt: s.updated_at,
    runId: s.run_id,
    startedAt: s.started_at,
    completedAt: s.completed_at,
    error: s.error,
    trigger: s.trigger,
    triggeredBy: s.trigger === 'user' ? s.triggered_by : undefined,
  };
}

function totals(t: StoredReportResult['totals']): ReportTotals {
  return { queries: t.queries, succeeded: t.succeeded, failed: t.failed, rows: t.rows, executionMs: t.execution_ms, bytesScanned: t.bytes_scanned };
}

function toQueryResult(q: StoredQueryResult): ReportQueryResult {
  const types = q.columns.map((c) => c.type);
  return {
    name: q.name,
    title: q.title,
    description: q.description,
    suggestion: q.suggestion,
    query: q.query,
    status: q.status,
    error: q.error,
    columns: q.columns,
    rows: toApiRows(q.rows, types).map((data) => ({ data })),
    rowCount: q.row_count,
    truncated: q.truncated,
    executionMs: q.execution_ms,
    bytesScanned: q.bytes_scanned,
    chart: chart(q.chart),
    series: chartSeries(q.chart, q.columns, q.rows),
  };
}

export function toReportResult(r: StoredReportResult): ReportResult {
  return {
    report: r.report,
    title: r.title,
    version: r.version,
    days: r.days,
    runId: r.run_id,
    status: r.status as ReportStatusValue,
    error: r.error,
    startedAt: r.started_at,
    completedAt: r.completed_at,
    totals: totals(r.totals),
    queries: r.queries.map(toQueryResult),
  };
}

function toReportRun(r: ReportRunSummary): ReportRun {
  return { runId: r.run_id, status: r.status as ReportStatusValue, error: r.error, startedAt: r.started_at, completedAt: r.completed_at, totals: totals(r.totals) };
}

/** Checks access when the subscription starts (not on its first event), then streams matching states. */
function stateChanges({ args, context }: SubscribeResolverData<unknown, { name?: string | null; days?: number | null }, GatewayContext>) {
  authorize(context.principal, 'security_report', 'read');
  return matchingStates(reportsOf(context).reports, args.name ?? undefined, args.days ?? undefined);
}

async function* matchingStates(service: ReportsRuntime['reports'], name?: string, days?: number): AsyncGenerator<StoredReportState> {
  // events.on ends (and removes its listener) when the client unsubscribes and the iterator returns.
  for await (const [state] of on(service, 'stateChanged')) {
    const s = state as StoredReportState;
    if ((name === undefined || s.report === name) && (days === undefined || s.days === days)) yield s;
  }
}

@Resolver()
export class ReportResolver {
  @Query(() => [SecurityReport], { description: 'Every security report (needs list and read on security_report).' })
  async reports(@Ctx() ctx: GatewayContext): Promise<SecurityReport[]> {
    authorize(ctx.principal, 'security_report', 'list', 'read');
    return (await reportsOf(ctx).reports.listReports()).map(toSecurityReport);
  }

  @Query(() => SecurityReport, { description: 'One security report (needs read on security_report).' })
  async report(@Args(() => ReportNameArgs) { name }: ReportNameArgs, @Ctx() ctx: GatewayContext): Promise<SecurityReport> {
    authorize(ctx.principal, 'security_report', 'read');
    return toSecurityReport(await reportsOf(ctx).reports.getReport(name));
  }

  @Query(() => ReportResult, {
    nullable: true,
    description: "A report's last finished result over a window, or a past run's (needs read and use on security_report); null before the first run.",
  })
  async reportResult(@Args(() => ReportResultArgs) { name, days, runId }: ReportResultArgs, @Ctx() ctx: GatewayContext): Promise<ReportResult | null> {
    authorize(ctx.principal, 'security_report', 'read', 'use');
    const svc = reportsOf(ctx).reports;
    await svc.getReport(name);
    const r = runId ? await svc.getRunResult(name, days, runId) : await svc.getResult(name, days);
    return r ? toReportResult(r) : null;
  }

  @Query(() => [ReportRun], { description: 'Past runs of a report over a window, newest first (needs read on security_report).' })
  async reportRuns(@Args(() => ReportWindowArgs) { name, days }: ReportWindowArgs, @Ctx() ctx: GatewayContext): Promise<ReportRun[]> {
    authorize(ctx.principal, 'security_report', 'read');
    return (await reportsOf(ctx).reports.history(name, days)).map(toReportRun);
  }

  @Query(() => [ReportState], { description: 'Run states of every report, or of one (needs list and read on security_report).' })
  async reportStates(@Args(() => ReportStatesArgs) { name }: ReportStatesArgs, @Ctx() ctx: GatewayContext): Promise<ReportState[]> {
    authorize(ctx.principal, 'security_report', 'list', 'read');
    return (await reportsOf(ctx).reports.listStates(name ?? undefined)).map(toReportState);
  }

  @Query(() => ReportState, { nullable: true, description: 'Run state of a report over a window; null before its first run (needs read on security_report).' })
  async reportState(@Args(() => ReportWindowArgs) { name, days }: ReportWindowArgs, @Ctx() ctx: GatewayContext): Promise<ReportState | null> {
    authorize(ctx.principal, 'security_report', 'read');
    const st = await reportsOf(ctx).reports.getState(name, days);
    return st ? toReportState(st) : null;
  }

  @Mutation(() => ReportState, {
    description: 'Starts a run (or returns the one in progress); one user run a minute per report and window, else LIMIT_EXCEEDED (needs use on security_report).',
  })
  async runReport(@Args(() => ReportWindowArgs) { name, days }: ReportWindowArgs, @Ctx() ctx: GatewayContext): Promise<ReportState> {
    authorize(ctx.principal, 'security_report', 'use');
    return toReportState(await reportsOf(ctx).reports.runReport(name, days, { trigger: 'user', by: ctx.principal.user }));
  }

  @Mutation(() => SecurityReport, { description: 'Creates or replaces a report; every query must pass the SQL guard (needs create and update on security_report).' })
  async upsertReport(@Arg('input', () => SecurityReportInput) input: SecurityReportInput, @Ctx() ctx: GatewayContext): Promise<SecurityReport> {
    authorize(ctx.principal, 'security_report', 'create', 'update');
    const { auditQueries, ...rest } = input;
    return toSecurityReport(await reportsOf(ctx).reports.upsertReport({ ...rest, audit_queries: auditQueries.map((q) => ({ ...q })) }));
  }

  @Mutation(() => Boolean, { description: 'Deletes a report and its states; past results stay (needs delete on security_report).' })
  async deleteReport(@Args(() => ReportNameArgs) { name }: ReportNameArgs, @Ctx() ctx: GatewayContext): Promise<boolean> {
    authorize(ctx.principal, 'security_report', 'delete');
    if (!(await reportsOf(ctx).reports.deleteReport(name))) throw apiError('NOT_FOUND', `security_report ${name} not found`);
    return true;
  }

  @Subscription(() => ReportState, {
    subscribe: stateChanges,
    description: 'Report states as this gateway changes them (run started, finished, failed), optionally for one report and window.',
  })
  reportStateChanged(@Root() state: StoredReportState, @Args(() => ReportStateChangedArgs) _args: ReportStateChangedArgs): ReportState {
    return toReportState(state);
  }
}

@ArgsType()
export class ReportLastResultArgs {
  @Field(() => Int, { description: 'Time window: 7, 30, 90 or 120 days.' })
  @IsIn([...WINDOW_DAYS], { message: `days must be one of ${WINDOW_DAYS.join(', ')}` })
  days!: number;
}

/** Fields of a report that read its states and results, batched per request (see loaders.ts). */
@Resolver(() => SecurityReport)
export class SecurityReportFieldResolver {
  @FieldResolver(() => [ReportState], { description: 'The run state of each window that has one (needs read on security_report).' })
  async states(@Root() report: SecurityReport, @Ctx() ctx: GatewayContext): Promise<ReportState[]> {
    authorize(ctx.principal, 'security_report', 'read');
    return (await windowStates(ctx, report.name)).map(toReportState);
  }

  @FieldResolver(() => ReportRun, { nullable: true, description: "The window's last finished run, without its rows; null before the first (needs read and use on security_report)." })
  async lastRun(@Root() report: SecurityReport, @Args(() => ReportLastResultArgs) { days }: ReportLastResultArgs, @Ctx() ctx: GatewayContext): Promise<ReportRun | null> {
    authorize(ctx.principal, 'security_report', 'read', 'use');
    const [state] = (await windowStates(ctx, report.name)).filter((s) => s.days === days);
    if (!state?.result_run_id) return null;
    const r = await loadersOf(ctx).reportResult.load(resultKey(report.name, days, state.result_run_id));
    return r ? toReportRun(r) : null;
  }
}
