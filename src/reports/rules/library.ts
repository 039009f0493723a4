// The rule library: the built-in rules (schema/detections/<pack>/*.yaml) and a team's directory of
// rules in the same format, plus the team's overrides.yaml (turn a built-in off, change its severity,
// threshold, suppression or schedule). Loaded and checked as a whole: duplicate ids, sequences naming
// unknown rules and overrides of unknown rules are errors.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { parseDuration } from './duration';
import { parseRule, parseSeverityName, RuleError } from './parse';
import type { Rule } from './types';

export const BUILTIN_DIR = fileURLToPath(new URL('../../../schema/detections', import.meta.url));
export const OVERRIDES_FILE = 'overrides.yaml';

function yamlFiles(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir).sort();
  } catch (e) {
    throw new RuleError(`cannot read the rules directory ${dir}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const out: string[] = [];
  for (const name of entries) {
    if (name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...yamlFiles(p));
    else if (/\.ya?ml$/.test(name)) out.push(p);
  }
  return out;
}

function readYaml(file: string): unknown {
  try {
    return parseYaml(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new RuleError(`${file} is not valid YAML: ${(e as Error).message}`);
  }
}

export interface Override {
  enabled?: boolean;
  severity?: Rule['severity'];
  threshold?: number;
  suppressionMs?: number;
  scheduleMs?: number;
}

const OVERRIDE_KEYS = ['enabled', 'severity', 'threshold', 'suppression', 'schedule'];

export function parseOverrides(doc: unknown, file: string): Map<string, Override> {
  const top = doc as Record<string, unknown> | null;
  if (!top || typeof top !== 'object' || Array.isArray(top)) throw new RuleError(`${file} must be a mapping with one key, overrides`);
  const extra = Object.keys(top).filter((k) => k !== 'overrides');
  if (extra.length) throw new RuleError(`${file}: unknown key ${extra[0]} (an overrides file has one key, overrides: {<rule id>: {enabled, severity, threshold, suppression, schedule}})`);
  const out = new Map<string, Override>();
  const o = top.overrides;
  if (o === null || o === undefined) return out;
  if (typeof o !== 'object' || Array.isArray(o)) throw new RuleError(`${file}: overrides must map rule ids to changes`);
  for (const [id, v] of Object.entries(o as Record<string, unknown>)) {
    const w = `${file}: overrides.${id}`;
    if (!v || typeof v !== 'object' || Array.isArray(v)) throw new RuleError(`${w} must be a mapping of ${OVERRIDE_KEYS.join(', ')}`);
    const c = v as Record<string, unknown>;
    const bad = Object.keys(c).filter((k) => !OVERRIDE_KEYS.includes(k));
    if (bad.length) throw new RuleError(`${w}.${bad[0]} is not a known key (known: ${OVERRIDE_KEYS.join(', ')})`);
    const ov: Override = {};
    if (c.enabled !== undefined) {
      if (typeof c.enabled !== 'boolean') throw new RuleError(`${w}.enabled must be true or false`);
      ov.enabled = c.enabled;
    }
    if (c.severity !== undefined) ov.severity = parseSeverityName(c.severity, `${w}.severity`);
    if (c.threshold !== undefined) {
      if (typeof c.threshold !== 'number' || !Number.isInteger(c.threshold) || c.threshold < 1) throw new RuleError(`${w}.threshold must be a whole number >= 1 (the count)`);
      ov.threshold = c.threshold;
    }
    for (const [key, field] of [['suppression', 'suppressionMs'], ['schedule', 'scheduleMs']] as const) {
      if (c[key] === undefined) continue;
      const ms = parseDuration(c[key]);
      if (!ms) throw new RuleError(`${w}.${key} must be a duration like 15m, 1h or 7d`);
      ov[field] = ms;
    }
    out.set(id, ov);
  }
  return out;
}

/** Rules (and overrides.yaml, if any) in one directory tree. */
export function loadRuleDir(dir: string, origin: Rule['origin']): { rules: Rule[]; overrides: Map<string, Override> } {
  const rules: Rule[] = [];
  let overrides = new Map<string, Override>();
  for (const file of yamlFiles(dir)) {
    const shown = origin === 'builtin' ? `schema/detections/${relative(dir, file)}` : file;
    const doc = readYaml(file);
    if (basename(file) === OVERRIDES_FILE) {
      overrides = parseOverrides(doc, shown);
      continue;
    }
    rules.push(parseRule(doc, shown, origin));
  }
  return { rules, overrides };
}

export function applyOverride(rule: Rule, ov: Override, file: string): Rule {
  const r: Rule = { ...rule, overridden: [] };
  if (ov.enabled !== undefined) (r.enabled = ov.enabled), r.overridden!.push(`enabled: ${ov.enabled}`);
  if (ov.severity) (r.severity = ov.severity), r.overridden!.push(`severity: ${ov.severity}`);
  if (ov.threshold !== undefined) {
    if (!r.threshold) throw new RuleError(`${file}: overrides.${rule.id}.threshold: ${rule.id} is a ${rule.kind} rule, it has no threshold`);
    r.threshold = { ...r.threshold, count: ov.threshold };
    r.overridden!.push(`threshold: ${ov.threshold}`);
  }
  if (ov.suppressionMs) (r.suppressionMs = ov.suppressionMs), r.overridden!.push('suppression');
  if (ov.scheduleMs) (r.scheduleMs = ov.scheduleMs), r.overridden!.push('schedule');
  return r;
}

export class RuleLibrary {
  private readonly byId: Map<string, Rule>;

  constructor(readonly rules: Rule[]) {
    this.byId = new Map(rules.map((r) => [r.id, r]));
  }

  get(id: string): Rule | undefined {
    return this.byId.get(id);
  }

  enabled(): Rule[] {
    return this.rules.filter((r) => r.enabled);
  }
}

/** Checks a set of rules as a whole and builds the library. */
export function buildLibrary(rules: Rule[]): RuleLibrary {
  const seen = new Map<string, Rule>();
  for (const r of rules) {
    const other = seen.get(r.id);
    if (other) {
      const hint = other.origin === 'builtin' && r.origin === 'team' ? `; to change a built-in rule, override it in ${OVERRIDES_FILE}, or give yours another id` : '';
      throw new RuleError(`rule ${r.id} is defined twice: ${other.file} and ${r.file}${hint}`);
    }
    seen.set(r.id, r);
  }
  for (const r of rules) {
    for (const s of r.sequence?.steps ?? []) {
      const step = seen.get(s);
      if (!step) throw new RuleError(`${r.file} (${r.id}).sequence.steps: no rule ${s}`);
      if (step.kind === 'sequence') throw new RuleError(`${r.file} (${r.id}).sequence.steps: ${s} is itself a sequence`);
    }
  }
  return new RuleLibrary([...rules].sort((a, b) => a.id.localeCompare(b.id)));
}

/** The library a gateway runs: built-ins (unless off), then the team's rules and overrides. */
export function loadLibrary(opts: { builtin: boolean; dir?: string; builtinDir?: string }): RuleLibrary {
  const rules: Rule[] = opts.builtin ? loadRuleDir(opts.builtinDir ?? BUILTIN_DIR, 'builtin').rules : [];
  if (!opts.dir) return buildLibrary(rules);
  const team = loadRuleDir(opts.dir, 'team');
  const all = [...rules, ...team.rules];
  const ids = new Set(all.map((r) => r.id));
  const file = join(opts.dir, OVERRIDES_FILE);
  for (const id of team.overrides.keys()) {
    if (!ids.has(id)) throw new RuleError(`${file}: overrides.${id}: no such rule (see \`amctl audit detection ls\`)`);
  }
  return buildLibrary(all.map((r) => (team.overrides.has(r.id) ? applyOverride(r, team.overrides.get(r.id)!, file) : r)));
}
