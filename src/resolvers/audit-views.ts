// GetSchema: the SQL views users can query, with their columns' Trino types.
import { Ctx, Field, ObjectType, Query, Resolver } from 'type-graphql';
import { authorize } from '../auth/rbac';
import { describeCatalog } from '../catalog/describe';
import type { GatewayContext } from './context';

@ObjectType({ simpleResolvers: true, description: 'A column of an audit view.' })
export class AuditViewColumn {
  @Field(() => String)
  name!: string;

  @Field(() => String, { description: 'Trino type, e.g. varchar, integer, array(varchar), timestamp(3).' })
  type!: string;

  @Field(() => String)
  description!: string;
}

@ObjectType({ simpleResolvers: true, description: 'An SQL view over one audit event type.' })
export class AuditView {
  @Field(() => String)
  name!: string;

  @Field(() => String)
  description!: string;

  @Field(() => [AuditViewColumn])
  columns!: AuditViewColumn[];
}

@Resolver()
export class AuditViewResolver {
  @Query(() => [AuditView], { description: 'Views and columns available to queries (needs `use` on audit_query).' })
  auditViews(@Ctx() ctx: GatewayContext): AuditView[] {
    authorize(ctx.principal, 'audit_query', 'use');
    return describeCatalog(ctx.services.catalog).views.map((v) => ({
      name: v.name,
      description: v.desc,
      columns: v.columns.map((c) => ({ name: c.name, type: c.type, description: c.desc })),
    }));
  }
}

