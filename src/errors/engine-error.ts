// Errors every engine raises, with stable codes the GraphQL layer and CLI map to their own forms.

export type EngineErrorCode =
  | 'SQL_REJECTED' // the SQL guard refused the text (not one read-only SELECT over the views)
  | 'QUERY_FAILED' // the engine ran it and it failed (unknown column, type error, ...)
  | 'NOT_FOUND' // no such execution
  | 'NOT_READY' // results asked for before SUCCEEDED
  | 'BAD_INPUT' // e.g. days not in 7/30/90/120, bad page token
  | 'LIMIT_EXCEEDED' // concurrency, budget or row cap
  | 'UNAVAILABLE'; // the engine cannot be reached

export class EngineError extends Error {
  constructor(
    readonly code: EngineErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'EngineError';
  }
}

export class SqlRejectedError extends EngineError {
  constructor(message: string) {
    super('SQL_REJECTED', message);
    this.name = 'SqlRejectedError';
  }
}
