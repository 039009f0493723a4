// Who the caller is and what their roles let them do: clients (the console) show only what is allowed.
import { Ctx, Field, ObjectType, Query, Resolver } from 'type-graphql';
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

@Resolver()
export class ViewerResolver {
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
