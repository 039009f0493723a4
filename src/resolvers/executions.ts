// Ad-hoc queries: run, watch, page results, cancel. All need `use` on audit_query; executions are
// private to the user who started them.
import { IsIn, IsNotEmpty, IsOptional, Max, MaxLength, Min } from 'class-validator';
import {
  Args,
  ArgsType,
  Ctx,
  Field,
  Float,
  ID,
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
import { GraphQLJSON } from 'graphql-scalars';
import { authorize } from '../auth/rbac';
import { WINDOW_DAYS, type Cell, type ExecutionStatus, type WindowDays } from '../engine/types';
import { clientTokensFor } from '../automation/client-tokens';
import { toApiRows } from '../executions/cells';
import { MAX_SQL_LENGTH } from '../store';
import { apiError } from '../errors/api-error';
import type { GatewayContext } from './context';
import { PageInfo } from './pagination';

export enum QueryStateValue {
  QUEUED = 'QUEUED',
  RUNNING = 'RUNNING',
  SUCCEEDED = 'SUCCEEDED',
  FAILED = 'FAILED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(QueryStateValue, { name: 'QueryState', description: 'Lifecycle of a query execution.' });

export const MAX_RESULTS_PAGE = 1000;
// Signed cluster ids carry the owner (up to 255 bytes) and the Athena id: up to about 400 characters.
const MAX_ID_LENGTH = 512;

@ObjectType({ simpleResolvers: true, description: 'Why an execution failed.' })
export class QueryExecutionError {
  @Field(() => String, { description: 'QUERY_FAILED (the SQL is at fault) or ENGINE_FAILED (the engine is).' })
  code!: string;

  @Field(() => String)
  message!: string;
}

@ObjectType({ simpleResolvers: true, description: 'One run of an SQL query over a time window.' })
export class QueryExecution {
  @Field(() => ID)
  id!: string;

  @Field(() => QueryStateValue)
  state!: QueryStateValue;

  @Field(() => String)
  sql!: string;

  @Field(() => Int)
  days!: number;

  @Field(() => QueryExecutionError, { nullable: true })
  error?: QueryExecutionError;

  @Field(() => String, { description: 'ISO-8601.' })
  submittedAt!: string;

  @Field(() => String, { nullable: true, description: 'ISO-8601.' })
  startedAt?: string;

  @Field(() => String, { nullable: true, description: 'ISO-8601.' })
  completedAt?: string;

  @Field(() => Float, { nullable: true, description: 'Engine time in milliseconds, once finished.' })
  executionMs?: number;

  @Field(() => Float, { nullable: true, description: 'Result rows, once SUCCEEDED.' })
  rowCount?: number;

  @Field(() => Float, { nullable: true })
  bytesScanned?: number;

  @Field(() => Int, {
    nullable: true,
    description: 'While QUEUED: its place in the queue (1 starts next), where the engine knows it (embedded engine, fair between users).',
  })
  queuePosition?: number;

  @Field(() => String, {
    nullable: true,
    description: 'Embedded engine: light, or heavy when its estimated cost is at or above embedded.limits.heavy_estimated_rows (heavy queries have slots of their own).',
  })
  lane?: string;

  @Field(() => Float, { nullable: true, description: "Embedded engine: rows its plan handles, estimated before it ran (DuckDB's EXPLAIN, corrected for the window)." })
  estimatedRows?: number;

  @Field(() => Float, {
    nullable: true,
    description: 'Embedded engine: engine-seconds charged so far (wall time x DuckDB threads, shared among the queries running at once), counted against embedded.budget.per_user.',
  })
  engineSeconds?: number;
}

@ObjectType({ simpleResolvers: true, description: 'A result column: name and Trino type.' })
export class ResultColumn {
  @Field(() => String)
  name!: string;

  @Field(() => String)
  type!: string;
}

/** Pages are cached by the execution service and never change: each is converted for the API once. */
const apiRows = new WeakMap<object, ResultRow[]>();

@ObjectType({ simpleResolvers: true, description: 'One result row; cells follow `columns`.' })
export class ResultRow {
  @Field(() => [GraphQLJSON], {
    nullable: 'items',
    description:
      'Cells: numbers as numbers, bigint/decimal as strings, booleans, lists, rows as objects, timestamps as ISO-8601 (UTC), NULL as null.',
  })
  data!: Cell[];
}

@ObjectType({ simpleResolvers: true, description: 'A page of results.' })
export class QueryResultsPage {
  @Field(() => [ResultColumn])
  columns!: ResultColumn[];

  @Field(() => [ResultRow])
  rows!: ResultRow[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}

@ArgsType()
export class RunQueryArgs {
  @Field(() => String, { description: 'One Trino SELECT over the audit views.' })
  @IsNotEmpty({ message: 'sql must not be empty' })
  @MaxLength(MAX_SQL_LENGTH)
  sql!: string;

  @Field(() => Int, { defaultValue: 7, description: 'Time window: 7, 30, 90 or 120 days up to today.' })
  @IsIn([...WINDOW_DAYS], { message: `days must be one of ${WINDOW_DAYS.join(', ')}` })
  days!: number;

  @Field(() => String, {
    nullable: true,
    description: 'Idempotency token (e.g. a UUID): the same token from you within 24 hours returns the same execution instead of starting another.',
  })
  @IsOptional()
  @MaxLength(128)
  clientRequestToken?: string;
}

@ArgsType()
export class ExecutionIdArgs {
  @Field(() => ID)
  @IsNotEmpty()
  @MaxLength(MAX_ID_LENGTH)
  id!: string;
}

@ArgsType()
export class QueryResultsArgs extends ExecutionIdArgs {
  @Field(() => Int, { defaultValue: 100 })
  @Min(1)
  @Max(MAX_RESULTS_PAGE)
  first!: number;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(4096)
  after?: string;
}

const iso = (d?: Date) => (d ? d.toISOString() : undefined);

export function toQueryExecution(s: ExecutionStatus): QueryExecution {
  return {
    id: s.id,
    state: s.state as QueryStateValue,
    sql: s.sql,
    days: s.days,
    error: s.error ? { code: s.error.kind === 'USER' ? 'QUERY_FAILED' : 'ENGINE_FAILED', message: s.error.message } : undefined,
    submittedAt: s.submittedAt.toISOString(),
    startedAt: iso(s.startedAt),
    completedAt: iso(s.completedAt),
    executionMs: s.executionMs,
    rowCount: s.rowCount,
    bytesScanned: s.bytesScanned,
    queuePosition: s.state === 'QUEUED' ? s.queuePosition : undefined,
    lane: s.lane,
    estimatedRows: s.estimatedRows,
    engineSeconds: s.engineSeconds === undefined ? undefined : Math.round(s.engineSeconds * 1000) / 1000,
  };
}

async function watchStatus({ args, context }: SubscribeResolverData<unknown, { id?: unknown }, GatewayContext>) {
  authorize(context.principal, 'audit_query', 'use');
  const id = args.id;
  if (typeof id !== 'string' || !id || id.length > MAX_ID_LENGTH) throw apiError('BAD_USER_INPUT', 'id must be an execution id');
  return context.services.executions.watch(context.principal, id);
}

@Resolver()
export class ExecutionResolver {
  @Mutation(() => QueryExecution, { description: 'Starts a query (needs use on audit_query); poll queryExecution or subscribe to queryStatus.' })
  async runQuery(@Args(() => RunQueryArgs) { sql, days, clientRequestToken }: RunQueryArgs, @Ctx() ctx: GatewayContext): Promise<QueryExecution> {
    authorize(ctx.principal, 'audit_query', 'use');
    if (clientRequestToken !== undefined) {
      const tokens = clientTokensFor(ctx.services.config.dataDir);
      return toQueryExecution(await tokens.start(ctx.services.executions, ctx.principal, sql, days as WindowDays, clientRequestToken));
    }
    return toQueryExecution(await ctx.services.executions.start(ctx.principal, sql, days as WindowDays));
  }

  @Query(() => QueryExecution, { description: 'State, timings and counts of one of your executions.' })
  async queryExecution(@Args(() => ExecutionIdArgs) { id }: ExecutionIdArgs, @Ctx() ctx: GatewayContext): Promise<QueryExecution> {
    authorize(ctx.principal, 'audit_query', 'use');
    return toQueryExecution(await ctx.services.executions.status(ctx.principal, id));
  }

  @Query(() => QueryResultsPage, { description: 'A page of a SUCCEEDED execution\'s rows.' })
  async queryResults(@Args(() => QueryResultsArgs) args: QueryResultsArgs, @Ctx() ctx: GatewayContext): Promise<QueryResultsPage> {
    authorize(ctx.principal, 'audit_query', 'use');
    const page = await ctx.services.executions.results(ctx.principal, args.id, { maxResults: args.first, nextToken: args.after });
    let rows = apiRows.get(page);
    if (!rows) {
      rows = toApiRows(page.rows, page.columns.map((c) => c.type)).map((data) => ({ data }));
      apiRows.set(page, rows);
    }
    return {
      columns: page.columns,
      rows,
      pageInfo: { hasNextPage: page.nextToken !== undefined, endCursor: page.nextToken },
    };
  }

  @Query(() => String, {
    description:
      "A time-limited URL of a SUCCEEDED execution's whole result as CSV (Athena: a presigned S3 URL; embedded engine: a signed link to GET /v1/executions/{id}/results, which also takes format=ndjson|json).",
  })
  async queryResultsExportUrl(@Args(() => ExecutionIdArgs) { id }: ExecutionIdArgs, @Ctx() ctx: GatewayContext): Promise<string> {
    authorize(ctx.principal, 'audit_query', 'use');
    return ctx.services.executions.exportUrl(ctx.principal, id, ctx.baseUrl);
  }

  @Mutation(() => QueryExecution, { description: 'Cancels one of your executions; a finished one stays as it is.' })
  async cancelQuery(@Args(() => ExecutionIdArgs) { id }: ExecutionIdArgs, @Ctx() ctx: GatewayContext): Promise<QueryExecution> {
    authorize(ctx.principal, 'audit_query', 'use');
    return toQueryExecution(await ctx.services.executions.cancel(ctx.principal, id));
  }

  @Subscription(() => QueryExecution, {
    subscribe: watchStatus,
    description: 'Every state the execution enters, oldest first, ending with a terminal one; while QUEUED, also each change of its queuePosition.',
  })
  queryStatus(@Root() status: ExecutionStatus, @Args(() => ExecutionIdArgs) _args: ExecutionIdArgs): QueryExecution {
    return toQueryExecution(status);
  }
}
