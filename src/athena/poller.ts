// Watches running Athena executions with as few status calls as possible:
// - per execution, the delay between polls grows geometrically (initial, x factor, capped), so a
//   30 s query costs about a dozen calls and a 1 s query three or four;
// - one timer for all executions; executions due within a quarter of their delay are polled together,
//   in one BatchGetQueryExecution (50 ids a call) when more than one is due.
import { BatchGetQueryExecutionCommand, GetQueryExecutionCommand, type QueryExecution } from '@aws-sdk/client-athena';
import type { PollingConfig } from './config';
import type { AthenaApi } from './api';

interface Watched {
  athenaId: string;
  delayMs: number;
  nextAt: number;
  onStatus: (qe: QueryExecution) => void;
  onError: (e: unknown) => void;
}

export interface PollerStats {
  getCalls: number;
  batchCalls: number;
}

const BATCH_LIMIT = 50;

export class StatusPoller {
  private readonly watched = new Map<string, Watched>();
  private timer?: NodeJS.Timeout;
  private timerAt = Infinity;
  private polling = false;
  private closed = false;
  readonly stats: PollerStats = { getCalls: 0, batchCalls: 0 };

  constructor(
    private readonly api: AthenaApi,
    private readonly cfg: PollingConfig,
  ) {}

  watch(athenaId: string, onStatus: Watched['onStatus'], onError: Watched['onError']): void {
    this.watched.set(athenaId, { athenaId, delayMs: this.cfg.initialMs, nextAt: Date.now() + this.cfg.initialMs, onStatus, onError });
    this.schedule();
  }

  unwatch(athenaId: string): void {
    this.watched.delete(athenaId);
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.watched.clear();
  }

  private schedule(): void {
    if (this.closed || this.polling || this.watched.size === 0) return;
    let next = Infinity;
    for (const w of this.watched.values()) next = Math.min(next, w.nextAt);
    if (next >= this.timerAt && this.timer) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = next;
    // Not unref'd: a caller awaiting a result must keep the process alive; close() clears it.
    this.timer = setTimeout(() => void this.tick(), Math.max(0, next - Date.now()));
  }

  private async tick(): Promise<void> {
    this.timer = undefined;
    this.timerAt = Infinity;
    this.polling = true;
    try {
      const now = Date.now();
      const due = [...this.watched.values()].filter((w) => w.nextAt <= now + w.delayMs / 4);
      for (let i = 0; i < due.length; i += BATCH_LIMIT) {
        await this.poll(due.slice(i, i + BATCH_LIMIT));
      }
    } finally {
      this.polling = false;
      this.schedule();
    }
  }

  private reschedule(w: Watched): void {
    w.delayMs = Math.min(this.cfg.maxMs, Math.round(w.delayMs * this.cfg.factor));
    w.nextAt = Date.now() + w.delayMs;
  }

  private async poll(batch: Watched[]): Promise<void> {
    let executions: QueryExecution[] = [];
    try {
      if (batch.length === 1) {
        this.stats.getCalls++;
        const out = await this.api.send(new GetQueryExecutionCommand({ QueryExecutionId: batch[0]!.athenaId }));
        if (out.QueryExecution) executions = [out.QueryExecution];
      } else {
        this.stats.batchCalls++;
        const out = await this.api.send(new BatchGetQueryExecutionCommand({ QueryExecutionIds: batch.map((w) => w.athenaId) }));
        executions = out.QueryExecutions ?? [];
      }
    } catch (e) {
      for (const w of batch) {
        this.reschedule(w);
        if (this.watched.has(w.athenaId)) w.onError(e);
      }
      return;
    }
    const byId = new Map(executions.map((qe) => [qe.QueryExecutionId, qe]));
    for (const w of batch) {
      const qe = byId.get(w.athenaId);
      this.reschedule(w);
      if (!this.watched.has(w.athenaId)) continue;
      if (qe) w.onStatus(qe);
      else w.onError(new Error(`Athena did not return the status of execution ${w.athenaId}`));
    }
  }
}
