// An execution moves QUEUED -> RUNNING -> one terminal state (or QUEUED -> CANCELLED/FAILED without
// running). Pollers see snapshots and can miss short states; these helpers rebuild the transitions
// between two snapshots from their timestamps, so every watcher sees every state, in order.
import { TERMINAL_STATES, type ExecutionStatus, type QueryState } from '../engine/types';

const RANK: Record<QueryState, number> = { QUEUED: 0, RUNNING: 1, SUCCEEDED: 2, FAILED: 2, CANCELLED: 2 };

export function isTerminal(s: ExecutionStatus): boolean {
  return TERMINAL_STATES.has(s.state);
}

/** The snapshot as it was while in `state`: later facts (end time, counts, error) removed. */
function asOf(s: ExecutionStatus, state: QueryState): ExecutionStatus {
  if (state === s.state) return s;
  const earlier: ExecutionStatus = { id: s.id, state, sql: s.sql, days: s.days, user: s.user, submittedAt: s.submittedAt };
  if (state === 'RUNNING' && s.startedAt) earlier.startedAt = s.startedAt;
  return earlier;
}

/** Every state the execution went through up to this snapshot, oldest first. */
export function lifecycleOf(s: ExecutionStatus): QueryState[] {
  const states: QueryState[] = ['QUEUED'];
  if (s.state === 'RUNNING' || (isTerminal(s) && s.startedAt)) states.push('RUNNING');
  if (isTerminal(s)) states.push(s.state);
  return states;
}

/**
 * Snapshots to deliver to a watcher who last saw `prev` (undefined: nothing yet) now that `next` is
 * known: one per state entered since, oldest first; empty when nothing changed.
 */
export function transitionsBetween(prev: ExecutionStatus | undefined, next: ExecutionStatus): ExecutionStatus[] {
  const seenRank = prev ? RANK[prev.state] : -1;
  return lifecycleOf(next)
    .filter((state) => RANK[state] > seenRank)
    .map((state) => asOf(next, state));
}
