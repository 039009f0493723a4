// Wires the reports subsystem from config: the report_results store (local directory or S3 prefix),
// the report service, detections and the background scheduler. The server and the CLI create one of
// these; everything else talks to its parts.
import type { S3Client } from '@aws-sdk/client-s3';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { reportStoreS3Client } from './aws';
import type { CoreConfig } from '../config';
import type { QueryEngine } from '../engine/types';
import type { BlobStore } from './blobstore';
import { systemClock, type Clock } from './clock';
import { parseReportsConfig, type ReportsConfig } from './config';
import type { ReportDefinition, SqlCheck } from './definitions';
import { DetectionService, firstResolver, reportQueryResolver, type QueryResolver } from './detections/service';
import type { RetryPolicy } from './detections/delivery';
import { egressPolicy } from './detections/egress';
import { LocalBlobStore } from './local-blobstore';
import { parseS3Uri, S3BlobStore } from './s3-blobstore';
import { ReportScheduler } from './scheduler';
import { ReportService } from './service';
import { parseFindingsConfig } from './findings/config';
import { FindingsService } from './findings/service';
import { parseRulesConfig } from './rules/config';
import { loadLibrary } from './rules/library';
import { RuleService } from './rules/service';

export interface ReportsRuntimeOptions {
  engine: QueryEngine;
  /** The SQL guard for report queries on save. */
  checkSql?: SqlCheck;
  /** Saved audit queries by name (the query store); report queries resolve as <report>.<query> too. */
  resolveSavedQuery?: QueryResolver;
  clock?: Clock;
  /** Overrides for tests. */
  store?: BlobStore;
  s3?: S3Client;
  /** Credentials that sign (or, on Athena, assume the role for) S3 calls; default the SDK's chain. */
  awsCredentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  builtins?: ReportDefinition[];
  retry?: Partial<RetryPolicy>;
  /** This gateway's identity in run states and leases (default host:pid:nonce). */
  owner?: string;
  log?: (msg: string, err?: unknown) => void;
}

export interface ReportsRuntime {
  config: ReportsConfig;
  store: BlobStore;
  reports: ReportService;
  detections: DetectionService;
  /** Findings of report and detection runs, and their feed. */
  findings: FindingsService;
  /** The detection rule library (built-in and the team's), run on schedule by the scheduler. */
  rules: RuleService;
  scheduler: ReportScheduler;
  /** Installs pre-built reports, resumes interrupted runs, starts the scheduler when enabled. */
  start(opts?: { scheduler?: boolean; resume?: boolean }): Promise<void>;
  /** Stops the scheduler; with wait (default) lets this process's runs finish, else leaves them to resume. */
  stop(opts?: { wait?: boolean }): Promise<void>;
}

/** The report store at config.reportResults: a local directory, or an S3 prefix through `s3`. */
export function openReportStore(config: ReportsConfig, s3?: S3Client): BlobStore {
  if (!config.reportResults.startsWith('s3://')) return new LocalBlobStore(config.reportResults);
  if (!s3) throw new Error(`report_results ${config.reportResults} is on S3 but no S3 client was given`);
  return new S3BlobStore(s3, parseS3Uri(config.reportResults));
}

export function createReportsRuntime(core: CoreConfig, opts: ReportsRuntimeOptions): ReportsRuntime {
  const config = parseReportsConfig(core);
  const clock = opts.clock ?? systemClock;
  // An S3 report_results location gets a client of its own unless one is given (tests).
  const ownS3 = !opts.store && !opts.s3 && config.reportResults.startsWith('s3://') ? reportStoreS3Client(core, config, { sourceCredentials: opts.awsCredentials }) : undefined;
  const store = opts.store ?? openReportStore(config, opts.s3 ?? ownS3?.s3);
  const reports = new ReportService({
    engine: opts.engine,
    store,
    clock,
    checkSql: opts.checkSql,
    queryConcurrency: config.queryConcurrency,
    rerunThrottleMs: config.rerunThrottleMs,
    runningTimeoutMs: config.runningTimeoutMs,
    heartbeatMs: config.heartbeatMs,
    keepRuns: config.keepRuns,
    builtins: opts.builtins,
    owner: opts.owner,
  });
  const resolveQuery = opts.resolveSavedQuery ? firstResolver(opts.resolveSavedQuery, reportQueryResolver(reports.reports)) : reportQueryResolver(reports.reports);
  const findings = new FindingsService({ store, reports, retentionMs: parseFindingsConfig(core).retentionMs, clock, log: opts.log });
  findings.attach();
  const detections = new DetectionService({
    store,
    engine: opts.engine,
    resolveQuery,
    clock,
    retry: opts.retry,
    egress: egressPolicy(config.allowPrivateWebhooks),
    onEvaluated: (d, columns, rows, at) => findings.recordDetectionRun(d, columns, rows, at),
  });
  const rulesConfig = parseRulesConfig(core);
  const rules = new RuleService({
    store,
    engine: opts.engine,
    library: loadLibrary({ builtin: rulesConfig.builtin, dir: rulesConfig.dir }),
    record: (rule, columns, rows, at) => findings.recordRuleRun(rule, columns, rows, at),
    initialLookbackMs: rulesConfig.initialLookbackMs,
    clock,
    log: opts.log,
  });
  const scheduler = new ReportScheduler(reports, store, clock, { refreshAfterMs: config.refreshAfterMs, intervalMs: config.schedulerIntervalMs }, opts.log);
  scheduler.addHook(async (stillLeader) => {
    await detections.runDue(stillLeader);
  });
  if (rulesConfig.enabled) {
    scheduler.addHook(async (stillLeader) => {
      await rules.runDue(stillLeader);
    });
  }
  // Runs whose gateway died between saving the result and recording its findings.
  scheduler.addHook(async () => {
    await findings.catchUp();
  });
  return {
    config,
    store,
    reports,
    detections,
    findings,
    rules,
    scheduler,
    async start(startOpts = {}) {
      await reports.start({ resume: startOpts.resume });
      await findings.catchUp().catch((e) => opts.log?.('findings catch-up', e));
      if (startOpts.scheduler ?? config.schedulerEnabled) scheduler.start();
    },
    async stop(stopOpts = {}) {
      await scheduler.stop();
      if (stopOpts.wait ?? true) await reports.drain();
      else reports.close();
      await findings.idle();
      ownS3?.close();
    },
  };
}

/** Key of the reports runtime in the gateway's services.extensions. */
export const REPORTS_EXTENSION = 'reports';
