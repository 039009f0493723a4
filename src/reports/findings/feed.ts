// The findings feed: the change log read in order from a cursor. A cursor names a position in the log
// (entry sequence number, findings of that entry already delivered), so a client that stores the last
// cursor it processed and asks again from it gets every later change once, across gateway restarts and
// whichever gateway it asks. Filters skip changes but still move the cursor past them.
import { ReportError } from '../errors';
import type { ChangeLog } from './log';
import { SEVERITIES, type FeedItem, type Finding, type FindingChange, type Severity } from './types';

export interface FeedPosition {
  seq: number;
  /** Findings of entry `seq` already delivered. */
  offset: number;
}

const PREFIX = 'f1.';

export function encodeFeedCursor(p: FeedPosition): string {
  return PREFIX + Buffer.from(`${p.seq}:${p.offset}`, 'utf8').toString('base64url');
}

export function decodeFeedCursor(cursor: string): FeedPosition {
  const m = cursor.startsWith(PREFIX) ? /^(\d{1,15}):(\d{1,9})$/.exec(Buffer.from(cursor.slice(PREFIX.length), 'base64url').toString('utf8')) : null;
  if (!m || encodeFeedCursor({ seq: Number(m[1]), offset: Number(m[2]) }) !== cursor) {
    throw new ReportError('BAD_INPUT', `after: ${JSON.stringify(cursor.slice(0, 80))} is not a findings cursor; pass a cursor the feed returned, or none to start from the oldest change kept`);
  }
  return { seq: Number(m[1]), offset: Number(m[2]) };
}

export interface FeedFilter {
  /** At least this severity. */
  minSeverity?: Severity;
  reports?: string[];
  detections?: string[];
  changes?: FindingChange[];
}

export function matches(f: Finding, filter: FeedFilter): boolean {
  if (filter.minSeverity && SEVERITIES.indexOf(f.severity) < SEVERITIES.indexOf(filter.minSeverity)) return false;
  if (filter.changes?.length && !filter.changes.includes(f.change)) return false;
  const bySource = (filter.reports?.length ?? 0) + (filter.detections?.length ?? 0) > 0;
  if (bySource) {
    const r = f.source.report !== undefined && (filter.reports ?? []).includes(f.source.report);
    const d = f.source.detection !== undefined && (filter.detections ?? []).includes(f.source.detection);
    if (!r && !d) return false;
  }
  return true;
}

export interface FeedPage {
  items: FeedItem[];
  /** Where to resume: after the last change examined (delivered or filtered out). */
  endCursor: string;
  hasNextPage: boolean;
}

export const MAX_FEED_PAGE = 1000;

/** Cursor expired: the log entries after it were deleted by retention. */
export class CursorExpiredError extends ReportError {
  constructor(message: string) {
    super('NOT_FOUND', message);
    this.name = 'CursorExpiredError';
  }
}

export async function readFeed(log: ChangeLog, after: string | undefined, first: number, filter: FeedFilter = {}): Promise<FeedPage> {
  let pos: FeedPosition = after ? decodeFeedCursor(after) : { seq: 0, offset: 0 };
  if (after) {
    const oldest = await log.oldest();
    if (oldest !== undefined && pos.seq < oldest - 1) {
      throw new CursorExpiredError(
        `the cursor points at change ${pos.seq}, older than the oldest change kept (${oldest}; findings.retention_days): start again without a cursor and de-duplicate by finding id and version`,
      );
    }
  }
  // Only the entries from the cursor's on are listed: a poller at the head lists one key or none.
  const seqs = await log.seqs({ after: pos.seq - 1 });
  const items: FeedItem[] = [];
  if (after && pos.seq > 0 && seqs.length === 0) {
    const newest = await log.head();
    if (pos.seq > newest) {
      throw new ReportError('BAD_INPUT', `the cursor points at change ${pos.seq}, past the newest one (${newest}): it is not from this gateway's findings log`);
    }
  }
  let prev: number | undefined;
  let hasNextPage = false;
  for (const seq of seqs) {
    if (seq < pos.seq) continue;
    // Never read past a hole (there are none by construction; this is the belt to log.ts's braces).
    if (prev !== undefined ? seq !== prev + 1 : after !== undefined && seq > pos.seq + 1) break;
    prev = seq;
    const entry = await log.entry(seq);
    if (!entry) break; // pruned under us: stop here, the next call resumes
    let i = seq === pos.seq ? pos.offset : 0;
    for (; i < entry.findings.length; i++) {
      if (items.length >= first) {
        hasNextPage = true;
        break;
      }
      const f = entry.findings[i]!;
      if (matches(f, filter)) items.push({ cursor: encodeFeedCursor({ seq, offset: i + 1 }), finding: f });
    }
    pos = { seq, offset: i };
    if (hasNextPage) break;
    if (items.length >= first) {
      hasNextPage = seqs[seqs.length - 1]! > seq;
      break;
    }
  }
  return { items, endCursor: encodeFeedCursor(pos), hasNextPage };
}
