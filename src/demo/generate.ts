// generateAuditLog: a deterministic, realistic Teleport file audit log for demos, tests and
// benchmarks. Everyday activity follows a working-hours curve; the planted patterns (plants.ts)
// guarantee that every Privileged Access query and documented example finds something.
//
// Ordering: scenarios emit events at increasing times, possibly into later hours. Events wait in
// hourly buckets; an hour is sorted and written once every scenario that could still reach it
// (those starting in it or earlier) has run. Memory is one or two hours of events.
import { plantIntrusion } from './intrusion';
import { mkdir } from 'node:fs/promises';
import { CLUSTER } from './cast';
import { EventFactory, type AuditEventJson } from './events';
import { plantDay, plantDays } from './plants';
import { hash32, Rng } from './prng';
import { EVERYDAY, type EventSink, type ScenarioContext } from './scenarios';
import { DayFileWriter } from './writer';
import { DAY_MS, HOUR_MS, formatUtcDate, parseUtcDate, utcMidnight } from './time';

export interface GenerateOptions {
  /** Directory to write into (created when missing). Existing files of the same names are replaced. */
  outDir: string;
  /** Number of UTC days, ending with `end` inclusive. */
  days: number;
  /** Exact number of events to write. */
  events: number;
  /** Non-negative integer; with `end`, `days` and `events` it determines the output byte for byte. */
  seed: number;
  /** Last day, YYYY-MM-DD (UTC). Default: today (UTC). */
  end?: string;
  /** Gzip every day's file except the last (Teleport compresses files it has finished with). */
  gzip?: boolean;
  /** Called after each day's file is complete. */
  onDay?: (date: string, eventsSoFar: number) => void;
}

export interface GenerateSummary {
  events: number;
  /** Of which planted patterns. */
  plantedEvents: number;
  files: string[];
  firstDay: string;
  lastDay: string;
  /** Uncompressed bytes. */
  bytes: number;
  clusterName: string;
}

export const MIN_EVENTS = 1000;
export const MAX_EVENTS = 100_000_000;
export const MAX_DAYS = 366;

/** Relative activity per UTC hour: a team mostly in European and American working hours. */
const HOURLY = [0.15, 0.1, 0.1, 0.1, 0.15, 0.25, 0.5, 0.9, 1.4, 1.7, 1.8, 1.7, 1.3, 1.6, 1.8, 1.7, 1.5, 1.1, 0.8, 0.6, 0.45, 0.35, 0.25, 0.2];

interface Pending {
  t: number;
  seq: number;
  line: string;
}

function validate(opts: GenerateOptions): { endDay: number } {
  if (typeof opts.outDir !== 'string' || opts.outDir.trim() === '') throw new Error('output directory is required');
  if (!Number.isInteger(opts.days) || opts.days < 1 || opts.days > MAX_DAYS) {
    throw new Error(`days must be a whole number from 1 to ${MAX_DAYS}, got ${opts.days}`);
  }
  if (!Number.isInteger(opts.events) || opts.events < MIN_EVENTS || opts.events > MAX_EVENTS) {
    throw new Error(`events must be a whole number from ${MIN_EVENTS} to ${MAX_EVENTS}, got ${opts.events}`);
  }
  if (!Number.isInteger(opts.seed) || opts.seed < 0 || opts.seed > 0xffffffff) {
    throw new Error(`seed must be a whole number from 0 to ${0xffffffff}, got ${opts.seed}`);
  }
  const end = opts.end ?? formatUtcDate(Date.now());
  const endDay = parseUtcDate(end);
  if (endDay === undefined) throw new Error(`end date must be a real date as YYYY-MM-DD, got ${JSON.stringify(end)}`);
  return { endDay };
}

export async function generateAuditLog(opts: GenerateOptions): Promise<GenerateSummary> {
  const { endDay } = validate(opts);
  const firstDay = endDay - (opts.days - 1) * DAY_MS;
  const windowEnd = endDay + DAY_MS;
  const rng = new Rng(opts.seed, hash32(formatUtcDate(endDay)), opts.days, opts.events);
  const factory = new EventFactory(rng);

  const buckets = new Map<number, Pending[]>();
  let seq = 0;
  const schedule = (t: number, event: AuditEventJson): boolean => {
    if (t >= windowEnd) return false; // has not happened yet
    const key = Math.floor(t / HOUR_MS);
    let bucket = buckets.get(key);
    if (!bucket) buckets.set(key, (bucket = []));
    bucket.push({ t, seq: seq++, line: JSON.stringify(event) });
    return true;
  };

  // Planted patterns first: they are few, and knowing their count up front keeps the total exact.
  let planted = 0;
  const plantSink: EventSink = { emit: (t, e) => void (schedule(t, e) && planted++) };
  const plantCtx: ScenarioContext = { rng, events: factory, sink: plantSink };
  for (const day of plantDays(endDay, opts.days)) plantDay(plantCtx, day);
  // The intrusion: the afternoon before the end date (the end date itself in a one-day log).
  plantIntrusion(plantCtx, (opts.days > 1 ? endDay - DAY_MS : endDay) + 14 * HOUR_MS);
  const budget = opts.events - planted;
  if (budget < 0) throw new Error(`events must be at least ${planted} to hold the planted patterns, got ${opts.events}`);

  // Everyday activity: a cumulative per-hour target, so the total is exact and the curve holds.
  const hours = opts.days * 24;
  const weights = new Float64Array(hours);
  let total = 0;
  for (let h = 0; h < hours; h++) {
    const start = firstDay + h * HOUR_MS;
    const weekday = new Date(start).getUTCDay();
    const dayFactor = weekday === 0 || weekday === 6 ? 0.3 : 1;
    weights[h] = HOURLY[h % 24] * dayFactor * (0.85 + 0.3 * rng.float());
    total += weights[h];
  }
  let random = 0;
  const randomSink: EventSink = { emit: (t, e) => void (random < budget && schedule(t, e) && random++) };
  const ctx: ScenarioContext = { rng, events: factory, sink: randomSink };

  await mkdir(opts.outDir, { recursive: true });
  const writer = new DayFileWriter(opts.outDir);
  let cumulative = 0;
  let written = 0;
  try {
    for (let d = 0; d < opts.days; d++) {
      const dayStart = firstDay + d * DAY_MS;
      const date = formatUtcDate(dayStart);
      await writer.open(date, !!opts.gzip && d < opts.days - 1);
      for (let hod = 0; hod < 24; hod++) {
        const h = d * 24 + hod;
        const hourStart = dayStart + hod * HOUR_MS;
        cumulative += weights[h];
        const target = h === hours - 1 ? budget : Math.min(budget, Math.round((budget * cumulative) / total));
        while (random < target) EVERYDAY.pick(rng)(ctx, hourStart + Math.floor(rng.float() * HOUR_MS));
        const key = Math.floor(hourStart / HOUR_MS);
        const bucket = buckets.get(key);
        if (!bucket) continue;
        buckets.delete(key);
        bucket.sort((a, b) => a.t - b.t || a.seq - b.seq);
        let chunk = '';
        for (const p of bucket) chunk += p.line + '\n';
        await writer.write(chunk);
        written += bucket.length;
      }
      opts.onDay?.(date, written);
    }
  } finally {
    await writer.close();
  }
  if (buckets.size > 0 || written !== opts.events) {
    throw new Error(`internal error: wrote ${written} of ${opts.events} events (${buckets.size} hours left unwritten)`);
  }
  return {
    events: written,
    plantedEvents: planted,
    files: writer.paths,
    firstDay: formatUtcDate(firstDay),
    lastDay: formatUtcDate(utcMidnight(windowEnd - 1)),
    bytes: writer.bytes,
    clusterName: CLUSTER,
  };
}
