// Ingest: Teleport file audit logs and Athena-layout Parquet into the base table `events` and the
// typed per-type tables. Each batch commits its rows, its bad-line reports and the files' new offsets
// in one transaction, so a crash or a failure never loads a line twice and never loses one.
import { readdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { DuckDBAppender, DuckDBConnection } from '@duckdb/node-api';
import type { Catalog } from '../../catalog';
import { discoverLogFiles, headHash, readNewLines, type LogFile } from './log-files';
import { catchUpTypedTables } from './typed-tables';

export interface IngestProgress {
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
  events: number;
  badLines: number;
}

export interface IngestSummary {
  files: number;
  /** Files that had new data. */
  filesRead: number;
  events: number;
  badLines: number;
  /** Events of types the catalogue does not know: kept in `events`, in no view. */
  unknownTypes: number;
  warnings: string[];
  seconds: number;
}

export interface BadLine {
  source: string;
  lineNo: number | null;
  reason: string;
  snippet: string;
}

interface FileState {
  source: string;
  path: string;
  offset: number;
  lines: number;
  headHash: string | null;
  size: number;
  mtimeMs: number;
}

const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;
// Large batches: DuckDB writes an insert of several row groups straight to the database file
// instead of through the WAL.
const BATCH_LINES = 200_000;

export class Ingestor {
  private staging?: DuckDBAppender;

  constructor(
    private readonly c: DuckDBConnection,
    private readonly catalog: Catalog,
  ) {}

  /** Raw lines wait here (a temp table: a crash leaves nothing behind) until their batch commits. */
  private async ensureStaging(): Promise<void> {
    await this.c.run('CREATE TEMP TABLE IF NOT EXISTS staging (source VARCHAR, line_no BIGINT, line VARCHAR)');
  }

  private async appender(): Promise<DuckDBAppender> {
    if (!this.staging) {
      await this.ensureStaging();
      this.staging = await this.c.createAppender('staging', 'main', 'temp');
    }
    return this.staging;
  }

  private async fileStates(): Promise<Map<string, FileState>> {
    const r = await this.c.runAndReadAll('SELECT source, path, offset_bytes, lines, head_hash, size_bytes, mtime_ms FROM ingest_files');
    const m = new Map<string, FileState>();
    for (const [source, path, offset, lines, hh, size, mtime] of r.getRows()) {
      m.set(String(source), {
        source: String(source),
        path: String(path),
        offset: Number(offset),
        lines: Number(lines),
        headHash: hh == null ? null : String(hh),
        size: Number(size),
        mtimeMs: Number(mtime),
      });
    }
    return m;
  }

  /** Loads what is new in a Teleport file audit log (a directory or one file). */
  async ingestLogs(root: string, onProgress?: (p: IngestProgress) => void): Promise<IngestSummary> {
    const t0 = performance.now();
    const files = await discoverLogFiles(root);
    const states = await this.fileStates();
    const summary: IngestSummary = { files: files.length, filesRead: 0, events: 0, badLines: 0, unknownTypes: 0, warnings: [], seconds: 0 };
    const progress: IngestProgress = {
      filesDone: 0,
      filesTotal: files.length,
      bytesDone: 0,
      bytesTotal: files.reduce((n, f) => n + f.size, 0),
      events: 0,
      badLines: 0,
    };
    const app = await this.appender();
    let pendingLines = 0;
    const pendingFiles = new Map<string, FileState>();
    const flush = async () => {
      if (!pendingLines && !pendingFiles.size) return;
      app.flushSync();
      const r = await this.commitBatch([...pendingFiles.values()]);
      summary.events += r.events;
      summary.badLines += r.badLines;
      summary.unknownTypes += r.unknownTypes;
      progress.events = summary.events;
      progress.badLines = summary.badLines;
      pendingLines = 0;
      pendingFiles.clear();
      onProgress?.(progress);
    };

    for (const file of files) {
      const prev = states.get(file.source);
      const plan = await this.planRead(file, prev, summary.warnings);
      if (plan) {
        summary.filesRead++;
        const st: FileState = { ...plan, path: file.path, size: file.size, mtimeMs: file.mtimeMs };
        let lastOffset = st.offset;
        for await (const batch of readNewLines(file, st.offset)) {
          for (const line of batch.lines) {
            st.lines++;
            app.appendVarchar(file.source);
            app.appendBigInt(BigInt(st.lines));
            app.appendVarchar(line);
            app.endRow();
          }
          pendingLines += batch.lines.length;
          progress.bytesDone += file.gz ? 0 : batch.endOffset - lastOffset;
          lastOffset = batch.endOffset;
          st.offset = batch.endOffset;
          if (st.headHash == null && st.offset > 0) st.headHash = (await headHash(file)) ?? null;
          pendingFiles.set(file.source, { ...st });
          if (pendingLines >= BATCH_LINES) await flush();
        }
        pendingFiles.set(file.source, { ...st });
      }
      progress.filesDone++;
      if (file.gz) progress.bytesDone += file.size;
    }
    await flush();
    await this.finish(summary);
    summary.seconds = (performance.now() - t0) / 1000;
    return summary;
  }

  /** Where to resume reading a file, or undefined when it has nothing new. */
  private async planRead(file: LogFile, prev: FileState | undefined, warnings: string[]) {
    const fresh = { source: file.source, offset: 0, lines: 0, headHash: null as string | null };
    if (!prev) return fresh;
    if (prev.path === file.path && prev.size === file.size && prev.mtimeMs === file.mtimeMs) return undefined;
    const hh = (await headHash(file)) ?? null;
    if (prev.headHash && hh !== prev.headHash) {
      warnings.push(`${file.path}: content replaced since the last ingest; reading it from the start`);
      return fresh;
    }
    if (!file.gz && file.size < prev.offset) {
      warnings.push(`${file.path}: shrank below the ${prev.offset} bytes already ingested; its remaining content is skipped`);
      return undefined;
    }
    return { source: file.source, offset: prev.offset, lines: prev.lines, headHash: prev.headHash ?? hh };
  }

  /** Moves the staged lines into `events` and the typed tables; records bad lines and offsets. */
  private async commitBatch(files: FileState[]): Promise<{ events: number; badLines: number; unknownTypes: number }> {
    // One JSON parse per line for the base fields; the exact reason is worked out only for the few
    // lines that fail (CASE evaluates its branches only for the rows that reach them).
    await this.c.run(`CREATE OR REPLACE TEMP TABLE parsed AS
      WITH f AS (
        SELECT source, line_no, line,
          TRY(json_extract_string(line, ['$.event', '$.time', '$.uid', '$.sid', '$.user'])) AS f
        FROM staging),
      t AS (SELECT *, TRY_CAST(f[2] AS TIMESTAMPTZ) AS ts FROM f)
      SELECT source, line_no, line AS event_data,
        f[1] AS event_type, date_trunc('millisecond', ts::TIMESTAMP) AS event_time, CAST(ts::TIMESTAMP AS DATE) AS event_date,
        f[3] AS uid, f[4] AS session_id, f[5] AS "user",
        CASE WHEN f IS NULL OR f[1] IS NULL OR f[1] = '' OR ts IS NULL THEN
          CASE WHEN NOT json_valid(line) THEN 'not valid JSON'
               WHEN json_type(line) <> 'OBJECT' THEN 'not a JSON object'
               WHEN f[1] IS NULL OR f[1] = '' THEN 'no "event" field'
               WHEN f[2] IS NULL THEN 'no "time" field'
               ELSE '"time" is not an RFC 3339 timestamp' END
        END AS reason
      FROM t`);
    return this.commit('parsed', files);
  }

  /**
   * The shared tail of both sources: `source` is a temp table of base-table rows plus `reason`, which is
   * NULL for good rows and says what is wrong with a bad one.
   */
  private async commit(source: string, files: FileState[]) {
    const c = this.c;
    await c.run(`CREATE OR REPLACE TEMP VIEW batch AS SELECT * FROM ${source} WHERE reason IS NULL`);
    const types = (await c.runAndReadAll('SELECT event_type, count(*) FROM batch GROUP BY 1')).getRows();
    let events = 0;
    let unknownTypes = 0;
    for (const [t, n] of types) {
      events += Number(n);
      if (!this.catalog.byEventType.has(String(t))) unknownTypes += Number(n);
    }
    const bad = Number((await c.runAndReadAll(`SELECT count(*) FROM ${source} WHERE reason IS NOT NULL`)).getRows()[0]![0]);
    await c.run('BEGIN TRANSACTION');
    try {
      await c.run('INSERT INTO events SELECT uid, session_id, event_type, event_time, "user", event_data, event_date FROM batch');
      if (bad) {
        await c.run(`INSERT INTO ingest_errors SELECT source, line_no, reason, left(event_data, 300), now()::TIMESTAMP
          FROM ${source} WHERE reason IS NOT NULL`);
      }
      for (const f of files) {
        await c.run(
          `INSERT OR REPLACE INTO ingest_files VALUES (${lit(f.source)}, ${lit(f.path)}, ${f.offset}, ${f.lines}, ` +
            `${f.headHash ? lit(f.headHash) : 'NULL'}, ${f.size}, ${f.mtimeMs}, now()::TIMESTAMP)`,
        );
      }
      await c.run('DELETE FROM staging');
      await c.run('COMMIT');
    } catch (e) {
      await c.run('ROLLBACK');
      await c.run('DELETE FROM staging');
      throw e;
    }
    return { events, badLines: bad, unknownTypes };
  }

  /** Typed tables follow the new events in one go; one checkpoint compresses everything written. */
  private async finish(summary: IngestSummary): Promise<void> {
    await catchUpTypedTables(this.c, this.catalog);
    if (summary.events || summary.badLines) await this.c.run('CHECKPOINT');
  }

  /** Loads Athena-layout Parquet files (`<prefix>/<YYYY-MM-DD>/<uuid>.parquet`) not loaded before. */
  async ingestParquet(dirs: string[]): Promise<IngestSummary> {
    const t0 = performance.now();
    const summary: IngestSummary = { files: 0, filesRead: 0, events: 0, badLines: 0, unknownTypes: 0, warnings: [], seconds: 0 };
    const states = await this.fileStates();
    await this.ensureStaging();
    for (const dir of dirs) {
      for (const path of await findParquet(dir)) {
        summary.files++;
        if (states.has(path)) continue;
        summary.filesRead++;
        const partition = /^\d{4}-\d{2}-\d{2}$/.test(basename(dirname(path))) ? lit(basename(dirname(path))) : 'NULL';
        await this.c.run(`CREATE OR REPLACE TEMP TABLE parsed AS
          SELECT ${lit(path)} AS source, NULL::BIGINT AS line_no, uid, session_id, event_type,
            date_trunc('millisecond', CAST(event_time AS TIMESTAMP)) AS event_time, "user", event_data,
            COALESCE(TRY_CAST(${partition} AS DATE), CAST(event_time AS DATE)) AS event_date,
            CASE WHEN event_type IS NULL THEN 'no event_type' WHEN event_time IS NULL THEN 'no event_time'
                 WHEN NOT json_valid(event_data) THEN 'event_data is not valid JSON' END AS reason
          FROM read_parquet(${lit(path)})`);
        const r = await this.commit('parsed', [{ source: path, path, offset: 0, lines: 0, headHash: null, size: 0, mtimeMs: 0 }]);
        summary.events += r.events;
        summary.badLines += r.badLines;
        summary.unknownTypes += r.unknownTypes;
      }
    }
    await this.finish(summary);
    summary.seconds = (performance.now() - t0) / 1000;
    return summary;
  }

  async recentBadLines(limit = 20): Promise<BadLine[]> {
    const r = await this.c.runAndReadAll(`SELECT source, line_no, reason, snippet FROM ingest_errors ORDER BY recorded_at DESC, line_no DESC LIMIT ${limit}`);
    return r.getRows().map(([source, lineNo, reason, snippet]) => ({
      source: String(source),
      lineNo: lineNo == null ? null : Number(lineNo),
      reason: String(reason),
      snippet: String(snippet),
    }));
  }

  close(): void {
    this.staging?.closeSync();
    this.staging = undefined;
  }
}

async function findParquet(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string) => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.isFile() && e.name.endsWith('.parquet')) out.push(p);
    }
  };
  await walk(dir);
  return out.sort();
}
