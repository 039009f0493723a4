// From the rows a rule's SQL returned to hits: one per entity, with the events behind it. Pure.
// match and new_terms: every row is a hit (new_terms rules compare with history in their SQL).
// threshold: the events of every window (of the rule's length, per entity) holding at least `count`
// events, or `count` distinct values of a column. sequence: the steps' events in order for one entity,
// the whole chain inside the window.
import type { Cell, ColumnInfo, Row } from '../../engine/types';
import { EVENT_ID_COLUMN, EVENT_TIME_COLUMN, type Rule } from './types';

export interface RuleEvent {
  entity: string;
  time: number;
  uid: string;
  /** For threshold.distinct: the value counted. */
  value?: string;
  /** For sequences: which step it came from. */
  step?: number;
}

export interface Hit {
  entity: string;
  /** Oldest first. */
  events: { uid: string; time: number }[];
}

const text = (c: Cell | undefined): string | undefined => (c === null || c === undefined ? undefined : typeof c === 'object' ? JSON.stringify(c) : String(c));

/** A timestamp cell ('YYYY-MM-DD HH:MM:SS.mmm', maybe ' UTC') as epoch ms. */
export function cellTime(c: Cell | undefined): number | undefined {
  const s = text(c);
  if (!s) return undefined;
  const ms = Date.parse(s.replace(/ UTC$/, '').replace(' ', 'T') + (/[zZ]|[+-]\d\d:?\d\d$/.test(s) ? '' : 'Z'));
  return Number.isNaN(ms) ? undefined : ms;
}

/** Reads the rule's events out of a result; a missing column is an error naming the rule. */
export function rowsToEvents(rule: Rule, entityColumn: string, columns: ColumnInfo[], rows: Row[], step?: number): RuleEvent[] {
  const idx = (name: string) => {
    const i = columns.findIndex((c) => c.name === name);
    if (i < 0) throw new Error(`rule ${rule.id}: its SQL must return a column ${JSON.stringify(name)} (it returned ${columns.map((c) => c.name).join(', ')})`);
    return i;
  };
  const e = idx(entityColumn);
  const t = idx(EVENT_TIME_COLUMN);
  const u = idx(EVENT_ID_COLUMN);
  const d = rule.threshold?.distinct ? idx(rule.threshold.distinct) : -1;
  const out: RuleEvent[] = [];
  for (const r of rows) {
    const entity = text(r[e]);
    const time = cellTime(r[t]);
    if (entity === undefined || entity === '' || time === undefined) continue; // no entity: nothing to be about
    out.push({ entity, time, uid: text(r[u]) ?? `${entity}@${time}`, ...(d >= 0 ? { value: text(r[d]) ?? '' } : {}), ...(step !== undefined ? { step } : {}) });
  }
  return out;
}

function byEntity(events: RuleEvent[]): Map<string, RuleEvent[]> {
  const m = new Map<string, RuleEvent[]>();
  for (const ev of events) {
    const list = m.get(ev.entity) ?? [];
    list.push(ev);
    m.set(ev.entity, list);
  }
  for (const list of m.values()) list.sort((a, b) => a.time - b.time || a.uid.localeCompare(b.uid));
  return m;
}

function thresholdEvents(list: RuleEvent[], count: number, windowMs: number, distinct: boolean): RuleEvent[] {
  const hit = new Set<number>();
  const values = new Map<string, number>();
  let l = 0;
  for (let r = 0; r < list.length; r++) {
    if (distinct) values.set(list[r]!.value!, (values.get(list[r]!.value!) ?? 0) + 1);
    while (list[r]!.time - list[l]!.time > windowMs) {
      if (distinct) {
        const v = list[l]!.value!;
        const n = values.get(v)! - 1;
        if (n === 0) values.delete(v);
        else values.set(v, n);
      }
      l++;
    }
    const n = distinct ? values.size : r - l + 1;
    if (n >= count) for (let i = l; i <= r; i++) hit.add(i);
  }
  return list.filter((_, i) => hit.has(i));
}

function sequenceEvents(list: RuleEvent[], steps: number, windowMs: number): RuleEvent[][] {
  // chains[k]: the chain through step k that started latest (the best chance to finish in the window).
  const chains: (RuleEvent[] | undefined)[] = new Array(steps).fill(undefined);
  const done: RuleEvent[][] = [];
  for (const ev of list) {
    const k = ev.step!;
    if (k === 0) chains[0] = [ev];
    else {
      const prev = chains[k - 1];
      if (prev && ev.time >= prev[prev.length - 1]!.time && ev.time - prev[0]!.time <= windowMs) {
        const cur = chains[k];
        if (!cur || prev[0]!.time >= cur[0]!.time) chains[k] = [...prev, ev];
      }
    }
    if (k === steps - 1 && chains[k]?.[chains[k]!.length - 1] === ev) {
      done.push(chains[k]!);
      chains[k] = undefined;
    }
  }
  return done;
}

/** The hits among `events`; with `since`, only hits whose newest event is at or after it (older ones were reported). */
export function evaluate(rule: Rule, events: RuleEvent[], since?: number): Hit[] {
  const hits: Hit[] = [];
  for (const [entity, list] of byEntity(events)) {
    let chosen: RuleEvent[];
    if (rule.kind === 'threshold') chosen = thresholdEvents(list, rule.threshold!.count, rule.threshold!.windowMs, !!rule.threshold!.distinct);
    else if (rule.kind === 'sequence') chosen = sequenceEvents(list, rule.sequence!.steps.length, rule.sequence!.windowMs).flat();
    else chosen = list;
    if (!chosen.length) continue;
    if (since !== undefined && chosen[chosen.length - 1]!.time < since) continue;
    const seen = new Set<string>();
    const evs = chosen.filter((e) => !seen.has(e.uid) && seen.add(e.uid)).map((e) => ({ uid: e.uid, time: e.time }));
    hits.push({ entity, events: evs.sort((a, b) => a.time - b.time) });
  }
  return hits.sort((a, b) => a.entity.localeCompare(b.entity));
}
