// A client that sends as teleport-event-handler does (integrations/event-handler: fluentd_client.go,
// app.go, events_job.go, session_events_job.go): one POST per event with Content-Type
// application/json and the event as protobuf's JSON encoding (keys sorted) for a body; HTTP/2 over
// mutual TLS (its transport is http2-configured); only 200 is success; a failed send is retried with
// decorrelated-jitter backoff (5 more tries), and a send that still fails makes the job start again
// from its last saved cursor, so events sent since then are sent again. Session recordings are streamed
// to `session-url + "." + sid + ".log"` once a session's end is seen (its job keys on session.upload).
import http2 from 'node:http2';
import { readFileSync } from 'node:fs';

export interface HandlerClientOptions {
  url: string;
  sessionUrl: string;
  ca: string;
  cert: string;
  key: string;
  /** Backoff (the handler: 1 s .. 10 s; shorter here). */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** Tries after the first (the handler: 5). */
  retries?: number;
  /** The cursor is saved after this many events (the handler saves it per page). */
  cursorEvery?: number;
  /** Events (by position) whose first answer is thrown away after it arrived, as if the connection broke. */
  loseAnswerOf?: ReadonlySet<number>;
  /** Restarts of the job from its last cursor allowed before giving up. */
  maxRestarts?: number;
}

export interface SendStats {
  requests: number;
  lostAnswers: number;
  failures: number;
  restarts: number;
  statuses: Map<number, number>;
}

/** Protobuf's JSON for a google.protobuf.Struct: keys sorted at every level. */
export function protoJson(v: unknown): string {
  const sort = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(sort);
    if (x && typeof x === 'object') {
      const o = x as Record<string, unknown>;
      return Object.fromEntries(Object.keys(o).sort().map((k) => [k, sort(o[k])]));
    }
    return x;
  };
  return JSON.stringify(sort(v));
}

class LostAnswer extends Error {}

export class EventHandlerClient {
  readonly stats: SendStats = { requests: 0, lostAnswers: 0, failures: 0, restarts: 0, statuses: new Map() };
  private session?: http2.ClientHttp2Session;
  private readonly tls: { ca: Buffer; cert: Buffer; key: Buffer };
  private readonly lost = new Set<number>();

  constructor(private readonly o: HandlerClientOptions) {
    this.tls = { ca: readFileSync(o.ca), cert: readFileSync(o.cert), key: readFileSync(o.key) };
  }

  private connect(origin: string): http2.ClientHttp2Session {
    if (this.session && !this.session.closed && !this.session.destroyed) return this.session;
    const s = http2.connect(origin, { ...this.tls, servername: 'localhost' });
    s.on('error', () => undefined); // surfaces on the request
    this.session = s;
    return s;
  }

  /** One POST; resolves with the status. `dropAnswer` discards a received answer and breaks the connection. */
  post(url: string, body: string, dropAnswer = false): Promise<number> {
    const u = new URL(url);
    return new Promise<number>((resolve, reject) => {
      let s: http2.ClientHttp2Session;
      try {
        s = this.connect(u.origin);
      } catch (e) {
        return reject(e);
      }
      this.stats.requests++;
      const req = s.request({ ':method': 'POST', ':path': u.pathname + u.search, 'content-type': 'application/json' });
      req.setTimeout(30_000, () => req.close(http2.constants.NGHTTP2_CANCEL));
      let status = 0;
      req.on('response', (h) => {
        status = Number(h[':status']);
        if (dropAnswer) {
          s.destroy();
          this.session = undefined;
          reject(new LostAnswer('answer lost'));
        }
      });
      req.on('data', () => undefined);
      req.on('end', () => resolve(status));
      req.on('error', reject);
      req.on('close', () => (status ? resolve(status) : reject(new Error('stream closed without an answer'))));
      req.end(body);
    });
  }

  /** SendEvent of app.go: retries with backoff; only 200 is success. */
  async sendEvent(url: string, body: string, position = -1): Promise<void> {
    let backoff = this.o.backoffBaseMs ?? 20;
    let left = this.o.retries ?? 5;
    for (;;) {
      let err: unknown;
      try {
        const drop = this.o.loseAnswerOf?.has(position) && !this.lost.has(position);
        if (drop) this.lost.add(position);
        const st = await this.post(url, body, drop);
        this.stats.statuses.set(st, (this.stats.statuses.get(st) ?? 0) + 1);
        if (st === 200) return;
        err = new Error(`Failed to send event to fluentd (HTTP ${st})`);
      } catch (e) {
        if (e instanceof LostAnswer) this.stats.lostAnswers++;
        err = e;
      }
      this.stats.failures++;
      // Decorrelated jitter: sleep = min(max, random(base, 3 * previous)).
      const base = this.o.backoffBaseMs ?? 20;
      backoff = Math.min(this.o.backoffMaxMs ?? 200, base + Math.random() * (backoff * 3 - base));
      await new Promise((r) => setTimeout(r, backoff));
      if (--left < 0) throw err;
    }
  }

  /**
   * The events job over a list of audit events (the handler's search page by page): sends each, saves
   * the cursor every `cursorEvery` events, and after a send that failed for good starts again from the
   * saved cursor. A session's end starts its recording's stream (`recordings` by session id).
   */
  async run(events: Record<string, unknown>[], recordings: Map<string, Record<string, unknown>[]> = new Map()): Promise<void> {
    let cursor = 0;
    let restarts = 0;
    const every = this.o.cursorEvery ?? 10;
    for (;;) {
      try {
        for (let i = cursor; i < events.length; i++) {
          const e = events[i]!;
          await this.sendEvent(this.o.url, protoJson(e), i);
          const sid = typeof e.sid === 'string' ? e.sid : undefined;
          if (e.event === 'session.end' && sid && recordings.has(sid)) {
            const url = `${this.o.sessionUrl}.${sid}.log`;
            for (const r of recordings.get(sid)!) await this.sendEvent(url, protoJson(r));
          }
          if ((i + 1) % every === 0) cursor = i + 1;
        }
        return;
      } catch (e) {
        if (++restarts > (this.o.maxRestarts ?? 20)) throw e;
        this.stats.restarts++;
        this.session?.destroy();
        this.session = undefined;
      }
    }
  }

  close(): void {
    this.session?.close();
    this.session = undefined;
  }
}
