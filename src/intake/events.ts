// One received Teleport event: checked once at the edge, turned into the log line the spool keeps and
// the keys that make a re-send a duplicate. The event handler re-sends freely (retries, restarts from
// its last saved cursor), so every event carries keys: its `uid`, and for session stream events also
// the session id + event index (`sid`, `ei`), which identify an event in a recording.
import { createHash } from 'node:crypto';

export type Origin = 'audit' | 'session';

export interface IntakeEvent {
  /** The event as one JSON line (no newline), as Teleport's file log would hold it. */
  line: string;
  type: string;
  origin: Origin;
  /** Any one already kept makes this event a duplicate. */
  keys: string[];
}

export class IntakeInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IntakeInputError';
  }
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** The keys of an event line; the same function rebuilds them from the spool after a restart. */
export function keysOf(obj: Record<string, unknown>, line: string, origin: Origin): string[] {
  const keys: string[] = [];
  if (typeof obj.uid === 'string' && obj.uid) keys.push(`u:${obj.uid}`);
  if (origin === 'session' && typeof obj.sid === 'string' && (typeof obj.ei === 'number' || typeof obj.ei === 'string')) {
    keys.push(`s:${obj.sid}:${Number(obj.ei)}`);
  }
  // No identity of its own (rare: old or hand-made events): the same content is the same event.
  if (!keys.length) keys.push(`h:${createHash('sha1').update(line).digest('hex')}`);
  return keys;
}

/** Checks one event object; `where` says which one for the error (e.g. "line 3"). */
export function toIntakeEvent(value: unknown, origin: Origin, where: string, sessionId?: string): IntakeEvent {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new IntakeInputError(`${where}: an event must be a JSON object, got ${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value}`);
  }
  const obj = value as Record<string, unknown>;
  if (typeof obj.event !== 'string' || !obj.event) throw new IntakeInputError(`${where}: no "event" field (the event type, e.g. "session.start")`);
  if (typeof obj.time !== 'string' || !RFC3339.test(obj.time) || Number.isNaN(Date.parse(obj.time))) {
    throw new IntakeInputError(`${where}: "time" must be an RFC 3339 timestamp (e.g. "2024-03-20T10:00:00.000Z"), got ${JSON.stringify(obj.time ?? null)}`);
  }
  if (obj.uid !== undefined && typeof obj.uid !== 'string') throw new IntakeInputError(`${where}: "uid" must be a string`);
  if (sessionId !== undefined) {
    if (obj.sid === undefined) obj.sid = sessionId;
    else if (obj.sid !== sessionId) {
      throw new IntakeInputError(`${where}: "sid" ${JSON.stringify(obj.sid)} is not the session ${sessionId} named by the URL`);
    }
  }
  const line = JSON.stringify(obj);
  return { line, type: obj.event, origin, keys: keysOf(obj, line, origin) };
}

/** Parses a JSON body (one event, as the event handler sends it). */
export function parseJsonBody(body: Buffer, origin: Origin, sessionId?: string): IntakeEvent {
  const text = body.toString('utf8').trim();
  if (!text) throw new IntakeInputError('the body is empty: send one audit event as a JSON object');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new IntakeInputError(`the body is not valid JSON (${(e as Error).message}): send one audit event as a JSON object`);
  }
  return toIntakeEvent(value, origin, 'the event', sessionId);
}

/** Parses an NDJSON body: one event per line; blank lines are ignored. All or nothing. */
export function parseNdjsonBody(body: Buffer, origin: Origin): IntakeEvent[] {
  const out: IntakeEvent[] = [];
  const lines = body.toString('utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i]!.trim();
    if (!text) continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      throw new IntakeInputError(`line ${i + 1}: not valid JSON (${(e as Error).message}); nothing from this request was kept`);
    }
    out.push(toIntakeEvent(value, origin, `line ${i + 1}`));
  }
  if (!out.length) throw new IntakeInputError('the body has no events: send one JSON object per line');
  return out;
}
