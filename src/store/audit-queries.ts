// Saved queries: the audit_query resource {name, title, description, query} (SPEC section 9). The SQL
// must pass the SQL guard when saved, so a saved query always runs.
import { ResourceStore, StoreError, checkResourceName } from './resource-store';
import type { DocumentBackend } from './backend';

export interface AuditQuery {
  name: string;
  title: string;
  description: string;
  query: string;
  /** Who saved it first and last, and when last (set by the gateway, not by the client). */
  created_by?: string;
  updated_by?: string;
  updated_at?: string;
}

export const AUDIT_QUERY_KIND = 'audit_query';
export const MAX_TITLE_LENGTH = 200;
export const MAX_DESCRIPTION_LENGTH = 2000;
export const MAX_SQL_LENGTH = 100_000;

/** Throws (any error; its message is shown) when the SQL would be refused at run time. */
export type SqlCheck = (sql: string) => Promise<void> | void;

function optionalText(v: unknown, field: string, max: number): string {
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string') throw new StoreError('BAD_INPUT', `audit_query ${field} must be text`);
  if (v.length > max) throw new StoreError('BAD_INPUT', `audit_query ${field} is longer than ${max} characters`);
  return v;
}

export function validateAuditQuery(value: unknown): AuditQuery {
  if (value === null || typeof value !== 'object') throw new StoreError('BAD_INPUT', 'audit_query must be an object');
  const v = value as Record<string, unknown>;
  const name = checkResourceName(AUDIT_QUERY_KIND, v.name);
  if (typeof v.query !== 'string' || !v.query.trim()) throw new StoreError('BAD_INPUT', `audit_query ${name} needs a query (SQL text)`);
  if (v.query.length > MAX_SQL_LENGTH) throw new StoreError('BAD_INPUT', `audit_query ${name}: query is longer than ${MAX_SQL_LENGTH} characters`);
  return {
    name,
    title: optionalText(v.title, 'title', MAX_TITLE_LENGTH),
    description: optionalText(v.description, 'description', MAX_DESCRIPTION_LENGTH),
    query: v.query,
    ...ownership(v),
  };
}

function ownership(v: Record<string, unknown>): Pick<AuditQuery, 'created_by' | 'updated_by' | 'updated_at'> {
  const out: Pick<AuditQuery, 'created_by' | 'updated_by' | 'updated_at'> = {};
  for (const k of ['created_by', 'updated_by', 'updated_at'] as const) {
    if (typeof v[k] === 'string' && v[k]) out[k] = v[k] as string;
  }
  return out;
}

export type AuditQueryStore = ResourceStore<AuditQuery>;

export function createAuditQueryStore(backend: DocumentBackend, checkSql?: SqlCheck): AuditQueryStore {
  return new ResourceStore<AuditQuery>(backend, {
    kind: AUDIT_QUERY_KIND,
    validate: validateAuditQuery,
    checkWrite: async (q) => {
      if (!checkSql) return;
      try {
        await checkSql(q.query);
      } catch (e) {
        throw new StoreError('BAD_INPUT', `audit_query ${q.name}: the query would be refused: ${(e as Error).message}`);
      }
    },
  });
}
