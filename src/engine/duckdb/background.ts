// A statement run by DuckDB's background threads alone. A statement run the usual way also works on
// the calling thread (one of Node's four libuv threads, held until it ends); a heavy query started as
// a pending result and only watched leaves that thread free and runs on the engine's threads - 1
// worker threads, so a heavy query gets part of the engine and the light queries beside it keep
// their own thread each. DuckDB sets its worker threads globally, so this is the way a connection
// gets fewer of them. With one thread there are no workers: the caller runs statements itself.
import bindings from '@duckdb/node-bindings';
import type { DuckDBConnection, DuckDBPendingResult } from '@duckdb/node-api';

const FIRST_POLL_MS = 10;
const MAX_POLL_MS = 200;

/** The C handle behind node-api's pending result (node-api wraps it without a check-state call). */
function handleOf(pending: DuckDBPendingResult): bindings.PendingResult {
  return (pending as unknown as { pending_result: bindings.PendingResult }).pending_result;
}

/** Runs `sql` on the worker threads; rejects with DuckDB's error (an interrupt included). */
export async function runOnWorkers(conn: DuckDBConnection, sql: string): Promise<void> {
  const pending = await conn.start(sql);
  const handle = handleOf(pending);
  let wait = FIRST_POLL_MS;
  for (;;) {
    const state = bindings.pending_execute_check_state(handle);
    // A finished statement reads as ERROR with no message here: its result tells success from failure.
    if (state === bindings.PendingState.ERROR) {
      const message = bindings.pending_error(handle);
      if (message) throw new Error(message);
      break;
    }
    if (state === bindings.PendingState.RESULT_READY) break;
    await new Promise((r) => setTimeout(r, wait));
    wait = Math.min(MAX_POLL_MS, wait * 1.5);
  }
  // Done, or failed in the meantime: fetching the result says which.
  await pending.getResult();
}
