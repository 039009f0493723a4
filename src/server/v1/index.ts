// The plain HTTP API under /v1, for clients that would rather not speak GraphQL (SIEM pulls, curl in
// a cron job, CI): result exports and the findings feed. Same tokens and roles as /graphql.
import express, { type Router } from 'express';
import type { TokenVerifier } from '../../auth/verifier';
import type { CoreConfig } from '../../config';
import { ExportUrlSigner, exportKeyFile, loadOrCreateKey } from '../../exports/signed-url';
import type { GatewayServices } from '../../resolvers/context';
import { parseApiConfig, type ApiConfig } from './config';
import { mountExportRoutes } from './exports';
import { mountFindingsRoutes } from './findings';
import { mountIntakeRoutes } from './intake';

export const V1_PATH = '/v1';

export interface V1Api {
  router: Router;
  config: ApiConfig;
  signer: ExportUrlSigner;
}

export function exportSignerFor(config: CoreConfig): ExportUrlSigner {
  return new ExportUrlSigner(loadOrCreateKey(exportKeyFile(config.dataDir)), parseApiConfig(config).exportUrlTtlSeconds);
}

export function createV1Api(opts: { verifier: TokenVerifier; services: GatewayServices; signer: ExportUrlSigner }): V1Api {
  const router = express.Router();
  mountExportRoutes(router, opts);
  mountFindingsRoutes(router, opts);
  mountIntakeRoutes(router, opts);
  return { router, config: parseApiConfig(opts.services.config), signer: opts.signer };
}
