// Teleport's Athena audit layout from a directory of JSON-lines audit logs: Parquet files under
// <out>/<YYYY-MM-DD>/<uuid>.parquet with columns uid, session_id, event_type, event_time timestamp(ms),
// user, event_data (the whole event as JSON text). The date is the Glue table's event_date partition.
import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

const sqlString = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** Writes the Parquet layout; returns the dates written and the total bytes. */
export async function writeAthenaParquet(logDir: string, outDir: string): Promise<{ dates: string[]; bytes: number; events: number }> {
  const files = readdirSync(logDir)
    .filter((f) => /\.log(\.gz)?$/.test(f))
    .map((f) => join(logDir, f));
  if (files.length === 0) throw new Error(`no audit log files (*.log, *.log.gz) in ${logDir}`);
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  try {
    await con.run(`SET TimeZone = 'UTC'`);
    await con.run(`
      CREATE TABLE ev AS
      SELECT json->>'uid' AS uid,
             json->>'sid' AS session_id,
             json->>'event' AS event_type,
             CAST(CAST(json->>'time' AS TIMESTAMPTZ) AS TIMESTAMP_MS) AS event_time,
             json->>'user' AS "user",
             CAST(json AS VARCHAR) AS event_data
      FROM read_json_objects([${files.map(sqlString).join(', ')}], format = 'newline_delimited')`);
    const dates = (await con.runAndReadAll(`SELECT DISTINCT strftime(CAST(event_time AS DATE), '%Y-%m-%d') FROM ev ORDER BY 1`))
      .getRowsJson()
      .map((r) => String(r[0]));
    let bytes = 0;
    for (const d of dates) {
      const dir = join(outDir, d);
      mkdirSync(dir, { recursive: true });
      const file = join(dir, `${randomUUID()}.parquet`);
      await con.run(
        `COPY (SELECT uid, session_id, event_type, event_time, "user", event_data FROM ev WHERE CAST(event_time AS DATE) = DATE ${sqlString(d)} ORDER BY event_time)
         TO ${sqlString(file)} (FORMAT parquet)`,
      );
      bytes += statSync(file).size;
    }
    const events = Number((await con.runAndReadAll('SELECT count(*) FROM ev')).getRowsJson()[0]![0]);
    return { dates, bytes, events };
  } finally {
    con.closeSync();
    db.closeSync();
  }
}
