// POST /v1/intake/teleport: Teleport audit events as NDJSON (one JSON object a line), for clusters that
// export events some other way than teleport-event-handler. Same tokens as /graphql; the role needs
// `audit_event` with verb `create`. Answered 200 only once the events are durable; re-sent events
// (same uid) are counted as duplicates and kept once.
import type { Request, Response, Router } from 'express';
import { authorize } from '../../auth/rbac';
import type { TokenVerifier } from '../../auth/verifier';
import { INTAKE_EXTENSION, IntakeInputError, type IntakeRuntime } from '../../intake';
import type { GatewayServices } from '../../resolvers/context';
import { apiError } from '../../errors/api-error';
import { authenticateRequest, sendError } from './http';

const TYPES = new Set(['application/x-ndjson', 'application/jsonl', 'application/json']);

function readRaw(req: Request, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) over = true;
      else chunks.push(c);
    });
    req.on('end', () => (over ? reject(apiError('BAD_USER_INPUT', `the body is larger than intake.max_body_bytes (${limit} bytes): send fewer events per request`)) : resolve(Buffer.concat(chunks))));
    req.on('error', reject);
  });
}

export function mountIntakeRoutes(router: Router, opts: { verifier: TokenVerifier; services: GatewayServices }): void {
  router.post('/intake/teleport', async (req: Request, res: Response) => {
    try {
      const principal = await authenticateRequest(opts.verifier, req);
      authorize(principal, 'audit_event', 'create');
      const runtime = opts.services.extensions.get(INTAKE_EXTENSION) as IntakeRuntime | undefined;
      if (!runtime?.config.http) throw apiError('UNAVAILABLE', 'the NDJSON intake is not enabled on this gateway (intake.http: true)');
      const type = String(req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      if (!TYPES.has(type)) throw apiError('BAD_USER_INPUT', `Content-Type must be application/x-ndjson (one JSON event a line), got ${JSON.stringify(type || null)}`);
      const body = await readRaw(req, runtime.config.maxBodyBytes);
      let r;
      try {
        r = await runtime.service.receiveNdjson(body);
      } catch (e) {
        if (e instanceof IntakeInputError) throw apiError('BAD_USER_INPUT', e.message);
        throw e;
      }
      res.status(200).json({ accepted: r.written, duplicates: r.duplicates });
    } catch (e) {
      sendError(req, res, e);
    }
  });
}
