// What every engine answers about an execution it keeps: a copy of its status, and the refusal of
// results before it has SUCCEEDED.
import { EngineError } from '../errors/engine-error';
import type { ExecutionError, ExecutionStatus, QueryState } from './types';

/** A copy for the caller: nobody outside the engine may change its record. */
export function statusSnapshot(s: ExecutionStatus): ExecutionStatus {
  return { ...s, error: s.error ? { ...s.error } : undefined };
}

/** NOT_READY for results asked of an execution in `state`, with its error when one is given. */
export function resultsNotReady(id: string, state: QueryState, error?: ExecutionError): EngineError {
  const why = error ? `: ${error.message}` : '';
  return new EngineError('NOT_READY', `query execution ${id} is ${state}; results exist only once it has SUCCEEDED${why}`);
}
