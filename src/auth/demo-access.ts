// What a demo gateway (`amctl serve --demo`) lets its sign-in link do: user alice with the preset
// auditor role plus an editor role that may also save queries and reports, so every console page can
// be tried. Production gateways take users and roles from Teleport instead.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { signDevToken, type DevKey } from './dev-key';
import type { SignInGrant } from './sign-in-grant';

export const DEMO_USER = 'alice';
export const DEMO_ROLES = ['auditor', 'access-monitoring-editor'];
export const DEMO_TOKEN_TTL_HOURS = 8;

const EDITOR_ROLE = `# Written by \`amctl serve --demo\`: may run, save and delete queries, reports and detections.
kind: role
version: v7
metadata:
  name: access-monitoring-editor
spec:
  allow:
    rules:
      - resources: [audit_query, security_report]
        verbs: [list, read, use, create, update, delete]
`;

/** Writes the demo role file once (a user's edits are kept). */
export function ensureDemoRoles(file: string): string {
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, EDITOR_ROLE);
  }
  return file;
}

export function demoTokenMinter(key: DevKey, claims: { issuer?: string; audience?: string }): () => Promise<SignInGrant> {
  return async () => ({
    token: await signDevToken(key, { user: DEMO_USER, roles: DEMO_ROLES, ttl: `${DEMO_TOKEN_TTL_HOURS}h`, ...claims }),
    expiresAt: new Date(Date.now() + DEMO_TOKEN_TTL_HOURS * 3600_000).toISOString(),
  });
}
