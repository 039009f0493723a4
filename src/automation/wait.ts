// waitForQuery: long-polling for clients that cannot hold a WebSocket (curl, CI scripts, serverless
// functions). Answers as soon as the execution is terminal, or with its current state at the timeout.
import { TERMINAL_STATES, type ExecutionStatus } from '../engine/types';
import type { Caller, ExecutionService } from '../executions/service';

export const MAX_WAIT_SECONDS = 60;

export async function waitForExecution(executions: ExecutionService, caller: Caller, id: string, timeoutSeconds: number, signal?: AbortSignal): Promise<ExecutionStatus> {
  const deadline = Date.now() + timeoutSeconds * 1000;
  let delay = 20;
  for (;;) {
    const st = await executions.status(caller, id);
    const left = deadline - Date.now();
    if (TERMINAL_STATES.has(st.state) || left <= 0 || signal?.aborted) return st;
    await new Promise((r) => setTimeout(r, Math.min(delay, left)));
    delay = Math.min(delay * 2, 500);
  }
}
