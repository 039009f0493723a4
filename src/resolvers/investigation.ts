// The investigation timeline over GraphQL: `entityTimeline(kind, value, from, to, first, after)`, every
// event of a user, host, IP or session across all event types, newest first, with a histogram and the
// entity's distinct IPs, hosts, logins and roles. Runs audit queries, so it needs use on audit_query.
import { IsIn, IsOptional, Max, MaxLength, Min } from 'class-validator';
import { GraphQLJSON } from 'graphql-scalars';
import { Args, ArgsType, Ctx, Field, FieldResolver, Int, ObjectType, Query, Resolver, Root, registerEnumType } from 'type-graphql';
import { authorize } from '../auth/rbac';
import { ENTITY_KINDS, type EntityKind as Kind } from '../investigation/sql';
import { MAX_TIMELINE_PAGE, timeline, type TimelineEvent as Ev } from '../investigation/timeline';
import type { GatewayContext } from './context';
import { PageInfo } from './pagination';
import { apiError } from '../errors/api-error';

export enum EntityKind {
  user = 'user',
  host = 'host',
  ip = 'ip',
  session = 'session',
}
registerEnumType(EntityKind, { name: 'EntityKind', description: 'What the investigated value is: a Teleport user, a host name, an IP address or a session id.' });

@ObjectType({ simpleResolvers: true, description: 'One audit event of the timeline.' })
export class TimelineEvent {
  @Field(() => String, { description: 'ISO-8601.' })
  time!: string;

  @Field(() => String, { description: 'Teleport event type, e.g. session.start.' })
  type!: string;

  @Field(() => String)
  uid!: string;

  @Field(() => String, { nullable: true })
  sessionId?: string | null;

  @Field(() => String, { nullable: true })
  user?: string | null;

  @Field(() => String, { description: 'One line: what, who, as whom, where, from where.' })
  summary!: string;

  @Field(() => String)
  cursor!: string;

  raw!: Record<string, unknown> | null;
}

@ObjectType({ simpleResolvers: true, description: 'Events in one bucket of the range.' })
export class TimelineBucket {
  @Field(() => String, { description: 'Start of the bucket, ISO-8601.' })
  bucket!: string;

  @Field(() => String, { description: 'hour or day.' })
  unit!: string;

  @Field(() => Int)
  events!: number;
}

@ObjectType({ simpleResolvers: true, description: 'A distinct value the entity shows, with how many events carry it.' })
export class TimelineFacet {
  @Field(() => String)
  value!: string;

  @Field(() => Int)
  events!: number;
}

@ObjectType({ simpleResolvers: true, description: "An entity's activity over a time range." })
export class EntityTimeline {
  @Field(() => EntityKind)
  kind!: EntityKind;

  @Field(() => String)
  value!: string;

  @Field(() => String, { description: 'ISO-8601, inclusive.' })
  from!: string;

  @Field(() => String, { description: 'ISO-8601, exclusive.' })
  to!: string;

  @Field(() => Int, { description: 'The window the queries ran over (the smallest that holds the range).' })
  days!: number;

  @Field(() => [TimelineEvent], { description: 'Newest first.' })
  events!: TimelineEvent[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => [TimelineBucket], { description: 'Events per hour (ranges up to two days) or per day; empty on later pages.' })
  histogram!: TimelineBucket[];

  @Field(() => [TimelineFacet], { description: 'Distinct remote IPs (without port); empty on later pages.' })
  ips!: TimelineFacet[];

  @Field(() => [TimelineFacet])
  hosts!: TimelineFacet[];

  @Field(() => [TimelineFacet], { description: 'Distinct OS / database logins.' })
  logins!: TimelineFacet[];

  @Field(() => [TimelineFacet])
  roles!: TimelineFacet[];
}

@ArgsType()
export class EntityTimelineArgs {
  @Field(() => EntityKind)
  @IsIn([...ENTITY_KINDS])
  kind!: EntityKind;

  @Field(() => String)
  @MaxLength(500)
  value!: string;

  @Field(() => String, { nullable: true, description: 'ISO-8601; default the start of the 7-day window. At most 120 days back.' })
  @IsOptional()
  from?: string;

  @Field(() => String, { nullable: true, description: 'ISO-8601; default now.' })
  @IsOptional()
  to?: string;

  @Field(() => Int, { defaultValue: 50 })
  @Min(1)
  @Max(MAX_TIMELINE_PAGE)
  first!: number;

  @Field(() => String, { nullable: true, description: 'endCursor of the previous page.' })
  @IsOptional()
  @MaxLength(300)
  after?: string;
}

function instant(name: string, v: string | undefined): number | undefined {
  if (v === undefined || v === '') return undefined;
  const ms = Date.parse(v);
  if (!Number.isFinite(ms)) throw apiError('BAD_USER_INPUT', `${name}: ${JSON.stringify(v.slice(0, 60))} is not an ISO-8601 time (e.g. 2026-01-31T12:00:00Z)`);
  return ms;
}

@Resolver(() => TimelineEvent)
export class InvestigationResolver {
  @Query(() => EntityTimeline, {
    description: 'Every audit event of a user, host, IP or session in a time range, across all event types, newest first and paged, with a histogram and the distinct IPs, hosts, logins and roles (needs use on audit_query).',
  })
  async entityTimeline(@Args(() => EntityTimelineArgs) args: EntityTimelineArgs, @Ctx() ctx: GatewayContext): Promise<EntityTimeline> {
    authorize(ctx.principal, 'audit_query', 'use');
    const r = await timeline(
      ctx.services.engine,
      {
        kind: args.kind as Kind,
        value: args.value,
        fromMs: instant('from', args.from),
        toMs: instant('to', args.to),
        first: args.first,
        after: args.after,
        summary: !args.after,
        user: ctx.principal.user,
        roles: ctx.principal.roles,
      },
      Date.now(),
    );
    return {
      ...r,
      kind: r.kind as EntityKind,
      events: r.events as (Ev & TimelineEvent)[],
      pageInfo: { hasNextPage: r.hasNextPage, endCursor: r.endCursor ?? undefined },
    };
  }

  @FieldResolver(() => GraphQLJSON, { nullable: true, description: 'The whole event as Teleport wrote it (ask for it when you open the event).' })
  raw(@Root() e: TimelineEvent): Record<string, unknown> | null {
    return e.raw;
  }
}
