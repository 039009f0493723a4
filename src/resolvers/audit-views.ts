// GetSchema: the SQL views users can query, with their columns' Trino types; and the documented
// example queries to start from.
import { Ctx, Field, ObjectType, Query, Resolver } from 'type-graphql';
import { authorize } from '../auth/rbac';
import { describeCatalog } from '../catalog/describe';
import { exampleQueries } from '../catalog/examples';
import type { GatewayContext } from './context';

@ObjectType({ description: 'A column of an audit view.' })
export class AuditViewColumn {
  @Field(() => String)
  name!: string;

  @Field(() => String, { description: 'Trino type, e.g. varchar, integer, array(varchar), timestamp(3).' })
  type!: string;

  @Field(() => String)
  description!: string;
}

@ObjectType({ description: 'An SQL view over one audit event type.' })
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

@ObjectType({ description: "A documented example query, or a query of the pre-built report, to start from." })
export class ExampleQuery {
  @Field(() => String, { description: 'example-1 ... example-6, report-1 ... report-9.' })
  id!: string;

  @Field(() => String, { description: 'example or report.' })
  kind!: string;

  @Field(() => String)
  title!: string;

  @Field(() => String)
  description!: string;

  @Field(() => String, { description: 'What to do about what it finds (report queries).' })
  suggestion!: string;

  @Field(() => String, { description: 'Trino SQL over the audit views; runs unmodified on every engine.' })
  sql!: string;
}

@Resolver()
export class ExampleQueryResolver {
  @Query(() => [ExampleQuery], { description: 'The documented example queries (needs `use` on audit_query).' })
  exampleQueries(@Ctx() ctx: GatewayContext): ExampleQuery[] {
    authorize(ctx.principal, 'audit_query', 'use');
    return exampleQueries();
  }
}
