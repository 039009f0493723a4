// Runs the Trino SQL the stub receives on DuckDB, over Teleport's Athena Parquet layout registered as
// a view named like the Glue table (`db`.`table`), and returns the result in Athena's text form.
// Translation from Trino to DuckDB is the product's own (src/sql translateToDuckDb), so the stub
// executes exactly the statement the engine sent, CTEs and all.
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { DUCKDB_MACROS, translateToDuckDb } from '../../../src/sql';
import { athenaText, athenaType, type AthenaColumn } from './athena-text';

export interface StubResult {
  columns: AthenaColumn[];
  /** Athena text per cell; undefined = NULL. */
  rows: (string | undefined)[][];
}

export interface ExecutorOptions {
  /** Root of <YYYY-MM-DD>/<uuid>.parquet. */
  parquetDir: string;
  database: string;
  table: string;
}

const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;

export class DuckDbAthenaExecutor {
  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly con: DuckDBConnection,
  ) {}
  private chain: Promise<unknown> = Promise.resolve();

  static async open(opts: ExecutorOptions): Promise<DuckDbAthenaExecutor> {
    const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
    const con = await instance.connect();
    await con.run(`SET TimeZone = 'UTC'`);
    for (const m of DUCKDB_MACROS) await con.run(m);
    await con.run(`CREATE SCHEMA IF NOT EXISTS ${q(opts.database)}`);
    const glob = `${opts.parquetDir.replace(/\/$/, '')}/*/*.parquet`;
    await con.run(`
      CREATE VIEW ${q(opts.database)}.${q(opts.table)} AS
      SELECT uid, session_id, event_type, CAST(event_time AS TIMESTAMP) AS event_time, "user", event_data,
             CAST(regexp_extract(filename, '(\\d{4}-\\d{2}-\\d{2})/[^/]+\\.parquet$', 1) AS DATE) AS event_date
      FROM read_parquet(${lit(glob)}, filename = true)`);
    return new DuckDbAthenaExecutor(instance, con);
  }

  /** Executes one Trino statement; throws with DuckDB's message when it fails. */
  execute(trinoSql: string): Promise<StubResult> {
    const run = this.chain.then(() => this.run(trinoSql));
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async run(trinoSql: string): Promise<StubResult> {
    const translated = await translateToDuckDb(trinoSql);
    const reader = await this.con.runAndReadAll(translated.sql);
    const names = reader.columnNames();
    const types = reader.columnTypes();
    const columns: AthenaColumn[] = names.map((n, i) => {
      const name = translated.restoreColumnName(n);
      return {
        CatalogName: 'hive',
        SchemaName: '',
        TableName: '',
        Name: name,
        Label: name,
        ...athenaType(types[i]!),
        Nullable: 'UNKNOWN',
        CaseSensitive: athenaType(types[i]!).Type === 'varchar',
      };
    });
    const rows = reader.getRowsJson().map((r) => r.map((v, i) => athenaText(v as never, types[i]!)));
    return { columns, rows };
  }

  close(): void {
    this.con.closeSync();
    this.instance.closeSync();
  }
}
