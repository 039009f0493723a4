// Detections (automated response actions): a saved query on a schedule, a condition on its rows,
// webhook / Slack actions. Creating, deleting or running one needs `use` on audit_query (it runs a
// query on the caller's behalf); listing needs list and read. Webhook secrets are never returned.
import { IsIn, IsInt, IsOptional, Matches, Max, MaxLength, Min } from 'class-validator';
import { GraphQLJSON } from 'graphql-scalars';
import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, InputType, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { authorize } from '../auth/rbac';
import { WINDOW_DAYS } from '../engine/types';
import type { DeliveryRecord } from '../reports/detections/delivery';
import type { DetectionRunOutcome as StoredOutcome, DetectionState } from '../reports/detections/service';
import { COMPARISONS, type Detection as StoredDetection } from '../reports/detections/types';
import { apiError } from '../errors/api-error';
import type { GatewayContext } from './context';
import { deliveriesKey, loadersOf } from './loaders';
import { reportsOf } from './reports-runtime';

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;
const NAME_RULE = 'must be letters, digits, "_", "." or "-", starting with a letter or digit (at most 128)';

@ObjectType({ simpleResolvers: true, description: 'When a detection fires: rows op value, or some row has column op value.' })
export class DetectionCondition {
  @Field(() => String, { description: 'row_count or column.' })
  kind!: string;

  @Field(() => String, { description: `One of ${COMPARISONS.join(' ')}.` })
  op!: string;

  @Field(() => String, { nullable: true })
  column?: string;

  @Field(() => GraphQLJSON, { description: 'A number (or a string for column conditions).' })
  value!: number | string;
}

@ObjectType({ simpleResolvers: true, description: 'Where a finding is sent. Webhook secrets are never shown.' })
export class DetectionAction {
  @Field(() => String, { description: 'webhook (signed JSON) or slack ({text, blocks}).' })
  type!: string;

  @Field(() => String)
  url!: string;
}

@ObjectType({ simpleResolvers: true, description: 'One attempt to deliver a finding.' })
export class DeliveryAttempt {
  @Field(() => String)
  at!: string;

  @Field(() => Int, { nullable: true, description: 'HTTP status, when the receiver answered.' })
  status?: number;

  @Field(() => String, { nullable: true })
  error?: string;
}

@ObjectType({ simpleResolvers: true, description: 'A delivery of a finding to one action, with every attempt.' })
export class Delivery {
  @Field(() => String)
  id!: string;

  @Field(() => Int, { description: 'Index of the action in the detection.' })
  action!: number;

  @Field(() => String)
  type!: string;

  @Field(() => String, { description: 'Scheme, host and path of the receiver.' })
  target!: string;

  @Field(() => String)
  findingHash!: string;

  @Field(() => Boolean)
  ok!: boolean;

  @Field(() => [DeliveryAttempt])
  attempts!: DeliveryAttempt[];
}

@ObjectType({ simpleResolvers: true, description: 'A detection: a saved query on a schedule, a condition, and actions.' })
export class Detection {
  @Field(() => String)
  name!: string;

  @Field(() => String)
  description!: string;

  @Field(() => String, { description: 'Saved audit query name (or <report>.<query>).' })
  query!: string;

  @Field(() => Int)
  days!: number;

  @Field(() => Int)
  intervalSeconds!: number;

  @Field(() => DetectionCondition)
  condition!: DetectionCondition;

  @Field(() => [DetectionAction])
  actions!: DetectionAction[];

  @Field(() => Int)
  dedupeWindowSeconds!: number;

  @Field(() => Boolean)
  enabled!: boolean;

  @Field(() => String, { nullable: true })
  createdBy?: string;

  @Field(() => String, { nullable: true })
  createdAt?: string;

  @Field(() => String, { nullable: true })
  lastRunAt?: string;

  @Field(() => String, { nullable: true, description: 'QUIET, FIRED, DUPLICATE or FAILED.' })
  lastStatus?: string;

  @Field(() => String, { nullable: true })
  lastError?: string;

  @Field(() => String, { nullable: true })
  lastFiredAt?: string;

  @Field(() => [Delivery], { description: 'Recent deliveries, newest first.' })
  deliveries?: Delivery[];

  /** How many deliveries the `deliveries` field reads (a list shows fewer than a detail page). */
  deliveryLimit!: number;
}

@ObjectType({ simpleResolvers: true, description: 'What one run of a detection did.' })
export class DetectionRunOutcome {
  @Field(() => String)
  detection!: string;

  @Field(() => String, { description: 'QUIET (condition false), FIRED, DUPLICATE (already sent in the window) or FAILED.' })
  status!: string;

  @Field(() => String, { nullable: true })
  error?: string;

  @Field(() => String, { nullable: true })
  findingHash?: string;

  @Field(() => Int)
  rowCount!: number;

  @Field(() => [Delivery])
  deliveries!: Delivery[];
}

@InputType()
export class DetectionConditionInput {
  @Field(() => String, { defaultValue: 'row_count' })
  @IsIn(['row_count', 'column'], { message: 'condition.kind must be row_count or column' })
  kind!: string;

  @Field(() => String, { defaultValue: '>' })
  @IsIn([...COMPARISONS], { message: `condition.op must be one of ${COMPARISONS.join(' ')}` })
  op!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(200)
  column?: string;

  @Field(() => GraphQLJSON, { defaultValue: 0 })
  value!: number | string;
}

@InputType()
export class DetectionActionInput {
  @Field(() => String)
  @IsIn(['webhook', 'slack'], { message: 'action type must be webhook or slack' })
  type!: string;

  @Field(() => String)
  @MaxLength(2000)
  url!: string;

  @Field(() => String, { nullable: true, description: 'webhook: HMAC-SHA256 key (16+ characters) for X-Amctl-Signature.' })
  @IsOptional()
  @MaxLength(512)
  secret?: string;
}

@InputType({ description: 'A detection to create or replace.' })
export class DetectionInput {
  @Field(() => String)
  @Matches(NAME, { message: `name ${NAME_RULE}` })
  name!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(2000)
  description?: string;

  @Field(() => String)
  @Matches(NAME, { message: `query ${NAME_RULE}` })
  query!: string;

  @Field(() => Int, { defaultValue: 7 })
  @IsIn([...WINDOW_DAYS], { message: `days must be one of ${WINDOW_DAYS.join(', ')}` })
  days!: number;

  @Field(() => Int, { defaultValue: 3600 })
  @IsInt()
  @Min(60)
  intervalSeconds!: number;

  @Field(() => DetectionConditionInput, { nullable: true })
  condition?: DetectionConditionInput;

  @Field(() => [DetectionActionInput])
  actions!: DetectionActionInput[];

  @Field(() => Int, { defaultValue: 86400 })
  @IsInt()
  @Min(0)
  @Max(366 * 86400)
  dedupeWindowSeconds!: number;

  @Field(() => Boolean, { defaultValue: true })
  enabled!: boolean;
}

@ArgsType()
export class DetectionNameArgs {
  @Field(() => String)
  @Matches(NAME, { message: `name ${NAME_RULE}` })
  name!: string;
}

function toDelivery(d: DeliveryRecord): Delivery {
  return { id: d.id, action: d.action, type: d.type, target: d.target, findingHash: d.finding_hash, ok: d.ok, attempts: d.attempts };
}

function toDetection(d: StoredDetection, st: DetectionState, deliveryLimit: number): Detection {
  return {
    name: d.name,
    description: d.description,
    query: d.query,
    days: d.days,
    intervalSeconds: d.interval_seconds,
    condition: { ...d.condition, column: d.condition.kind === 'column' ? d.condition.column : undefined },
    actions: d.actions.map((a) => ({ type: a.type, url: a.url })),
    dedupeWindowSeconds: d.dedupe_window_seconds,
    enabled: d.enabled,
    createdBy: d.created_by,
    createdAt: d.created_at,
    lastRunAt: st.last_run_at,
    lastStatus: st.last_status,
    lastError: st.last_error,
    lastFiredAt: st.last_fired_at,
    deliveryLimit,
  };
}

function toOutcome(o: StoredOutcome): DetectionRunOutcome {
  return { detection: o.detection, status: o.status, error: o.error, findingHash: o.finding_hash, rowCount: o.row_count, deliveries: o.deliveries.map(toDelivery) };
}

@Resolver()
export class DetectionResolver {
  @Query(() => [Detection], { description: 'Every detection with its last run and recent deliveries (needs list and read on audit_query).' })
  async detections(@Ctx() ctx: GatewayContext): Promise<Detection[]> {
    authorize(ctx.principal, 'audit_query', 'list', 'read');
    const svc = reportsOf(ctx).detections;
    const list = await svc.list();
    const loaders = loadersOf(ctx);
    return Promise.all(list.map(async (d) => toDetection(d, await loaders.detectionState.load(d.name), 10)));
  }

  @Query(() => Detection, { description: 'One detection (needs read on audit_query).' })
  async detection(@Args(() => DetectionNameArgs) { name }: DetectionNameArgs, @Ctx() ctx: GatewayContext): Promise<Detection> {
    authorize(ctx.principal, 'audit_query', 'read');
    const svc = reportsOf(ctx).detections;
    const d = await svc.get(name);
    return toDetection(d, await svc.state(name), 50);
  }

  @Mutation(() => Detection, { description: 'Creates or replaces a detection; its query must exist (needs use on audit_query).' })
  async createDetection(@Arg('input', () => DetectionInput) input: DetectionInput, @Ctx() ctx: GatewayContext): Promise<Detection> {
    authorize(ctx.principal, 'audit_query', 'use');
    const svc = reportsOf(ctx).detections;
    const saved = await svc.create(
      {
        name: input.name,
        description: input.description,
        query: input.query,
        days: input.days,
        interval_seconds: input.intervalSeconds,
        condition: input.condition ? { ...input.condition } : undefined,
        actions: input.actions.map((a) => ({ ...a })),
        dedupe_window_seconds: input.dedupeWindowSeconds,
        enabled: input.enabled,
      },
      ctx.principal.user,
    );
    return toDetection(saved, await svc.state(saved.name), 0);
  }

  @Mutation(() => Boolean, { description: 'Deletes a detection; its delivery log stays (needs use on audit_query).' })
  async deleteDetection(@Args(() => DetectionNameArgs) { name }: DetectionNameArgs, @Ctx() ctx: GatewayContext): Promise<boolean> {
    authorize(ctx.principal, 'audit_query', 'use');
    if (!(await reportsOf(ctx).detections.delete(name))) throw apiError('NOT_FOUND', `detection ${name} not found`);
    return true;
  }

  @Mutation(() => DetectionRunOutcome, { description: 'Runs a detection now and delivers its finding, deduplicated like scheduled runs (needs use on audit_query).' })
  async runDetection(@Args(() => DetectionNameArgs) { name }: DetectionNameArgs, @Ctx() ctx: GatewayContext): Promise<DetectionRunOutcome> {
    authorize(ctx.principal, 'audit_query', 'use');
    return toOutcome(await reportsOf(ctx).detections.run(name));
  }
}

/** A detection's deliveries, read only when asked for, batched per request (see loaders.ts). */
@Resolver(() => Detection)
export class DetectionFieldResolver {
  @FieldResolver(() => [Delivery], { description: 'Recent deliveries, newest first.' })
  async deliveries(@Root() d: Detection, @Ctx() ctx: GatewayContext): Promise<Delivery[]> {
    if (d.deliveryLimit === 0) return [];
    return (await loadersOf(ctx).detectionDeliveries.load(deliveriesKey(d.name, d.deliveryLimit))).map(toDelivery);
  }
}
