// What every resolver receives: the authenticated caller and the gateway's services. Resolvers are
// plain classes with no constructor arguments; they reach services through the context.
import type { Logger } from 'pino';
import type { Principal } from '../auth/rbac';
import type { Catalog } from '../catalog';
import type { CoreConfig } from '../config';
import type { QueryEngine } from '../engine/types';
import type { ExecutionService } from '../executions/service';
import type { AuditQueryStore } from '../store';

export interface GatewayServices {
  config: CoreConfig;
  engine: QueryEngine;
  catalog: Catalog;
  executions: ExecutionService;
  auditQueries: AuditQueryStore;
  /** Services other modules add (e.g. reports), keyed by their module name. */
  extensions: Map<string, unknown>;
}

export interface GatewayContext {
  /** Verified caller; every operation has one (unauthenticated requests never reach resolvers). */
  principal: Principal;
  requestId: string;
  log: Logger;
  services: GatewayServices;
  /** Where the caller reached the gateway (api.public_url, else the request's Host): base of signed links. */
  baseUrl?: string;
}
