// The findings inbox and triage over GraphQL: `findingsInbox` (every finding's latest state, newest
// first, filtered), `finding(id)` with its triage history, and `triageFinding`, the one mutation that
// changes a finding's triage. Reading needs read and use on security_report (as the feed); triaging
// needs update on security_report.
import { IsIn, IsOptional, Max, MaxLength, Min } from 'class-validator';
import { Arg, Args, ArgsType, Ctx, Field, ID, InputType, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { authorize } from '../auth/rbac';
import { type InboxFilter, type InboxItem, ruleOf } from '../reports/findings/inbox';
import { MAX_ASSIGNEE, MAX_COMMENT } from '../reports/findings/triage';
import { SEVERITIES, TRIAGE_STATUSES, type Severity, type TriageStatus as Status } from '../reports/findings/types';
import type { GatewayContext } from './context';
import { FindingNode, FindingSeverity, FindingTriage, TriageStatus, toFindingNode } from './findings';
import { PageInfo } from './pagination';
import { reportsOf } from './reports-runtime';

export const MAX_INBOX_PAGE = 500;

@ObjectType({ simpleResolvers: true, description: 'A user, host, IP or session a finding names (or the database, Kubernetes cluster or resource a rule finding is about).' })
export class FindingEntity {
  @Field(() => String, { description: 'user, host, ip or session (what entityTimeline follows); a rule finding can also name a database, kube_cluster or resource.' })
  kind!: string;

  @Field(() => String)
  value!: string;

  @Field(() => String, { description: 'The field of the finding it was read from.' })
  field!: string;
}

@ObjectType({ simpleResolvers: true, description: 'One triage change in a finding\'s history.' })
export class FindingTriageEvent extends FindingTriage {
  @Field(() => TriageStatus, { description: 'The status before the change.' })
  from!: TriageStatus;
}

@ObjectType({ simpleResolvers: true, description: 'A finding in the inbox: its latest state, its triage and the entities it names.' })
export class InboxFinding {
  @Field(() => ID)
  id!: string;

  @Field(() => FindingNode, { description: 'The latest state (change, severity, first and last seen, fields, triage).' })
  finding!: FindingNode;

  @Field(() => String, { description: 'The rule that found it: <report>.<query> or the detection name.' })
  rule!: string;

  @Field(() => TriageStatus, { description: 'Its triage status (open until someone triages it).' })
  status!: TriageStatus;

  @Field(() => String, { nullable: true })
  assignee?: string | null;

  @Field(() => Int, { description: 'How many times runs found it (the finding version: 1 when new).' })
  count!: number;

  @Field(() => [FindingEntity])
  entities!: FindingEntity[];

  @Field(() => [FindingTriageEvent], { description: 'Every triage change, oldest first: who, when, what and why.' })
  history!: FindingTriageEvent[];
}

@ObjectType({ simpleResolvers: true })
export class InboxConnection {
  @Field(() => [InboxFinding])
  nodes!: InboxFinding[];

  @Field(() => Int, { description: 'Findings matching the filter, across all pages.' })
  totalCount!: number;

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}

@InputType({ description: 'Which findings the inbox shows; every given condition must hold.' })
export class InboxFilterInput {
  @Field(() => [FindingSeverity], { nullable: true, description: 'Any of these severities.' })
  @IsOptional()
  @IsIn([...SEVERITIES], { each: true })
  severities?: FindingSeverity[];

  @Field(() => FindingSeverity, { nullable: true, description: 'At least this severity.' })
  @IsOptional()
  @IsIn([...SEVERITIES])
  minSeverity?: FindingSeverity;

  @Field(() => [String], { nullable: true, description: 'Rules: <report>.<query>, a report, a query or a detection name.' })
  @IsOptional()
  rules?: string[];

  @Field(() => [TriageStatus], { nullable: true, description: 'Any of these triage statuses.' })
  @IsOptional()
  @IsIn([...TRIAGE_STATUSES], { each: true })
  statuses?: TriageStatus[];

  @Field(() => String, { nullable: true, description: 'A user, host, IP or session id the finding names (exact, any case).' })
  @IsOptional()
  @MaxLength(500)
  entity?: string;

  @Field(() => Boolean, { nullable: true, description: 'Only findings the runs still find (default: all).' })
  @IsOptional()
  activeOnly?: boolean;
}

@ArgsType()
export class InboxArgs {
  @Field(() => Int, { defaultValue: 50 })
  @Min(1)
  @Max(MAX_INBOX_PAGE)
  first!: number;

  @Field(() => String, { nullable: true, description: 'endCursor of the previous page.' })
  @IsOptional()
  @MaxLength(100)
  after?: string;

  @Field(() => InboxFilterInput, { nullable: true })
  @IsOptional()
  filter?: InboxFilterInput;
}

@InputType({ description: 'One triage change: the new status, optionally an assignee, and why.' })
export class TriageFindingInput {
  @Field(() => ID)
  @MaxLength(64)
  id!: string;

  @Field(() => TriageStatus)
  @IsIn([...TRIAGE_STATUSES])
  status!: TriageStatus;

  @Field(() => String, { nullable: true, description: 'Absent keeps the assignee; empty clears it.' })
  @IsOptional()
  @MaxLength(MAX_ASSIGNEE)
  assignee?: string;

  @Field(() => String, { description: 'Why (kept in the history and sent in the feed).' })
  @MaxLength(MAX_COMMENT)
  comment!: string;

  @Field(() => Int, { nullable: true, description: "Fail unless the triage is at this version (the finding's triage.version, 0 if none): no lost updates." })
  @IsOptional()
  @Min(0)
  expectedVersion?: number;
}

function toInboxFilter(f?: InboxFilterInput): InboxFilter {
  return {
    severities: f?.severities as Severity[] | undefined,
    minSeverity: f?.minSeverity as Severity | undefined,
    rules: f?.rules,
    statuses: f?.statuses as Status[] | undefined,
    entity: f?.entity || undefined,
    includeInactive: f?.activeOnly ? false : true,
  };
}

export function toInboxFinding(i: InboxItem): InboxFinding {
  return {
    id: i.finding.id,
    finding: toFindingNode(i.finding, ''),
    rule: ruleOf(i.finding),
    status: (i.triage?.current.status ?? 'open') as TriageStatus,
    assignee: i.triage?.current.assignee ?? null,
    count: i.finding.version,
    entities: i.entities,
    history: (i.triage?.history ?? []) as FindingTriageEvent[],
  };
}

@Resolver()
export class FindingInboxResolver {
  @Query(() => InboxConnection, { description: 'The findings inbox: every finding, newest last seen first, with its triage (needs read and use on security_report).' })
  async findingsInbox(@Args(() => InboxArgs) args: InboxArgs, @Ctx() ctx: GatewayContext): Promise<InboxConnection> {
    authorize(ctx.principal, 'security_report', 'read', 'use');
    const page = await reportsOf(ctx).findings.inbox(toInboxFilter(args.filter), args.first, args.after);
    return { nodes: page.items.map(toInboxFinding), totalCount: page.total, pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor ?? undefined } };
  }

  @Query(() => InboxFinding, { nullable: true, description: 'One finding with its triage history (needs read and use on security_report).' })
  async finding(@Arg('id', () => ID) id: string, @Ctx() ctx: GatewayContext): Promise<InboxFinding | null> {
    authorize(ctx.principal, 'security_report', 'read', 'use');
    const item = await reportsOf(ctx).findings.finding(id);
    return item ? toInboxFinding(item) : null;
  }

  @Mutation(() => InboxFinding, {
    description: 'Changes a finding\'s triage (status, assignee, comment), recorded with who and when, in its history and in the findings feed as a TRIAGED change (needs read and update on security_report).',
  })
  async triageFinding(@Arg('input', () => TriageFindingInput) input: TriageFindingInput, @Ctx() ctx: GatewayContext): Promise<InboxFinding> {
    authorize(ctx.principal, 'security_report', 'read', 'update');
    const { item } = await reportsOf(ctx).findings.triage(input.id, {
      status: input.status as Status,
      assignee: input.assignee,
      comment: input.comment,
      by: ctx.principal.user,
      expectedVersion: input.expectedVersion,
    });
    return toInboxFinding(item);
  }
}
