// For automation that cannot hold a WebSocket: waitForQuery long-polls an execution until it is
// terminal (or the timeout passes) in one plain HTTP request.
import { IsNotEmpty, Max, MaxLength, Min } from 'class-validator';
import { Args, ArgsType, Ctx, Field, ID, Int, Query, Resolver } from 'type-graphql';
import { authorize } from '../auth/rbac';
import { MAX_WAIT_SECONDS, waitForExecution } from '../automation/wait';
import type { GatewayContext } from './context';
import { QueryExecution, toQueryExecution } from './executions';

@ArgsType()
export class WaitForQueryArgs {
  @Field(() => ID)
  @IsNotEmpty()
  @MaxLength(200)
  id!: string;

  @Field(() => Int, { defaultValue: 30, description: `Longest wait, 0-${MAX_WAIT_SECONDS} seconds.` })
  @Min(0)
  @Max(MAX_WAIT_SECONDS)
  timeoutSeconds!: number;
}

@Resolver()
export class AutomationResolver {
  @Query(() => QueryExecution, {
    description: `Waits until one of your executions is SUCCEEDED, FAILED or CANCELLED, or timeoutSeconds pass (at most ${MAX_WAIT_SECONDS}), and returns its state: a subscription-free way to follow a query. Call again while it is not terminal.`,
  })
  async waitForQuery(@Args(() => WaitForQueryArgs) { id, timeoutSeconds }: WaitForQueryArgs, @Ctx() ctx: GatewayContext): Promise<QueryExecution> {
    authorize(ctx.principal, 'audit_query', 'use');
    return toQueryExecution(await waitForExecution(ctx.services.executions, ctx.principal, id, timeoutSeconds));
  }
}
