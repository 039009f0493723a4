// The intake's one job behind both doors (the Fluentd-compatible listener and POST /v1/intake/teleport):
// check what arrived, keep what the configuration says to keep, each event once, durably.
import type { Catalog } from '../catalog';
import type { SessionEventsKept } from './config';
import { parseJsonBody, parseNdjsonBody, type IntakeEvent } from './events';
import type { AppendResult, EventStore } from './store';

export interface ReceiveResult extends AppendResult {
  /** Session stream events not kept (intake.session_events). */
  skipped: number;
}

export class IntakeService {
  constructor(
    private readonly store: EventStore,
    private readonly catalog: Catalog,
    private readonly sessionEvents: SessionEventsKept,
    /** Called after new lines are durable (the embedded engine ingests them). */
    private readonly onWritten: () => void = () => {},
  ) {}

  private keep(ev: IntakeEvent): boolean {
    if (ev.origin === 'audit') return true;
    if (this.sessionEvents === 'all') return true;
    if (this.sessionEvents === 'none') return false;
    // A recording holds every keystroke (`print`) and more; the views read only audit event types.
    return this.catalog.byEventType.has(ev.type);
  }

  private async keepAll(events: IntakeEvent[]): Promise<ReceiveResult> {
    const kept = events.filter((e) => this.keep(e));
    const r = await this.store.append(kept);
    if (r.written) this.onWritten();
    return { ...r, skipped: events.length - kept.length };
  }

  /** One event from teleport-event-handler: `sessionId` when it came to the session URL. */
  receiveEvent(body: Buffer, sessionId?: string): Promise<ReceiveResult> {
    return this.keepAll([parseJsonBody(body, sessionId ? 'session' : 'audit', sessionId)]);
  }

  /** NDJSON: any number of audit events, one per line. */
  receiveNdjson(body: Buffer): Promise<ReceiveResult> {
    return this.keepAll(parseNdjsonBody(body, 'audit'));
  }
}
