// RuleService: runs the library's rules, on their schedule (the background service's tick), all at
// once (`detection run --all`) or one over history (backfill). Each run reads the events since the
// rule's last run (less one schedule interval of overlap for lines ingested late, plus the look-back
// its threshold or sequence window needs), so runs are incremental on every engine.
//
// Per rule, the state keeps the entities it has open: a hit adds its new events (by event id, so
// overlapping reads never count an event twice) and marks the entity matched now; an entity not
// matched for the rule's suppression window is closed. The open entities are the rule's findings
// (one per entity, stable id), recorded through the findings service after every run: a rule that
// keeps matching updates one finding, one that stops resolves it.
import { getJson, putJson, type BlobStore } from '../blobstore';
import { iso, systemClock, type Clock } from '../clock';
import type { ColumnInfo, QueryEngine, Row } from '../../engine/types';
import type { Finding } from '../findings/types';
import { formatDuration } from './duration';
import type { RuleLibrary } from './library';
import { windowFor, readFrom } from './render';
import { runRule } from './runner';
import type { Rule } from './types';

export interface OpenEntity {
  first_event: string;
  last_event: string;
  event_count: number;
  /** Event ids seen, newest last (the last MAX_IDS). */
  events: string[];
  /** When a run last found new events for it (suppression counts from here). */
  matched_at: string;
}

export interface RuleState {
  last_run_at?: string;
  /** The end of the last run's read: the next run starts here (less the overlap). */
  last_until?: string;
  last_status?: RuleRunStatus;
  last_error?: string;
  last_fired_at?: string;
  open: Record<string, OpenEntity>;
}

export type RuleRunStatus = 'QUIET' | 'FIRED' | 'FAILED';

export interface RuleRunOutcome {
  rule: string;
  status: RuleRunStatus;
  error?: string;
  since: string;
  until: string;
  /** Entities with new events in this run. */
  entities: string[];
  /** Findings changed (NEW, UPDATED, RESOLVED, REOPENED). */
  changes: number;
}

export type RecordRuleRun = (rule: Rule & { days: number }, columns: ColumnInfo[], rows: Row[], at: number) => Promise<Finding[]>;

const MAX_IDS = 100;
/** Event ids a finding shows. */
export const FINDING_EVENTS = 20;

export const FINDING_COLUMNS: ColumnInfo[] = [
  { name: 'rule', type: 'varchar' },
  { name: 'severity', type: 'varchar' },
  { name: 'entity_kind', type: 'varchar' },
  { name: 'entity', type: 'varchar' },
  { name: 'event_count', type: 'bigint' },
  { name: 'first_event', type: 'varchar' },
  { name: 'last_event', type: 'varchar' },
  { name: 'events', type: 'array(varchar)' },
];

const stateKey = (id: string) => `rules/${id}/state.json`;

export class RuleService {
  private readonly clock: Clock;

  constructor(
    private readonly opts: {
      store: BlobStore;
      engine: QueryEngine;
      library: RuleLibrary;
      record: RecordRuleRun;
      initialLookbackMs: number;
      clock?: Clock;
      log?: (msg: string, err?: unknown) => void;
    },
  ) {
    this.clock = opts.clock ?? systemClock;
  }

  get library(): RuleLibrary {
    return this.opts.library;
  }

  async state(id: string): Promise<RuleState> {
    return (await getJson<RuleState>(this.opts.store, stateKey(id)))?.value ?? { open: {} };
  }

  /** Runs every enabled rule whose schedule is due; `mayContinue` (the lease check) is asked before each. */
  async runDue(mayContinue: () => Promise<boolean> = async () => true): Promise<RuleRunOutcome[]> {
    const out: RuleRunOutcome[] = [];
    for (const r of this.opts.library.enabled()) {
      const st = await this.state(r.id);
      const last = st.last_run_at ? Date.parse(st.last_run_at) : undefined;
      if (last !== undefined && this.clock.now() - last < r.scheduleMs) continue;
      if (!(await mayContinue())) break;
      out.push(await this.run(r));
    }
    return out;
  }

  /** Runs every enabled rule now. */
  async runAll(): Promise<RuleRunOutcome[]> {
    const out: RuleRunOutcome[] = [];
    for (const r of this.opts.library.enabled()) out.push(await this.run(r));
    return out;
  }

  /** Runs one rule now: incrementally, or over [now - sinceMs, now) for a backfill. */
  async run(ruleOrId: Rule | string, opts: { sinceMs?: number } = {}): Promise<RuleRunOutcome> {
    const rule = typeof ruleOrId === 'string' ? this.opts.library.get(ruleOrId) : ruleOrId;
    if (!rule) throw new Error(`no detection rule ${JSON.stringify(ruleOrId)} (see \`amctl audit detection ls\`)`);
    const now = this.clock.now();
    const st = await this.state(rule.id);
    const since =
      opts.sinceMs !== undefined ? now - opts.sinceMs : st.last_until ? Math.min(Date.parse(st.last_until) - rule.scheduleMs, now - rule.scheduleMs) : now - this.opts.initialLookbackMs;
    const until = now + 1;
    const outcome: RuleRunOutcome = { rule: rule.id, status: 'QUIET', since: iso(since), until: iso(until), entities: [], changes: 0 };
    try {
      const res = await runRule(this.opts.engine, rule, since, until, now, (id) => this.opts.library.get(id));
      for (const h of res.hits) {
        const cur = st.open[h.entity];
        const known = new Set(cur?.events ?? []);
        const fresh = h.events.filter((e) => !known.has(e.uid));
        if (!fresh.length) continue;
        const times = [...fresh.map((e) => e.time), ...(cur ? [Date.parse(cur.first_event), Date.parse(cur.last_event)] : [])];
        st.open[h.entity] = {
          first_event: iso(Math.min(...times)),
          last_event: iso(Math.max(...times)),
          event_count: (cur?.event_count ?? 0) + fresh.length,
          events: [...(cur?.events ?? []), ...fresh.map((e) => e.uid)].slice(-MAX_IDS),
          matched_at: iso(now),
        };
        outcome.entities.push(h.entity);
      }
      for (const [entity, o] of Object.entries(st.open)) if (now - Date.parse(o.matched_at) > rule.suppressionMs) delete st.open[entity];
      const rows: Row[] = Object.entries(st.open)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([entity, o]) => [rule.id, rule.severity, rule.entity.kind, entity, String(o.event_count), o.first_event, o.last_event, o.events.slice(-FINDING_EVENTS)]);
      const changes = await this.opts.record({ ...rule, days: windowFor(readFrom(rule, since), now) }, FINDING_COLUMNS, rows, now);
      outcome.changes = changes.length;
      if (outcome.entities.length) {
        outcome.status = 'FIRED';
        st.last_fired_at = iso(now);
      }
      st.last_until = iso(Math.max(until, st.last_until ? Date.parse(st.last_until) : 0));
      delete st.last_error;
    } catch (e) {
      outcome.status = 'FAILED';
      outcome.error = (e as Error).message;
      st.last_error = outcome.error;
      this.opts.log?.(`detection rule ${rule.id} failed`, e);
    }
    st.last_run_at = iso(now);
    st.last_status = outcome.status;
    await putJson(this.opts.store, stateKey(rule.id), st);
    return outcome;
  }

  /** One line per rule for listings. */
  async describe(): Promise<{ rule: Rule; state: RuleState; summary: string }[]> {
    return Promise.all(
      this.opts.library.rules.map(async (rule) => ({
        rule,
        state: await this.state(rule.id),
        summary: rule.kind === 'threshold' ? `>= ${rule.threshold!.count}${rule.threshold!.distinct ? ` distinct ${rule.threshold!.distinct}` : ''} in ${formatDuration(rule.threshold!.windowMs)}` : rule.kind === 'sequence' ? `${rule.sequence!.steps.join(' -> ')} in ${formatDuration(rule.sequence!.windowMs)}` : rule.kind,
      })),
    );
  }
}
