// Saved queries (audit_query resources): list, get, upsert, delete. Verbs as Teleport's SecReports
// service checks them: list+read to list, read to get, create+update to upsert, delete to delete.
import { IsOptional, Matches, MaxLength, IsNotEmpty, Max, Min } from 'class-validator';
import { Arg, Args, ArgsType, Ctx, Field, InputType, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { authorize } from '../auth/rbac';
import {
  MAX_DESCRIPTION_LENGTH,
  MAX_NAME_LENGTH,
  MAX_PAGE_SIZE,
  MAX_SQL_LENGTH,
  MAX_TITLE_LENGTH,
  RESOURCE_NAME,
  StoreError,
  type AuditQuery as StoredAuditQuery,
} from '../store';
import { apiError } from '../errors/api-error';
import type { GatewayContext } from './context';
import { PageInfo, decodeCursor, encodeCursor } from './pagination';

const NAME_RULE = 'must be lower-case letters, digits, "_", "." or "-", starting with a letter or digit';

@ObjectType({ simpleResolvers: true, description: 'A saved query (audit_query resource).' })
export class AuditQuery {
  @Field(() => String)
  name!: string;

  @Field(() => String)
  title!: string;

  @Field(() => String)
  description!: string;

  @Field(() => String, { description: 'Trino SQL over the audit views.' })
  query!: string;

  @Field(() => String, { nullable: true, description: 'The user who first saved it.' })
  createdBy?: string;

  @Field(() => String, { nullable: true, description: 'The user who saved it last.' })
  updatedBy?: string;

  @Field(() => String, { nullable: true, description: 'When it was saved last (ISO-8601).' })
  updatedAt?: string;
}

@ObjectType({ simpleResolvers: true })
export class AuditQueryEdge {
  @Field(() => String)
  cursor!: string;

  @Field(() => AuditQuery)
  node!: AuditQuery;
}

@ObjectType({ simpleResolvers: true, description: 'A page of saved queries, in name order.' })
export class AuditQueryConnection {
  @Field(() => [AuditQueryEdge])
  edges!: AuditQueryEdge[];

  @Field(() => [AuditQuery])
  nodes!: AuditQuery[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}

@InputType({ description: 'A saved query to create or replace.' })
export class AuditQueryInput {
  @Field(() => String)
  @Matches(RESOURCE_NAME, { message: `name ${NAME_RULE}` })
  @MaxLength(MAX_NAME_LENGTH)
  name!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(MAX_TITLE_LENGTH)
  title?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(MAX_DESCRIPTION_LENGTH)
  description?: string;

  @Field(() => String)
  @IsNotEmpty({ message: 'query must not be empty' })
  @MaxLength(MAX_SQL_LENGTH)
  query!: string;
}

@ArgsType()
export class AuditQueriesArgs {
  @Field(() => Int, { defaultValue: 50 })
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  first!: number;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(512)
  after?: string;
}

@ArgsType()
export class AuditQueryNameArgs {
  @Field(() => String)
  @Matches(RESOURCE_NAME, { message: `name ${NAME_RULE}` })
  @MaxLength(MAX_NAME_LENGTH)
  name!: string;
}

const CURSOR_KIND = 'audit_query';

function toApi(q: StoredAuditQuery): AuditQuery {
  return { name: q.name, title: q.title, description: q.description, query: q.query, createdBy: q.created_by, updatedBy: q.updated_by, updatedAt: q.updated_at };
}

@Resolver()
export class AuditQueryResolver {
  @Query(() => AuditQueryConnection, { description: 'Saved queries, a page at a time (needs list and read on audit_query).' })
  async auditQueries(@Args(() => AuditQueriesArgs) args: AuditQueriesArgs, @Ctx() ctx: GatewayContext): Promise<AuditQueryConnection> {
    authorize(ctx.principal, 'audit_query', 'list', 'read');
    const after = args.after ? decodeCursor(CURSOR_KIND, args.after) : undefined;
    const page = await ctx.services.auditQueries.list({ limit: args.first, after });
    const edges = page.items.map((q) => ({ cursor: encodeCursor(CURSOR_KIND, q.name), node: toApi(q) }));
    return {
      edges,
      nodes: edges.map((e) => e.node),
      pageInfo: { hasNextPage: page.next !== undefined, endCursor: edges.at(-1)?.cursor },
    };
  }

  @Query(() => AuditQuery, { description: 'One saved query (needs read on audit_query).' })
  async auditQuery(@Args(() => AuditQueryNameArgs) { name }: AuditQueryNameArgs, @Ctx() ctx: GatewayContext): Promise<AuditQuery> {
    authorize(ctx.principal, 'audit_query', 'read');
    const q = await ctx.services.auditQueries.get(name);
    if (!q) throw apiError('NOT_FOUND', `audit_query ${name} not found`);
    return toApi(q);
  }

  @Mutation(() => AuditQuery, { description: 'Creates or replaces a saved query; its SQL must pass the SQL guard (needs create and update).' })
  async upsertAuditQuery(
    @Arg('input', () => AuditQueryInput) input: AuditQueryInput,
    @Ctx() ctx: GatewayContext,
  ): Promise<AuditQuery> {
    authorize(ctx.principal, 'audit_query', 'create', 'update');
    const user = ctx.principal.user;
    const previous = await ctx.services.auditQueries.get(input.name);
    return toApi(
      await ctx.services.auditQueries.upsert({
        ...input,
        created_by: previous ? previous.created_by : user,
        updated_by: user,
        updated_at: new Date().toISOString(),
      }),
    );
  }

  @Mutation(() => Boolean, { description: 'Deletes a saved query; NOT_FOUND when there is none (needs delete).' })
  async deleteAuditQuery(@Args(() => AuditQueryNameArgs) { name }: AuditQueryNameArgs, @Ctx() ctx: GatewayContext): Promise<boolean> {
    authorize(ctx.principal, 'audit_query', 'delete');
    if (!(await ctx.services.auditQueries.delete(name))) throw new StoreError('NOT_FOUND', `audit_query ${name} not found`);
    return true;
  }
}
