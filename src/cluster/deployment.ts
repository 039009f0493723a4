// Validation at the edge for a replica: the cluster section itself, and that everything else the
// replicas must share is shared (saved queries and report results on S3, not in one data_dir).
import type { CoreConfig } from '../config';
import { ConfigError } from '../config/validate';
import { parseReportsConfig } from '../reports/config';
import { parseStoreConfig } from '../store/config';
import { parseClusterConfig, type ClusterConfig } from './config';

export function checkClusterDeployment(core: CoreConfig): ClusterConfig | undefined {
  const cluster = parseClusterConfig(core);
  if (!cluster) return undefined;
  const reports = parseReportsConfig(core);
  if (!reports.reportResults.startsWith('s3://')) {
    throw new ConfigError(
      `cluster: report results are in a local directory (${reports.reportResults}); replicas must share them: set auth_service.access_monitoring.report_results (or reports.report_results) to s3://bucket/prefix`,
    );
  }
  if (parseStoreConfig(core).kind !== 's3') {
    throw new ConfigError('cluster: saved queries are in the local data_dir; replicas must share them: set store.location to s3://bucket/prefix');
  }
  return cluster;
}
