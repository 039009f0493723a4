// A rule's SQL for one run: {{since}} and {{until}} become TIMESTAMP literals (UTC, Trino's text form),
// and the query window (days) is the shortest that reaches back far enough. Plain Trino either way,
// so the same SQL runs on the embedded engine, Athena and Trino.
import { WINDOW_DAYS, type WindowDays } from '../../engine/types';
import { RuleError } from './parse';
import type { Rule } from './types';

const DAY_MS = 86_400_000;

export function timestampLiteral(ms: number): string {
  return `TIMESTAMP '${new Date(ms).toISOString().replace('T', ' ').replace('Z', '')}'`;
}

export function renderSql(sql: string, since: number, until: number): string {
  return sql.replace(/\{\{\s*since\s*\}\}/g, timestampLiteral(since)).replace(/\{\{\s*until\s*\}\}/g, timestampLiteral(until));
}

/** The window (days, counted from today) that holds everything from `from` on. */
export function windowFor(from: number, now: number): WindowDays {
  const days = Math.floor(now / DAY_MS) - Math.floor(from / DAY_MS) + 1;
  const w = WINDOW_DAYS.find((d) => d >= days);
  if (w === undefined) throw new RuleError(`a run cannot reach back more than ${WINDOW_DAYS[WINDOW_DAYS.length - 1]} days (asked for ${days})`);
  return w;
}

/** The earliest event a run over [since, until) must read: threshold windows and sequences look back, new_terms reads history. */
export function readFrom(rule: Rule, since: number): number {
  if (rule.kind === 'threshold') return since - rule.threshold!.windowMs;
  if (rule.kind === 'sequence') return since - rule.sequence!.windowMs;
  if (rule.kind === 'new_terms') return since - rule.historyMs;
  return since;
}
