// Idempotent runQuery: the same clientRequestToken from the same user within 24 hours returns the same
// execution instead of starting another, so automation can retry a request whose answer it lost.
// Records live under data_dir (client-tokens/), written create-only, so a gateway restart keeps them.
//
// A record is written before the engine is asked, with the engine-side token to use; a retry (or a
// concurrent request) that finds a record without an execution id asks the engine with that same
// token, and the engines answer a repeated token with the same execution (Athena: the id is derived
// from it and it is Athena's ClientRequestToken; embedded: remembered in the process). A token whose
// execution the engine no longer knows (the embedded engine keeps results in memory, so a restart
// loses them) starts the query again, under the same token.
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { EngineError } from '../errors/engine-error';
import type { ExecutionStatus, WindowDays } from '../engine/types';
import type { Caller, ExecutionService } from '../executions/service';
import { getJson, PreconditionFailedError, putJson, type BlobStore } from '../reports/blobstore';
import { LocalBlobStore } from '../reports/local-blobstore';

export const CLIENT_TOKEN_TTL_MS = 24 * 3600 * 1000;
export const CLIENT_TOKEN_PATTERN = /^[A-Za-z0-9._:@/+=-]{1,128}$/;

interface TokenRecord {
  user: string;
  /** sha256 of (days, sql): a token names one query. */
  request: string;
  days: number;
  created_at: string;
  engine_token: string;
  id?: string;
}

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

export class ClientTokenStore {
  private readonly inflight = new Map<string, Promise<ExecutionStatus>>();

  constructor(
    private readonly store: BlobStore,
    private readonly now: () => number = Date.now,
  ) {}

  static underDataDir(dataDir: string): ClientTokenStore {
    return new ClientTokenStore(new LocalBlobStore(join(dataDir, 'client-tokens')));
  }

  /** Starts the query, or returns the execution this user's token already started within 24 h. */
  start(executions: ExecutionService, caller: Caller, sql: string, days: WindowDays, token: string): Promise<ExecutionStatus> {
    if (!CLIENT_TOKEN_PATTERN.test(token)) {
      throw new EngineError('BAD_INPUT', 'clientRequestToken must be 1-128 characters of letters, digits and . _ : @ / + = -; use a UUID per logical request');
    }
    const key = `${sha(`${caller.user}\u0000${token}`)}.json`;
    // One at a time per token in this process: the engine sees a repeated token only once it has an id.
    const prev = this.inflight.get(key) ?? Promise.resolve();
    const p = prev.catch(() => undefined).then(() => this.startOnce(executions, caller, sql, days, token, key));
    this.inflight.set(key, p);
    void p.finally(() => {
      if (this.inflight.get(key) === p) this.inflight.delete(key);
    }).catch(() => undefined);
    return p;
  }

  private async startOnce(executions: ExecutionService, caller: Caller, sql: string, days: WindowDays, token: string, key: string): Promise<ExecutionStatus> {
    const request = sha(`${days}\n${sql}`);
    for (let attempt = 0; attempt < 5; attempt++) {
      const got = await getJson<TokenRecord>(this.store, key);
      const fresh = got && this.now() - Date.parse(got.value.created_at) < CLIENT_TOKEN_TTL_MS ? got : undefined;
      if (fresh) {
        const rec = fresh.value;
        if (rec.request !== request) {
          throw new EngineError('BAD_INPUT', `clientRequestToken ${JSON.stringify(token)} was used in the last 24 hours for a different query or window; use a new token for a new query`);
        }
        if (rec.id) {
          try {
            return await executions.status(caller, rec.id);
          } catch (e) {
            if (!(e instanceof EngineError && e.code === 'NOT_FOUND')) throw e;
            // The engine no longer knows it (embedded engine restarted): run it again under this token.
            const again = { ...rec, engine_token: newEngineToken(token), id: undefined };
            if (!(await this.swap(key, again, fresh.etag))) continue;
            return this.launch(executions, caller, sql, days, key, again);
          }
        }
        // Written by a request that has not recorded its execution yet (or died first): same engine token.
        return this.launch(executions, caller, sql, days, key, rec);
      }
      const rec: TokenRecord = { user: caller.user, request, days, created_at: new Date(this.now()).toISOString(), engine_token: newEngineToken(token) };
      if (!(await this.swap(key, rec, got?.etag))) continue; // another request won: use its record
      return this.launch(executions, caller, sql, days, key, rec);
    }
    throw new EngineError('UNAVAILABLE', `clientRequestToken ${JSON.stringify(token)} is being used by concurrent requests; retry`);
  }

  private async launch(executions: ExecutionService, caller: Caller, sql: string, days: WindowDays, key: string, rec: TokenRecord): Promise<ExecutionStatus> {
    const st = await executions.start(caller, sql, days, { clientToken: rec.engine_token });
    if (rec.id !== st.id) {
      const cur = await getJson<TokenRecord>(this.store, key);
      if (cur && cur.value.engine_token === rec.engine_token) await this.swap(key, { ...cur.value, id: st.id }, cur.etag);
    }
    return st;
  }

  private async swap(key: string, rec: TokenRecord, etag: string | undefined): Promise<boolean> {
    try {
      await putJson(this.store, key, rec, etag === undefined ? { ifNoneMatch: true } : { ifMatch: etag });
      return true;
    } catch (e) {
      if (e instanceof PreconditionFailedError) return false;
      throw e;
    }
  }
}

function newEngineToken(token: string): string {
  return `${sha(token).slice(0, 24)}-${randomBytes(8).toString('hex')}`;
}

const byDataDir = new Map<string, ClientTokenStore>();
/** One store per data directory in this process. */
export function clientTokensFor(dataDir: string): ClientTokenStore {
  let s = byDataDir.get(dataDir);
  if (!s) byDataDir.set(dataDir, (s = ClientTokenStore.underDataDir(dataDir)));
  return s;
}
