// The rule library on the command line: `detection test [DIR]` (every rule's tests on a throwaway
// embedded engine; non-zero exit on a failing test, for a team's CI), the rules in `detection ls`,
// `detection run --all` and `detection run RULE --since 90d` (backfill).
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { openScratchEngine } from '../../engine/duckdb/scratch';
import { parseDuration, formatDuration } from '../../reports/rules/duration';
import { loadLibrary, loadRuleDir, buildLibrary, applyOverride, OVERRIDES_FILE, BUILTIN_DIR, type RuleLibrary } from '../../reports/rules/library';
import { parseRulesConfig } from '../../reports/rules/config';
import { runLibraryTests } from '../../reports/rules/testing';
import type { RuleRunOutcome, RuleService, RuleState } from '../../reports/rules/service';
import type { Rule } from '../../reports/rules/types';
import { configFrom } from '../context';
import { formatTable } from '../format';

/** The configured library (built-ins and detections.dir), without opening an engine. */
export function configuredLibrary(cmd: Command): RuleLibrary {
  const c = parseRulesConfig(configFrom(cmd));
  return loadLibrary({ builtin: c.builtin, dir: c.dir });
}

/** DIR's rules (with its overrides.yaml), beside the built-ins that sequences may name; which to test. */
function libraryForDir(dir: string): { library: RuleLibrary; testing: Rule[] } {
  const team = loadRuleDir(dir, 'team');
  const builtins = resolve(dir) === resolve(BUILTIN_DIR) ? [] : loadRuleDir(BUILTIN_DIR, 'builtin').rules;
  const file = `${dir}/${OVERRIDES_FILE}`;
  const all = [...builtins, ...team.rules].map((r) => (team.overrides.has(r.id) ? applyOverride(r, team.overrides.get(r.id)!, file) : r));
  const library = buildLibrary(all);
  const ids = new Set(team.rules.map((r) => r.id));
  const testing = resolve(dir) === resolve(BUILTIN_DIR) ? library.rules : library.rules.filter((r) => ids.has(r.id) || team.overrides.has(r.id));
  return { library, testing };
}

export function registerRuleTestCommand(det: Command): void {
  det
    .command('test')
    .description("run every rule's tests (events that must fire it, events that must not) on a throwaway embedded engine; exits 1 when one fails")
    .argument('[dir]', 'a directory of rule files (default: the built-in rules and detections.dir)')
    .option('--verbose', 'print passing tests too')
    .action(async (dir: string | undefined, opts: { verbose?: boolean }, cmd: Command) => {
      const { library, testing } = dir ? libraryForDir(dir) : ((l) => ({ library: l, testing: l.rules }))(configuredLibrary(cmd));
      if (!testing.length) throw new Error(`no rules to test${dir ? ` in ${dir}` : ''}: rule files are YAML (*.yaml) with id, title, sql and tests`);
      const bench = await openScratchEngine();
      let outcomes;
      try {
        outcomes = await runLibraryTests(bench, library, testing);
      } finally {
        await bench.close();
      }
      const failed = outcomes.filter((o) => !o.ok);
      for (const o of outcomes) {
        if (!o.ok) process.stdout.write(`FAIL ${o.rule} (${o.file}) test "${o.test}": ${o.detail}\n`);
        else if (opts.verbose) process.stdout.write(`ok   ${o.rule} test "${o.test}": ${o.detail}\n`);
      }
      process.stdout.write(`${testing.length} rule${testing.length === 1 ? '' : 's'}, ${outcomes.length} tests: ${failed.length ? `${failed.length} failed` : 'all passed'}\n`);
      if (failed.length) process.exitCode = 1;
    });
}

/** Rows of `detection ls` for the rules (state when the rules service is at hand). */
export function ruleRows(rules: { rule: Rule; state?: RuleState; summary?: string }[]): string[][] {
  return rules.map(({ rule, state }) => [
    rule.id,
    rule.origin === 'builtin' ? 'built-in' : 'team',
    rule.severity + (rule.overridden?.length ? '*' : ''),
    rule.kind === 'threshold' ? `threshold >= ${rule.threshold!.count}/${formatDuration(rule.threshold!.windowMs)}` : rule.kind,
    rule.entity.kind,
    formatDuration(rule.scheduleMs),
    rule.enabled ? 'yes' : 'no',
    state?.last_run_at ?? '',
    state?.last_status ?? '',
    String(Object.keys(state?.open ?? {}).length || ''),
  ]);
}

export const RULE_HEADERS = ['Rule', 'Origin', 'Severity', 'Kind', 'Entity', 'Every', 'Enabled', 'Last run', 'Last status', 'Open'];

export function parseSince(v: string): number {
  const ms = parseDuration(v);
  if (!ms || ms > 120 * 86_400_000) throw new Error(`--since must be a duration up to 120d like 90d, 12h or 30m, got ${JSON.stringify(v)}`);
  return ms;
}

export function printRuleOutcomes(outcomes: RuleRunOutcome[], format: string): void {
  if (format !== 'text') return;
  process.stdout.write(
    formatTable(
      ['Rule', 'Status', 'Since', 'Entities', 'Finding changes', 'Error'],
      outcomes.map((o) => [o.rule, o.status, o.since, o.entities.slice(0, 4).join(' ') + (o.entities.length > 4 ? ` (+${o.entities.length - 4} more)` : ''), String(o.changes), o.error ?? '']),
    ) + '\n',
  );
}

export async function runRules(svc: RuleService, opts: { name?: string; all?: boolean; since?: string }): Promise<RuleRunOutcome[]> {
  if (opts.all) {
    if (opts.since) {
      const ms = parseSince(opts.since);
      const out: RuleRunOutcome[] = [];
      for (const r of svc.library.enabled()) out.push(await svc.run(r, { sinceMs: ms }));
      return out;
    }
    return svc.runAll();
  }
  return [await svc.run(opts.name!, opts.since ? { sinceMs: parseSince(opts.since) } : {})];
}
