// What a demo sign-in code is exchanged for: minted in auth (src/auth/demo-access.ts), handed out by
// the server's one-time links (src/server/sign-in-link.ts).
export interface SignInGrant {
  token: string;
  /** ISO-8601 expiry of the token. */
  expiresAt: string;
}

/** Signs the token a redeemed code gives (the demo: the local dev key). */
export type TokenMinter = () => Promise<SignInGrant>;
