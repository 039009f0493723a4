// `amctl audit report ls|get|create|rm|run|state|result|history` and `amctl audit detection
// create|ls|get|rm|run`: locally (engine and report store from the config, in this process) or
// through the gateway at --server; both print the same documents.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parse as parseYaml } from 'yaml';
import { WINDOW_DAYS, type WindowDays } from '../../engine/types';
import { openLocalReports, type LocalReports } from '../compose/reports';
import { localReportsApi, RemoteReports, type ReportsApi } from '../../reports/remote-client';
import { createRemoteClient } from '../remote-client';
import { localDetectionsApi, RemoteDetections, type DetectionsApi } from '../../reports/detections/api';
import type { ReportState } from '../../reports/state';
import { configFrom, globalOptions, parseDays } from '../context';
import { formatDoc, formatTable, parseFormat, type OutputFormat } from '../format';
import type { RuleState } from '../../reports/rules/service';
import type { Rule } from '../../reports/rules/types';
import { configuredLibrary, printRuleOutcomes, registerRuleTestCommand, RULE_HEADERS, ruleRows, runRules } from './detection-rules';

/**
 * Reports locally, or through the gateway at --server (token from --token or $AMCTL_TOKEN). `runs`
 * when the command runs queries (locally: ingest new log lines first, resume interrupted runs).
 */
async function withReportsApi<T>(cmd: Command, fn: (api: ReportsApi) => Promise<T>, runs = false): Promise<T> {
  const remote = remoteClient(cmd);
  if (remote) return fn(new RemoteReports(remote));
  return withReports(cmd, (local) => fn(localReportsApi(local.runtime.reports)), runs);
}

/** Detections locally, or through the gateway at --server. */
async function withDetectionsApi<T>(cmd: Command, fn: (api: DetectionsApi) => Promise<T>, runs = false): Promise<T> {
  const remote = remoteClient(cmd);
  if (remote) return fn(new RemoteDetections(remote));
  return withReports(cmd, (local) => fn(localDetectionsApi(local.runtime.detections, process.env.USER)), runs);
}

/** The gateway client when --server is given (token from --token or $AMCTL_TOKEN). */
function remoteClient(cmd: Command) {
  const o = globalOptions(cmd);
  if (!o.server) return undefined;
  const token = o.token ?? process.env.AMCTL_TOKEN;
  if (!token) throw new Error('--server needs a token: pass --token or set AMCTL_TOKEN (get one with `amctl token`)');
  return createRemoteClient({ server: o.server, token });
}

/** Opens local reports; `runs` when the command runs queries (ingests new log lines, resumes interrupted runs). */
async function withReports<T>(cmd: Command, fn: (r: LocalReports) => Promise<T>, runs = false): Promise<T> {
  const local = await openLocalReports(configFrom(cmd), { runs });
  try {
    return await fn(local);
  } finally {
    await local.close();
  }
}

const print = (doc: unknown, format: OutputFormat) => process.stdout.write(formatDoc(doc, format) + '\n');

function stateRow(s: ReportState): string[] {
  return [s.name, s.status, s.updated_at, s.error ?? ''];
}

function printStates(states: ReportState[], format: OutputFormat): void {
  if (format === 'text') process.stdout.write(formatTable(['State', 'Status', 'Updated', 'Error'], states.map(stateRow)) + '\n');
  else print(states.length === 1 ? states[0] : states, format);
}

export function registerReportCommands(audit: Command): void {
  const report = audit.command('report').description('security reports: definitions, runs, states and results');

  report
    .command('ls')
    .description('list reports')
    .option('--format <f>', 'text, json or yaml', 'text')
    .action(async (opts: { format?: string }, cmd: Command) => {
      const format = parseFormat(opts.format, ['text', 'json', 'yaml']);
      await withReportsApi(cmd, async (api) => {
        const reports = await api.listReports();
        if (format !== 'text') return print(reports, format);
        process.stdout.write(formatTable(['Name', 'Title', 'Version', 'Queries'], reports.map((r) => [r.name, r.title, r.version, String(r.audit_queries.length)])) + '\n');
      });
    });

  report
    .command('get')
    .description('show a report definition')
    .argument('<name>')
    .option('--format <f>', 'yaml or json', 'yaml')
    .action(async (name: string, opts: { format?: string }, cmd: Command) => {
      const format = parseFormat(opts.format, ['yaml', 'json']);
      await withReportsApi(cmd, async (api) => print(await api.getReport(name), format));
    });

  report
    .command('create')
    .description('create or replace a custom report from a security_report document (YAML or JSON); every query must pass the SQL guard')
    .requiredOption('-f, --file <path>', 'the report document')
    .option('--format <f>', 'yaml or json', 'yaml')
    .action(async (opts: { file: string; format?: string }, cmd: Command) => {
      const format = parseFormat(opts.format, ['yaml', 'json']);
      const doc = readDocument(opts.file);
      await withReportsApi(cmd, async (api) => print(await api.upsertReport(doc), format));
    });

  report
    .command('rm')
    .description('delete a report (its past results stay)')
    .argument('<name>')
    .action(async (name: string, _opts: unknown, cmd: Command) => {
      await withReportsApi(cmd, async (api) => {
        if (!(await api.deleteReport(name))) throw new Error(`report ${JSON.stringify(name)} does not exist`);
        process.stdout.write(`report ${name} deleted\n`);
      });
    });

  report
    .command('run')
    .description('run a report and wait for it; prints the final state')
    .argument('<name>')
    .option('--days <n>', `time window in days: ${WINDOW_DAYS.join(', ')}`, '7')
    .option('--format <f>', 'text, json or yaml', 'text')
    .action(async (name: string, opts: { days?: string; format?: string }, cmd: Command) => {
      const days = parseDays(opts.days);
      const format = parseFormat(opts.format, ['text', 'json', 'yaml']);
      await withReportsApi(
        cmd,
        async (api) => {
          const final = await api.runAndWait(name, days);
          printStates([final], format);
          if (final.status === 'FAILED') process.exitCode = 1;
        },
        true,
      );
    });

  report
    .command('state')
    .description('show the run state of a report (every time window unless --days)')
    .argument('<name>')
    .option('--days <n>', `only this time window: ${WINDOW_DAYS.join(', ')}`)
    .option('--format <f>', 'text, json or yaml', 'text')
    .action(async (name: string, opts: { days?: string; format?: string }, cmd: Command) => {
      const format = parseFormat(opts.format, ['text', 'json', 'yaml']);
      const days: WindowDays | undefined = opts.days === undefined ? undefined : parseDays(opts.days);
      await withReportsApi(cmd, async (api) => {
        const states = (await api.listStates(name)).filter((s) => days === undefined || s.days === days);
        if (!states.length) throw new Error(`report ${name} has not run${days ? ` for ${days} days` : ''} yet; run it with \`amctl audit report run ${name}\``);
        printStates(states, format);
      });
    });

  report
    .command('result')
    .description("print a report's last result (rows, execution time, bytes scanned, totals)")
    .argument('<name>')
    .option('--days <n>', `time window in days: ${WINDOW_DAYS.join(', ')}`, '7')
    .option('--run <id>', 'a past run (see `history`) instead of the last one')
    .option('--format <f>', 'json or yaml', 'json')
    .action(async (name: string, opts: { days?: string; run?: string; format?: string }, cmd: Command) => {
      const days = parseDays(opts.days);
      const format = parseFormat(opts.format, ['json', 'yaml']);
      await withReportsApi(cmd, async (api) => {
        const result = await api.getResult(name, days, opts.run);
        if (!result) throw new Error(`no result for report ${name} over ${days} days${opts.run ? ` with run id ${opts.run}` : ''}`);
        print(result, format);
      });
    });

  report
    .command('history')
    .description('list past runs of a report, newest first')
    .argument('<name>')
    .option('--days <n>', `time window in days: ${WINDOW_DAYS.join(', ')}`, '7')
    .option('--format <f>', 'text, json or yaml', 'text')
    .action(async (name: string, opts: { days?: string; format?: string }, cmd: Command) => {
      const days = parseDays(opts.days);
      const format = parseFormat(opts.format, ['text', 'json', 'yaml']);
      await withReportsApi(cmd, async (api) => {
        const runs = await api.history(name, days);
        if (format !== 'text') return print(runs, format);
        process.stdout.write(
          formatTable(
            ['Run', 'Status', 'Completed', 'Rows', 'Scanned bytes', 'Error'],
            runs.map((r) => [r.run_id, r.status, r.completed_at, String(r.totals.rows), String(r.totals.bytes_scanned), r.error ?? '']),
          ) + '\n',
        );
      });
    });

  registerDetectionCommands(audit);
}

function readDocument(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  try {
    return parseYaml(text); // YAML is a superset of JSON
  } catch (e) {
    throw new Error(`${file} is not valid YAML or JSON: ${(e as Error).message}`);
  }
}

function registerDetectionCommands(audit: Command): void {
  const det = audit.command('detection').description('automated response actions: saved queries on a schedule that notify webhooks');

  det
    .command('create')
    .description('create or replace a detection from a YAML/JSON document {name, query, days, interval_seconds, condition, actions}')
    .requiredOption('-f, --file <path>', 'the detection document')
    .option('--format <f>', 'yaml or json', 'yaml')
    .action(async (opts: { file: string; format?: string }, cmd: Command) => {
      const format = parseFormat(opts.format, ['yaml', 'json']);
      const doc = readDocument(opts.file);
      await withDetectionsApi(cmd, async (api) => print(await api.create(doc), format));
    });

  det
    .command('ls')
    .description('list detections: saved-query detections, then the rule library (built-in and the team\'s detections.dir)')
    .option('--format <f>', 'text, json or yaml', 'text')
    .option('--rules', 'json/yaml: the rules instead of the saved-query detections')
    .action(async (opts: { format?: string; rules?: boolean }, cmd: Command) => {
      const format = parseFormat(opts.format, ['text', 'json', 'yaml']);
      const remote = remoteClient(cmd);
      let list: Awaited<ReturnType<DetectionsApi['list']>> = [];
      let rules: { rule: Rule; state?: RuleState }[] = [];
      if (remote) {
        list = await new RemoteDetections(remote).list();
        // The gateway does not serve the rules' state: the definitions come from this config.
        rules = configuredLibrary(cmd).rules.map((rule) => ({ rule }));
      } else {
        await withReports(cmd, async (local) => {
          list = await localDetectionsApi(local.runtime.detections, process.env.USER).list();
          rules = await local.runtime.rules.describe();
        });
      }
      if (format !== 'text') {
        print(opts.rules ? rules.map(({ rule, state }) => ({ ...rule, ...(state ? { state } : {}) })) : list, format);
        return;
      }
      if (list.length) {
        const rows = list.map((d) => [d.name, d.query, `${d.interval_seconds}s`, d.enabled ? 'yes' : 'no', d.state.last_run_at ?? '', d.state.last_status ?? '']);
        process.stdout.write(formatTable(['Name', 'Query', 'Every', 'Enabled', 'Last run', 'Last status'], rows) + '\n\n');
      }
      process.stdout.write(formatTable(RULE_HEADERS, ruleRows(rules)) + '\n');
    });

  det
    .command('get')
    .description('show a detection, its state and its recent deliveries')
    .argument('<name>')
    .option('--format <f>', 'yaml or json', 'yaml')
    .action(async (name: string, opts: { format?: string }, cmd: Command) => {
      const format = parseFormat(opts.format, ['yaml', 'json']);
      await withDetectionsApi(cmd, async (api) => print(await api.get(name), format));
    });

  det
    .command('rm')
    .description('delete a detection (its delivery log stays)')
    .argument('<name>')
    .action(async (name: string, _opts: unknown, cmd: Command) => {
      await withDetectionsApi(cmd, async (api) => {
        if (!(await api.delete(name))) throw new Error(`detection ${JSON.stringify(name)} does not exist`);
        process.stdout.write(`detection ${name} deleted\n`);
      });
    });

  det
    .command('run')
    .description('run a detection now: a saved-query detection (delivering its finding, deduplicated like scheduled runs), a rule, or every enabled rule (--all)')
    .argument('[name]', 'a saved detection or a rule id')
    .option('--all', 'run every enabled rule once now')
    .option('--since <duration>', 'rules: read from this long ago (backfill over history, e.g. 90d) instead of since the last run')
    .option('--format <f>', 'text (rules), yaml or json', 'yaml')
    .action(async (name: string | undefined, opts: { all?: boolean; since?: string; format?: string }, cmd: Command) => {
      const format = parseFormat(opts.format, ['text', 'yaml', 'json']);
      if (!name && !opts.all) throw new Error('name a detection or rule to run, or pass --all to run every enabled rule');
      if (name && opts.all) throw new Error('pass either a name or --all, not both');
      const isRule = opts.all || configuredLibrary(cmd).get(name!) !== undefined;
      if (!isRule) {
        if (opts.since) throw new Error(`--since is for rules; ${name} is not a rule (see \`amctl audit detection ls\`)`);
        await withDetectionsApi(
          cmd,
          async (api) => {
            const outcome = await api.run(name!);
            print(outcome, format === 'text' ? 'yaml' : format);
            if (outcome.status === 'FAILED') process.exitCode = 1;
          },
          true,
        );
        return;
      }
      if (remoteClient(cmd)) throw new Error('rules run locally (the gateway runs them on schedule): leave out --server');
      await withReports(
        cmd,
        async (local) => {
          const outcomes = await runRules(local.runtime.rules, { name, all: opts.all, since: opts.since });
          if (format === 'text') printRuleOutcomes(outcomes, format);
          else print(opts.all ? outcomes : outcomes[0], format);
          if (outcomes.some((o) => o.status === 'FAILED')) process.exitCode = 1;
        },
        true,
      );
    });

  registerRuleTestCommand(det);
}
