// Configuration: found once (--config, AMCTL_CONFIG, ./amctl.yaml), overlaid with AMCTL_* variables
// (src/config/env.ts), parsed once, validated at this edge. Subsystems own their sections' parsers (src/auth/config.ts, src/athena/config.ts, ...) and
// receive the raw section from here.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { attributeToEnv, overlayEnv } from './env';
import { rejectUnknownKeys, type ConfigKeys } from './keys';
import { ConfigError, optionalInt, optionalString, asObject } from './validate';

export { ConfigError } from './validate';

/** The keys parseCoreConfig reads, and the sections of Teleport's own file (a teleport.yaml may be the config). */
export const CORE_CONFIG_KEYS: ConfigKeys = {
  engine: 'value',
  data_dir: 'value',
  embedded: {
    audit_log: 'value',
    parquet: 'value',
    limits: {
      query_timeout_ms: 'value',
      memory: 'value',
      threads: 'value',
      max_result_rows: 'value',
      query_slots: 'value',
      heavy_query_slots: 'value',
      heavy_estimated_rows: 'value',
      max_estimated_rows: 'value',
    },
    budget: { per_user: 'value', window_hours: 'value' },
  },
  // Teleport's FileConfig sections: the Athena engine and reports read a few keys from them.
  version: 'teleport',
  teleport: 'teleport',
  auth_service: 'teleport',
  ssh_service: 'teleport',
  proxy_service: 'teleport',
  kubernetes_service: 'teleport',
  app_service: 'teleport',
  db_service: 'teleport',
  metrics_service: 'teleport',
  debug_service: 'teleport',
  windows_desktop_service: 'teleport',
  tracing_service: 'teleport',
  discovery_service: 'teleport',
  okta_service: 'teleport',
  jamf_service: 'teleport',
  plugin_service: 'teleport',
  access_graph: 'teleport',
};

export interface EmbeddedLimits {
  /** A query running longer is interrupted and FAILED. */
  queryTimeoutMs: number;
  /** DuckDB memory_limit (its buffer pool), e.g. '1GB'; the process needs some 600 MB on top. */
  memoryLimit: string;
  /** DuckDB worker threads. */
  threads: number;
  /** Result rows kept per execution; more fails the query with a clear error. */
  maxResultRows: number;
  /** Queries of the light lane running at once; more wait QUEUED. */
  querySlots: number;
  /** Queries of the heavy lane (estimate at or above heavyEstimatedRows) running at once. */
  heavyQuerySlots: number;
  /** A query whose estimated rows reach this runs in the heavy lane. */
  heavyEstimatedRows: number;
  /** A query whose estimated rows exceed this is refused before it runs. */
  maxEstimatedRows: number;
}

/** Engine time one user may spend over a rolling window (the embedded twin of Athena's scanned bytes). */
export interface EmbeddedBudget {
  /** Engine-seconds per user over the window; undefined: no limit (usage is still kept and reported). */
  perUserSeconds?: number;
  windowHours: number;
}

/**
 * Rows per second one DuckDB thread gets through on simple operators (scans, cross products, hash
 * joins), rounded up from the bench: the default refusal bound is what the threads could do within the
 * timeout at this rate, so only a query far above it is refused.
 */
export const ROWS_PER_THREAD_SECOND = 1e9;

export interface CoreConfig {
  /** The file the config came from, if any. */
  file?: string;
  engine: 'embedded' | 'athena' | 'trino';
  /** Everything the gateway keeps: embedded database, saved queries, report results, state. */
  dataDir: string;
  /** Embedded engine sources. */
  auditLog?: string;
  parquet: string[];
  limits: EmbeddedLimits;
  budget: EmbeddedBudget;
  /** Raw top-level document, for subsystems' own sections. */
  raw: Record<string, unknown>;
}

export interface LoadOptions {
  configFile?: string;
  /** Shortcut for embedded.audit_log. */
  auditLog?: string;
  dataDir?: string;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Every key the document may hold (src/cli/compose/config-keys.ts); any other is an error. Unchecked when absent. */
  keys?: ConfigKeys;
}

export function findConfigFile(opts: LoadOptions): string | undefined {
  const cwd = opts.cwd ?? process.cwd();
  const env = opts.env ?? process.env;
  if (opts.configFile) {
    const p = resolve(cwd, opts.configFile);
    if (!existsSync(p)) throw new ConfigError(`config file ${p} does not exist (from --config)`);
    return p;
  }
  if (env.AMCTL_CONFIG) {
    const p = resolve(cwd, env.AMCTL_CONFIG);
    if (!existsSync(p)) throw new ConfigError(`config file ${p} does not exist (from AMCTL_CONFIG)`);
    return p;
  }
  const local = resolve(cwd, 'amctl.yaml');
  return existsSync(local) ? local : undefined;
}

export function loadConfig(opts: LoadOptions = {}): CoreConfig {
  const cwd = opts.cwd ?? process.cwd();
  const file = findConfigFile(opts);
  let raw: Record<string, unknown> = {};
  if (file) {
    let doc: unknown;
    try {
      doc = parseYaml(readFileSync(file, 'utf8'));
    } catch (e) {
      throw new ConfigError(`config file ${file} is not valid YAML: ${(e as Error).message}`);
    }
    raw = doc == null ? {} : asObject(doc, 'the config file');
  }
  const overlay = overlayEnv(raw, opts.env ?? process.env, cwd);
  if (opts.keys) rejectUnknownKeys(overlay.raw, opts.keys, { file, sources: overlay.sources });
  try {
    return parseCoreConfig(overlay.raw, { ...opts, cwd, file });
  } catch (e) {
    throw attributeToEnv(e, overlay.sources);
  }
}

export function parseCoreConfig(raw: Record<string, unknown>, opts: LoadOptions & { file?: string } = {}): CoreConfig {
  const base = opts.file ? dirname(opts.file) : (opts.cwd ?? process.cwd());
  const engine = optionalString(raw, 'engine') ?? 'embedded';
  if (engine !== 'embedded' && engine !== 'athena' && engine !== 'trino') {
    throw new ConfigError(`engine must be "embedded", "athena" or "trino", got ${JSON.stringify(engine)}`);
  }
  const embedded = raw.embedded === undefined ? {} : asObject(raw.embedded, 'embedded');
  const limitsRaw = embedded.limits === undefined ? {} : asObject(embedded.limits, 'embedded.limits');
  const dataDir = resolve(opts.cwd ?? process.cwd(), opts.dataDir ?? resolve(base, optionalString(raw, 'data_dir') ?? '.amctl'));
  const auditLogRaw = opts.auditLog ?? optionalString(embedded, 'audit_log', 'embedded.audit_log');
  const parquetRaw = embedded.parquet === undefined ? [] : embedded.parquet;
  if (!Array.isArray(parquetRaw) && typeof parquetRaw !== 'string') {
    throw new ConfigError('embedded.parquet must be a directory or a list of directories');
  }
  const parquet = (Array.isArray(parquetRaw) ? parquetRaw : [parquetRaw]).map((p, i) => {
    if (typeof p !== 'string' || !p) throw new ConfigError(`embedded.parquet[${i}] must be a directory path`);
    return resolve(base, p);
  });
  const queryTimeoutMs = optionalInt(limitsRaw, 'query_timeout_ms', 'embedded.limits.query_timeout_ms', 1) ?? 300_000;
  const threads = optionalInt(limitsRaw, 'threads', 'embedded.limits.threads', 1) ?? 2;
  const limits: EmbeddedLimits = {
    queryTimeoutMs,
    // 1 GB keeps the whole process under 2 GB of RSS while ingesting or querying 10M events.
    memoryLimit: optionalString(limitsRaw, 'memory', 'embedded.limits.memory') ?? '1GB',
    threads,
    maxResultRows: optionalInt(limitsRaw, 'max_result_rows', 'embedded.limits.max_result_rows', 1) ?? 1_000_000,
    querySlots: optionalInt(limitsRaw, 'query_slots', 'embedded.limits.query_slots', 1) ?? Math.max(2, threads),
    heavyQuerySlots: optionalInt(limitsRaw, 'heavy_query_slots', 'embedded.limits.heavy_query_slots', 1) ?? 1,
    heavyEstimatedRows: optionalInt(limitsRaw, 'heavy_estimated_rows', 'embedded.limits.heavy_estimated_rows', 1) ?? 100_000_000,
    maxEstimatedRows:
      optionalInt(limitsRaw, 'max_estimated_rows', 'embedded.limits.max_estimated_rows', 1) ??
      Math.round(threads * (queryTimeoutMs / 1000) * ROWS_PER_THREAD_SECOND),
  };
  if (!/^\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i.test(limits.memoryLimit)) {
    throw new ConfigError(`embedded.limits.memory must look like "2GB" or "512MiB", got ${JSON.stringify(limits.memoryLimit)}`);
  }
  if (limits.heavyEstimatedRows > limits.maxEstimatedRows) {
    throw new ConfigError(
      `embedded.limits.heavy_estimated_rows (${limits.heavyEstimatedRows}) must not exceed embedded.limits.max_estimated_rows ` +
        `(${limits.maxEstimatedRows}${limitsRaw.max_estimated_rows === undefined ? ', derived from threads and query_timeout_ms' : ''}); lower the one or raise the other`,
    );
  }
  const budget = parseEmbeddedBudget(embedded.budget);
  return {
    file: opts.file,
    engine,
    dataDir,
    auditLog: auditLogRaw ? resolve(opts.auditLog ? (opts.cwd ?? process.cwd()) : base, auditLogRaw) : undefined,
    parquet,
    limits,
    budget,
    raw,
  };
}

/** `embedded.budget`: per_user as engine-seconds (3600) or a duration ("2h", "90m", "45s"). */
function parseEmbeddedBudget(v: unknown): EmbeddedBudget {
  const b = v === undefined || v === null ? {} : asObject(v, 'embedded.budget');
  const windowHours = optionalInt(b, 'window_hours', 'embedded.budget.window_hours', 1) ?? 24;
  const raw = b.per_user;
  if (raw === undefined || raw === null) return { windowHours };
  return { perUserSeconds: parseDurationSeconds(raw, 'embedded.budget.per_user'), windowHours };
}

function parseDurationSeconds(v: unknown, label: string): number {
  if (typeof v === 'number' && Number.isFinite(v) && v > 0) return v;
  const m = typeof v === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*(s|m|h)?\s*$/i.exec(v) : null;
  if (!m || Number(m[1]) <= 0) {
    throw new ConfigError(`${label} must be engine-seconds (a positive number) or a duration like "2h", "90m" or "600s", got ${JSON.stringify(v)}`);
  }
  const unit = (m[2] ?? 's').toLowerCase();
  return Number(m[1]) * (unit === 'h' ? 3600 : unit === 'm' ? 60 : 1);
}
