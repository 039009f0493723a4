// Who the caller is and what their roles let them do: clients (the console) show only what is allowed.
import { Ctx, Field, FieldResolver, Float, Int, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { isAllowed } from '../auth/rbac';
import { RESOURCES, VERBS } from '../auth/roles';
import type { GatewayContext } from './context';

@ObjectType({ simpleResolvers: true, description: 'The verbs the caller holds on one resource kind.' })
export class ResourcePermission {
  @Field(() => String, { description: 'audit_query or security_report.' })
  resource!: string;

  @Field(() => [String], { description: 'Allowed verbs among list, read, use, create, update, delete.' })
  verbs!: string[];
}

@ObjectType({ simpleResolvers: true, description: "The caller's use of the engine's budget over its rolling window." })
export class EngineBudget {
  @Field(() => String, { description: 'What is counted: engine_seconds (embedded engine) or scanned_bytes (Athena).' })
  measure!: string;

  @Field(() => Float, { description: 'Used inside the window, running queries included.' })
  used!: number;

  @Field(() => Float, { nullable: true, description: 'The budget; null when none is configured (usage is still counted).' })
  limit?: number;

  @Field(() => Int, { description: 'The rolling window, in hours.' })
  windowHours!: number;

  @Field(() => String, { description: 'The setting that holds the budget, e.g. embedded.budget.per_user.' })
  setting!: string;
}

@ObjectType({ simpleResolvers: true, description: 'The signed-in caller.' })
export class Viewer {
  @Field(() => String)
  user!: string;

  @Field(() => [String], { description: 'Role names from the token.' })
  roles!: string[];

  @Field(() => String, { nullable: true, description: 'When the token expires (ISO-8601).' })
  expiresAt?: string;

  @Field(() => [ResourcePermission])
  permissions!: ResourcePermission[];
}

@Resolver(() => Viewer)
export class ViewerResolver {
  @FieldResolver(() => EngineBudget, {
    nullable: true,
    description: "Your use of the engine's budget (embedded: engine-seconds over embedded.budget.window_hours); null when the engine keeps none.",
  })
  async budget(@Root() _viewer: Viewer, @Ctx() ctx: GatewayContext): Promise<EngineBudget | undefined> {
    const b = await ctx.services.executions.budget(ctx.principal);
    if (!b) return undefined;
    return { measure: b.measure, used: Math.round(b.used * 1000) / 1000, limit: b.limit, windowHours: b.windowHours, setting: b.setting };
  }

  @Query(() => Viewer, { description: 'The caller: user, roles and allowed verbs per resource (any signed-in user).' })
  viewer(@Ctx() ctx: GatewayContext): Viewer {
    const p = ctx.principal;
    return {
      user: p.user,
      roles: p.roles,
      expiresAt: p.expiresAt === undefined ? undefined : new Date(p.expiresAt).toISOString(),
      permissions: RESOURCES.map((resource) => ({ resource, verbs: VERBS.filter((v) => isAllowed(p, resource, v)) })),
    };
  }
}
