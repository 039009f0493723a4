// One-time sign-in links for a demo gateway: the link printed at start-up carries a random code that a
// browser exchanges, once, for a token. No token is ever pasted, printed or put in a URL.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { SignInGrant, TokenMinter } from '../auth/sign-in-grant';

export class OneTimeSignIn {
  private readonly codes = new Map<string, number>();

  constructor(
    private readonly mint: TokenMinter,
    /** How long an unused code stays valid. */
    private readonly codeTtlMs = 24 * 60 * 60 * 1000,
  ) {}

  /** A new code, valid once. */
  issue(now = Date.now()): string {
    const code = randomBytes(24).toString('base64url');
    this.codes.set(code, now + this.codeTtlMs);
    return code;
  }

  /** The grant for a valid, unused code; undefined otherwise. The code is spent either way. */
  async redeem(code: string, now = Date.now()): Promise<SignInGrant | undefined> {
    for (const [known, until] of this.codes) {
      const a = Buffer.from(known);
      const b = Buffer.from(code);
      if (a.length === b.length && timingSafeEqual(a, b)) {
        this.codes.delete(known);
        return until > now ? this.mint() : undefined;
      }
      if (until <= now) this.codes.delete(known);
    }
    return undefined;
  }
}
