// Teleport's Athena table layout, written as Teleport's Athena backend writes it (lib/events/athena:
// eventParquet, consumer): one Parquet file per day under <prefix>/<YYYY-MM-DD>/<uuid v7>.parquet with
// the columns uid, session_id, event_type, event_time (timestamp, milliseconds, UTC), user and
// event_data (the whole event as JSON). Teleport's columns are required strings: a missing session id
// or user is '' there, so it is here too.
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { IntakeEvent } from './events';

export interface AthenaRow {
  uid: string;
  session_id: string;
  event_type: string;
  /** Milliseconds since the epoch (UTC). */
  event_time_ms: number;
  user: string;
  event_data: string;
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** The table's row for an event the intake accepted (its `event` and `time` are checked already). */
export function athenaRow(ev: IntakeEvent): AthenaRow {
  const obj = JSON.parse(ev.line) as Record<string, unknown>;
  return {
    uid: str(obj.uid),
    session_id: str(obj.sid),
    event_type: ev.type,
    event_time_ms: Date.parse(obj.time as string),
    user: str(obj.user),
    event_data: ev.line,
  };
}

/** The event_date partition a row belongs to (its UTC day), as the folder name. */
export const eventDate = (row: AthenaRow) => new Date(row.event_time_ms).toISOString().slice(0, 10);

/** A version 7 UUID (time-ordered, as Teleport names its files): 48 bits of milliseconds, then random. */
export function uuidV7(now = Date.now()): string {
  const b = randomBytes(16);
  b.writeUIntBE(now, 0, 6);
  b[6] = (b[6]! & 0x0f) | 0x70;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const sqlString = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** Writes rows as Parquet files with DuckDB (a small private in-memory database). */
export class ParquetWriter {
  private con?: Promise<{ db: DuckDBInstance; con: DuckDBConnection }>;
  private chain: Promise<unknown> = Promise.resolve();

  private connection(): Promise<DuckDBConnection> {
    this.con ??= (async () => {
      const db = await DuckDBInstance.create(':memory:', { threads: '1', memory_limit: '256MB', autoinstall_known_extensions: 'false' });
      return { db, con: await db.connect() };
    })();
    return this.con.then((c) => c.con);
  }

  /** The Parquet bytes of these rows, in event time order. One write at a time. */
  write(rows: AthenaRow[]): Promise<Buffer> {
    const run = this.chain.then(() => this.writeNow(rows));
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async writeNow(rows: AthenaRow[]): Promise<Buffer> {
    const con = await this.connection();
    const dir = await mkdtemp(join(tmpdir(), 'amctl-intake-parquet-'));
    try {
      const input = join(dir, 'rows.ndjson');
      const output = join(dir, 'events.parquet');
      await writeFile(input, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
      await con.run(
        `COPY (SELECT uid, session_id, event_type, CAST(epoch_ms(event_time_ms) AS TIMESTAMP_MS) AS event_time, "user", event_data
               FROM read_json(${sqlString(input)}, format = 'newline_delimited',
                 columns = {uid: 'VARCHAR', session_id: 'VARCHAR', event_type: 'VARCHAR', event_time_ms: 'BIGINT', "user": 'VARCHAR', event_data: 'VARCHAR'})
               ORDER BY event_time)
         TO ${sqlString(output)} (FORMAT parquet)`,
      );
      return await readFile(output);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  async close(): Promise<void> {
    await this.chain;
    const c = await this.con?.catch(() => undefined);
    c?.con.closeSync();
    c?.db.closeSync();
    this.con = undefined;
  }
}
