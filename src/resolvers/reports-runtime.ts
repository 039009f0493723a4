// The reports runtime (reports, detections) as resolvers reach it through the context.
import { REPORTS_EXTENSION, type ReportsRuntime } from '../reports/runtime';
import { apiError } from '../errors/api-error';
import type { GatewayContext } from './context';

/** The reports runtime the gateway was started with. */
export function reportsOf(ctx: GatewayContext): ReportsRuntime {
  const r = ctx.services.extensions.get(REPORTS_EXTENSION) as ReportsRuntime | undefined;
  if (!r) throw apiError('UNAVAILABLE', 'security reports are not enabled on this gateway');
  return r;
}
