// Where the intake keeps what it receives (a port: the intake uses it, the composition root picks the
// implementation): the local spool the embedded engine ingests (./spool.ts), or Parquet under the
// Athena table's events prefix that every replica writes to (./s3-parquet-store.ts).
import type { IntakeEvent } from './events';

export interface AppendResult {
  written: number;
  duplicates: number;
}

export interface EventStore {
  /** Keeps the events not kept before, each once; resolves when they are durable. */
  append(events: IntakeEvent[]): Promise<AppendResult>;
  close(): Promise<void>;
}
