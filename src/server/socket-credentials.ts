// A WebSocket outlives the request that authenticated it, so its credential is watched for as long as
// it is open: the socket ends (4401) when its token expires, and when the token no longer verifies,
// e.g. after its signing key was removed from auth.jwks_file. Keys from auth.jwks_url are refetched on
// the JWKS cache's schedule, so a key removed there ends its sockets when the gateway next fetches.
import type { WebSocket } from 'ws';
import type { TokenVerifier } from '../auth/verifier';

/** Longest delay setTimeout takes; a token valid longer is simply not timed. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** How often open sockets' tokens are verified again by default. */
export const SOCKET_RECHECK_MS = 5_000;

export class SocketCredentials {
  private readonly open = new Map<WebSocket, string>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly verifier: TokenVerifier,
    recheckMs = SOCKET_RECHECK_MS,
  ) {
    this.timer = setInterval(() => void this.recheck(), recheckMs);
    this.timer.unref();
  }

  /** Watches an authenticated socket's token until the socket closes. */
  track(socket: WebSocket, token: string, expiresAt: number | undefined): void {
    this.open.set(socket, token);
    let expiry: NodeJS.Timeout | undefined;
    if (expiresAt !== undefined && expiresAt - Date.now() <= MAX_TIMER_MS) {
      expiry = setTimeout(() => socket.close(4401, 'Unauthorized: the token expired'), Math.max(0, expiresAt - Date.now()));
      expiry.unref();
    }
    socket.once('close', () => {
      clearTimeout(expiry);
      this.open.delete(socket);
    });
  }

  private async recheck(): Promise<void> {
    await Promise.all(
      [...this.open].map(async ([socket, token]) => {
        try {
          await this.verifier.verify(token);
        } catch {
          socket.close(4401, 'Unauthorized: the token is no longer valid');
        }
      }),
    );
  }

  close(): void {
    clearInterval(this.timer);
  }
}
