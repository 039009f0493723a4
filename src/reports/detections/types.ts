// A detection: a saved query run on a schedule, a condition on its result, and the actions to take
// when the condition holds (a signed JSON webhook, a Slack-compatible webhook). Validated here, once.
import { WINDOW_DAYS, type WindowDays } from '../../engine/types';
import { validateName } from '../definitions';
import { badInput } from '../errors';
import { parseFindingKey, parseSeverity } from '../findings/severity';
import type { Severity } from '../findings/types';

export const COMPARISONS = ['>', '>=', '<', '<=', '==', '!='] as const;
export type Comparison = (typeof COMPARISONS)[number];

/**
 * row_count: fires when (number of rows) op value, e.g. rows > 0.
 * column: fires when some row's column op value (numbers compare as numbers); those rows are the finding.
 */
export type DetectionCondition =
  | { kind: 'row_count'; op: Comparison; value: number }
  | { kind: 'column'; column: string; op: Comparison; value: number | string };

export type DetectionAction =
  | { type: 'webhook'; url: string; /** HMAC-SHA256 key for X-Amctl-Signature. */ secret: string }
  | { type: 'slack'; url: string };

export interface Detection {
  name: string;
  description: string;
  /** Name of the saved audit query to run. */
  query: string;
  days: WindowDays;
  interval_seconds: number;
  condition: DetectionCondition;
  actions: DetectionAction[];
  /** The same finding (same rows) is not sent again within this window. */
  dedupe_window_seconds: number;
  enabled: boolean;
  /** Severity of the detection's findings (default medium). */
  severity?: Severity;
  /** Result columns that identify a finding (default: the non-numeric ones). */
  finding_key?: string[];
  created_by?: string;
  created_at?: string;
}

export const MIN_INTERVAL_SECONDS = 60;
export const DEFAULT_DEDUPE_SECONDS = 24 * 3600;
const MAX_ACTIONS = 10;

function checkUrl(v: unknown, where: string): string {
  if (typeof v !== 'string') throw badInput(`${where} must be an http(s) URL`);
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    throw badInput(`${where} must be an http(s) URL, got ${JSON.stringify(v)}`);
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw badInput(`${where} must use http or https, got ${u.protocol}`);
  return u.toString();
}

function parseCondition(v: unknown): DetectionCondition {
  if (v === undefined || v === null) return { kind: 'row_count', op: '>', value: 0 };
  if (typeof v !== 'object' || Array.isArray(v)) throw badInput('condition must be an object like {kind: row_count, op: ">", value: 0}');
  const c = v as Record<string, unknown>;
  const op = (c.op ?? '>') as Comparison;
  if (!COMPARISONS.includes(op)) throw badInput(`condition.op must be one of ${COMPARISONS.join(' ')}, got ${JSON.stringify(c.op)}`);
  const kind = c.kind ?? (c.column !== undefined ? 'column' : 'row_count');
  if (kind === 'row_count') {
    const value = c.value ?? 0;
    if (typeof value !== 'number' || !Number.isFinite(value)) throw badInput('condition.value must be a number for a row_count condition');
    return { kind, op, value };
  }
  if (kind === 'column') {
    if (typeof c.column !== 'string' || !c.column) throw badInput('condition.column is required for a column condition');
    if (typeof c.value !== 'number' && typeof c.value !== 'string') throw badInput('condition.value must be a number or a string');
    return { kind, column: c.column, op, value: c.value };
  }
  throw badInput(`condition.kind must be row_count or column, got ${JSON.stringify(kind)}`);
}

function parseAction(v: unknown, i: number): DetectionAction {
  const where = `actions[${i}]`;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw badInput(`${where} must be an object`);
  const a = v as Record<string, unknown>;
  if (a.type === 'webhook') {
    if (typeof a.secret !== 'string' || a.secret.length < 16) {
      throw badInput(`${where}.secret must be a string of at least 16 characters (the HMAC-SHA256 signing key)`);
    }
    return { type: 'webhook', url: checkUrl(a.url, `${where}.url`), secret: a.secret };
  }
  if (a.type === 'slack') return { type: 'slack', url: checkUrl(a.url, `${where}.url`) };
  throw badInput(`${where}.type must be webhook or slack, got ${JSON.stringify(a.type)}`);
}

export function parseDetection(doc: unknown): Detection {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw badInput('a detection must be an object');
  const d = doc as Record<string, unknown>;
  const name = validateName(d.name, 'detection name');
  const query = validateName(d.query, 'detection query (the name of a saved audit query)');
  const days = (d.days ?? 7) as WindowDays;
  if (!WINDOW_DAYS.includes(days)) throw badInput(`days must be one of ${WINDOW_DAYS.join(', ')}, got ${JSON.stringify(d.days)}`);
  const interval = d.interval_seconds ?? 3600;
  if (typeof interval !== 'number' || !Number.isInteger(interval) || interval < MIN_INTERVAL_SECONDS) {
    throw badInput(`interval_seconds must be a whole number of seconds >= ${MIN_INTERVAL_SECONDS}, got ${JSON.stringify(d.interval_seconds)}`);
  }
  const dedupe = d.dedupe_window_seconds ?? DEFAULT_DEDUPE_SECONDS;
  if (typeof dedupe !== 'number' || !Number.isInteger(dedupe) || dedupe < 0) {
    throw badInput(`dedupe_window_seconds must be a whole number >= 0, got ${JSON.stringify(d.dedupe_window_seconds)}`);
  }
  if (!Array.isArray(d.actions) || d.actions.length === 0) throw badInput('actions must list at least one action (webhook or slack)');
  if (d.actions.length > MAX_ACTIONS) throw badInput(`at most ${MAX_ACTIONS} actions per detection`);
  if (d.description !== undefined && typeof d.description !== 'string') throw badInput('description must be a string');
  if (d.enabled !== undefined && typeof d.enabled !== 'boolean') throw badInput('enabled must be true or false');
  const severity = parseSeverity(d.severity, 'severity');
  const findingKey = parseFindingKey(d.finding_key, 'finding_key');
  return {
    name,
    description: (d.description as string | undefined) ?? '',
    query,
    days,
    interval_seconds: interval,
    condition: parseCondition(d.condition),
    actions: d.actions.map(parseAction),
    dedupe_window_seconds: dedupe,
    enabled: (d.enabled as boolean | undefined) ?? true,
    ...(severity ? { severity } : {}),
    ...(findingKey ? { finding_key: findingKey } : {}),
    ...(typeof d.created_by === 'string' ? { created_by: d.created_by } : {}),
    ...(typeof d.created_at === 'string' ? { created_at: d.created_at } : {}),
  };
}

/** The detection as shown to users: webhook secrets never leave the gateway. */
export function redactDetection(d: Detection): Detection {
  return { ...d, actions: d.actions.map((a) => (a.type === 'webhook' ? { ...a, secret: '********' } : a)) };
}
