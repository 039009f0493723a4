// The `reports:` config section. Example:
//
//   reports:
//     scheduler: { enabled: true, interval_seconds: 60 }
//     refresh_after_hours: 24        # re-run a report when its last result is older
//     running_timeout_minutes: 60    # a RUNNING state older than this is re-run (crash recovery)
//     rerun_throttle_seconds: 60     # user-triggered runs per (report, days)
//     query_concurrency: 4           # queries of one report running at once
//     keep_runs: 100                 # past results kept per report and days
//     webhooks: { allow_private_networks: false }   # detection receivers inside the network
//     report_results: s3://audit-long-term/report_results   # default below
//
// report_results defaults to Teleport's `access_monitoring.report_results` (top level or under
// auth_service) when present, else `<data_dir>/report_results`.
import { resolve } from 'node:path';
import type { CoreConfig } from '../config';
import type { ConfigKeys } from '../config/keys';
import { asObject, ConfigError, optionalBool, optionalInt, optionalString } from '../config/validate';

export interface ReportsConfig {
  schedulerEnabled: boolean;
  schedulerIntervalMs: number;
  refreshAfterMs: number;
  runningTimeoutMs: number;
  rerunThrottleMs: number;
  queryConcurrency: number;
  /** Past runs kept per (report, days). */
  keepRuns: number;
  /** A RUNNING state whose heartbeat is older than this has lost its runner (process gone). */
  heartbeatMs: number;
  /** Local directory or s3://bucket/prefix. */
  reportResults: string;
  /** Detection webhooks may target loopback/private/link-local addresses (off: they are refused). */
  allowPrivateWebhooks: boolean;
  /** S3 client settings when reportResults is on S3. */
  s3: { region?: string; endpoint?: string };
}

function section(raw: Record<string, unknown>, key: string, label: string): Record<string, unknown> {
  return raw[key] === undefined || raw[key] === null ? {} : asObject(raw[key], label);
}

function teleportReportResults(raw: Record<string, unknown>): string | undefined {
  const top = section(raw, 'access_monitoring', 'access_monitoring');
  const auth = section(raw, 'auth_service', 'auth_service');
  const nested = section(auth, 'access_monitoring', 'auth_service.access_monitoring');
  return (
    optionalString(top, 'report_results', 'access_monitoring.report_results') ??
    optionalString(nested, 'report_results', 'auth_service.access_monitoring.report_results')
  );
}

export const REPORTS_CONFIG_KEYS: ConfigKeys = {
  reports: {
    scheduler: { enabled: 'value', interval_seconds: 'value' },
    report_results: 'value',
    s3: { region: 'value', endpoint: 'value' },
    webhooks: { allow_private_networks: 'value' },
    query_concurrency: 'value',
    refresh_after_hours: 'value',
    running_timeout_minutes: 'value',
    rerun_throttle_seconds: 'value',
    heartbeat_seconds: 'value',
    keep_runs: 'value',
  },
  // Teleport's access_monitoring settings, also accepted at the top level (auth_service's is Teleport's).
  access_monitoring: { report_results: 'value' },
};

export function parseReportsConfig(core: Pick<CoreConfig, 'raw' | 'dataDir' | 'file'>): ReportsConfig {
  const r = section(core.raw, 'reports', 'reports');
  let schedulerEnabled = true;
  let intervalS = 60;
  if (typeof r.scheduler === 'boolean') schedulerEnabled = r.scheduler;
  else if (r.scheduler !== undefined && r.scheduler !== null) {
    const s = asObject(r.scheduler, 'reports.scheduler');
    schedulerEnabled = optionalBool(s, 'enabled', 'reports.scheduler.enabled') ?? true;
    intervalS = optionalInt(s, 'interval_seconds', 'reports.scheduler.interval_seconds', 1) ?? intervalS;
  }
  const reportResults = optionalString(r, 'report_results', 'reports.report_results') ?? teleportReportResults(core.raw);
  let location: string;
  if (reportResults === undefined) location = resolve(core.dataDir, 'report_results');
  else if (reportResults.startsWith('s3://')) {
    if (!/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?$/.test(reportResults)) {
      throw new ConfigError(`report_results must look like s3://bucket/prefix, got ${JSON.stringify(reportResults)}`);
    }
    location = reportResults.replace(/\/+$/, '');
  } else if (/^[a-z0-9]+:\/\//i.test(reportResults)) {
    throw new ConfigError(`report_results must be a local directory or s3://bucket/prefix, got ${JSON.stringify(reportResults)}`);
  } else location = resolve(core.file ? resolve(core.file, '..') : core.dataDir, reportResults);

  const s3 = section(r, 's3', 'reports.s3');
  const webhooks = section(r, 'webhooks', 'reports.webhooks');
  const positiveInt = (key: string, def: number) => optionalInt(r, key, `reports.${key}`, 1) ?? def;
  const queryConcurrency = positiveInt('query_concurrency', 4);
  if (queryConcurrency > 32) throw new ConfigError(`reports.query_concurrency must be at most 32, got ${queryConcurrency}`);
  return {
    schedulerEnabled,
    schedulerIntervalMs: intervalS * 1000,
    refreshAfterMs: positiveInt('refresh_after_hours', 24) * 3_600_000,
    runningTimeoutMs: positiveInt('running_timeout_minutes', 60) * 60_000,
    rerunThrottleMs: (optionalInt(r, 'rerun_throttle_seconds', 'reports.rerun_throttle_seconds', 0) ?? 60) * 1000,
    queryConcurrency,
    heartbeatMs: positiveInt('heartbeat_seconds', 10) * 1000,
    keepRuns: positiveInt('keep_runs', 100),
    reportResults: location,
    allowPrivateWebhooks: optionalBool(webhooks, 'allow_private_networks', 'reports.webhooks.allow_private_networks') ?? false,
    s3: {
      region: optionalString(s3, 'region', 'reports.s3.region'),
      endpoint: optionalString(s3, 'endpoint', 'reports.s3.endpoint'),
    },
  };
}
