// The AWS clients the engine uses (Athena, S3), wired to the assumed-role credentials and the retry
// policy in retry.ts.
import { AthenaClient, type ServiceInputTypes, type ServiceOutputTypes } from '@aws-sdk/client-athena';
import type { Command } from '@smithy/types';
import { S3Client } from '@aws-sdk/client-s3';
import type { AthenaConfig } from './config';
import type { AssumedRoleCredentials } from './credentials';
import { withRetry } from './retry';

export interface ApiStats {
  calls: Record<string, number>;
  retries: number;
  credentialRefreshes: number;
}

export class AthenaApi {
  readonly athena: AthenaClient;
  readonly s3: S3Client;
  readonly stats: ApiStats = { calls: {}, retries: 0, credentialRefreshes: 0 };

  constructor(
    private readonly cfg: AthenaConfig,
    readonly credentials: AssumedRoleCredentials,
  ) {
    const common = {
      region: cfg.region,
      credentials: credentials.provider,
      maxAttempts: 1,
    };
    this.athena = new AthenaClient({ ...common, endpoint: cfg.endpoints.athena });
    this.s3 = new S3Client({ ...common, endpoint: cfg.endpoints.s3, forcePathStyle: cfg.s3ForcePathStyle });
  }

  /** Sends an Athena command with throttling/transient retries and one credential refresh on expiry. */
  async send<I extends ServiceInputTypes, O extends ServiceOutputTypes>(
    command: Command<ServiceInputTypes, I, ServiceOutputTypes, O, any>,
  ): Promise<O> {
    return this.retrying(command.constructor.name, () => this.athena.send(command));
  }

  /** Same policy for S3 calls. */
  async sendS3<T>(name: string, call: (s3: S3Client) => Promise<T>): Promise<T> {
    return this.retrying(name, () => call(this.s3));
  }

  private retrying<T>(name: string, call: () => Promise<T>): Promise<T> {
    return withRetry(
      this.cfg.throttle,
      async () => {
        this.stats.calls[name] = (this.stats.calls[name] ?? 0) + 1;
        return call();
      },
      {
        onExpiredToken: () => {
          this.stats.credentialRefreshes++;
          this.credentials.invalidate();
        },
        onRetry: () => {
          this.stats.retries++;
        },
      },
    );
  }

  close(): void {
    this.athena.destroy();
    this.s3.destroy();
  }
}
