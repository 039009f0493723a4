// Short-lived signed links to a result export, for clients that hand a download to something without
// a token (a browser, curl in a cron job): HMAC-SHA256 over (execution id, owner, expiry) with a key
// kept under data_dir. The owner is not in the link; it is looked up from the execution when the link
// is used, so a link cannot be re-pointed at someone else's execution.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ExportFormat } from './formats';

export const DEFAULT_EXPORT_URL_TTL_SECONDS = 900;

/** The key file: created once (0600), shared by every process on this data directory. */
export function loadOrCreateKey(file: string): Buffer {
  try {
    return Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  mkdirSync(dirname(file), { recursive: true });
  try {
    writeFileSync(file, randomBytes(32).toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e; // another process made it first
  }
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
}

export const exportKeyFile = (dataDir: string) => join(dataDir, 'keys', 'export-url.key');

export class ExportUrlSigner {
  constructor(
    private readonly key: Buffer,
    readonly ttlSeconds = DEFAULT_EXPORT_URL_TTL_SECONDS,
    private readonly now: () => number = Date.now,
  ) {
    if (key.length < 16) throw new Error('the export URL key must be at least 16 bytes');
  }

  private mac(id: string, owner: string, expires: number): Buffer {
    return createHmac('sha256', this.key).update(`${id}\n${owner}\n${expires}`).digest();
  }

  /** `<base>/v1/executions/<id>/results?format=..&expires=..&signature=..` */
  url(base: string, id: string, owner: string, format: ExportFormat = 'csv'): string {
    const expires = Math.floor(this.now() / 1000) + this.ttlSeconds;
    const sig = this.mac(id, owner, expires).toString('base64url');
    const q = new URLSearchParams({ format, expires: String(expires), signature: sig });
    return `${base.replace(/\/+$/, '')}/v1/executions/${encodeURIComponent(id)}/results?${q}`;
  }

  /** Why the link is not valid, or undefined when it is. */
  check(id: string, owner: string | undefined, expires: string, signature: string): string | undefined {
    const exp = Number(expires);
    if (!/^\d{1,12}$/.test(expires)) return 'the link has no valid expiry';
    if (exp * 1000 < this.now()) return 'the link has expired; ask queryResultsExportUrl for a new one';
    const given = Buffer.from(signature, 'base64url');
    const want = this.mac(id, owner ?? '', exp);
    if (owner === undefined || given.length !== want.length || !timingSafeEqual(given, want)) return 'the link signature is not valid';
    return undefined;
  }
}
