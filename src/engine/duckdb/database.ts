// Opens the embedded engine's DuckDB database and lays down its base schema. Sandboxing happens here,
// once: after open, DuckDB may read only the configured source directories and its own data directory,
// and its configuration is locked, so even SQL that got past the guard cannot widen its own access.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { EngineError } from '../../errors/engine-error';
import type { EmbeddedLimits } from '../../config';

export interface OpenOptions {
  dataDir: string;
  /** Directories DuckDB itself may read (Athena-layout Parquet sources). */
  readableDirs: string[];
  limits: EmbeddedLimits;
}

export interface Database {
  instance: DuckDBInstance;
  /** Connection for ingest and housekeeping; user queries get their own connections. */
  admin: DuckDBConnection;
  dbFile: string;
  close(): void;
}

const sqlString = (s: string) => `'${s.replace(/'/g, "''")}'`;

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  const dir = join(opts.dataDir, 'engine');
  const tmp = join(dir, 'tmp');
  mkdirSync(tmp, { recursive: true });
  const dbFile = join(dir, 'audit.duckdb');
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(dbFile, {
      threads: String(opts.limits.threads),
      memory_limit: opts.limits.memoryLimit,
      temp_directory: tmp,
    });
  } catch (e) {
    const msg = (e as Error).message;
    if (/lock/i.test(msg)) {
      throw new EngineError(
        'UNAVAILABLE',
        `the data directory ${opts.dataDir} is in use by another amctl process (a running gateway?); ` +
          'stop it, pass --server to go through it, or use another --data-dir',
      );
    }
    throw new EngineError('UNAVAILABLE', `cannot open the embedded database ${dbFile}: ${msg}`);
  }
  const admin = await instance.connect();
  const allowed = [...opts.readableDirs, dir].map(sqlString).join(', ');
  for (const stmt of [
    // GLOBAL: user queries run on their own connections, and the config is locked below.
    "SET GLOBAL TimeZone = 'UTC'",
    // Trino: integer / integer is integer division.
    'SET GLOBAL integer_division = true',
    // Ingest commits every batch; checkpointing (compressing) at each commit would redo the same row
    // groups again and again. Ingest checkpoints once at its end instead.
    "SET GLOBAL checkpoint_threshold = '4GB'",
    "ATTACH ':memory:' AS results",
    `SET allowed_directories = [${allowed}]`,
    'SET enable_external_access = false',
    'SET autoinstall_known_extensions = false',
    'SET autoload_known_extensions = false',
    'SET lock_configuration = true',
  ]) {
    await admin.run(stmt);
  }
  await createBaseSchema(admin);
  return {
    instance,
    admin,
    dbFile,
    close() {
      admin.closeSync();
      instance.closeSync();
    },
  };
}

/** The base table is the same on both engines (SPEC section 1); the rest is ingest bookkeeping. */
async function createBaseSchema(c: DuckDBConnection): Promise<void> {
  await c.run(`
    CREATE TABLE IF NOT EXISTS events (
      uid VARCHAR, session_id VARCHAR, event_type VARCHAR, event_time TIMESTAMP,
      -- zstd: the raw events are written once and rarely read; it compresses them fast.
      "user" VARCHAR, event_data VARCHAR USING COMPRESSION zstd, event_date DATE
    );
    CREATE TABLE IF NOT EXISTS ingest_files (
      source VARCHAR PRIMARY KEY,     -- logical file: path without .gz
      path VARCHAR,                   -- the file read last
      offset_bytes BIGINT,            -- decompressed bytes consumed (whole lines only)
      lines BIGINT,                   -- lines consumed
      head_hash VARCHAR,              -- hash of the first bytes: tells a truncated file from a replaced one
      size_bytes BIGINT, mtime_ms BIGINT, updated_at TIMESTAMP
    );
    CREATE TABLE IF NOT EXISTS ingest_errors (
      source VARCHAR, line_no BIGINT, reason VARCHAR, snippet VARCHAR, recorded_at TIMESTAMP
    );
    CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR);
  `);
}
