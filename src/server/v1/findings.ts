// GET /v1/findings?after=<cursor>: the findings feed as NDJSON, one change a line, oldest first, for
// SIEM pulls and cron jobs. `format=ocsf` gives each line as an OCSF Detection Finding event. The
// cursor to store comes with every line (`cursor`, or `unmapped.cursor` in OCSF) and, for the whole
// page, in the Amctl-Next-Cursor header (also when the page is empty).
import type { Request, Response, Router } from 'express';
import { authorize } from '../../auth/rbac';
import type { TokenVerifier } from '../../auth/verifier';
import { CursorExpiredError, MAX_FEED_PAGE, type FeedFilter } from '../../reports/findings/feed';
import { toOcsf } from '../../reports/findings/ocsf';
import { SEVERITIES, type FindingChange, type Severity } from '../../reports/findings/types';
import { REPORTS_EXTENSION, type ReportsRuntime } from '../../reports/runtime';
import type { GatewayServices } from '../../resolvers/context';
import { apiError } from '../../errors/api-error';
import { authenticateRequest, httpError, oneQueryParam, sendError } from './http';

const CHANGES: FindingChange[] = ['NEW', 'UPDATED', 'RESOLVED', 'REOPENED', 'TRIAGED'];
export const DEFAULT_FEED_LIMIT = 500;

function list(req: Request, name: string): string[] | undefined {
  const v = req.query[name];
  if (v === undefined) return undefined;
  const items = (Array.isArray(v) ? v : [v]).flatMap((x) => String(x).split(',')).filter(Boolean);
  return items.length ? items : undefined;
}

export function parseFeedQuery(req: Request): { after?: string; limit: number; format: 'ndjson' | 'ocsf'; filter: FeedFilter } {
  const format = oneQueryParam(req, 'format') ?? 'ndjson';
  if (format !== 'ndjson' && format !== 'ocsf') throw apiError('BAD_USER_INPUT', `format must be ndjson or ocsf, got ${JSON.stringify(format)}`);
  const limitText = oneQueryParam(req, 'limit');
  const limit = limitText === undefined ? DEFAULT_FEED_LIMIT : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_FEED_PAGE) throw apiError('BAD_USER_INPUT', `limit must be a whole number from 1 to ${MAX_FEED_PAGE}, got ${JSON.stringify(limitText)}`);
  const minSeverity = oneQueryParam(req, 'min_severity');
  if (minSeverity !== undefined && !(SEVERITIES as readonly string[]).includes(minSeverity)) {
    throw apiError('BAD_USER_INPUT', `min_severity must be one of ${SEVERITIES.join(', ')}, got ${JSON.stringify(minSeverity)}`);
  }
  const changes = list(req, 'change')?.map((c) => c.toUpperCase());
  const bad = changes?.find((c) => !CHANGES.includes(c as FindingChange));
  if (bad) throw apiError('BAD_USER_INPUT', `change must be one or more of ${CHANGES.join(', ')}, got ${JSON.stringify(bad)}`);
  const after = oneQueryParam(req, 'after') || undefined;
  return {
    after,
    limit,
    format,
    filter: { minSeverity: minSeverity as Severity | undefined, reports: list(req, 'report'), detections: list(req, 'detection'), changes: changes as FindingChange[] | undefined },
  };
}

export function mountFindingsRoutes(router: Router, opts: { verifier: TokenVerifier; services: GatewayServices }): void {
  router.get('/findings', async (req: Request, res: Response) => {
    try {
      const principal = await authenticateRequest(opts.verifier, req);
      authorize(principal, 'security_report', 'read', 'use');
      const q = parseFeedQuery(req);
      const runtime = opts.services.extensions.get(REPORTS_EXTENSION) as ReportsRuntime | undefined;
      if (!runtime) throw apiError('UNAVAILABLE', 'security reports (and so findings) are not enabled on this gateway');
      let page;
      try {
        page = await runtime.findings.feed(q.after, q.limit, q.filter);
      } catch (e) {
        if (e instanceof CursorExpiredError) throw httpError('GONE', e.message);
        throw e;
      }
      res.status(200);
      res.setHeader('content-type', 'application/x-ndjson; charset=utf-8');
      res.setHeader('cache-control', 'no-store');
      res.setHeader('amctl-next-cursor', page.endCursor);
      res.setHeader('amctl-has-more', String(page.hasNextPage));
      let body = '';
      for (const item of page.items) {
        body += JSON.stringify(q.format === 'ocsf' ? toOcsf(item.finding, item.cursor) : { cursor: item.cursor, ...item.finding }) + '\n';
      }
      res.end(body);
    } catch (e) {
      sendError(req, res, e);
    }
  });
}
