// Opening stores from config. Each resource kind lives in its own collection: a sub-directory of the
// data directory (saved queries: <data_dir>/queries) or a sub-prefix of store.location on S3.
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import type { CoreConfig } from '../config';
import type { DocumentBackend } from './backend';
import { parseStoreConfig, type StoreLocation } from './config';
import { LocalDocumentBackend } from './local';
import { S3DocumentBackend } from './s3';
import { createAuditQueryStore, type AuditQueryStore, type SqlCheck } from './audit-queries';

export * from './backend';
export * from './resource-store';
export * from './audit-queries';
export { parseStoreConfig, type StoreLocation } from './config';

/** Collection (directory / prefix) names per resource kind. */
export const COLLECTIONS = { audit_query: 'queries' } as const;

const s3Clients = new Map<string, S3Client>();

function s3ClientFor(loc: Extract<StoreLocation, { kind: 's3' }>): S3Client {
  const key = `${loc.endpoint ?? ''}|${loc.region ?? ''}`;
  let client = s3Clients.get(key);
  if (!client) {
    client = new S3Client({
      region: loc.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1',
      ...(loc.endpoint ? { endpoint: loc.endpoint, forcePathStyle: true } : {}),
    });
    s3Clients.set(key, client);
  }
  return client;
}

/** The backend for one collection, e.g. openCollection(config, 'queries'). */
export function openCollection(config: CoreConfig, collection: string): DocumentBackend {
  const loc = parseStoreConfig(config);
  if (loc.kind === 'local') return new LocalDocumentBackend(join(loc.dir, collection));
  return new S3DocumentBackend(s3ClientFor(loc), loc.bucket, loc.prefix ? `${loc.prefix}/${collection}` : collection);
}

export function openAuditQueryStore(config: CoreConfig, checkSql?: SqlCheck): AuditQueryStore {
  return createAuditQueryStore(openCollection(config, COLLECTIONS.audit_query), checkSql);
}
