// The Athena engine's entry point: src/cli/compose/engine.ts calls createAthenaEngine when `engine: athena`.
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
import type { JoinCluster } from './cluster-port';
import { ExecutionJournal } from './journal';

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
  /** Joins the replicas sharing this deployment (`cluster:`); the composition root passes src/cluster's. */
  joinCluster?: JoinCluster;
}

export async function createAthenaEngine(config: CoreConfig, opts: CreateAthenaEngineOptions = {}): Promise<AthenaEngine> {
  let cfg = parseAthenaConfig(config.raw, config.dataDir);
  if (opts.overrides) cfg = opts.overrides(cfg);
  const credentials = assumeAccessMonitoringRole(cfg, { sourceCredentials: opts.sourceCredentials, now: opts.now });
  const api = new AthenaApi(cfg, credentials);
  const guard: QueryGuard = opts.guard ?? (async (sql, catalog) => checkQuery(sql, catalog));
  // Replicas: limits, budgets and execution ids shared through cluster.state (src/cluster).
  const cluster = opts.joinCluster?.({ config: cfg, api, sourceCredentials: opts.sourceCredentials, now: opts.now });
  return new AthenaEngine({
    config: cfg,
    api,
    catalog: opts.catalog ?? loadCatalog(),
    guard,
    ledger: new ScannedBytesLedger(cfg.ledgerFile, cfg.budget, opts.now),
    journal: new ExecutionJournal(cfg.journalFile),
    cluster: cluster?.port,
    onClose: () => {
      cluster?.close();
      credentials.close();
    },
  });
}
