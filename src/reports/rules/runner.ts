// Runs one rule over [since, until) through the engine interface and evaluates what came back.
import { randomBytes } from 'node:crypto';
import type { QueryEngine } from '../../engine/types';
import { collectQuery, startQuery } from '../execute';
import { evaluate, rowsToEvents, type Hit, type RuleEvent } from './evaluate';
import { readFrom, renderSql, windowFor } from './render';
import type { Rule } from './types';

export interface RuleRunResult {
  hits: Hit[];
  /** Events the SQL returned (before threshold or sequence logic). */
  events: number;
}

async function ruleEvents(engine: QueryEngine, rule: Rule, sqlOf: Rule, entityColumn: string, sqlSince: number, until: number, days: ReturnType<typeof windowFor>, step?: number): Promise<RuleEvent[]> {
  const sql = renderSql(sqlOf.sql, sqlSince, until);
  let id: string;
  try {
    id = await startQuery(engine, sql, days, `rule-${sqlOf.id}-${randomBytes(8).toString('hex')}`);
  } catch (e) {
    throw new Error(`rule ${sqlOf.id}: the engine refused its SQL: ${(e as Error).message}`);
  }
  const res = await collectQuery(engine, id);
  if (!res.ok) throw new Error(`rule ${sqlOf.id}: the query failed: ${res.error}`);
  if (res.truncated) throw new Error(`rule ${sqlOf.id}: more than ${res.rows.length} rows; narrow the SQL (it should return matching events only)`);
  return rowsToEvents(rule, entityColumn, res.columns, res.rows, step);
}

/** `lookup` finds the step rules of a sequence. `now` is the engine's today (the query window counts back from it). */
export async function runRule(engine: QueryEngine, rule: Rule, since: number, until: number, now: number, lookup: (id: string) => Rule | undefined): Promise<RuleRunResult> {
  const from = readFrom(rule, since);
  const days = windowFor(from, now);
  let events: RuleEvent[];
  if (rule.kind === 'sequence') {
    events = [];
    for (const [i, stepId] of rule.sequence!.steps.entries()) {
      const step = lookup(stepId);
      if (!step) throw new Error(`rule ${rule.id}: step ${stepId} is not a known rule`);
      if (step.kind === 'sequence') throw new Error(`rule ${rule.id}: step ${stepId} is itself a sequence`);
      events.push(...(await ruleEvents(engine, rule, step, rule.entity.column, from, until, days, i)));
    }
  } else {
    events = await ruleEvents(engine, rule, rule, rule.entity.column, rule.kind === 'threshold' ? from : since, until, days);
  }
  return { hits: evaluate(rule, events, rule.kind === 'match' || rule.kind === 'new_terms' ? undefined : since), events: events.length };
}
