// Rule files, validated once on load: every key known, every value of the right shape, and at least
// one test that must fire and one that must not. Errors name the file and the key.
import { SEVERITIES, type Severity } from '../findings/types';
import { parseDuration } from './duration';
import { ENTITY_KINDS, RULE_KINDS, type EntityKind, type Rule, type RuleKind, type RuleTest } from './types';

export class RuleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RuleError';
  }
}

const KEYS = new Set([
  'id', 'title', 'description', 'severity', 'mitre', 'runbook', 'entity', 'kind', 'sql', 'threshold', 'sequence',
  'history', 'suppression', 'schedule', 'enabled', 'tests',
]);
const TEST_KEYS = new Set(['name', 'fires', 'events', 'entities']);
export const RULE_ID = /^[a-z0-9][a-z0-9_-]*(\.[a-z0-9][a-z0-9_-]*)*$/;

const DEFAULT_SCHEDULE_MS = 15 * 60_000;
const DEFAULT_SUPPRESSION_MS = 24 * 3_600_000;
const DEFAULT_HISTORY_MS = 30 * 86_400_000;
/** The longest history the query windows reach (120 days) less the look-back of a backfill. */
const MAX_HISTORY_MS = 90 * 86_400_000;

function obj(v: unknown, where: string): Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new RuleError(`${where} must be a mapping`);
  return v as Record<string, unknown>;
}

function str(o: Record<string, unknown>, key: string, where: string, required = true): string {
  const v = o[key];
  if (v === undefined && !required) return '';
  if (typeof v !== 'string' || (required && !v.trim())) throw new RuleError(`${where}.${key} must be a non-empty string`);
  return v;
}

function strList(v: unknown, where: string, pattern?: RegExp): string[] {
  if (v === undefined) return [];
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string' || (pattern && !pattern.test(x)))) {
    throw new RuleError(`${where} must be a list of strings${pattern ? ` like ${pattern.source}` : ''}`);
  }
  return v as string[];
}

function duration(o: Record<string, unknown>, key: string, where: string, dflt?: number): number {
  if (o[key] === undefined && dflt !== undefined) return dflt;
  const ms = parseDuration(o[key]);
  if (ms === undefined || ms <= 0) throw new RuleError(`${where}.${key} must be a duration like 15m, 1h or 7d, got ${JSON.stringify(o[key])}`);
  return ms;
}

function unknownKeys(o: Record<string, unknown>, known: Set<string>, where: string): void {
  const bad = Object.keys(o).filter((k) => !known.has(k));
  if (bad.length) throw new RuleError(`${where}: unknown key${bad.length > 1 ? 's' : ''} ${bad.join(', ')} (known: ${[...known].join(', ')})`);
}

export function parseSeverityName(v: unknown, where: string): Severity {
  if (typeof v !== 'string' || !(SEVERITIES as readonly string[]).includes(v)) throw new RuleError(`${where} must be one of ${SEVERITIES.join(', ')}, got ${JSON.stringify(v)}`);
  return v as Severity;
}

function parseTests(v: unknown, where: string): RuleTest[] {
  if (!Array.isArray(v) || v.length === 0) throw new RuleError(`${where}.tests must list the rule's tests: at least one whose events must fire it (fires: true) and one that must not (fires: false)`);
  const tests = v.map((t, i) => {
    const w = `${where}.tests[${i}]`;
    const o = obj(t, w);
    unknownKeys(o, TEST_KEYS, w);
    if (typeof o.fires !== 'boolean') throw new RuleError(`${w}.fires must be true (the events must fire the rule) or false (they must not)`);
    if (!Array.isArray(o.events) || o.events.length === 0) throw new RuleError(`${w}.events must list at least one audit event`);
    const events = o.events.map((e, j) => obj(e, `${w}.events[${j}]`));
    events.forEach((e, j) => {
      if (typeof e.event !== 'string') throw new RuleError(`${w}.events[${j}] needs an "event" (the Teleport event type, e.g. user.login)`);
    });
    const entities = o.entities === undefined ? undefined : strList(o.entities, `${w}.entities`);
    return { name: typeof o.name === 'string' && o.name ? o.name : `test ${i + 1}`, fires: o.fires, events, ...(entities ? { entities } : {}) };
  });
  if (!tests.some((t) => t.fires)) throw new RuleError(`${where}.tests has no test that must fire (fires: true): a rule must prove it fires`);
  if (!tests.some((t) => !t.fires)) throw new RuleError(`${where}.tests has no test that must stay quiet (fires: false)`);
  return tests;
}

/** Parses one rule document from `file`. */
export function parseRule(doc: unknown, file: string, origin: Rule['origin']): Rule {
  const o = obj(doc, file);
  const id = o.id;
  if (typeof id !== 'string' || !RULE_ID.test(id)) throw new RuleError(`${file}: id must be lower-case words joined by . _ or - (e.g. teleport.brute_force_user), got ${JSON.stringify(id)}`);
  const where = `${file} (${id})`;
  unknownKeys(o, KEYS, where);
  const kind = (o.kind ?? 'match') as RuleKind;
  if (!RULE_KINDS.includes(kind)) throw new RuleError(`${where}.kind must be one of ${RULE_KINDS.join(', ')}, got ${JSON.stringify(o.kind)}`);
  const entity = obj(o.entity, `${where}.entity`);
  unknownKeys(entity, new Set(['kind', 'column']), `${where}.entity`);
  if (!ENTITY_KINDS.includes(entity.kind as EntityKind)) throw new RuleError(`${where}.entity.kind must be one of ${ENTITY_KINDS.join(', ')}, got ${JSON.stringify(entity.kind)}`);
  const column = str(entity, 'column', `${where}.entity`);
  const mitre = o.mitre === undefined ? {} : obj(o.mitre, `${where}.mitre`);
  unknownKeys(mitre, new Set(['tactics', 'techniques']), `${where}.mitre`);
  const rule: Rule = {
    id,
    title: str(o, 'title', where),
    description: str(o, 'description', where),
    severity: parseSeverityName(o.severity, `${where}.severity`),
    mitre: { tactics: strList(mitre.tactics, `${where}.mitre.tactics`, /^TA\d{4}$/), techniques: strList(mitre.techniques, `${where}.mitre.techniques`, /^T\d{4}(\.\d{3})?$/) },
    runbook: str(o, 'runbook', where),
    entity: { kind: entity.kind as EntityKind, column },
    kind,
    sql: kind === 'sequence' ? str(o, 'sql', where, false) : str(o, 'sql', where),
    historyMs: duration(o, 'history', where, DEFAULT_HISTORY_MS),
    suppressionMs: duration(o, 'suppression', where, DEFAULT_SUPPRESSION_MS),
    scheduleMs: duration(o, 'schedule', where, DEFAULT_SCHEDULE_MS),
    enabled: o.enabled === undefined ? true : o.enabled === true,
    tests: parseTests(o.tests, where),
    origin,
    file,
  };
  if (o.enabled !== undefined && typeof o.enabled !== 'boolean') throw new RuleError(`${where}.enabled must be true or false`);
  if (rule.historyMs > MAX_HISTORY_MS) throw new RuleError(`${where}.history must be at most 90d`);
  if (kind === 'threshold') {
    const t = obj(o.threshold, `${where}.threshold`);
    unknownKeys(t, new Set(['count', 'window', 'distinct']), `${where}.threshold`);
    if (typeof t.count !== 'number' || !Number.isInteger(t.count) || t.count < 1) throw new RuleError(`${where}.threshold.count must be a whole number >= 1`);
    rule.threshold = { count: t.count, windowMs: duration(t, 'window', `${where}.threshold`), ...(t.distinct !== undefined ? { distinct: str(t, 'distinct', `${where}.threshold`) } : {}) };
  } else if (o.threshold !== undefined) throw new RuleError(`${where}.threshold is only for kind: threshold`);
  if (kind === 'sequence') {
    const s = obj(o.sequence, `${where}.sequence`);
    unknownKeys(s, new Set(['steps', 'window']), `${where}.sequence`);
    const steps = strList(s.steps, `${where}.sequence.steps`, RULE_ID);
    if (steps.length < 2) throw new RuleError(`${where}.sequence.steps must name at least two rules, in order`);
    if (steps.includes(id)) throw new RuleError(`${where}.sequence.steps cannot name the rule itself`);
    rule.sequence = { steps, windowMs: duration(s, 'window', `${where}.sequence`) };
    if (rule.sql) throw new RuleError(`${where}.sql: a sequence rule has no SQL of its own (its steps' SQL runs)`);
  } else if (o.sequence !== undefined) throw new RuleError(`${where}.sequence is only for kind: sequence`);
  if (kind !== 'sequence' && !/\{\{\s*since\s*\}\}/.test(rule.sql)) {
    throw new RuleError(`${where}.sql must bound the events it returns with {{since}} (and {{until}}), e.g. WHERE event_time >= {{since}} AND event_time < {{until}}, so runs are incremental`);
  }
  return rule;
}
