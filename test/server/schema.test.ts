// schema/schema.graphql is what the resolver classes produce. When this fails, run
// `./bin/amctl serve --emit-schema` and commit the file.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import type { GraphQLObjectType } from 'graphql';
import { SDL_PATH, buildGatewaySchema, printGatewaySchema } from '../../src/server';

it('schema/schema.graphql matches the resolvers (run `amctl serve --emit-schema` after changing them)', async () => {
  const committed = readFileSync(SDL_PATH, 'utf8');
  expect(committed).toBe(await printGatewaySchema());
});

it('the schema has the SecReports-shaped API', async () => {
  const schema = await buildGatewaySchema();
  const signature = (type: 'Query' | 'Mutation' | 'Subscription', name: string) => {
    const f = schema.getType(type) && (schema.getType(type) as GraphQLObjectType).getFields()[name];
    if (!f) return undefined;
    const args = [...f.args].sort((a, b) => a.name.localeCompare(b.name)).map((a) => `${a.name}: ${a.type}`);
    return `${name}(${args.join(', ')}): ${f.type}`;
  };
  expect(signature('Query', 'auditViews')).toBe('auditViews(): [AuditView!]!');
  expect(signature('Query', 'auditQueries')).toBe('auditQueries(after: String, first: Int!): AuditQueryConnection!');
  expect(signature('Query', 'auditQuery')).toBe('auditQuery(name: String!): AuditQuery!');
  expect(signature('Mutation', 'upsertAuditQuery')).toBe('upsertAuditQuery(input: AuditQueryInput!): AuditQuery!');
  expect(signature('Mutation', 'deleteAuditQuery')).toBe('deleteAuditQuery(name: String!): Boolean!');
  expect(signature('Mutation', 'runQuery')).toBe('runQuery(clientRequestToken: String, days: Int!, sql: String!): QueryExecution!');
  expect(signature('Query', 'waitForQuery')).toBe('waitForQuery(id: ID!, timeoutSeconds: Int!): QueryExecution!');
  expect(signature('Query', 'findings')).toBe('findings(after: String, filter: FindingFilter, first: Int!): FindingConnection!');
  expect(signature('Query', 'queryExecution')).toBe('queryExecution(id: ID!): QueryExecution!');
  expect(signature('Query', 'queryResults')).toBe('queryResults(after: String, first: Int!, id: ID!): QueryResultsPage!');
  expect(signature('Mutation', 'cancelQuery')).toBe('cancelQuery(id: ID!): QueryExecution!');
  expect(signature('Subscription', 'queryStatus')).toBe('queryStatus(id: ID!): QueryExecution!');
});

it('reads plain fields as properties: only field resolvers have resolve functions (object types use simpleResolvers)', async () => {
  // The gateway has no type-graphql middlewares or auth checker, so type-graphql's per-field wrapper
  // would only cost time (and keep graphql-jit from inlining the property read). A new @ObjectType
  // without `simpleResolvers: true` shows up here.
  const { isObjectType } = await import('graphql');
  const schema = await buildGatewaySchema();
  const roots = new Set([schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].map((t) => t?.name));
  const resolved: string[] = [];
  for (const t of Object.values(schema.getTypeMap())) {
    if (!isObjectType(t) || t.name.startsWith('__') || roots.has(t.name)) continue;
    for (const [name, f] of Object.entries(t.getFields())) if (f.resolve) resolved.push(`${t.name}.${name}`);
  }
  expect(resolved.sort()).toEqual(['Detection.deliveries', 'FindingNode.ocsf', 'SecurityReport.lastRun', 'SecurityReport.states', 'TimelineEvent.raw', 'Viewer.budget']);
});
