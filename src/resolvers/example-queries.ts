// The documented example and report queries (schema/examples/queries.sql), for clients that offer them
// one click away (the console's query editor).
import { Ctx, Field, ObjectType, Query, Resolver } from 'type-graphql';
import { authorize } from '../auth/rbac';
import { exampleQueries } from '../catalog/examples';
import type { GatewayContext } from './context';

@ObjectType({ simpleResolvers: true, description: 'A documented example query; it runs unmodified on every engine.' })
export class ExampleQuery {
  @Field(() => String, { description: 'example-1, report-3, ...' })
  id!: string;

  @Field(() => String, { description: 'example or report.' })
  kind!: string;

  @Field(() => String)
  title!: string;

  @Field(() => String)
  description!: string;

  @Field(() => String, { description: 'What to do about what it finds (report queries).' })
  suggestion!: string;

  @Field(() => String, { description: 'Trino SQL over the audit views.' })
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
