// The `store:` section: where resources (saved queries, report definitions, ...) are kept.
//   store:
//     location: s3://bucket/prefix     # default: the data directory
//     s3_endpoint: http://127.0.0.1:9000   # optional, S3-compatible servers
//     s3_region: eu-central-1               # optional, else AWS_REGION, else us-east-1
import type { CoreConfig } from '../config';
import type { ConfigKeys } from '../config/keys';
import { ConfigError, asObject, optionalString } from '../config/validate';

export type StoreLocation =
  | { kind: 'local'; dir: string }
  | { kind: 's3'; bucket: string; prefix: string; endpoint?: string; region?: string };

export const STORE_CONFIG_KEYS: ConfigKeys = { store: { location: 'value', s3_endpoint: 'value', s3_region: 'value' } };

export function parseStoreConfig(config: CoreConfig): StoreLocation {
  const section = config.raw.store === undefined || config.raw.store === null ? {} : asObject(config.raw.store, 'store');
  const location = optionalString(section, 'location', 'store.location');
  const endpoint = optionalString(section, 's3_endpoint', 'store.s3_endpoint');
  const region = optionalString(section, 's3_region', 'store.s3_region');
  if (!location) {
    if (endpoint || region) throw new ConfigError('store.s3_endpoint and store.s3_region need store.location: s3://bucket/prefix');
    return { kind: 'local', dir: config.dataDir };
  }
  const m = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(location);
  if (!m) throw new ConfigError(`store.location must look like s3://bucket/prefix, got ${JSON.stringify(location)}`);
  return { kind: 's3', bucket: m[1], prefix: (m[2] ?? '').replace(/\/+$/, ''), endpoint, region };
}
