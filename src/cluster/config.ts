// The `cluster:` section: what several gateway replicas behind one load balancer share.
//
//   cluster:
//     shared_key_file: /etc/amctl/cluster-key   # or shared_key: "<at least 32 characters>"
//     state: s3://audit-long-term/amctl-cluster # running queries, scanned-bytes budgets, query records
//     poll_interval_ms: 2000                    # how often report state changes are picked up
//
// Nothing set: a single gateway, as before. Replicas need the Athena engine (the embedded engine keeps
// its database in one process's data directory) and both a shared key and a shared state location.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { CoreConfig } from '../config';
import type { ConfigKeys } from '../config/keys';
import { ConfigError, asObject, optionalInt, optionalString } from '../config/validate';

export interface ClusterConfig {
  /** HMAC key the replicas sign execution ids with. */
  sharedKey: Buffer;
  /** Shared state: s3://bucket/prefix. */
  state: { bucket: string; prefix: string; uri: string };
  /** Report state changes made on other replicas reach local subscribers within about this long. */
  pollIntervalMs: number;
}

/** Shortest key accepted: 32 bytes, the HMAC-SHA256 block of entropy worth having. */
export const MIN_KEY_BYTES = 32;

const S3_URI = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/;

function readKey(section: Record<string, unknown>, base: string): Buffer | undefined {
  const inline = optionalString(section, 'shared_key', 'cluster.shared_key');
  const file = optionalString(section, 'shared_key_file', 'cluster.shared_key_file');
  if (inline !== undefined && file !== undefined) {
    throw new ConfigError('cluster.shared_key and cluster.shared_key_file are both set; keep one (the file is better: it keeps the key out of the config)');
  }
  if (inline !== undefined) {
    const key = Buffer.from(inline.trim(), 'utf8');
    if (key.length < MIN_KEY_BYTES) {
      throw new ConfigError(`cluster.shared_key must be at least ${MIN_KEY_BYTES} characters (make one with: openssl rand -base64 48), got ${key.length}`);
    }
    return key;
  }
  if (file === undefined) return undefined;
  const path = resolve(base, file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ConfigError(`cluster.shared_key_file ${path} cannot be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const key = Buffer.from(text.trim(), 'utf8');
  if (key.length < MIN_KEY_BYTES) {
    throw new ConfigError(`cluster.shared_key_file ${path} must hold a key of at least ${MIN_KEY_BYTES} characters (make one with: openssl rand -base64 48), it has ${key.length}`);
  }
  return key;
}

export const CLUSTER_CONFIG_KEYS: ConfigKeys = { cluster: { shared_key: 'value', shared_key_file: 'value', state: 'value', poll_interval_ms: 'value' } };

/** The cluster settings, or undefined for a single gateway (no `cluster:` section, or an empty one). */
export function parseClusterConfig(config: Pick<CoreConfig, 'raw' | 'file' | 'engine'>): ClusterConfig | undefined {
  const raw = config.raw.cluster;
  if (raw === undefined || raw === null) return undefined;
  const section = asObject(raw, 'cluster');
  const known = new Set(['shared_key', 'shared_key_file', 'state', 'poll_interval_ms']);
  for (const k of Object.keys(section)) {
    if (!known.has(k)) throw new ConfigError(`cluster.${k} is not a setting; cluster takes ${[...known].join(', ')}`);
  }
  const base = config.file ? dirname(config.file) : process.cwd();
  const sharedKey = readKey(section, base);
  const stateUri = optionalString(section, 'state', 'cluster.state');
  const pollIntervalMs = optionalInt(section, 'poll_interval_ms', 'cluster.poll_interval_ms', 100) ?? 2000;
  if (sharedKey === undefined && stateUri === undefined) return undefined;
  if (config.engine !== 'athena') {
    throw new ConfigError(
      'cluster: replicas need engine: athena; the embedded engine is single-node (its database lives in one data_dir); remove the cluster section or move to Athena',
    );
  }
  if (sharedKey === undefined) {
    throw new ConfigError('cluster.state is set but no key is: set cluster.shared_key_file (or cluster.shared_key) to the same key on every replica');
  }
  if (stateUri === undefined) {
    throw new ConfigError('cluster.shared_key is set but cluster.state is not: set it to an S3 location every replica can write, e.g. s3://bucket/amctl-cluster');
  }
  const m = S3_URI.exec(stateUri);
  if (!m) throw new ConfigError(`cluster.state must look like s3://bucket/prefix, got ${JSON.stringify(stateUri)}`);
  const prefix = (m[2] ?? '').replace(/^\/+|\/+$/g, '');
  return { sharedKey, state: { bucket: m[1]!, prefix, uri: `s3://${m[1]}${prefix ? `/${prefix}` : ''}` }, pollIntervalMs };
}
