// The Athena engine's configuration, read from Teleport's own teleport.yaml blocks (SPEC section 7)
// plus our optional `athena:` section for what Teleport's file does not say (endpoints for local
// stand-ins, polling, concurrency, result reuse, timeout, scanned-bytes budget).
//
// Where each value comes from, first match wins:
//   database, table     auth_service.access_monitoring.{database,table}, else the host of the
//                       `athena://db.table?...` audit_events_uri
//   region              athena.region, else the URI's `region`
//   query results       auth_service.access_monitoring.query_results, else the URI's `queryResultsS3`
//   workgroup           auth_service.access_monitoring.workgroup, else the URI's `workgroup`, else "primary"
//   events location     the URI's `locationS3` (where Teleport writes the table's Parquet; the intake
//                       writes there too when it runs on this engine)
//
// Our own section, every key optional (defaults shown):
//   athena:
//     region: eu-central-1              # overrides the URI's region
//     endpoints: { athena: ..., s3: ..., sts: ... }   # only for local stand-ins or VPC endpoints
//     s3_force_path_style: false        # true by default when endpoints.s3 is set
//     polling: { initial_ms: 200, factor: 1.5, max_ms: 5000 }
//     throttle_retry: { max_attempts: 8, base_ms: 100, max_ms: 10000 }
//     concurrency: 10                   # queries running in Athena at once
//     result_reuse_max_age_minutes: 0   # 0 = off; at most 10080
//     query_timeout_ms: 1800000
//     budget: { per_user: 1TB, per_role: 10TB, window_days: 30 }   # scanned bytes; unset = no limit
//     result_encryption: { option: SSE_KMS, kms_key: arn:aws:kms:... }
//     role_session_name: amctl-access-monitoring
//     credential_duration_seconds: 3600
//     export_url_ttl_seconds: 3600
import { join } from 'node:path';
import type { ConfigKeys } from '../config/keys';
import { ConfigError, asObject, optionalBool, optionalInt, optionalString } from '../config/validate';

export interface AthenaEndpoints {
  athena?: string;
  s3?: string;
  sts?: string;
}

export interface PollingConfig {
  /** Delay before the first status call after a query starts. */
  initialMs: number;
  /** Each following delay is the previous one times this factor ... */
  factor: number;
  /** ... up to this cap. With 200 ms, x1.5, 5 s: a 30 s query costs about a dozen status calls. */
  maxMs: number;
}

export interface ThrottleRetryConfig {
  /** Attempts per API call, the first included. */
  maxAttempts: number;
  /** Backoff base and cap for "full jitter": sleep random(0, min(cap, base * 2^attempt)). */
  baseMs: number;
  maxMs: number;
}

export interface BudgetConfig {
  /** Bytes one user may scan over the rolling window; undefined = no limit. */
  userBytes?: number;
  /** Bytes all queries run under one role may scan over the rolling window; undefined = no limit. */
  roleBytes?: number;
  windowDays: number;
}

export interface AthenaConfig {
  enabled: boolean;
  roleArn: string;
  roleSessionName: string;
  /** Lifetime asked of STS for the assumed-role credentials. */
  credentialDurationSeconds: number;
  region: string;
  database: string;
  table: string;
  workgroup: string;
  /** s3://bucket/prefix/ where Athena writes result files (always ends with '/'). */
  queryResults: string;
  reportResults?: string;
  /** s3://bucket/prefix/ of the audit table's Parquet (the URI's locationS3), when the URI says it. */
  eventsLocation?: string;
  /** Most bytes one query may scan; a query crossing it is stopped. */
  dataLimitBytes?: number;
  encryption?: { option: 'SSE_S3' | 'SSE_KMS' | 'CSE_KMS'; kmsKey?: string };
  endpoints: AthenaEndpoints;
  /** Path-style S3 URLs (needed by local S3 servers); default true when an s3 endpoint is set. */
  s3ForcePathStyle: boolean;
  polling: PollingConfig;
  /** Queries running in Athena at once (the account's DML quota is per region; stay below it). */
  concurrency: number;
  /** Reuse a result of the same query text up to this many minutes old; undefined = off. */
  resultReuseMaxAgeMinutes?: number;
  /** A query still running after this long is stopped and FAILED. */
  queryTimeoutMs: number;
  throttle: ThrottleRetryConfig;
  budget: BudgetConfig;
  /** Where the scanned-bytes ledger is kept. */
  ledgerFile: string;
  /** Execution id -> Athena query, so executions survive a gateway restart. */
  journalFile: string;
  /** Lifetime of presigned result-file URLs. */
  exportUrlTtlSeconds: number;
}

/** What an `athena://db.table?region=...&queryResultsS3=...&workgroup=...` URI says. */
export interface AthenaAuditUri {
  database: string;
  table: string;
  region?: string;
  queryResultsS3?: string;
  workgroup?: string;
  /** Where Teleport writes the table's Parquet files: <locationS3>/<YYYY-MM-DD>/<uuid>.parquet. */
  locationS3?: string;
}

const NAME = /^[A-Za-z0-9_]+$/;
const ROLE_ARN = /^arn:aws[a-zA-Z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;
const REGION = /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/;
const WORKGROUP = /^[a-zA-Z0-9._-]{1,128}$/;

/** Parses one Teleport audit_events_uri of the athena scheme. */
export function parseAthenaUri(uri: string, label = 'audit_events_uri'): AthenaAuditUri {
  let u: URL;
  try {
    u = new URL(uri);
  } catch {
    throw new ConfigError(`${label} ${JSON.stringify(uri)} is not a URI; expected athena://database.table?region=...&queryResultsS3=s3://...`);
  }
  if (u.protocol !== 'athena:') {
    throw new ConfigError(`${label} ${JSON.stringify(uri)} is not an athena:// URI`);
  }
  const parts = decodeURIComponent(u.hostname).split('.');
  if (parts.length !== 2 || !NAME.test(parts[0]!) || !NAME.test(parts[1]!)) {
    throw new ConfigError(
      `${label} ${JSON.stringify(uri)} must name the Glue database and table as athena://database.table (letters, digits, _)`,
    );
  }
  const q = u.searchParams;
  return {
    database: parts[0]!,
    table: parts[1]!,
    region: q.get('region') ?? undefined,
    queryResultsS3: q.get('queryResultsS3') ?? undefined,
    workgroup: q.get('workgroup') ?? undefined,
    locationS3: q.get('locationS3') ?? undefined,
  };
}

/** Teleport keeps audit_events_uri under teleport.storage; accept it at the top level too. A string or a list. */
function findAthenaUri(raw: Record<string, unknown>): AthenaAuditUri | undefined {
  const candidates: Array<{ value: unknown; label: string }> = [];
  const teleport = raw.teleport === undefined ? undefined : asObject(raw.teleport, 'teleport');
  const storage = teleport?.storage === undefined ? undefined : asObject(teleport.storage, 'teleport.storage');
  if (storage?.audit_events_uri !== undefined) candidates.push({ value: storage.audit_events_uri, label: 'teleport.storage.audit_events_uri' });
  if (raw.audit_events_uri !== undefined) candidates.push({ value: raw.audit_events_uri, label: 'audit_events_uri' });
  const found: AthenaAuditUri[] = [];
  for (const { value, label } of candidates) {
    const list = Array.isArray(value) ? value : [value];
    list.forEach((v, i) => {
      const itemLabel = Array.isArray(value) ? `${label}[${i}]` : label;
      if (typeof v !== 'string' || v === '') throw new ConfigError(`${itemLabel} must be a URI string`);
      if (v.startsWith('athena://')) found.push(parseAthenaUri(v, itemLabel));
    });
  }
  if (found.length > 1) {
    throw new ConfigError('audit_events_uri lists more than one athena:// URI; keep exactly one');
  }
  return found[0];
}

/** "10GB", "512 MiB", "1TB" or a whole number of bytes. */
export function parseByteSize(v: unknown, label: string): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number' && Number.isSafeInteger(v) && v > 0) return v;
  if (typeof v === 'string') {
    const m = /^(\d+(?:\.\d+)?)\s*(B|KB|MB|GB|TB|PB|KiB|MiB|GiB|TiB|PiB)$/i.exec(v.trim());
    if (m) {
      const unit = m[2]!.toLowerCase();
      const pow = ['b', 'kb', 'mb', 'gb', 'tb', 'pb'].indexOf(unit.replace('ib', 'b'));
      const base = unit.endsWith('ib') ? 1024 : 1000;
      const bytes = Math.round(Number(m[1]) * base ** pow);
      if (bytes > 0 && Number.isSafeInteger(bytes)) return bytes;
    }
  }
  throw new ConfigError(`${label} must be a size such as "10GB", "512MiB" or a whole number of bytes > 0, got ${JSON.stringify(v)}`);
}

function s3Prefix(v: string, label: string): string {
  const m = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(\/.*)?$/.exec(v);
  if (!m) throw new ConfigError(`${label} must be an S3 location like s3://bucket/prefix, got ${JSON.stringify(v)}`);
  return v.endsWith('/') ? v : `${v}/`;
}

function endpointUrl(obj: Record<string, unknown>, key: string): string | undefined {
  const v = optionalString(obj, key, `athena.endpoints.${key}`);
  if (v === undefined) return undefined;
  if (!/^https?:\/\/[^/\s]+\/?$/.test(v)) {
    throw new ConfigError(`athena.endpoints.${key} must be an http(s) URL with no path, got ${JSON.stringify(v)}`);
  }
  return v.replace(/\/$/, '');
}

function positiveNumber(obj: Record<string, unknown>, key: string, label: string, min: number): number | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min) throw new ConfigError(`${label} must be a number >= ${min}, got ${JSON.stringify(v)}`);
  return v;
}

function section(parent: Record<string, unknown> | undefined, key: string, label: string): Record<string, unknown> {
  const v = parent?.[key];
  return v === undefined || v === null ? {} : asObject(v, label);
}

/** The `athena:` section; the rest of the engine's settings are Teleport's (auth_service.access_monitoring, teleport.storage). */
export const ATHENA_CONFIG_KEYS: ConfigKeys = {
  athena: {
    region: 'value',
    role_session_name: 'value',
    credential_duration_seconds: 'value',
    result_encryption: { option: 'value', kms_key: 'value' },
    endpoints: { athena: 'value', s3: 'value', sts: 'value' },
    s3_force_path_style: 'value',
    polling: { initial_ms: 'value', factor: 'value', max_ms: 'value' },
    throttle_retry: { max_attempts: 'value', base_ms: 'value', max_ms: 'value' },
    concurrency: 'value',
    result_reuse_max_age_minutes: 'value',
    query_timeout_ms: 'value',
    budget: { per_user: 'value', per_role: 'value', window_days: 'value' },
    export_url_ttl_seconds: 'value',
  },
  // Teleport keeps it under teleport.storage; accepted at the top level too.
  audit_events_uri: 'value',
};

/** Reads the Athena engine's settings from the whole config document. */
export function parseAthenaConfig(raw: Record<string, unknown>, dataDir: string): AthenaConfig {
  const authService = section(raw, 'auth_service', 'auth_service');
  if (authService.access_monitoring === undefined) {
    throw new ConfigError('engine "athena" needs auth_service.access_monitoring (enabled, role_arn, report_results) in the config');
  }
  const am = asObject(authService.access_monitoring, 'auth_service.access_monitoring');
  const ath = section(raw, 'athena', 'athena');
  const label = (k: string) => `auth_service.access_monitoring.${k}`;

  const enabled = optionalBool(am, 'enabled', label('enabled')) ?? false;
  if (!enabled) throw new ConfigError(`${label('enabled')} must be true to use the Athena engine`);

  const roleArn = optionalString(am, 'role_arn', label('role_arn'));
  if (!roleArn) throw new ConfigError(`${label('role_arn')} is required: the IAM role assumed to run Athena queries`);
  if (!ROLE_ARN.test(roleArn)) {
    throw new ConfigError(`${label('role_arn')} must be an IAM role ARN like arn:aws:iam::123456789012:role/Name, got ${JSON.stringify(roleArn)}`);
  }

  const uri = findAthenaUri(raw);
  const database = optionalString(am, 'database', label('database')) ?? uri?.database;
  const table = optionalString(am, 'table', label('table')) ?? uri?.table;
  if (!database || !table) {
    throw new ConfigError(
      `the Athena audit table is not configured: set teleport.storage.audit_events_uri to athena://database.table?region=...&queryResultsS3=s3://... (or ${label('database')} and ${label('table')})`,
    );
  }
  for (const [k, v] of [['database', database], ['table', table]] as const) {
    if (!NAME.test(v)) throw new ConfigError(`the Athena ${k} name ${JSON.stringify(v)} may contain only letters, digits and _`);
  }

  const region = optionalString(ath, 'region', 'athena.region') ?? uri?.region;
  if (!region) throw new ConfigError('the AWS region is not configured: add region=... to the athena:// audit_events_uri (or set athena.region)');
  if (!REGION.test(region)) throw new ConfigError(`the AWS region ${JSON.stringify(region)} is not a region name like eu-central-1`);

  const qr = optionalString(am, 'query_results', label('query_results')) ?? uri?.queryResultsS3;
  if (!qr) {
    throw new ConfigError(`where Athena writes results is not configured: add queryResultsS3=s3://... to the athena:// audit_events_uri (or set ${label('query_results')})`);
  }
  const queryResults = s3Prefix(qr, am.query_results !== undefined ? label('query_results') : 'audit_events_uri queryResultsS3');

  const reportResultsRaw = optionalString(am, 'report_results', label('report_results'));
  const reportResults = reportResultsRaw === undefined ? undefined : s3Prefix(reportResultsRaw, label('report_results'));

  const eventsLocation = uri?.locationS3 === undefined ? undefined : s3Prefix(uri.locationS3, 'audit_events_uri locationS3');

  const workgroup = optionalString(am, 'workgroup', label('workgroup')) ?? uri?.workgroup ?? 'primary';
  if (!WORKGROUP.test(workgroup)) throw new ConfigError(`the Athena workgroup ${JSON.stringify(workgroup)} may contain only letters, digits, '.', '_' and '-'`);

  const dataLimitBytes = parseByteSize(am.data_limit, label('data_limit'));

  const enc = section(ath, 'result_encryption', 'athena.result_encryption');
  let encryption: AthenaConfig['encryption'];
  const encOption = optionalString(enc, 'option', 'athena.result_encryption.option');
  if (encOption !== undefined) {
    if (encOption !== 'SSE_S3' && encOption !== 'SSE_KMS' && encOption !== 'CSE_KMS') {
      throw new ConfigError(`athena.result_encryption.option must be SSE_S3, SSE_KMS or CSE_KMS, got ${JSON.stringify(encOption)}`);
    }
    const kmsKey = optionalString(enc, 'kms_key', 'athena.result_encryption.kms_key');
    if (encOption !== 'SSE_S3' && !kmsKey) throw new ConfigError(`athena.result_encryption.kms_key is required with ${encOption}`);
    encryption = { option: encOption, kmsKey };
  } else if (enc.kms_key !== undefined) {
    throw new ConfigError('athena.result_encryption.kms_key needs athena.result_encryption.option (SSE_KMS or CSE_KMS)');
  }

  const ep = section(ath, 'endpoints', 'athena.endpoints');
  const endpoints: AthenaEndpoints = { athena: endpointUrl(ep, 'athena'), s3: endpointUrl(ep, 's3'), sts: endpointUrl(ep, 'sts') };

  const poll = section(ath, 'polling', 'athena.polling');
  const polling: PollingConfig = {
    initialMs: optionalInt(poll, 'initial_ms', 'athena.polling.initial_ms', 1) ?? 200,
    factor: positiveNumber(poll, 'factor', 'athena.polling.factor', 1) ?? 1.5,
    maxMs: optionalInt(poll, 'max_ms', 'athena.polling.max_ms', 1) ?? 5000,
  };
  if (polling.maxMs < polling.initialMs) throw new ConfigError('athena.polling.max_ms must be >= athena.polling.initial_ms');

  const thr = section(ath, 'throttle_retry', 'athena.throttle_retry');
  const throttle: ThrottleRetryConfig = {
    maxAttempts: optionalInt(thr, 'max_attempts', 'athena.throttle_retry.max_attempts', 1) ?? 8,
    baseMs: optionalInt(thr, 'base_ms', 'athena.throttle_retry.base_ms', 1) ?? 100,
    maxMs: optionalInt(thr, 'max_ms', 'athena.throttle_retry.max_ms', 1) ?? 10_000,
  };

  const reuse = ath.result_reuse_max_age_minutes;
  const resultReuseMaxAgeMinutes =
    reuse === undefined || reuse === null || reuse === 0
      ? undefined
      : optionalInt(ath, 'result_reuse_max_age_minutes', 'athena.result_reuse_max_age_minutes', 1);
  if (resultReuseMaxAgeMinutes !== undefined && resultReuseMaxAgeMinutes > 10080) {
    throw new ConfigError('athena.result_reuse_max_age_minutes must be at most 10080 (7 days, Athena\'s limit)');
  }

  const b = section(ath, 'budget', 'athena.budget');
  const budget: BudgetConfig = {
    userBytes: parseByteSize(b.per_user, 'athena.budget.per_user'),
    roleBytes: parseByteSize(b.per_role, 'athena.budget.per_role'),
    windowDays: optionalInt(b, 'window_days', 'athena.budget.window_days', 1) ?? 30,
  };

  const duration = optionalInt(ath, 'credential_duration_seconds', 'athena.credential_duration_seconds', 900) ?? 3600;
  if (duration > 43200) throw new ConfigError('athena.credential_duration_seconds must be at most 43200 (12 h, the STS limit)');

  return {
    enabled,
    roleArn,
    roleSessionName: optionalString(ath, 'role_session_name', 'athena.role_session_name') ?? 'amctl-access-monitoring',
    credentialDurationSeconds: duration,
    region,
    database,
    table,
    workgroup,
    queryResults,
    reportResults,
    eventsLocation,
    dataLimitBytes,
    encryption,
    endpoints,
    s3ForcePathStyle: optionalBool(ath, 's3_force_path_style', 'athena.s3_force_path_style') ?? endpoints.s3 !== undefined,
    polling,
    concurrency: optionalInt(ath, 'concurrency', 'athena.concurrency', 1) ?? 10,
    resultReuseMaxAgeMinutes,
    queryTimeoutMs: optionalInt(ath, 'query_timeout_ms', 'athena.query_timeout_ms', 1) ?? 30 * 60_000,
    throttle,
    budget,
    ledgerFile: join(dataDir, 'athena', 'scanned-bytes.jsonl'),
    journalFile: join(dataDir, 'athena', 'executions.jsonl'),
    exportUrlTtlSeconds: optionalInt(ath, 'export_url_ttl_seconds', 'athena.export_url_ttl_seconds', 1) ?? 3600,
  };
}
