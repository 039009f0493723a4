// Teleport role documents (kind: role): only the parts access monitoring reads, spec.allow.rules and
// spec.deny.rules with `resources` and `verbs`. Other role fields (logins, node_labels, ...) are
// accepted and ignored, so the cluster's own role files can be used as they are.
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { ConfigError } from '../config/validate';

export const RESOURCES = ['audit_query', 'security_report'] as const;
/** Resources of machine clients only (not listed to a viewer): audit_event `create` pushes events to
 *  the intake (POST /v1/intake/teleport). */
export const SERVICE_RESOURCES = ['audit_event'] as const;
export type Resource = (typeof RESOURCES)[number] | (typeof SERVICE_RESOURCES)[number];

/** Teleport's verbs for these resources: list/read/use (SPEC section 6) and create/update/delete for writes. */
export const VERBS = ['list', 'read', 'use', 'create', 'update', 'delete'] as const;
export type Verb = (typeof VERBS)[number];

export interface RoleRule {
  /** Resource kinds, or '*'. */
  resources: string[];
  /** Verbs, or '*'. */
  verbs: string[];
}

export interface RoleDefinition {
  name: string;
  allow: RoleRule[];
  deny: RoleRule[];
}

/** Teleport's preset `auditor` role: read-only access plus running queries and reports. */
export const PRESET_ROLES: readonly RoleDefinition[] = [
  {
    name: 'auditor',
    allow: [{ resources: ['audit_query', 'security_report'], verbs: ['list', 'read', 'use'] }],
    deny: [],
  },
];

function stringList(v: unknown, what: string): string[] {
  if (typeof v === 'string') return [v];
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string' || x === '')) {
    throw new ConfigError(`${what} must be a list of names`);
  }
  return v as string[];
}

function parseRules(v: unknown, what: string): RoleRule[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new ConfigError(`${what} must be a list of rules`);
  return v.map((r, i) => {
    if (r === null || typeof r !== 'object' || Array.isArray(r)) throw new ConfigError(`${what}[${i}] must be a mapping`);
    const rule = r as Record<string, unknown>;
    return {
      resources: stringList(rule.resources, `${what}[${i}].resources`),
      verbs: stringList(rule.verbs, `${what}[${i}].verbs`),
    };
  });
}

function section(v: unknown, what: string): Record<string, unknown> {
  if (v === undefined || v === null) return {};
  if (typeof v !== 'object' || Array.isArray(v)) throw new ConfigError(`${what} must be a mapping`);
  return v as Record<string, unknown>;
}

/** Parses a YAML stream of role documents. `source` names the file in error messages. */
export function parseRoleDocuments(text: string, source: string): RoleDefinition[] {
  const roles: RoleDefinition[] = [];
  for (const [i, doc] of parseAllDocuments(text).entries()) {
    if (doc.errors.length) throw new ConfigError(`${source}: document ${i + 1} is not valid YAML: ${doc.errors[0].message}`);
    const value = doc.toJS() as unknown;
    if (value === null || value === undefined) continue; // empty document between separators
    const where = `${source}: document ${i + 1}`;
    const d = section(value, where);
    if (d.kind !== 'role') throw new ConfigError(`${where} has kind ${JSON.stringify(d.kind)}; only "kind: role" documents belong here`);
    const name = section(d.metadata, `${where} metadata`).name;
    if (typeof name !== 'string' || !name) throw new ConfigError(`${where} needs metadata.name`);
    const spec = section(d.spec, `${where} (role ${name}) spec`);
    roles.push({
      name,
      allow: parseRules(section(spec.allow, `role ${name} spec.allow`).rules, `role ${name} spec.allow.rules`),
      deny: parseRules(section(spec.deny, `role ${name} spec.deny`).rules, `role ${name} spec.deny.rules`),
    });
  }
  return roles;
}

/** The preset roles plus the documents of `rolesFile`; a document may redefine a preset role. */
export function loadRoles(rolesFile?: string): Map<string, RoleDefinition> {
  const roles = new Map(PRESET_ROLES.map((r) => [r.name, r]));
  if (rolesFile) {
    let text: string;
    try {
      text = readFileSync(rolesFile, 'utf8');
    } catch (e) {
      throw new ConfigError(`auth.roles_file ${rolesFile} cannot be read: ${(e as Error).message}`);
    }
    const seen = new Set<string>();
    for (const r of parseRoleDocuments(text, rolesFile)) {
      if (seen.has(r.name)) throw new ConfigError(`${rolesFile}: role ${r.name} is defined twice`);
      seen.add(r.name);
      roles.set(r.name, r);
    }
  }
  return roles;
}
