// Report errors reuse the engine's stable codes so the GraphQL layer and the CLI map them the same way.
import { EngineError, type EngineErrorCode } from '../errors/engine-error';

export class ReportError extends EngineError {
  constructor(code: EngineErrorCode, message: string) {
    super(code, message);
    this.name = 'ReportError';
  }
}

export const badInput = (message: string) => new ReportError('BAD_INPUT', message);
export const notFound = (message: string) => new ReportError('NOT_FOUND', message);
