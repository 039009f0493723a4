// The signed-in token, kept for this browser tab only. Behind Teleport application access there is
// none: the proxy adds Teleport-Jwt-Assertion to every request.
const KEY = 'amctl.token';

type Listener = () => void;
const listeners = new Set<Listener>();

export function getToken(): string | undefined {
  return sessionStorage.getItem(KEY) ?? undefined;
}

export function setToken(token: string | undefined): void {
  if (token) sessionStorage.setItem(KEY, token);
  else sessionStorage.removeItem(KEY);
}

/** Called when the gateway refuses the credential (missing, expired, unknown key). */
export function onSignedOut(fn: Listener): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

export function signedOut(): void {
  setToken(undefined);
  for (const fn of listeners) fn();
}

/** Exchanges a one-time sign-in code (from the link `amctl serve --demo` prints) for a token. */
export async function redeemSignInCode(code: string): Promise<void> {
  const res = await fetch('/console/sign-in', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code }),
  });
  const body = (await res.json().catch(() => ({}))) as { token?: string; error?: string };
  if (!res.ok || !body.token) throw new Error(body.error ?? `sign-in failed (HTTP ${res.status})`);
  setToken(body.token);
}
