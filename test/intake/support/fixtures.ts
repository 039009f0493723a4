// Shared pieces of the intake tests: a demo audit log (the events a cluster would forward), session
// recordings built from it, and the per-view contents of an engine, to compare two engines by.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCatalog } from '../../../src/catalog';
import { generateAuditLog } from '../../../src/demo';
import type { EmbeddedEngine } from '../../../src/engine/duckdb/engine';
import { query } from '../../support/engine';

export async function demoEvents(dir: string, events = 1000): Promise<Record<string, unknown>[]> {
  await generateAuditLog({ outDir: dir, days: 2, events, seed: 4242 });
  return readdirSync(dir)
    .filter((f) => f.endsWith('.log'))
    .sort()
    .flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n').filter(Boolean))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/**
 * What a session recording streams: the session's own audit events (same uid, sid, ei) with `print`
 * events (terminal output, no uid) between them, as Teleport's recordings hold them.
 */
export function recordingsOf(events: Record<string, unknown>[]): Map<string, Record<string, unknown>[]> {
  const out = new Map<string, Record<string, unknown>[]>();
  for (const e of events) {
    if (typeof e.sid !== 'string' || !String(e.event).startsWith('session.') && e.event !== 'exec') continue;
    (out.get(e.sid) ?? out.set(e.sid, []).get(e.sid)!).push(e);
  }
  for (const [sid, evs] of out) {
    const maxEi = Math.max(0, ...evs.map((e) => Number(e.ei ?? 0)));
    const withPrints: Record<string, unknown>[] = [];
    evs.forEach((e, i) => {
      withPrints.push(e);
      withPrints.push({ event: 'print', ei: maxEi + 1 + i, time: e.time, data: Buffer.from(`$ line ${i}\r\n`).toString('base64'), bytes: 11, ci: i, ms: i * 10, offset: i * 11, sid });
    });
    out.set(sid, withPrints);
  }
  return out;
}

function canonical(v: unknown): string {
  const sort = (x: unknown): unknown => {
    if (typeof x === 'string' && /^[[{]/.test(x)) {
      try {
        return { json: sort(JSON.parse(x)) };
      } catch {
        return x;
      }
    }
    if (Array.isArray(x)) return x.map(sort);
    if (x && typeof x === 'object') return Object.fromEntries(Object.keys(x).sort().map((k) => [k, sort((x as Record<string, unknown>)[k])]));
    return x;
  };
  return JSON.stringify(sort(v));
}

/** Every catalogue view's rows (sorted), to compare two engines' contents. */
export async function viewContents(engine: EmbeddedEngine): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const v of loadCatalog().views) {
    const r = await query(engine, `SELECT * FROM ${v.name}`, 30);
    // Keys of JSON values sorted: the handler sends protobuf's JSON (sorted keys), the log has Teleport's order.
    out.set(v.name, r.rows.map((row) => canonical(row)).sort());
  }
  return out;
}

export function spoolLines(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.log'))
    .flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n').filter(Boolean));
}

/** The role teleport-event-handler's identity needs to send events: create on audit_event. */
export const FORWARDER_ROLE = `kind: role
version: v7
metadata: { name: event-forwarder }
spec:
  allow:
    rules:
      - resources: [audit_event]
        verbs: [create]
`;
