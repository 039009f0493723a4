// Connections with the translator's macros already created. Creating them (over a hundred macros) costs
// about 50 ms, more than most queries take, so a finished query's connection serves the next one. A
// connection whose statement was interrupted is closed instead: DuckDB's interrupt flag may still be set.
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';

export class ConnectionPool {
  private idle: DuckDBConnection[] = [];
  private closed = false;

  constructor(
    private readonly instance: DuckDBInstance,
    private readonly setup: readonly string[],
    private readonly maxIdle: number,
  ) {}

  async acquire(): Promise<DuckDBConnection> {
    const reused = this.idle.pop();
    if (reused) return reused;
    const conn = await this.instance.connect();
    try {
      for (const s of this.setup) await conn.run(s);
    } catch (e) {
      conn.closeSync();
      throw e;
    }
    return conn;
  }

  /** Back to the pool when `reusable` and there is room, else closed. */
  release(conn: DuckDBConnection, reusable: boolean): void {
    if (reusable && !this.closed && this.idle.length < this.maxIdle) this.idle.push(conn);
    else conn.closeSync();
  }

  /** Idle connections waiting (for tests). */
  get size(): number {
    return this.idle.length;
  }

  close(): void {
    this.closed = true;
    for (const c of this.idle.splice(0)) c.closeSync();
  }
}
