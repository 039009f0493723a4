// The findings feed over GraphQL: `findings(after, first, filter)` pages the change log from a cursor
// (the same feed as GET /v1/findings). Reading findings needs read and use on security_report, like a
// report's results.
import { IsIn, IsOptional, Max, MaxLength, Min } from 'class-validator';
import { Args, ArgsType, Ctx, Field, FieldResolver, ID, InputType, Int, ObjectType, Query, Resolver, Root, registerEnumType } from 'type-graphql';
import { GraphQLJSON } from 'graphql-scalars';
import { authorize } from '../auth/rbac';
import type { Cell } from '../engine/types';
import { MAX_FEED_PAGE, type FeedFilter } from '../reports/findings/feed';
import { toOcsf } from '../reports/findings/ocsf';
import { SEVERITIES, type Finding, type FindingChange as Change, type Severity as Sev } from '../reports/findings/types';
import type { GatewayContext } from './context';
import { ResultColumn } from './executions';
import { PageInfo } from './pagination';
import { reportsOf } from './reports-runtime';

export enum FindingSeverity {
  info = 'info',
  low = 'low',
  medium = 'medium',
  high = 'high',
  critical = 'critical',
}
registerEnumType(FindingSeverity, { name: 'FindingSeverity', description: 'Severity from the report query or detection definition.' });

export enum FindingChange {
  NEW = 'NEW',
  UPDATED = 'UPDATED',
  RESOLVED = 'RESOLVED',
  REOPENED = 'REOPENED',
  TRIAGED = 'TRIAGED',
}
registerEnumType(FindingChange, { name: 'FindingChange', description: 'What happened to the finding in this change (TRIAGED: a person changed its triage).' });

export enum TriageStatus {
  open = 'open',
  acknowledged = 'acknowledged',
  resolved = 'resolved',
  false_positive = 'false_positive',
}
registerEnumType(TriageStatus, { name: 'TriageStatus', description: 'Where a person has taken the finding: open -> acknowledged -> resolved or false_positive (and back to open).' });

@ObjectType({ simpleResolvers: true, description: 'A triage change: who set the status, when and why.' })
export class FindingTriage {
  @Field(() => TriageStatus)
  status!: TriageStatus;

  @Field(() => String, { nullable: true })
  assignee?: string | null;

  @Field(() => String, { description: 'Why: the comment given with the change.' })
  comment!: string;

  @Field(() => String, { description: 'The user who made the change (from the token).' })
  by!: string;

  @Field(() => String, { description: 'ISO-8601.' })
  at!: string;

  @Field(() => Int, { description: 'Triage changes so far (1 for the first).' })
  version!: number;
}

export enum FindingStatus {
  ACTIVE = 'ACTIVE',
  RESOLVED = 'RESOLVED',
}
registerEnumType(FindingStatus, { name: 'FindingStatus', description: 'ACTIVE while runs keep finding it; RESOLVED once a successful run no longer does.' });

@ObjectType({ simpleResolvers: true, description: 'Where a finding comes from: a report query over a window, or a detection.' })
export class FindingSource {
  @Field(() => String, { description: 'report or detection.' })
  kind!: string;

  @Field(() => String, { description: 'report:<report>/<query>/<days>d or detection:<name>.' })
  name!: string;

  @Field(() => String, { nullable: true })
  report?: string;

  @Field(() => String, { nullable: true })
  query?: string;

  @Field(() => String, { nullable: true })
  detection?: string;

  @Field(() => Int)
  days!: number;
}

@ObjectType({ simpleResolvers: true, description: 'A finding as of one change.' })
export class FindingNode {
  @Field(() => ID, { description: 'Stable: derived from the source and the key columns of the row.' })
  id!: string;

  @Field(() => FindingChange)
  change!: FindingChange;

  @Field(() => FindingStatus)
  status!: FindingStatus;

  @Field(() => FindingSeverity)
  severity!: FindingSeverity;

  @Field(() => FindingSource)
  source!: FindingSource;

  @Field(() => String)
  title!: string;

  @Field(() => String)
  description!: string;

  @Field(() => String)
  suggestion!: string;

  @Field(() => Int, { description: 'Changes so far (1 when NEW).' })
  version!: number;

  @Field(() => String, { description: 'ISO-8601.' })
  firstSeen!: string;

  @Field(() => String, { description: 'ISO-8601.' })
  lastSeen!: string;

  @Field(() => String, { nullable: true, description: 'ISO-8601.' })
  resolvedAt?: string;

  @Field(() => String, { description: 'ISO-8601: when this change happened.' })
  changedAt!: string;

  @Field(() => String, { description: 'The run that made this change.' })
  runId!: string;

  @Field(() => [String], { description: 'The columns that identify the finding.' })
  key!: string[];

  @Field(() => [ResultColumn])
  columns!: ResultColumn[];

  @Field(() => GraphQLJSON, { description: "The row's fields by column name (typed as in queryResults)." })
  fields!: Record<string, Cell>;

  @Field(() => FindingTriage, { nullable: true, description: 'The triage as of this change (TRIAGED changes; inbox findings once triaged).' })
  triage?: FindingTriage;

  /** Kept for the ocsf field. */
  raw!: Finding;
  cursor!: string;
}

@ObjectType({ simpleResolvers: true })
export class FindingEdge {
  @Field(() => String, { description: 'Store it after processing the node; pass it as `after` to resume after this change.' })
  cursor!: string;

  @Field(() => FindingNode)
  node!: FindingNode;
}

@ObjectType({ simpleResolvers: true, description: 'A page of the findings feed: every new or changed finding once, in order.' })
export class FindingConnection {
  @Field(() => [FindingEdge])
  edges!: FindingEdge[];

  @Field(() => PageInfo, { description: 'endCursor is where to resume, also when the page is empty or filtered out.' })
  pageInfo!: PageInfo;
}

@InputType({ description: 'Which changes to return; the cursor still moves past the others.' })
export class FindingFilter {
  @Field(() => FindingSeverity, { nullable: true, description: 'At least this severity.' })
  @IsOptional()
  @IsIn([...SEVERITIES])
  minSeverity?: FindingSeverity;

  @Field(() => [String], { nullable: true, description: 'Only these reports (and detections, if given).' })
  @IsOptional()
  reports?: string[];

  @Field(() => [String], { nullable: true })
  @IsOptional()
  detections?: string[];

  @Field(() => [FindingChange], { nullable: true })
  @IsOptional()
  changes?: FindingChange[];
}

@ArgsType()
export class FindingsArgs {
  @Field(() => String, { nullable: true, description: 'A cursor from a previous page; none starts at the oldest change kept.' })
  @IsOptional()
  @MaxLength(200)
  after?: string;

  @Field(() => Int, { defaultValue: 100 })
  @Min(1)
  @Max(MAX_FEED_PAGE)
  first!: number;

  @Field(() => FindingFilter, { nullable: true })
  @IsOptional()
  filter?: FindingFilter;
}

export function toFeedFilter(f?: FindingFilter): FeedFilter {
  return {
    minSeverity: f?.minSeverity as Sev | undefined,
    reports: f?.reports,
    detections: f?.detections,
    changes: f?.changes as Change[] | undefined,
  };
}

export function toFindingNode(f: Finding, cursor: string): FindingNode {
  return {
    id: f.id,
    change: f.change as FindingChange,
    status: f.status as FindingStatus,
    severity: f.severity as FindingSeverity,
    source: f.source,
    title: f.title,
    description: f.description,
    suggestion: f.suggestion,
    version: f.version,
    firstSeen: f.first_seen,
    lastSeen: f.last_seen,
    resolvedAt: f.resolved_at,
    changedAt: f.changed_at,
    runId: f.run_id,
    key: f.key,
    columns: f.columns,
    fields: f.fields,
    triage: f.triage as FindingTriage | undefined,
    raw: f,
    cursor,
  };
}

@Resolver(() => FindingNode)
export class FindingResolver {
  @Query(() => FindingConnection, {
    description: 'The findings feed: every new, changed, resolved or reopened finding of report and detection runs, oldest first, from a cursor (needs read and use on security_report).',
  })
  async findings(@Args(() => FindingsArgs) args: FindingsArgs, @Ctx() ctx: GatewayContext): Promise<FindingConnection> {
    authorize(ctx.principal, 'security_report', 'read', 'use');
    const page = await reportsOf(ctx).findings.feed(args.after, args.first, toFeedFilter(args.filter));
    return {
      edges: page.items.map((i) => ({ cursor: i.cursor, node: toFindingNode(i.finding, i.cursor) })),
      pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor },
    };
  }

  @FieldResolver(() => GraphQLJSON, { description: 'This change as an OCSF Detection Finding event (class_uid 2004).' })
  ocsf(@Root() node: FindingNode): Record<string, unknown> {
    return toOcsf(node.raw, node.cursor);
  }
}
