// The resolver context of one HTTP request. Its logger (a pino child naming the user) is made when
// first used: most requests log nothing. The getter lives on the prototype because Apollo copies the
// context's own properties once per operation, which would call an own getter every time.
import type { Logger } from 'pino';
import type { Principal } from '../auth/rbac';
import type { GatewayContext, GatewayServices } from '../resolvers/context';

export class RequestContext implements GatewayContext {
  /** Fields, not private slots: they must survive Apollo's copy of the object. */
  _requestLog: () => Logger;
  _log: Logger | undefined;

  constructor(
    readonly principal: Principal,
    readonly requestId: string,
    requestLog: () => Logger,
    readonly services: GatewayServices,
    readonly baseUrl?: string,
  ) {
    this._requestLog = requestLog;
  }

  get log(): Logger {
    return (this._log ??= this._requestLog().child({ user: this.principal.user }));
  }
}
