// A lease with expiry on one key of the shared store: only its holder acts (runs the scheduler).
// Acquiring and renewing are compare-and-swap writes (link(2)/lock file locally, If-None-Match /
// If-Match on S3), so two gateways racing for it cannot both win. A holder that dies stops renewing
// and the lease passes on after it expires.
import { getJson, putJson, PreconditionFailedError, type BlobStore } from './blobstore';
import { iso, type Clock } from './clock';

interface LeaseDoc {
  owner: string;
  acquired_at: string;
  expires_at: string;
}

export class Lease {
  constructor(
    private readonly store: BlobStore,
    private readonly name: string,
    private readonly owner: string,
    private readonly ttlMs: number,
    private readonly clock: Clock,
  ) {}

  private get key(): string {
    return `leases/${this.name}.json`;
  }

  /** Takes or renews the lease; true when this owner holds it until now + ttl. */
  async acquire(): Promise<boolean> {
    const now = this.clock.now();
    const current = await getJson<LeaseDoc>(this.store, this.key);
    if (current && current.value.owner !== this.owner && Date.parse(current.value.expires_at) > now) return false;
    const doc: LeaseDoc = {
      owner: this.owner,
      acquired_at: current?.value.owner === this.owner ? current.value.acquired_at : iso(now),
      expires_at: iso(now + this.ttlMs),
    };
    try {
      await putJson(this.store, this.key, doc, current ? { ifMatch: current.etag } : { ifNoneMatch: true });
      return true;
    } catch (e) {
      if (e instanceof PreconditionFailedError) return false; // someone else took or renewed it first
      throw e;
    }
  }

  /** Gives the lease up early (clean shutdown) so another gateway takes over at once. */
  async release(): Promise<void> {
    const current = await getJson<LeaseDoc>(this.store, this.key);
    if (!current || current.value.owner !== this.owner) return;
    const doc: LeaseDoc = { ...current.value, expires_at: iso(0) };
    await putJson(this.store, this.key, doc, { ifMatch: current.etag }).catch((e) => {
      if (!(e instanceof PreconditionFailedError)) throw e;
    });
  }
}
