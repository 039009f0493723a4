// Several gateway replicas behind one load balancer (Athena engine): what they share and how it is
// wired. `clusterJoiner` is handed to the Athena engine where it is built (src/cli/compose/engine.ts);
// `startReportFanout` is called where the gateway's reports are.
import { BatchGetQueryExecutionCommand } from '@aws-sdk/client-athena';
import { S3Client } from '@aws-sdk/client-s3';
import type { AthenaApi } from '../athena/api';
import type { JoinCluster } from '../athena/cluster-port';
import { parseAuthConfig } from '../auth/config';
import type { CoreConfig } from '../config';
import type { AthenaConfig } from '../athena/config';
import { assumeAccessMonitoringRole } from '../athena/credentials';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { parseClusterConfig, type ClusterConfig } from './config';
import { ClusterCoordinator, type AthenaFacts } from './coordinator';
import { ExecutionIdSigner } from './execution-id';
import { SharedDocs } from './shared-docs';

export { parseClusterConfig, type ClusterConfig } from './config';
export { ClusterCoordinator } from './coordinator';
export { ExecutionIdSigner } from './execution-id';
export { SharedDocs } from './shared-docs';
export { ReportStateFanout, startReportFanout } from './report-fanout';

export interface Cluster {
  coordinator: ClusterCoordinator;
  docs: SharedDocs;
  close(): void;
}

/** Athena's view of queries in slots a replica may have left behind (BatchGetQueryExecution, 50 at a time). */
function athenaLookup(api: AthenaApi): (ids: string[]) => Promise<Map<string, AthenaFacts>> {
  return async (ids) => {
    const out = new Map<string, AthenaFacts>();
    for (let i = 0; i < ids.length; i += 50) {
      const res = await api.send(new BatchGetQueryExecutionCommand({ QueryExecutionIds: ids.slice(i, i + 50) }));
      for (const qe of res.QueryExecutions ?? []) {
        const state = qe.Status?.State;
        out.set(qe.QueryExecutionId!, {
          terminal: state === 'SUCCEEDED' || state === 'FAILED' || state === 'CANCELLED',
          bytes: qe.Statistics?.DataScannedInBytes ?? 0,
          completedAt: qe.Status?.CompletionDateTime?.getTime(),
        });
      }
    }
    return out;
  };
}

/**
 * The cluster state as the Athena engine's role sees it: the same assumed role, region and S3
 * endpoint as the engine (that role is what is granted the state prefix).
 */
export function createCluster(
  cluster: ClusterConfig,
  athena: AthenaConfig,
  api: AthenaApi,
  opts: { maxRunningPerUser: number; sourceCredentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider; now?: () => number },
): Cluster {
  const credentials = assumeAccessMonitoringRole(athena, { sessionSuffix: 'cluster', sourceCredentials: opts.sourceCredentials, now: opts.now });
  const s3 = new S3Client({
    region: athena.region,
    endpoint: athena.endpoints.s3,
    forcePathStyle: athena.s3ForcePathStyle,
    credentials: credentials.provider,
  });
  const docs = new SharedDocs(s3, cluster.state);
  const coordinator = new ClusterCoordinator({
    docs,
    signer: new ExecutionIdSigner(cluster.sharedKey),
    maxRunningPerUser: opts.maxRunningPerUser,
    budget: athena.budget,
    lookup: athenaLookup(api),
    // A query past its timeout is stopped; its slot cannot be in use any longer than that.
    slotMaxAgeMs: athena.queryTimeoutMs + 600_000,
    now: opts.now,
  });
  return {
    coordinator,
    docs,
    close() {
      s3.destroy();
      credentials.close();
    },
  };
}

/** The Athena engine's way into the cluster when `cluster:` is configured; undefined for a lone replica. */
export function clusterJoiner(config: CoreConfig): JoinCluster | undefined {
  const clusterConfig = parseClusterConfig(config);
  if (!clusterConfig) return undefined;
  const maxRunningPerUser = parseAuthConfig(config).maxRunningQueriesPerUser;
  return ({ config: athena, api, sourceCredentials, now }) => {
    const cluster = createCluster(clusterConfig, athena, api, { maxRunningPerUser, sourceCredentials, now });
    return { port: cluster.coordinator, close: () => cluster.close() };
  };
}
