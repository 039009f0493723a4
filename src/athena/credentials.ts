// Credentials for every Athena and S3 call: STS AssumeRole of access_monitoring.role_arn, signed with
// the default credential chain (environment, profile, instance/task role), refreshed ahead of expiry
// and on demand when AWS says the token has expired.
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { EngineError } from '../errors/engine-error';
import type { AthenaConfig } from './config';

export interface AssumedRoleOptions {
  roleArn: string;
  sessionName: string;
  durationSeconds: number;
  region: string;
  stsEndpoint?: string;
  /** Credentials that call STS; default: the SDK's default chain. */
  sourceCredentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** Refresh this long before the credentials expire (default 5 min, capped at half their lifetime). */
  refreshMarginMs?: number;
  now?: () => number;
}

/** A provider the SDK clients use as is (marked memoized: the caching and refresh policy is ours). */
export type ManagedCredentialProvider = AwsCredentialIdentityProvider & { memoized: true };

export class AssumedRoleCredentials {
  private current?: AwsCredentialIdentity;
  private inflight?: Promise<AwsCredentialIdentity>;
  private readonly sts: STSClient;
  private readonly now: () => number;
  /** How many times STS was asked (tests and metrics). */
  assumeCount = 0;

  constructor(private readonly opts: AssumedRoleOptions) {
    this.now = opts.now ?? Date.now;
    this.sts = new STSClient({
      region: opts.region,
      endpoint: opts.stsEndpoint,
      credentials: opts.sourceCredentials,
      maxAttempts: 3,
    });
  }

  /** For the SDK clients' `credentials` option. */
  readonly provider: ManagedCredentialProvider = Object.assign(() => this.get(), { memoized: true as const });

  async get(): Promise<AwsCredentialIdentity> {
    if (this.current && !this.needsRefresh(this.current)) return this.current;
    this.inflight ??= this.assume().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  /** Drops the cached credentials: the next call assumes the role again (after ExpiredToken). */
  invalidate(stale?: AwsCredentialIdentity): void {
    if (!stale || this.current?.accessKeyId === stale.accessKeyId) this.current = undefined;
  }

  close(): void {
    this.sts.destroy();
  }

  private needsRefresh(c: AwsCredentialIdentity): boolean {
    if (!c.expiration) return false;
    const lifetime = this.opts.durationSeconds * 1000;
    const margin = Math.min(this.opts.refreshMarginMs ?? 5 * 60_000, lifetime / 2);
    return c.expiration.getTime() - this.now() <= margin;
  }

  private async assume(): Promise<AwsCredentialIdentity> {
    this.assumeCount++;
    let out;
    try {
      out = await this.sts.send(
        new AssumeRoleCommand({
          RoleArn: this.opts.roleArn,
          RoleSessionName: this.opts.sessionName,
          DurationSeconds: this.opts.durationSeconds,
        }),
      );
    } catch (e) {
      throw new EngineError(
        'UNAVAILABLE',
        `could not assume ${this.opts.roleArn} with STS: ${(e as Error).message}. Check that the gateway's AWS credentials may sts:AssumeRole it.`,
      );
    }
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey) {
      throw new EngineError('UNAVAILABLE', `STS AssumeRole of ${this.opts.roleArn} returned no credentials`);
    }
    this.current = {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      sessionToken: c.SessionToken,
      expiration: c.Expiration,
    };
    return this.current;
  }
}

/**
 * The access_monitoring role as each part of the gateway assumes it: one session per part (queries,
 * report results, cluster state), told apart by a suffix on the session name in CloudTrail.
 */
export function assumeAccessMonitoringRole(
  cfg: AthenaConfig,
  opts: { sessionSuffix?: string; sourceCredentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider; now?: () => number } = {},
): AssumedRoleCredentials {
  return new AssumedRoleCredentials({
    roleArn: cfg.roleArn,
    sessionName: opts.sessionSuffix ? `${cfg.roleSessionName}-${opts.sessionSuffix}`.slice(0, 64) : cfg.roleSessionName,
    durationSeconds: cfg.credentialDurationSeconds,
    region: cfg.region,
    stsEndpoint: cfg.endpoints.sts,
    sourceCredentials: opts.sourceCredentials,
    now: opts.now,
  });
}
