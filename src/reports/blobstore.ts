// Where reports keep what they write: definitions, run states, run journals, results, leases,
// detections and delivery logs. A flat key space of JSON documents with compare-and-swap writes, so a
// local directory and an S3 prefix behave the same and several gateways can share one.

export interface StoredBlob {
  body: string;
  /** Changes whenever the body changes; pass it back as ifMatch for compare-and-swap. */
  etag: string;
}

export interface PutOptions {
  /** Create only: fail with PreconditionFailedError when the key exists. */
  ifNoneMatch?: boolean;
  /** Replace only this version: fail with PreconditionFailedError when the key changed or is gone. */
  ifMatch?: string;
}

export interface BlobStore {
  /** Human-readable location, for messages ("/data/report_results", "s3://bucket/prefix"). */
  readonly location: string;
  get(key: string): Promise<StoredBlob | undefined>;
  /** Atomic: readers see the old body or the new one, never a torn write. */
  put(key: string, body: string, opts?: PutOptions): Promise<{ etag: string }>;
  delete(key: string): Promise<void>;
  /** Keys under a prefix ("states/"), sorted; only those after `startAfter`, at most `limit`. */
  list(prefix: string, opts?: ListOptions): Promise<string[]>;
}

export interface ListOptions {
  /** A full key: list only the keys that sort after it (S3's StartAfter). */
  startAfter?: string;
  /** At most this many keys, the first ones. */
  limit?: number;
}

export class PreconditionFailedError extends Error {
  constructor(key: string, why: string) {
    super(`conditional write of ${key} refused: ${why}`);
    this.name = 'PreconditionFailedError';
  }
}

// Keys are built from validated names; still refuse anything that could escape the root.
export function checkKey(key: string): string {
  if (!key || key.startsWith('/') || key.split('/').some((p) => p === '' || p === '.' || p === '..')) {
    throw new Error(`invalid storage key ${JSON.stringify(key)}`);
  }
  return key;
}

export async function getJson<T>(store: BlobStore, key: string): Promise<{ value: T; etag: string } | undefined> {
  const blob = await store.get(key);
  if (!blob) return undefined;
  try {
    return { value: JSON.parse(blob.body) as T, etag: blob.etag };
  } catch (e) {
    throw new Error(`${store.location}/${key} is not valid JSON: ${(e as Error).message}`);
  }
}

export function putJson(store: BlobStore, key: string, value: unknown, opts?: PutOptions): Promise<{ etag: string }> {
  return store.put(key, JSON.stringify(value, null, 2) + '\n', opts);
}
