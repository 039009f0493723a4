// Role-based access checks, Teleport semantics: a verb on a resource is allowed when some role's
// allow rule matches it and no role's deny rule does (deny wins). '*' matches any resource or verb.
// Roles named in a token that the gateway does not know grant nothing.
import { apiError } from '../errors/api-error';
import type { Resource, RoleDefinition, RoleRule, Verb } from './roles';

export type { Resource, Verb } from './roles';

/** Who is calling, as established from a verified token. */
export interface Principal {
  user: string;
  /** Role names from the token. */
  roles: string[];
  /** The rules of the roles the gateway knows, resolved once at authentication. */
  readonly rules: { allow: RoleRule[]; deny: RoleRule[] };
  /** When the credential behind it expires (ms since the epoch); long-lived connections end then. */
  expiresAt?: number;
}

export function principalFor(user: string, roleNames: string[], known: ReadonlyMap<string, RoleDefinition>): Principal {
  const allow: RoleRule[] = [];
  const deny: RoleRule[] = [];
  for (const name of roleNames) {
    const role = known.get(name);
    if (!role) continue;
    allow.push(...role.allow);
    deny.push(...role.deny);
  }
  return { user, roles: [...roleNames], rules: { allow, deny } };
}

function matches(rule: RoleRule, resource: Resource, verb: Verb): boolean {
  const resourceOk = rule.resources.includes('*') || rule.resources.includes(resource);
  const verbOk = rule.verbs.includes('*') || rule.verbs.includes(verb);
  return resourceOk && verbOk;
}

export function isAllowed(principal: Principal, resource: Resource, verb: Verb): boolean {
  if (principal.rules.deny.some((r) => matches(r, resource, verb))) return false;
  return principal.rules.allow.some((r) => matches(r, resource, verb));
}

/**
 * Throws a FORBIDDEN GraphQL error unless the principal holds every listed verb on the resource.
 * Call it first thing in a resolver, before any engine or store is touched.
 */
export function authorize(principal: Principal, resource: Resource, ...verbs: Verb[]): void {
  const missing = verbs.filter((v) => !isAllowed(principal, resource, v));
  if (missing.length) {
    throw apiError(
      'FORBIDDEN',
      `user ${principal.user} is not allowed to ${missing.join(' and ')} ${resource} ` +
        `(roles: ${principal.roles.length ? principal.roles.join(', ') : 'none'}); ` +
        `a role must allow verb${missing.length > 1 ? 's' : ''} ${missing.join(', ')} on ${resource}`,
    );
  }
}
