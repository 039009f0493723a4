// Runs the Trino SQL the stand-in receives on real Trino (the test set-up's server, test/global/trino.ts)
// over Teleport's Athena table made from the test's Parquet files, and renders the result in Athena's
// text form (athena-text.ts). Nothing of the product's own Trino -> DuckDB translation is involved:
// the Athena engine's statements, CTEs and all, are judged by Trino itself.
import { TrinoClient, TrinoQueryError } from '../../../src/trino/client';
import { createAuditCatalog, type AuditCatalog } from '../trino';
import { athenaColumn, athenaText, type AthenaColumn } from './athena-text';

export interface StubResult {
  columns: AthenaColumn[];
  /** Athena text per cell; undefined = NULL. */
  rows: (string | undefined)[][];
}

/** What the stand-in needs of whatever runs the SQL (Trino, or a synthetic result for paging tests). */
export interface StubExecutor {
  /** `database` is StartQueryExecution's QueryExecutionContext.Database. */
  execute(sql: string, context?: { database?: string }): Promise<StubResult>;
}

/** A failed query as Athena reports it: Trino's error name becomes the reason's prefix. */
export class StubQueryError extends Error {
  constructor(
    message: string,
    readonly errorName: string,
    readonly userError: boolean,
  ) {
    super(message);
  }
}

export interface ExecutorOptions {
  /** The Trino of the test set-up. */
  trinoUrl: string;
  /** Root of <YYYY-MM-DD>/<uuid>.parquet. */
  parquetDir: string;
  /** The Glue database and table the engine is configured with (athena://database.table). */
  database: string;
  table: string;
}

export class TrinoAthenaExecutor implements StubExecutor {
  private constructor(
    private readonly table: AuditCatalog,
    private readonly database: string,
  ) {}

  static async open(opts: ExecutorOptions): Promise<TrinoAthenaExecutor> {
    const table = await createAuditCatalog(opts.trinoUrl, opts.parquetDir, { schema: opts.database, table: opts.table });
    return new TrinoAthenaExecutor(table, opts.database);
  }

  /** Executes one Trino statement; throws StubQueryError with Trino's message when it fails. */
  async execute(sql: string, context: { database?: string } = {}): Promise<StubResult> {
    // Athena's AwsDataCatalog is this test's own Hive catalog; the database is its schema.
    const client = new TrinoClient({ server: this.table.url, user: 'athena-stub', catalog: this.table.catalog, schema: context.database ?? this.database });
    try {
      const { columns, rows } = await client.query(sql);
      return { columns: columns.map(athenaColumn), rows: rows.map((r) => r.map((v, i) => athenaText(v, columns[i]!.typeSignature!))) };
    } catch (e) {
      if (e instanceof TrinoQueryError) throw new StubQueryError(e.message, e.error.errorName ?? 'GENERIC_USER_ERROR', e.error.errorType === 'USER_ERROR');
      throw e;
    } finally {
      client.close();
    }
  }

  close(): Promise<void> {
    return this.table.drop();
  }
}
