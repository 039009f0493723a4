// The Athena engine's entry point: src/engine/factory.ts calls createAthenaEngine when `engine: athena`.
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { loadCatalog } from '../catalog';
import type { Catalog } from '../catalog/types';
import type { CoreConfig } from '../config';
import { checkQuery } from '../sql';
import { AthenaApi } from './api';
import { ScannedBytesLedger } from './budget';
import { parseAthenaConfig, type AthenaConfig } from './config';
import { assumeAccessMonitoringRole } from './credentials';
import { AthenaEngine, type QueryGuard } from './engine';
import { ExecutionJournal } from './journal';
import { parseAuthConfig } from '../auth/config';
import { createCluster, parseClusterConfig } from '../cluster';

export { AthenaEngine } from './engine';
export { parseAthenaConfig, parseAthenaUri, type AthenaConfig } from './config';
export { buildAthenaStatement, viewCte } from '../engine/view-sql';

export interface CreateAthenaEngineOptions {
  catalog?: Catalog;
  /** Credentials that call STS AssumeRole; default: the SDK's default chain. */
  sourceCredentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** Replace the parsed settings (tests, benchmarks). */
  overrides?: (cfg: AthenaConfig) => AthenaConfig;
  guard?: QueryGuard;
  now?: () => number;
}

export async function createAthenaEngine(config: CoreConfig, opts: CreateAthenaEngineOptions = {}): Promise<AthenaEngine> {
  let cfg = parseAthenaConfig(config.raw, config.dataDir);
  if (opts.overrides) cfg = opts.overrides(cfg);
  const credentials = assumeAccessMonitoringRole(cfg, { sourceCredentials: opts.sourceCredentials, now: opts.now });
  const api = new AthenaApi(cfg, credentials);
  const guard: QueryGuard = opts.guard ?? (async (sql, catalog) => checkQuery(sql, catalog));
  // Replicas: limits, budgets and execution ids shared through cluster.state (src/cluster).
  const clusterConfig = parseClusterConfig(config);
  const cluster = clusterConfig
    ? createCluster(clusterConfig, cfg, api, {
        maxRunningPerUser: parseAuthConfig(config).maxRunningQueriesPerUser,
        sourceCredentials: opts.sourceCredentials,
        now: opts.now,
      })
    : undefined;
  return new AthenaEngine({
    config: cfg,
    api,
    catalog: opts.catalog ?? loadCatalog(),
    guard,
    ledger: new ScannedBytesLedger(cfg.ledgerFile, cfg.budget, opts.now),
    journal: new ExecutionJournal(cfg.journalFile),
    cluster: cluster?.coordinator,
    onClose: () => {
      cluster?.close();
      credentials.close();
    },
  });
}
