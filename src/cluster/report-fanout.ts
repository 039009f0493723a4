// reportStateChanged across replicas: report states live on the shared report_results store, so each
// replica lists their ETags every poll interval (one LIST call, no bodies), reads only the documents
// that changed, and re-emits on its own ReportService the changes another replica made. Its own
// changes are emitted locally already and are skipped (by runner id and by what was last seen).
import type { ReportState } from '../reports/state';

export interface StateSource {
  listEtags(prefix: string): Promise<Array<{ key: string; etag: string }>>;
  get(key: string): Promise<{ body: string } | undefined>;
}

export interface StateSink {
  readonly owner: string;
  emit(event: 'stateChanged', state: ReportState): boolean;
  on(event: 'stateChanged', listener: (state: ReportState) => void): unknown;
  off(event: 'stateChanged', listener: (state: ReportState) => void): unknown;
}

const signature = (s: ReportState) => `${s.run_id}|${s.status}|${s.updated_at}`;

export class ReportStateFanout {
  private readonly etags = new Map<string, string>();
  private readonly seen = new Map<string, string>();
  private timer?: NodeJS.Timeout;
  private primed = false;
  private stopped = false;
  /** Changes made elsewhere and delivered here (metrics, tests). */
  delivered = 0;
  private readonly onLocal = (s: ReportState) => {
    this.seen.set(s.name, signature(s));
  };

  constructor(
    private readonly source: StateSource,
    private readonly sink: StateSink,
    private readonly pollMs: number,
    private readonly log?: (msg: string, err?: unknown) => void,
  ) {
    sink.on('stateChanged', this.onLocal);
  }

  start(): this {
    const loop = async () => {
      if (this.stopped) return;
      try {
        await this.poll();
      } catch (e) {
        this.log?.('could not read report states from the shared store', e);
      }
      if (!this.stopped) this.timer = setTimeout(() => void loop(), this.pollMs).unref();
    };
    void loop();
    return this;
  }

  /** One round: changed state documents are read, and changes made elsewhere emitted. */
  async poll(): Promise<number> {
    const listed = await this.source.listEtags('states/');
    let emitted = 0;
    for (const { key, etag } of listed) {
      if (!key.endsWith('.json') || this.etags.get(key) === etag) continue;
      const blob = await this.source.get(key);
      if (!blob) continue;
      let state: ReportState;
      try {
        state = JSON.parse(blob.body) as ReportState;
      } catch {
        continue; // a document being replaced; the next round reads it whole
      }
      this.etags.set(key, etag);
      const sig = signature(state);
      if (this.seen.get(state.name) === sig) continue;
      this.seen.set(state.name, sig);
      // The first round only learns what is there; states this replica wrote were emitted here already.
      if (!this.primed || state.owner === this.sink.owner) continue;
      this.sink.emit('stateChanged', state);
      emitted++;
    }
    this.primed = true;
    this.delivered += emitted;
    return emitted;
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.sink.off('stateChanged', this.onLocal);
  }
}

/** Starts the fanout when the reports store can list ETags (S3); undefined for a local directory. */
export function startReportFanout(
  store: Partial<StateSource> & { get(key: string): Promise<{ body: string } | undefined> },
  sink: StateSink,
  pollMs: number,
  log?: (msg: string, err?: unknown) => void,
): ReportStateFanout | undefined {
  if (typeof store.listEtags !== 'function') return undefined;
  const source: StateSource = { listEtags: (p) => store.listEtags!(p), get: (k) => store.get(k) };
  return new ReportStateFanout(source, sink, pollMs, log).start();
}
