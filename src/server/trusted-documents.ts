// Trusted documents: GraphQL operations registered ahead of time in a manifest, sent by hash
// (Apollo's persisted-query extension: {"extensions":{"persistedQuery":{"version":1,"sha256Hash":"…"}}})
// instead of as text; and, for the roles configured, the only operations allowed (automation
// accounts then cannot run anything but what was reviewed).
//
//   api:
//     trusted_documents:
//       manifest: trusted-documents.json   # Apollo persisted-query manifest, or {"<sha256>": "<document>"}
//       require_for_roles: [ci]            # these roles may run manifest documents only
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ApolloServerPlugin } from '@apollo/server';
import type { NextFunction, Request, Response } from 'express';
import type { Principal } from '../auth/rbac';
import type { CoreConfig } from '../config';
import { asObject, ConfigError, optionalString } from '../config/validate';
import { apiSection } from './v1/config';
import { apiError } from '../errors/api-error';

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export interface TrustedDocuments {
  /** Documents by sha256 of their text. */
  readonly documents: ReadonlyMap<string, string>;
  readonly requiredForRoles: ReadonlySet<string>;
  /** Fills a request body's `query` from the manifest when it sends only the hash. */
  fillQuery(body: unknown): void;
  /** express middleware before the GraphQL handler: fillQuery on the parsed body. */
  middleware(req: Request, res: Response, next: NextFunction): void;
  /** Throws FORBIDDEN when the principal may run trusted documents only and this is not one. */
  check(principal: Principal, document: string): void;
  plugin(): ApolloServerPlugin<{ principal: Principal }>;
}

function parseManifest(text: string, file: string): Map<string, string> {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`api.trusted_documents.manifest ${file} is not JSON: ${(e as Error).message}`);
  }
  const out = new Map<string, string>();
  const add = (id: string, body: unknown, where: string) => {
    if (typeof body !== 'string' || !body.trim()) throw new ConfigError(`${file}: ${where} has no document text`);
    const hash = sha256(body);
    if (id.toLowerCase() !== hash) throw new ConfigError(`${file}: ${where} has id ${id} but its document hashes to ${hash} (sha256 of the exact text)`);
    out.set(hash, body);
  };
  const o = asObject(doc, `api.trusted_documents.manifest ${file}`);
  if (o.format === 'apollo-persisted-query-manifest') {
    if (!Array.isArray(o.operations)) throw new ConfigError(`${file}: operations must be a list`);
    o.operations.forEach((op, i) => {
      const r = asObject(op, `${file}: operations[${i}]`);
      add(String(r.id ?? ''), r.body, `operations[${i}]${typeof r.name === 'string' ? ` (${r.name})` : ''}`);
    });
  } else {
    for (const [id, body] of Object.entries(o)) add(id, body, `entry ${id}`);
  }
  return out;
}

export function loadTrustedDocuments(config: Pick<CoreConfig, 'raw' | 'file' | 'dataDir'>): TrustedDocuments | undefined {
  const api = apiSection(config.raw);
  if (api.trusted_documents === undefined || api.trusted_documents === null) return undefined;
  const t = asObject(api.trusted_documents, 'api.trusted_documents');
  const manifest = optionalString(t, 'manifest', 'api.trusted_documents.manifest');
  if (!manifest) throw new ConfigError('api.trusted_documents.manifest is required: a JSON file of the allowed documents');
  const file = resolve(config.file ? resolve(config.file, '..') : config.dataDir, manifest);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(`api.trusted_documents.manifest: cannot read ${file}: ${(e as Error).message}`);
  }
  const roles = t.require_for_roles ?? [];
  if (!Array.isArray(roles) || roles.some((r) => typeof r !== 'string' || !r)) throw new ConfigError('api.trusted_documents.require_for_roles must be a list of role names');
  return trustedDocuments(parseManifest(text, file), new Set(roles as string[]));
}

export function trustedDocuments(documents: Map<string, string>, requiredForRoles: Set<string>): TrustedDocuments {
  const check = (principal: Principal, document: string) => {
    const bound = principal.roles.filter((r) => requiredForRoles.has(r));
    if (bound.length === 0 || documents.has(sha256(document))) return;
    throw apiError(
      'FORBIDDEN',
      `role ${bound[0]} may run trusted documents only, and this operation is not in the manifest (api.trusted_documents); send a registered document or its sha256 as extensions.persistedQuery.sha256Hash`,
    );
  };
  const fillQuery = (parsed: unknown) => {
    const body = parsed as { query?: unknown; extensions?: { persistedQuery?: { sha256Hash?: unknown } } } | undefined;
    const hash = body?.extensions?.persistedQuery?.sha256Hash;
    if (body && typeof hash === 'string' && (body.query === undefined || body.query === null)) {
      const doc = documents.get(hash.toLowerCase());
      if (doc !== undefined) body.query = doc;
    }
  };
  return {
    documents,
    requiredForRoles,
    fillQuery,
    middleware(req, _res, next) {
      fillQuery(req.body);
      next();
    },
    check,
    plugin() {
      return {
        async requestDidStart() {
          return {
            // Apollo sends a GraphQLError thrown here to the client as it is (not from didResolveSource).
            async didResolveOperation({ source, contextValue }) {
              check(contextValue.principal, source);
            },
          };
        },
      };
    },
  };
}
