// `amctl serve`: the GraphQL gateway over the configured engine. `--demo` makes it self-contained:
// a demo audit log generated on first start and a local development signing key for tokens.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { defaultDevKeyFile, parseAuthConfig } from '../../auth/config';
import { demoTokenMinter, ensureDemoRoles } from '../../auth/demo-access';
import { ensureDevKey } from '../../auth/dev-key';
import { assertTokenKeySource } from '../../auth/verifier';
import type { CoreConfig } from '../../config';
import { generateAuditLog } from '../../demo';
import { EmbeddedEngine } from '../../engine/duckdb/engine';
import { createEngine } from '../compose/engine';
import { emitGatewaySchema, parseListen, startGateway } from '../../server';
import { startGatewayReports } from '../../reports/local';
import { OneTimeSignIn } from '../../server/sign-in-link';
import { REPORTS_EXTENSION, type ReportsRuntime } from '../../reports/runtime';
import { ensureConsoleBuilt } from '../console-assets';
import { configFrom, globalOptions } from '../context';
import { describeIngest } from '../ingest-summary';
import { checkClusterDeployment } from '../../cluster/deployment';
import { startReportFanout } from '../../cluster/report-fanout';
import { INTAKE_EXTENSION, parseIntakeConfig, startIntake, type IntakeRuntime } from '../../intake';
import { createIntakeStore } from '../compose/intake-store';

export const DEMO_LOG_DIR = 'demo-audit-log';
export const DEMO_LOG = { days: 30, events: 50_000, seed: 20240320 } as const;
const FOLLOW_INTERVAL_MS = 10_000;

function say(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** Generates the demo log once; a partial generation (interrupted start) is never used. */
async function ensureDemoLog(config: CoreConfig): Promise<string> {
  const dir = join(config.dataDir, DEMO_LOG_DIR);
  if (existsSync(dir) && readdirSync(dir).length > 0) return dir;
  const tmp = `${dir}.partial`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(config.dataDir, { recursive: true });
  say(`generating a demo audit log (${DEMO_LOG.days} days, ${DEMO_LOG.events} events) in ${dir} ...`);
  const summary = await generateAuditLog({ outDir: tmp, ...DEMO_LOG });
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  say(`  ${summary.events} events, ${summary.firstDay} .. ${summary.lastDay}, cluster ${summary.clusterName}`);
  return dir;
}

/** The command that prints a token for this gateway, with the global options that locate its key. */
function tokenCommand(cmd: Command): string {
  const o = globalOptions(cmd);
  const flags = [o.config ? `--config ${o.config}` : '', o.dataDir ? `--data-dir ${o.dataDir}` : ''].filter(Boolean);
  return ['./bin/amctl', ...flags, 'token --user alice --roles auditor'].join(' ');
}

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('run the GraphQL gateway (HTTP and WebSocket at /graphql, /healthz, /readyz, /metrics)')
    .option('--listen <host:port>', 'address to listen on (default: server.listen, else 127.0.0.1:8080)')
    .option('--demo', 'generate a demo audit log on first start and trust a local development signing key')
    .option('--emit-schema [file]', 'write the GraphQL schema (SDL) and exit (default: schema/schema.graphql)')
    .action(async (opts: { listen?: string; demo?: boolean; emitSchema?: string | boolean }, cmd: Command) => {
      if (opts.emitSchema) {
        const file = await emitGatewaySchema(typeof opts.emitSchema === 'string' ? resolve(opts.emitSchema) : undefined);
        say(`wrote ${file}`);
        return;
      }
      let config = configFrom(cmd);
      const listen = opts.listen ? parseListen(opts.listen, '--listen') : undefined;
      const serverOverrides: { listen?: ReturnType<typeof parseListen>; introspection?: boolean } = listen ? { listen } : {};
      let auth = parseAuthConfig(config);
      let signIn: OneTimeSignIn | undefined;
      if (opts.demo) {
        if (config.engine === 'embedded' && !config.auditLog && config.parquet.length === 0) {
          config = { ...config, auditLog: await ensureDemoLog(config) };
        }
        const devKeyFile = auth.devKeyFile ?? defaultDevKeyFile(config);
        const devKey = await ensureDevKey(devKeyFile);
        auth = { ...auth, devKeyFile, rolesFile: auth.rolesFile ?? ensureDemoRoles(join(config.dataDir, 'demo-roles.yaml')) };
        // The console's sign-in link: a one-time code the browser exchanges for a token.
        signIn = new OneTimeSignIn(demoTokenMinter(devKey, { issuer: auth.issuer, audience: auth.audience }));
        // Demo users explore the API with GraphQL tools, which need introspection (unless configured).
        const server = config.raw.server as Record<string, unknown> | undefined;
        if (server?.introspection === undefined) serverOverrides.introspection = true;
      }
      // No token keys at all, or one of several replicas: checked before anything opens.
      assertTokenKeySource(auth);
      const cluster = checkClusterDeployment(config);
      await ensureConsoleBuilt(say);
      const intakeConfig = parseIntakeConfig(config);
      // On Athena the intake writes Parquet under the table's prefix; what is missing for that is refused now.
      const intakeStore = intakeConfig.fluentd || intakeConfig.http ? createIntakeStore(config) : undefined;
      say(`opening the ${config.engine} engine (data in ${config.dataDir}) ...`);
      let engine: Awaited<ReturnType<typeof createEngine>>;
      try {
        engine = await createEngine(config, {
          onIngest: (s) => {
            say(describeIngest(s));
            for (const w of s.warnings) say(`warning: ${w}`);
          },
        });
      } catch (e) {
        await intakeStore?.close();
        throw e;
      }
      let gateway;
      let reports: ReportsRuntime | undefined;
      let stopFanout = () => {};
      let intake: IntakeRuntime | undefined;
      try {
        // Events pushed to the gateway (teleport-event-handler, NDJSON): durable in a spool under
        // data_dir, ingested into the same tables as the file log shortly after they arrive; on
        // Athena, durable as Parquet under the table's prefix.
        let ingestSoon: NodeJS.Timeout | undefined;
        intake = await startIntake(config, {
          store: intakeStore,
          onWritten: () => {
            if (!(engine instanceof EmbeddedEngine) || ingestSoon) return;
            ingestSoon = setTimeout(() => {
              ingestSoon = undefined;
              engine.ingest().catch((e) => say(`ingest failed: ${(e as Error).message}`));
            }, 500);
          },
          onError: (msg, err) => say(`intake: ${msg}${err ? `: ${(err as Error).message}` : ''}`),
        });
        if (intake?.importSources) {
          const importNow = () =>
            intake!.importSources!().then(
              (r) => {
                for (const b of r.bad.slice(0, 5)) say(`sources: ${b}`);
                if (r.written) say(`sources: ${r.written} new record(s) from ${r.filesRead} file(s)`);
              },
              (e) => say(`sources: import failed: ${(e as Error).message}`),
            );
          await importNow();
          setInterval(() => void importNow(), FOLLOW_INTERVAL_MS).unref();
        }
        // Security reports: pre-built reports installed, interrupted runs resumed, background scheduler.
        reports = await startGatewayReports(config, engine, (msg, err) => say(`reports: ${msg}${err ? `: ${(err as Error).message}` : ''}`));
        // Report state changes other replicas make reach this replica's subscribers.
        if (cluster) {
          const fanout = startReportFanout(reports.store, reports.reports, cluster.pollIntervalMs, (msg, err) => say(`cluster: ${msg}${err ? `: ${(err as Error).message}` : ''}`));
          if (fanout) stopFanout = () => fanout.stop();
        }
        const extensions = new Map<string, unknown>([[REPORTS_EXTENSION, reports]]);
        if (intake) extensions.set(INTAKE_EXTENSION, intake);
        gateway = await startGateway({ config, engine, auth, server: serverOverrides, extensions, signIn });
      } catch (e) {
        await reports?.stop({ wait: false });
        await intake?.stop();
        if (!intake) await intakeStore?.close();
        await engine.close();
        throw e;
      }
      if (engine instanceof EmbeddedEngine && config.auditLog) {
        engine.follow(FOLLOW_INTERVAL_MS, (e) => say(`ingest failed: ${(e as Error).message}`));
      }
      say('');
      say(`Web console:     ${gateway.origin}/`);
      if (signIn) say(`sign in (once):  ${gateway.origin}/sign-in#code=${signIn.issue()}`);
      say(`GraphQL gateway: ${gateway.url}  (subscriptions: ${gateway.wsUrl})`);
      if (intake?.fluentd) say(`event intake:    https://${intakeConfig.fluentd!.listen.host}:${intake.fluentd.port}/events.log  (teleport-event-handler [forward.fluentd] url)`);
      if (intake?.config.http) say(`NDJSON intake:   ${gateway.origin}/v1/intake/teleport`);
      if (auth.devKeyFile) {
        say(`get a token:     ${tokenCommand(cmd)}`);
        say(`then:            curl -s ${gateway.url} -H "Authorization: Bearer $TOKEN" -H 'content-type: application/json' \\`);
        say(`                   -d '{"query":"{ auditViews { name } }"}'`);
      }
      const stop = async (signal: string) => {
        say(`${signal}: shutting down`);
        await intake?.stop(); // no new events; what was answered 200 is on disk
        await gateway.close();
        stopFanout();
        await reports?.stop({ wait: false }); // runs in flight resume on the next start
        await engine.close();
        process.exit(0);
      };
      process.once('SIGINT', () => void stop('SIGINT'));
      process.once('SIGTERM', () => void stop('SIGTERM'));
      // Keep running: the HTTP server holds the process open.
    });
}
