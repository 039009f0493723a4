// What the CLI needs from detections, locally (DetectionService) or through a gateway (GraphQL). Both
// return the same snake_case documents, webhook secrets masked.
import type { DeliveryRecord } from './delivery';
import type { DetectionRunOutcome, DetectionService, DetectionState } from './service';
import { redactDetection, type Detection } from './types';
import type { GraphqlRequester } from '../remote-client';

export type DetectionStatus = Omit<DetectionState, 'sent'>;

export interface DetectionsApi {
  create(doc: unknown): Promise<Detection>;
  list(): Promise<(Detection & { state: DetectionStatus })[]>;
  get(name: string): Promise<Detection & { state: DetectionStatus; deliveries: DeliveryRecord[] }>;
  delete(name: string): Promise<boolean>;
  run(name: string): Promise<DetectionRunOutcome>;
}

const status = ({ sent: _sent, ...rest }: DetectionState): DetectionStatus => rest;

export function localDetectionsApi(svc: DetectionService, user?: string): DetectionsApi {
  return {
    create: async (doc) => redactDetection(await svc.create(doc, user)),
    list: async () => Promise.all((await svc.list()).map(async (d) => ({ ...redactDetection(d), state: status(await svc.state(d.name)) }))),
    get: async (name) => ({ ...redactDetection(await svc.get(name)), state: status(await svc.state(name)), deliveries: await svc.deliveries(name, 10) }),
    delete: (name) => svc.delete(name),
    run: (name) => svc.run(name),
  };
}

const DELIVERY = 'id action type target findingHash ok attempts { at status error }';
const DETECTION = `name description query days intervalSeconds condition { kind op column value } actions { type url }
  dedupeWindowSeconds enabled createdBy createdAt lastRunAt lastStatus lastError lastFiredAt`;

type ApiDelivery = { id: string; action: number; type: DeliveryRecord['type']; target: string; findingHash: string; ok: boolean; attempts: { at: string; status?: number | null; error?: string | null }[] };
type ApiDetection = {
  name: string;
  description: string;
  query: string;
  days: Detection['days'];
  intervalSeconds: number;
  condition: { kind: string; op: string; column?: string | null; value: number | string };
  actions: { type: 'webhook' | 'slack'; url: string }[];
  dedupeWindowSeconds: number;
  enabled: boolean;
  createdBy?: string | null;
  createdAt?: string | null;
  lastRunAt?: string | null;
  lastStatus?: string | null;
  lastError?: string | null;
  lastFiredAt?: string | null;
  deliveries?: ApiDelivery[];
};

const defined = <T extends Record<string, unknown>>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined)) as T;

function delivery(d: ApiDelivery, detection: string): DeliveryRecord {
  return { id: d.id, detection, action: d.action, type: d.type, target: d.target, finding_hash: d.findingHash, ok: d.ok, attempts: d.attempts.map((a) => defined({ at: a.at, status: a.status ?? undefined, error: a.error ?? undefined })) };
}

function detection(d: ApiDetection): Detection & { state: DetectionStatus } {
  const condition = (d.condition.kind === 'column'
    ? { kind: 'column', column: d.condition.column ?? '', op: d.condition.op, value: d.condition.value }
    : { kind: 'row_count', op: d.condition.op, value: d.condition.value }) as Detection['condition'];
  return {
    name: d.name,
    description: d.description,
    query: d.query,
    days: d.days,
    interval_seconds: d.intervalSeconds,
    condition,
    actions: d.actions.map((a) => (a.type === 'webhook' ? { type: 'webhook' as const, url: a.url, secret: '********' } : { type: 'slack' as const, url: a.url })),
    dedupe_window_seconds: d.dedupeWindowSeconds,
    enabled: d.enabled,
    ...defined({ created_by: d.createdBy ?? undefined, created_at: d.createdAt ?? undefined }),
    state: defined({
      last_run_at: d.lastRunAt ?? undefined,
      last_status: (d.lastStatus ?? undefined) as DetectionStatus['last_status'],
      last_error: d.lastError ?? undefined,
      last_fired_at: d.lastFiredAt ?? undefined,
    }),
  };
}

export class RemoteDetections implements DetectionsApi {
  constructor(private readonly gw: GraphqlRequester) {}

  async create(doc: unknown): Promise<Detection> {
    const d = (doc ?? {}) as Record<string, unknown>;
    const input = defined({
      name: d.name,
      description: d.description,
      query: d.query,
      days: d.days,
      intervalSeconds: d.interval_seconds,
      condition: d.condition,
      actions: d.actions,
      dedupeWindowSeconds: d.dedupe_window_seconds,
      enabled: d.enabled,
    });
    const out = await this.gw.request<{ createDetection: ApiDetection }>(`mutation ($input: DetectionInput!) { createDetection(input: $input) { ${DETECTION} } }`, { input });
    const { state: _state, ...saved } = detection(out.createDetection);
    return saved;
  }

  async list(): Promise<(Detection & { state: DetectionStatus })[]> {
    return (await this.gw.request<{ detections: ApiDetection[] }>(`{ detections { ${DETECTION} } }`)).detections.map(detection);
  }

  async get(name: string): Promise<Detection & { state: DetectionStatus; deliveries: DeliveryRecord[] }> {
    const d = (await this.gw.request<{ detection: ApiDetection }>(`query ($name: String!) { detection(name: $name) { ${DETECTION} deliveries { ${DELIVERY} } } }`, { name })).detection;
    return { ...detection(d), deliveries: (d.deliveries ?? []).slice(0, 10).map((x) => delivery(x, d.name)) };
  }

  async delete(name: string): Promise<boolean> {
    return (await this.gw.request<{ deleteDetection: boolean }>(`mutation ($name: String!) { deleteDetection(name: $name) }`, { name })).deleteDetection;
  }

  async run(name: string): Promise<DetectionRunOutcome> {
    type ApiOutcome = { detection: string; status: DetectionRunOutcome['status']; error?: string | null; findingHash?: string | null; rowCount: number; deliveries: ApiDelivery[] };
    const o = (await this.gw.request<{ runDetection: ApiOutcome }>(
      `mutation ($name: String!) { runDetection(name: $name) { detection status error findingHash rowCount deliveries { ${DELIVERY} } } }`,
      { name },
    )).runDetection;
    return {
      detection: o.detection,
      status: o.status,
      ...defined({ error: o.error ?? undefined, finding_hash: o.findingHash ?? undefined }),
      row_count: o.rowCount,
      deliveries: o.deliveries.map((x) => delivery(x, o.detection)),
    };
  }
}
