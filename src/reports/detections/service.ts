// Detections: kept in the report store under detections/<name>/, run on their schedule by the
// scheduler lease holder, their findings delivered to every action at most once per dedupe window.
import { getJson, putJson, type BlobStore } from '../blobstore';
import { iso, systemClock, type Clock } from '../clock';
import { notFound, badInput } from '../errors';
import { collectQuery, startQuery } from '../execute';
import type { ColumnInfo, QueryEngine, Row } from '../../engine/types';
import type { ReportStore } from '../report-store';
import { evaluateCondition, findingHash } from './condition';
import { deliver, DEFAULT_RETRY, type DeliveryRecord, type RetryPolicy } from './delivery';
import type { FindingPayload } from './payload';
import { parseDetection, type Detection } from './types';
import { egressPolicy, type EgressPolicy } from './egress';
import { validateName } from '../definitions';
import { randomBytes } from 'node:crypto';

/** Finds the SQL of a saved query by name; undefined when there is none. */
export type QueryResolver = (name: string) => Promise<string | undefined>;

export type DetectionRunStatus = 'QUIET' | 'FIRED' | 'DUPLICATE' | 'FAILED';

export interface DetectionState {
  last_run_at?: string;
  last_status?: DetectionRunStatus;
  last_error?: string;
  last_fired_at?: string;
  /** `<action index>:<finding hash>` -> when it was delivered. */
  sent: Record<string, string>;
}

export interface DetectionRunOutcome {
  detection: string;
  status: DetectionRunStatus;
  error?: string;
  finding_hash?: string;
  row_count: number;
  deliveries: DeliveryRecord[];
}

const base = (name: string) => `detections/${validateName(name, 'detection name')}/`;

/** Resolves `<report>.<query>` to that report query's SQL, so a detection can watch a report query. */
export function reportQueryResolver(reports: ReportStore): QueryResolver {
  return async (name) => {
    const dot = name.indexOf('.');
    if (dot < 0) return undefined;
    const report = await reports.find(name.slice(0, dot)).catch(() => undefined);
    return report?.audit_queries.find((q) => q.name === name.slice(dot + 1))?.query;
  };
}

export function firstResolver(...resolvers: QueryResolver[]): QueryResolver {
  return async (name) => {
    for (const r of resolvers) {
      const sql = await r(name);
      if (sql !== undefined) return sql;
    }
    return undefined;
  };
}

export class DetectionService {
  private readonly clock: Clock;
  private readonly retry: RetryPolicy;

  constructor(
    private readonly opts: {
      store: BlobStore;
      engine: QueryEngine;
      resolveQuery: QueryResolver;
      clock?: Clock;
      retry?: Partial<RetryPolicy>;
      /** Where findings may be sent (default: nowhere inside the network). */
      egress?: EgressPolicy;
      /** Told every successful run's matching rows (none when quiet): the findings feed. */
      onEvaluated?: (d: Detection, columns: ColumnInfo[], rows: Row[], at: number) => Promise<unknown>;
    },
  ) {
    this.clock = opts.clock ?? systemClock;
    this.retry = { ...DEFAULT_RETRY, ...opts.retry };
    this.egress = opts.egress ?? egressPolicy(false);
  }

  private readonly egress: EgressPolicy;

  /** Validates and saves (replacing one of the same name). The query must exist. */
  async create(doc: unknown, createdBy?: string): Promise<Detection> {
    const d = parseDetection(doc);
    d.actions.forEach((a, i) => this.egress.checkOnSave(a.url, `actions[${i}].url`));
    if ((await this.opts.resolveQuery(d.query)) === undefined) {
      throw badInput(`detection ${d.name}: no saved audit query named ${JSON.stringify(d.query)} (create it with \`amctl audit query create --name ${d.query}\`, or name a report query as <report>.<query>)`);
    }
    const saved: Detection = { ...d, created_at: iso(this.clock.now()), ...(createdBy ? { created_by: createdBy } : {}) };
    await putJson(this.opts.store, `${base(d.name)}detection.json`, saved);
    return saved;
  }

  async find(name: string): Promise<Detection | undefined> {
    return (await getJson<Detection>(this.opts.store, `${base(name)}detection.json`))?.value;
  }

  async get(name: string): Promise<Detection> {
    const d = await this.find(name);
    if (!d) throw notFound(`detection ${JSON.stringify(name)} does not exist`);
    return d;
  }

  async list(): Promise<Detection[]> {
    const keys = (await this.opts.store.list('detections/')).filter((k) => k.endsWith('/detection.json'));
    const docs = await Promise.all(keys.map((k) => getJson<Detection>(this.opts.store, k)));
    return docs.flatMap((d) => (d ? [d.value] : [])).sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Deletes the detection and its state; the delivery log is kept. */
  async delete(name: string): Promise<boolean> {
    if (!(await this.find(name))) return false;
    await this.opts.store.delete(`${base(name)}detection.json`);
    await this.opts.store.delete(`${base(name)}state.json`);
    return true;
  }

  async state(name: string): Promise<DetectionState> {
    return (await getJson<DetectionState>(this.opts.store, `${base(name)}state.json`))?.value ?? { sent: {} };
  }

  /** Many detections' states in one batched read: one listing, then the state documents that exist. */
  async stateMany(names: readonly string[]): Promise<DetectionState[]> {
    const existing = new Set(await this.opts.store.list('detections/'));
    return Promise.all(
      names.map(async (n) =>
        existing.has(`${base(n)}state.json`) ? ((await getJson<DetectionState>(this.opts.store, `${base(n)}state.json`))?.value ?? { sent: {} }) : { sent: {} },
      ),
    );
  }

  /** Many detections' delivery logs (newest first, `limit` each) in one batched read: one listing, then the records. */
  async deliveriesMany(names: readonly string[], limit = 50): Promise<DeliveryRecord[][]> {
    const all = await this.opts.store.list('detections/');
    return Promise.all(
      names.map(async (n) => {
        const p = `${base(n)}deliveries/`;
        const keys = all.filter((k) => k.startsWith(p)).reverse().slice(0, limit);
        const docs = await Promise.all(keys.map((k) => getJson<DeliveryRecord>(this.opts.store, k)));
        return docs.flatMap((d) => (d ? [d.value] : []));
      }),
    );
  }

  /** Delivery log, newest first. */
  async deliveries(name: string, limit = 50): Promise<DeliveryRecord[]> {
    const keys = (await this.opts.store.list(`${base(name)}deliveries/`)).reverse().slice(0, limit);
    const docs = await Promise.all(keys.map((k) => getJson<DeliveryRecord>(this.opts.store, k)));
    return docs.flatMap((d) => (d ? [d.value] : []));
  }

  /**
   * Runs every enabled detection whose interval has passed since its last run. `mayContinue` is asked
   * before each one (the scheduler's lease check); false stops the pass.
   */
  async runDue(mayContinue: () => Promise<boolean> = async () => true): Promise<DetectionRunOutcome[]> {
    const out: DetectionRunOutcome[] = [];
    for (const d of await this.list()) {
      if (!d.enabled) continue;
      const st = await this.state(d.name);
      const last = st.last_run_at ? Date.parse(st.last_run_at) : undefined;
      if (last !== undefined && this.clock.now() - last < d.interval_seconds * 1000) continue;
      if (!(await mayContinue())) break;
      out.push(await this.run(d));
    }
    return out;
  }

  /** Runs one detection now: query, condition, deliveries (skipping ones already sent in the window). */
  async run(detectionOrName: Detection | string): Promise<DetectionRunOutcome> {
    const d = typeof detectionOrName === 'string' ? await this.get(detectionOrName) : detectionOrName;
    const st = await this.state(d.name);
    const now = this.clock.now();
    const outcome: DetectionRunOutcome = { detection: d.name, status: 'QUIET', row_count: 0, deliveries: [] };
    try {
      const sql = await this.opts.resolveQuery(d.query);
      if (sql === undefined) throw new Error(`saved query ${d.query} no longer exists`);
      // A fresh token per run: the engine returns the same execution for a repeated token.
      const id = await startQuery(this.opts.engine, sql, d.days, `detection-${d.name}-${randomBytes(8).toString('hex')}`);
      const res = await collectQuery(this.opts.engine, id);
      if (!res.ok) throw new Error(`query ${d.query} failed: ${res.error}`);
      const ev = evaluateCondition(d.condition, res.columns, res.rows);
      await this.opts.onEvaluated?.(d, res.columns, ev.rows, now);
      if (ev.fired) {
        const hash = findingHash(d.name, ev.rows);
        outcome.finding_hash = hash;
        outcome.row_count = ev.rows.length;
        const payload: FindingPayload = {
          detection: d.name,
          description: d.description,
          query: d.query,
          days: d.days,
          condition: d.condition,
          fired_at: iso(now),
          finding_hash: hash,
          columns: res.columns,
          rows: ev.rows,
          row_count: ev.rows.length,
        };
        const windowMs = d.dedupe_window_seconds * 1000;
        // Forget deliveries older than the window, then send to each action that has not had this finding.
        for (const [k, at] of Object.entries(st.sent)) if (now - Date.parse(at) >= windowMs) delete st.sent[k];
        let sentAny = false;
        for (const [i, action] of d.actions.entries()) {
          if (st.sent[`${i}:${hash}`]) continue;
          const rec = await deliver(action, i, payload, this.retry, () => this.clock.now(), this.egress);
          outcome.deliveries.push(rec);
          await putJson(this.opts.store, `${base(d.name)}deliveries/${iso(now).replace(/[-:.]/g, '')}-${i}-${randomBytes(3).toString('hex')}.json`, rec);
          if (rec.ok) {
            st.sent[`${i}:${hash}`] = iso(now);
            sentAny = true;
          }
        }
        outcome.status = sentAny ? 'FIRED' : outcome.deliveries.length ? 'FAILED' : 'DUPLICATE';
        if (outcome.status === 'FAILED') outcome.error = 'every delivery failed; see the delivery log';
        if (sentAny) st.last_fired_at = iso(now);
      }
    } catch (e) {
      outcome.status = 'FAILED';
      outcome.error = (e as Error).message;
    }
    st.last_run_at = iso(now);
    st.last_status = outcome.status;
    if (outcome.error) st.last_error = outcome.error;
    else delete st.last_error;
    await putJson(this.opts.store, `${base(d.name)}state.json`, st);
    return outcome;
  }
}
