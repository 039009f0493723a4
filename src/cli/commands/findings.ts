// `amctl audit findings`: the findings feed, one JSON line per change (amctl's shape or OCSF), from a
// cursor; `--cursor-file` makes it a resumable pull (read the cursor, write the next one back). Reads
// the report store directly (local directory or S3; no engine is opened, so it works beside a running
// gateway), or GET /v1/findings on the gateway at --server.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { reportStoreS3Client } from '../../reports/aws';
import { parseReportsConfig } from '../../reports/config';
import { MAX_FEED_PAGE, readFeed, type FeedFilter } from '../../reports/findings/feed';
import { ChangeLog } from '../../reports/findings/log';
import { toOcsf } from '../../reports/findings/ocsf';
import { SEVERITIES, type FindingChange, type Severity } from '../../reports/findings/types';
import { openReportStore } from '../../reports/runtime';
import { configFrom, globalOptions } from '../context';
import { findingsTable } from '../findings-table';

const FORMATS = ['ndjson', 'ocsf', 'table'];
const CHANGES: FindingChange[] = ['NEW', 'UPDATED', 'RESOLVED', 'REOPENED', 'TRIAGED'];

interface Options {
  after?: string;
  cursorFile?: string;
  limit: string;
  format: string;
  minSeverity?: string;
  report?: string[];
  detection?: string[];
  change?: string[];
}

interface Page {
  lines: string[];
  next: string;
  more: boolean;
}

async function localPage(cmd: Command, after: string | undefined, limit: number, format: string, filter: FeedFilter): Promise<Page> {
  const core = configFrom(cmd);
  const cfg = parseReportsConfig(core);
  const s3 = cfg.reportResults.startsWith('s3://') ? reportStoreS3Client(core, cfg) : undefined;
  try {
    const page = await readFeed(new ChangeLog(openReportStore(cfg, s3?.s3)), after, limit, filter);
    const lines = page.items.map((i) => JSON.stringify(format === 'ocsf' ? toOcsf(i.finding, i.cursor) : { cursor: i.cursor, ...i.finding }));
    return { lines, next: page.endCursor, more: page.hasNextPage };
  } finally {
    s3?.close();
  }
}

async function remotePage(server: string, token: string, after: string | undefined, limit: number, format: string, filter: FeedFilter): Promise<Page> {
  const url = new URL('/v1/findings', server);
  url.searchParams.set('limit', String(limit));
  url.searchParams.set('format', format);
  if (after) url.searchParams.set('after', after);
  if (filter.minSeverity) url.searchParams.set('min_severity', filter.minSeverity);
  if (filter.reports?.length) url.searchParams.set('report', filter.reports.join(','));
  if (filter.detections?.length) url.searchParams.set('detection', filter.detections.join(','));
  if (filter.changes?.length) url.searchParams.set('change', filter.changes.join(','));
  let res: Response;
  try {
    res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  } catch (e) {
    throw new Error(`cannot reach the gateway at ${server}: ${(e as Error).message}`);
  }
  const text = await res.text();
  if (res.status !== 200) {
    let message = text;
    try {
      message = (JSON.parse(text) as { errors: { message: string }[] }).errors[0]!.message;
    } catch {
      // not the gateway's JSON error: show the body as it is
    }
    throw new Error(`the gateway answered ${res.status}: ${message}`);
  }
  return { lines: text.split('\n').filter(Boolean), next: res.headers.get('amctl-next-cursor') ?? after ?? '', more: res.headers.get('amctl-has-more') === 'true' };
}

export function registerFindingsCommand(audit: Command): void {
  audit
    .command('findings')
    .description('the findings feed: changes to findings (NEW, UPDATED, RESOLVED, REOPENED, TRIAGED) since a cursor, one JSON line each (or a table)')
    .option('--after <cursor>', 'start after this cursor (default: the oldest change kept)')
    .option('--cursor-file <file>', 'read the cursor from this file and write the next one back: each run prints only what is new')
    .option('--limit <n>', `changes at most (1-${MAX_FEED_PAGE})`, '500')
    .option('--format <f>', 'ndjson (amctl findings), ocsf (OCSF Detection Finding events) or table (for reading)', 'ndjson')
    .option('--min-severity <s>', `at least this severity: ${SEVERITIES.join(', ')}`)
    .option('--report <name...>', 'only these reports')
    .option('--detection <name...>', 'only these detections')
    .option('--change <kind...>', `only these changes: ${CHANGES.join(', ')}`)
    .action(async (opts: Options, cmd: Command) => {
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > MAX_FEED_PAGE) throw new Error(`--limit must be a whole number from 1 to ${MAX_FEED_PAGE}, got ${JSON.stringify(opts.limit)}`);
      if (!FORMATS.includes(opts.format)) throw new Error(`--format must be ndjson, ocsf or table, got ${JSON.stringify(opts.format)}`);
      if (opts.minSeverity && !(SEVERITIES as readonly string[]).includes(opts.minSeverity)) {
        throw new Error(`--min-severity must be one of ${SEVERITIES.join(', ')}, got ${JSON.stringify(opts.minSeverity)}`);
      }
      const changes = opts.change?.map((c) => c.toUpperCase());
      const bad = changes?.find((c) => !(CHANGES as string[]).includes(c));
      if (bad) throw new Error(`--change must be one of ${CHANGES.join(', ')}, got ${JSON.stringify(bad)}`);
      const filter: FeedFilter = { minSeverity: opts.minSeverity as Severity | undefined, reports: opts.report, detections: opts.detection, changes: changes as FindingChange[] | undefined };
      let after = opts.after;
      if (!after && opts.cursorFile) {
        try {
          after = readFileSync(opts.cursorFile, 'utf8').trim() || undefined;
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
        }
      }
      const g = globalOptions(cmd);
      // The table is made here from the NDJSON lines, so the gateway is asked for those.
      const wire = opts.format === 'table' ? 'ndjson' : opts.format;
      let page: Page;
      if (g.server) {
        const token = g.token ?? process.env.AMCTL_TOKEN;
        if (!token) throw new Error('--server needs a token: pass --token or set AMCTL_TOKEN (get one with `amctl token`)');
        page = await remotePage(g.server, token, after, limit, wire, filter);
      } else {
        page = await localPage(cmd, after, limit, wire, filter);
      }
      const out = opts.format === 'table' ? findingsTable(page.lines) : page.lines;
      if (out.length) process.stdout.write(out.join('\n') + '\n');
      if (opts.cursorFile) {
        writeFileSync(`${opts.cursorFile}.tmp`, page.next + '\n');
        renameSync(`${opts.cursorFile}.tmp`, opts.cursorFile);
      } else {
        process.stderr.write(`next cursor: ${page.next}\n`);
      }
      if (page.more) process.stderr.write('more changes follow: run again to get them\n');
    });
}
