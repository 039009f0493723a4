// Per-request DataLoaders for the fields that fan out: a list of reports asking for each window's
// state or last result, a list of detections asking for their state and deliveries. Each kind is read
// in one batch per request (one store listing plus the documents that exist) instead of once per
// field, and a document asked for twice in a request is read once.
import DataLoader from 'dataloader';
import { WINDOW_DAYS } from '../engine/types';
import type { DeliveryRecord } from '../reports/detections/delivery';
import type { DetectionState } from '../reports/detections/service';
import type { ReportResult } from '../reports/results';
import type { ReportState } from '../reports/state';
import type { GatewayContext } from './context';
import { reportsOf } from './reports-runtime';

export interface RequestLoaders {
  /** key: `<report>\0<days>` */
  reportState: DataLoader<string, ReportState | undefined>;
  /** key: `<report>\0<days>\0<run_id>` */
  reportResult: DataLoader<string, ReportResult | undefined>;
  detectionState: DataLoader<string, DetectionState>;
  /** key: `<detection>\0<limit>` */
  detectionDeliveries: DataLoader<string, DeliveryRecord[]>;
}

export const windowKey = (report: string, days: number) => `${report}\0${days}`;
export const resultKey = (report: string, days: number, runId: string) => `${report}\0${days}\0${runId}`;
export const deliveriesKey = (detection: string, limit: number) => `${detection}\0${limit}`;

const perRequest = new WeakMap<GatewayContext, RequestLoaders>();

function create(ctx: GatewayContext): RequestLoaders {
  const runtime = () => reportsOf(ctx);
  return {
    reportState: new DataLoader((keys) =>
      runtime().reports.states.getMany(
        keys.map((k) => {
          const [report, days] = k.split('\0');
          return { report: report!, days: Number(days) };
        }),
      ),
    ),
    reportResult: new DataLoader((keys) =>
      Promise.all(
        keys.map((k) => {
          const [report, days, runId] = k.split('\0');
          return runtime().reports.results.get(report!, Number(days), runId!);
        }),
      ),
    ),
    detectionState: new DataLoader((names) => runtime().detections.stateMany(names)),
    detectionDeliveries: new DataLoader(async (keys) => {
      // One listing for the whole batch; limits are per key (a list asks for fewer than a detail page).
      const parsed = keys.map((k) => {
        const [name, limit] = k.split('\0');
        return { name: name!, limit: Number(limit) };
      });
      const all = await runtime().detections.deliveriesMany(parsed.map((p) => p.name), Math.max(...parsed.map((p) => p.limit)));
      return all.map((d, i) => d.slice(0, parsed[i]!.limit));
    }),
  };
}

/** The loaders of this request (made on first use). */
export function loadersOf(ctx: GatewayContext): RequestLoaders {
  let l = perRequest.get(ctx);
  if (!l) {
    l = create(ctx);
    perRequest.set(ctx, l);
  }
  return l;
}

/** Every window's state of one report, through the request's batch. */
export async function windowStates(ctx: GatewayContext, report: string): Promise<ReportState[]> {
  const states = await loadersOf(ctx).reportState.loadMany(WINDOW_DAYS.map((d) => windowKey(report, d)));
  return states.flatMap((s) => {
    if (s instanceof Error) throw s;
    return s ? [s] : [];
  });
}
