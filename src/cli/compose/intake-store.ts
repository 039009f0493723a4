// Where the intake keeps what it receives, picked from the engine (beside engine.ts, above every engine):
// the embedded engine's local spool (the intake opens it itself), or on Athena Parquet under the table's
// events prefix (Teleport's locationS3), claimed in intake.state (default <cluster.state>/intake) so
// that every replica can take any request and each event is kept once.
import { S3Client } from '@aws-sdk/client-s3';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { parseAthenaConfig } from '../../athena/config';
import { assumeAccessMonitoringRole } from '../../athena/credentials';
import { parseClusterConfig } from '../../cluster/config';
import type { CoreConfig } from '../../config';
import { ConfigError } from '../../config/validate';
import { parseIntakeConfig, S3ParquetStore, type EventStore } from '../../intake';
import { parseS3Location } from '../../intake/config';

export interface IntakeStoreOptions {
  /** Credentials that call STS AssumeRole; default: the SDK's default chain. */
  sourceCredentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  leaseMs?: number;
}

/** undefined: the embedded engine's spool. Throws what is missing for the engine configured. */
export function createIntakeStore(config: CoreConfig, opts: IntakeStoreOptions = {}): EventStore | undefined {
  if (config.engine === 'embedded') return undefined;
  if (config.engine !== 'athena') {
    throw new ConfigError(`intake: receiving events needs the embedded or the Athena engine (engine is ${config.engine}); remove the intake section or change the engine`);
  }
  const athena = parseAthenaConfig(config.raw, config.dataDir);
  if (!athena.eventsLocation) {
    throw new ConfigError(
      'intake on engine athena writes Parquet where the audit table reads it, and the athena:// audit_events_uri has no locationS3: add Teleport\'s locationS3=s3://bucket/prefix to it',
    );
  }
  const intake = parseIntakeConfig(config);
  const cluster = parseClusterConfig(config);
  const state = intake.state ?? (cluster ? parseS3Location(`${cluster.state.uri.replace(/\/+$/, '')}/intake`, 'cluster.state') : undefined);
  if (!state) {
    throw new ConfigError('intake on engine athena keeps each event once through claims on S3: set intake.state to s3://bucket/prefix (or configure cluster.state)');
  }
  const events = parseS3Location(athena.eventsLocation, 'audit_events_uri locationS3');
  // The engine's role: the one granted the table's location and the state prefix.
  const credentials = assumeAccessMonitoringRole(athena, { sessionSuffix: 'intake', sourceCredentials: opts.sourceCredentials });
  const s3 = new S3Client({ region: athena.region, endpoint: athena.endpoints.s3, forcePathStyle: athena.s3ForcePathStyle, credentials: credentials.provider });
  const store = new S3ParquetStore({ s3, events, state, leaseMs: opts.leaseMs });
  return {
    append: (evs) => store.append(evs),
    async close() {
      await store.close();
      s3.destroy();
      credentials.close();
    },
  };
}
