// GET /v1/executions/{id}/results?format=csv|ndjson|json: a SUCCEEDED execution's whole result,
// streamed. Owner only: either the caller's token (same rules as /graphql, `use` on audit_query, and
// the execution must be theirs), or a signed link from queryResultsExportUrl.
import type { Request, Response, Router } from 'express';
import { authorize } from '../../auth/rbac';
import type { TokenVerifier } from '../../auth/verifier';
import { EngineError } from '../../errors/engine-error';
import type { ExecutionStatus } from '../../engine/types';
import { CONTENT_TYPES, parseExportFormat } from '../../exports/formats';
import type { ExportUrlSigner } from '../../exports/signed-url';
import { streamResult } from '../../exports/stream';
import type { GatewayServices } from '../../resolvers/context';
import { apiError } from '../../errors/api-error';
import { authenticateRequest, oneQueryParam, sendError } from './http';

const MAX_ID = 200;

async function signedStatus(services: GatewayServices, signer: ExportUrlSigner, id: string, expires: string, signature: string): Promise<ExecutionStatus> {
  let st: ExecutionStatus | undefined;
  try {
    st = await services.engine.status(id);
  } catch (e) {
    if (!(e instanceof EngineError && e.code === 'NOT_FOUND')) throw e;
  }
  const why = signer.check(id, st?.user, expires, signature);
  if (why || !st) throw apiError('FORBIDDEN', why ?? 'the link signature is not valid');
  return st;
}

export function mountExportRoutes(router: Router, opts: { verifier: TokenVerifier; services: GatewayServices; signer: ExportUrlSigner }): void {
  const { verifier, services, signer } = opts;
  router.get('/executions/:id/results', async (req: Request, res: Response) => {
    try {
      const id = String(req.params.id);
      if (!id || id.length > MAX_ID) throw apiError('BAD_USER_INPUT', 'the path must name an execution id');
      let format;
      try {
        format = parseExportFormat(oneQueryParam(req, 'format'));
      } catch (e) {
        throw apiError('BAD_USER_INPUT', (e as Error).message);
      }
      const signature = oneQueryParam(req, 'signature');
      let st: ExecutionStatus;
      if (signature !== undefined) {
        st = await signedStatus(services, signer, id, oneQueryParam(req, 'expires') ?? '', signature);
      } else {
        const principal = await authenticateRequest(verifier, req);
        authorize(principal, 'audit_query', 'use');
        st = await services.executions.status(principal, id);
      }
      if (st.state === 'FAILED') throw new EngineError('QUERY_FAILED', st.error?.message ?? 'the query failed: it has no result');
      if (st.state !== 'SUCCEEDED') throw new EngineError('NOT_READY', `the query is ${st.state}: its result can be exported once it has SUCCEEDED`);
      const rows = await streamResult(services.engine, id, format, res, () => {
        res.status(200);
        res.setHeader('content-type', CONTENT_TYPES[format]);
        res.setHeader('content-disposition', `attachment; filename="${id.replace(/[^A-Za-z0-9._-]/g, '_')}.${format}"`);
        res.setHeader('cache-control', 'no-store');
        if (st.rowCount !== undefined) res.setHeader('x-amctl-row-count', String(st.rowCount));
      });
      res.end();
      req.log.info({ id, format, rows }, 'result exported');
    } catch (e) {
      sendError(req, res, e);
    }
  });
}
