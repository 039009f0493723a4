// The gateway: one node HTTP server carrying GraphQL over HTTP (/graphql, Apollo on express),
// GraphQL subscriptions over WebSocket (graphql-ws, same port and path), /healthz, /readyz and
// /metrics. Every GraphQL request is authenticated before any resolver runs.
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type NextFunction, type Request, type Response } from 'express';
import {
  GraphQLError,
  NoSchemaIntrospectionCustomRule,
  getOperationAST,
  parse,
  specifiedRules,
  validate,
  type ExecutionArgs,
  type ValidationRule,
} from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import type { Logger } from 'pino';
import { WebSocketServer } from 'ws';
import { parseAuthConfig, type AuthConfig } from '../auth/config';
import type { Principal } from '../auth/rbac';
import { loadRoles } from '../auth/roles';
import { createTokenVerifier, tokenFromHeaders, type TokenVerifier } from '../auth/verifier';
import { loadCatalog } from '../catalog';
import type { CoreConfig } from '../config';
import type { QueryEngine } from '../engine/types';
import { ExecutionService } from '../executions/service';
import type { PollBackoff } from '../executions/status-hub';
import type { GatewayContext, GatewayServices } from '../resolvers/context';
import { checkQuery } from '../sql';
import { openAuditQueryStore, type SqlCheck } from '../store';
import { parseServerConfig, type ServerConfig } from './config';
import { mountConsole } from './console';
import { apiError } from '../errors/api-error';
import { maskError, publicError } from './errors';
import { operationLimitsRule } from './limits';
import { PrecompiledExecution } from './precompiled-execution';
import { trackRequest, type TrackedRequest } from './access-log';
import { bodyTooLargeMessage, graphqlHttpHandler, takesRequest, type GraphQLHttpOptions } from './graphql-http';
import { RequestContext } from './request-context';
import { SocketCredentials } from './socket-credentials';
import { createLogger, requestIdFrom } from './logging';
import { GatewayMetrics } from './metrics';
import { buildGatewaySchema } from './schema';
import { createV1Api, exportSignerFor, V1_PATH } from './v1';
import { loadTrustedDocuments, type TrustedDocuments } from './trusted-documents';
import type { OneTimeSignIn } from './sign-in-link';

export interface GatewayOptions {
  config: CoreConfig;
  engine: QueryEngine;
  /** Overrides the config's auth section (e.g. `serve --demo` adds a dev key). */
  auth?: AuthConfig;
  /** Overrides parts of the config's server section (e.g. --listen). */
  server?: Partial<ServerConfig>;
  logger?: Logger;
  /** Applied to saved queries on save; default: the SQL guard (src/sql checkQuery). */
  checkSql?: SqlCheck;
  /** Services other modules add to the resolver context. */
  extensions?: Map<string, unknown>;
  /** Status polling backoff for subscriptions. */
  pollBackoff?: PollBackoff;
  /** Minimum time between JWKS refetches on unknown key ids. */
  jwksCooldownMs?: number;
  /** How long keys from auth.jwks_url are used before they are fetched again (tests). */
  jwksCacheMaxAgeMs?: number;
  /** How long a verified token is remembered (tests). */
  verifiedCacheMs?: number;
  /** One-time sign-in codes for the web console (demo gateways). */
  signIn?: OneTimeSignIn;
  /** Built web console; default console/dist. */
  consoleDir?: string;
  /** How often open WebSockets' tokens are verified again (default SOCKET_RECHECK_MS). */
  socketRecheckMs?: number;
}

export interface Gateway {
  /** http://host:port/graphql */
  url: string;
  /** ws://host:port/graphql */
  wsUrl: string;
  /** http://host:port */
  origin: string;
  services: GatewayServices;
  metrics: GatewayMetrics;
  close(): Promise<void>;
}

const GRAPHQL_PATH = '/graphql';

declare module 'express-serve-static-core' {
  interface Request {
    id: string;
    log: Logger;
    /** Set once the token is verified, for the access log line. */
    user?: string;
  }
}

/** `Context creation failed: ` is Apollo's prefix for errors from the context function. */
function stripApolloPrefix(message: string): string {
  return message.replace(/^Context creation failed: /, '');
}

/**
 * Compiled queries answered without Apollo (graphqlHttpHandler's `direct`): under the same trusted
 * documents rule as Apollo's plugin, and counted as errorLogger counts Apollo's answers.
 */
function directAnswers(
  precompiled: PrecompiledExecution,
  trusted: TrustedDocuments | undefined,
  ok: { inc(): void },
): GraphQLHttpOptions<GatewayContext>['direct'] {
  return async (body, context) => {
    const json = await precompiled.answer(body, context, (ctx, text) => trusted?.check((ctx as GatewayContext).principal, text));
    if (json !== undefined) ok.inc();
    return json;
  };
}

async function authenticate(verifier: TokenVerifier, headers: Record<string, string | string[] | undefined>): Promise<Principal> {
  const token = tokenFromHeaders(headers);
  if (!token) {
    throw apiError('UNAUTHENTICATED', 'no token: send "Authorization: Bearer <jwt>" or "Teleport-Jwt-Assertion: <jwt>"');
  }
  return verifier.verify(token);
}

/** Headers a WebSocket client can send in connection_init (browsers cannot set upgrade headers). */
function connectionHeaders(params: Record<string, unknown> | undefined, upgrade: IncomingHttpHeaders): Record<string, string | string[] | undefined> {
  const headers: Record<string, string | string[] | undefined> = { ...upgrade };
  for (const [k, v] of Object.entries(params ?? {})) {
    if (typeof v === 'string') headers[k.toLowerCase()] = v;
  }
  if (typeof params?.token === 'string') headers.authorization = `Bearer ${params.token}`;
  return headers;
}

export async function startGateway(opts: GatewayOptions): Promise<Gateway> {
  const server: ServerConfig = { ...parseServerConfig(opts.config), ...opts.server };
  const auth = opts.auth ?? parseAuthConfig(opts.config);
  const log = opts.logger ?? createLogger();
  const verifier = createTokenVerifier({
    auth,
    roles: loadRoles(auth.rolesFile),
    jwksCooldownMs: opts.jwksCooldownMs,
    jwksCacheMaxAgeMs: opts.jwksCacheMaxAgeMs,
    verifiedCacheMs: opts.verifiedCacheMs,
    log,
  });
  const exportSigner = exportSignerFor(opts.config);
  const executions = new ExecutionService({
    engine: opts.engine,
    maxRunningPerUser: auth.maxRunningQueriesPerUser,
    maxQueuedPerUser: auth.maxQueuedQueriesPerUser,
    backoff: opts.pollBackoff,
    localExportUrl: (id, owner, baseUrl) => exportSigner.url(baseUrl, id, owner),
  });
  const catalog = loadCatalog();
  const checkSql: SqlCheck = opts.checkSql ?? (async (sql) => void (await checkQuery(sql, catalog)));
  const services: GatewayServices = {
    config: opts.config,
    engine: opts.engine,
    catalog,
    executions,
    auditQueries: openAuditQueryStore(opts.config, checkSql),
    extensions: opts.extensions ?? new Map(),
  };
  // Operations registered by hash, and the roles that may run only those (api.trusted_documents).
  const trusted = loadTrustedDocuments(opts.config);
  const schema = await buildGatewaySchema();
  const precompiled = server.precompile ? new PrecompiledExecution(schema) : undefined;
  const metrics = new GatewayMetrics(executions, precompiled);
  const limits = operationLimitsRule({ maxDepth: server.maxQueryDepth, maxCost: server.maxQueryCost });
  const validationRules: ValidationRule[] = [limits, ...(server.introspection ? [] : [NoSchemaIntrospectionCustomRule])];

  const app = express();
  app.disable('x-powered-by');
  // The common GraphQL requests go straight to Apollo (graphql-http.ts); everything else to express.
  let graphqlHttp: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  const httpServer: Server = createServer((incoming, res) => {
    const req = trackRequest(incoming, res, log, metrics);
    if (graphqlHttp && takesRequest(req, GRAPHQL_PATH)) graphqlHttp(req, res);
    else app(req, res);
  });
  let ready = false;

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', (_req, res) => {
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'starting', engine: opts.engine.kind });
  });
  app.get('/metrics', async (_req, res) => {
    res.setHeader('content-type', metrics.registry.contentType);
    res.send(await metrics.registry.metrics());
  });

  const socketCredentials = new SocketCredentials(verifier, opts.socketRecheckMs);
  const wsServer = new WebSocketServer({ server: httpServer, path: GRAPHQL_PATH, maxPayload: server.maxBodyBytes });
  const wsCleanup = useServer<Record<string, unknown>, { principal?: Principal; requestId?: string }>(
    {
      schema,
      onConnect: async (ctx) => {
        ctx.extra.requestId = requestIdFrom(ctx.extra.request.headers['x-request-id']);
        try {
          const headers = connectionHeaders(ctx.connectionParams, ctx.extra.request.headers);
          ctx.extra.principal = await authenticate(verifier, headers);
          socketCredentials.track(ctx.extra.socket, tokenFromHeaders(headers)!, ctx.extra.principal.expiresAt);
          return true;
        } catch (e) {
          log.info({ reqId: ctx.extra.requestId, reason: (e as Error).message }, 'websocket connection refused');
          return false; // closes with 4403 Forbidden
        }
      },
      onSubscribe: (ctx, _id, payload) => {
        if (trusted) {
          try {
            trusted.check(ctx.extra.principal!, payload.query);
          } catch (e) {
            return [e as GraphQLError];
          }
        }
        let document;
        try {
          document = parse(payload.query);
        } catch (e) {
          return [e instanceof GraphQLError ? e : new GraphQLError('the query cannot be parsed')];
        }
        const errors = validate(schema, document, [...specifiedRules, ...validationRules]);
        if (errors.length) return errors;
        const requestId = ctx.extra.requestId ?? requestIdFrom(undefined);
        const contextValue: GatewayContext = {
          principal: ctx.extra.principal!,
          requestId,
          log: log.child({ reqId: requestId, user: ctx.extra.principal?.user }),
          services,
        };
        const args: ExecutionArgs = {
          schema,
          document,
          variableValues: payload.variables,
          operationName: payload.operationName,
          contextValue,
        };
        metrics.graphqlOperations.inc({ type: getOperationAST(document, payload.operationName)?.operation ?? 'unknown', outcome: 'ok' });
        return args;
      },
      onNext: (ctx, _id, _payload, _args, result) => {
        if (!('errors' in result) || !result.errors?.length) return;
        return {
          ...result,
          errors: result.errors.map((err) =>
            maskError(err.toJSON(), unwrapResolverError(err), (orig) =>
              log.error({ reqId: ctx.extra.requestId, err: orig }, 'subscription error'),
            ),
          ),
        };
      },
      onError: (ctx, _id, _payload, errors) => {
        return errors.map((err) =>
          maskError(err.toJSON(), unwrapResolverError(err), (orig) =>
            log.error({ reqId: ctx.extra.requestId, err: orig }, 'subscription error'),
          ),
        );
      },
    },
    wsServer,
  );

  const errorLogger: ApolloServerPlugin<GatewayContext> = {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue }) {
          for (const err of errors) {
            const original = unwrapResolverError(err);
            if (!publicError(original)) contextValue?.log?.error({ err: original }, 'internal error');
          }
        },
        async willSendResponse({ response, operation }) {
          const failed = response.body.kind === 'single' && (response.body.singleResult.errors?.length ?? 0) > 0;
          metrics.graphqlOperations.inc({ type: operation?.operation ?? 'unknown', outcome: failed ? 'error' : 'ok' });
        },
      };
    },
  };

  const apollo = new ApolloServer<GatewayContext>({
    ...(precompiled ? { gateway: precompiled.asApolloGateway() } : { schema }),
    introspection: server.introspection,
    csrfPrevention: true,
    includeStacktraceInErrorResponses: false,
    validationRules,
    formatError: (formatted, error) => {
      const original = unwrapResolverError(error);
      const masked = maskError(formatted, original, () => undefined);
      return { ...masked, message: stripApolloPrefix(masked.message) };
    },
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      // No HTTP caching of GraphQL responses here (they are per user); it also saves a wrapper per field.
      ApolloServerPluginCacheControlDisabled(),
      errorLogger,
      ...(trusted ? [trusted.plugin()] : []),
      {
        async serverWillStart() {
          return {
            async drainServer() {
              await wsCleanup.dispose();
            },
          };
        },
      },
    ],
  });
  await apollo.start();

  // The plain HTTP API (src/server/v1): result exports and the findings feed.
  const v1 = createV1Api({ verifier, services, signer: exportSigner });
  app.use(V1_PATH, v1.router);
  const baseUrlOf = (req: IncomingMessage) =>
    v1.config.publicUrl ?? `${(req.socket as TLSSocket).encrypted ? 'https' : 'http'}://${req.headers.host}`;
  const contextFor = async (incoming: IncomingMessage): Promise<GatewayContext> => {
    const req = incoming as TrackedRequest;
    const principal = await authenticate(verifier, req.headers);
    req.user = principal.user;
    return new RequestContext(principal, req.id, () => req.log, services, baseUrlOf(req));
  };

  graphqlHttp = graphqlHttpHandler(apollo, {
    maxBodyBytes: server.maxBodyBytes,
    context: contextFor,
    prepareBody: trusted?.fillQuery,
    onError: (req, err) => (req as TrackedRequest).log.error({ err }, 'internal error'),
    direct: precompiled && directAnswers(precompiled, trusted, metrics.graphqlOperations.labels('query', 'ok')),
  });
  app.use(
    GRAPHQL_PATH,
    express.json({ limit: server.maxBodyBytes }),
    ...(trusted ? [trusted.middleware] : []),
    expressMiddleware(apollo, { context: ({ req }) => contextFor(req) }),
  );

  mountConsole(app, { distDir: opts.consoleDir, graphiql: server.introspection, signIn: opts.signIn });

  app.use((_req: Request, res: Response) => {
    res.status(404).json({ errors: [{ message: `not found; GraphQL is served at ${GRAPHQL_PATH}`, extensions: { code: 'NOT_FOUND' } }] });
  });
  // Body parser failures (too large, not JSON) and anything else thrown outside GraphQL.
  app.use((err: { status?: number; type?: string; message?: string }, req: Request, res: Response, _next: NextFunction) => {
    const status = typeof err.status === 'number' && err.status >= 400 && err.status < 500 ? err.status : 500;
    const message =
      err.type === 'entity.too.large'
        ? bodyTooLargeMessage(server.maxBodyBytes)
        : status < 500
          ? `bad request: ${err.message ?? 'unreadable body'}`
          : 'internal error: the gateway logged the details';
    if (status >= 500) req.log.error({ err }, 'internal error');
    res.status(status).json({ errors: [{ message, extensions: { code: status === 413 ? 'PAYLOAD_TOO_LARGE' : status < 500 ? 'BAD_REQUEST' : 'INTERNAL_SERVER_ERROR' } }] });
  });

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(server.listen.port, server.listen.host, () => {
      httpServer.off('error', reject);
      resolve();
    });
  });
  ready = true;
  const addr = httpServer.address() as AddressInfo;
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  const origin = `http://${host}:${addr.port}`;
  log.info({ url: `${origin}${GRAPHQL_PATH}`, engine: opts.engine.kind, introspection: server.introspection }, 'gateway listening');

  let closing: Promise<void> | undefined;
  return {
    url: `${origin}${GRAPHQL_PATH}`,
    wsUrl: `ws://${host}:${addr.port}${GRAPHQL_PATH}`,
    origin,
    services,
    metrics,
    close() {
      closing ??= (async () => {
        ready = false;
        executions.close();
        socketCredentials.close();
        await apollo.stop();
        wsServer.close();
      })();
      return closing;
    },
  };
}
