// What the signed-in user may do, from the `viewer` query.
import type { ViewerQuery } from '../gql/graphql';

export type Viewer = ViewerQuery['viewer'];
export type Resource = 'audit_query' | 'security_report';

export function can(viewer: Viewer | undefined, resource: Resource, ...verbs: string[]): boolean {
  const held = viewer?.permissions.find((p) => p.resource === resource)?.verbs ?? [];
  return verbs.every((v) => held.includes(v));
}
