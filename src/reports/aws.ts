// The S3 client for an S3 report_results location. With the Athena engine it signs as the same
// assumed role (access_monitoring.role_arn), in the same region and against the same endpoints as the
// engine, since that role is what is granted Put/Get on report_results/*. Otherwise the SDK's
// default chain, with reports.s3.region / reports.s3.endpoint when given.
import { S3Client } from '@aws-sdk/client-s3';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { parseAthenaConfig } from '../athena/config';
import { assumeAccessMonitoringRole } from '../athena/credentials';
import type { CoreConfig } from '../config';
import type { ReportsConfig } from './config';

export interface ReportS3Client {
  s3: S3Client;
  close(): void;
}

export function reportStoreS3Client(
  core: CoreConfig,
  reports: ReportsConfig,
  opts: { sourceCredentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider } = {},
): ReportS3Client {
  if (core.engine === 'athena') {
    const cfg = parseAthenaConfig(core.raw, core.dataDir);
    const credentials = assumeAccessMonitoringRole(cfg, { sessionSuffix: 'reports', sourceCredentials: opts.sourceCredentials });
    const endpoint = reports.s3.endpoint ?? cfg.endpoints.s3;
    const s3 = new S3Client({
      region: reports.s3.region ?? cfg.region,
      endpoint,
      forcePathStyle: reports.s3.endpoint ? true : cfg.s3ForcePathStyle,
      credentials: credentials.provider,
    });
    return {
      s3,
      close() {
        s3.destroy();
        credentials.close();
      },
    };
  }
  const s3 = new S3Client({
    region: reports.s3.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1',
    endpoint: reports.s3.endpoint,
    forcePathStyle: !!reports.s3.endpoint,
    credentials: opts.sourceCredentials,
  });
  return { s3, close: () => s3.destroy() };
}
