// FindingsService: turns finished report runs and detection runs into findings and serves the feed.
// Report runs are picked up when their final state is written (the runner's event) and, as a safety
// net, by a catch-up pass over the run states (the scheduler's tick and start-up), so a run whose
// gateway died before recording its findings is recorded by the next pass; applying a run is idempotent.
import { randomBytes } from 'node:crypto';
import type { ColumnInfo, Row } from '../../engine/types';
import type { BlobStore } from '../blobstore';
import { iso, systemClock, type Clock } from '../clock';
import type { Detection } from '../detections/types';
import type { ReportService } from '../service';
import type { ReportState } from '../state';
import { ReportError } from '../errors';
import { readFeed, type FeedFilter, type FeedPage } from './feed';
import type { SourceRun } from './reconcile';
import { listInbox, pageInbox, type InboxFilter, type InboxItem, type InboxPage } from './inbox';
import { FindingStore } from './store';
import { TriageStore, type TriageInput, type TriageRecord } from './triage';
import { DEFAULT_SEVERITY, type Finding } from './types';

export interface FindingsServiceOptions {
  store: BlobStore;
  reports: ReportService;
  retentionMs: number;
  clock?: Clock;
  log?: (msg: string, err?: unknown) => void;
}

const PRUNE_EVERY_MS = 3_600_000;

export const reportScope = (report: string, days: number) => `report/${report}/${days}d`;
export const detectionScope = (name: string) => `detection/${name}`;
export const ruleScope = (id: string) => `rule/${id}`;

export class FindingsService {
  readonly store: FindingStore;
  readonly triageStore: TriageStore;
  private readonly clock: Clock;
  private lastPrune = 0;
  private chain: Promise<unknown> = Promise.resolve();
  /** Runs known to be applied (`<scope>@<run id>`): the catch-up pass then reads nothing for them. */
  private readonly applied = new Set<string>();

  constructor(private readonly opts: FindingsServiceOptions) {
    this.store = new FindingStore(opts.store);
    this.triageStore = new TriageStore(opts.store, this.store.log);
    this.clock = opts.clock ?? systemClock;
  }

  /** Records findings whenever a report run of this process finishes. */
  attach(): void {
    this.opts.reports.on('stateChanged', (st) => {
      if (st.status === 'RUNNING' || !st.result_run_id) return;
      void this.serial(() => this.applyReportRun(st.report, st.days, st.result_run_id!)).catch((e) => this.opts.log?.(`findings of ${st.name}`, e));
    });
  }

  /** Applies are serialised per process: they are cheap, and it keeps the log append order simple to reason about. */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const p = this.chain.then(fn, fn);
    this.chain = p.catch(() => undefined);
    return p;
  }

  private retentionCutoff(): number {
    return this.clock.now() - this.opts.retentionMs;
  }

  private async afterApply(): Promise<void> {
    const now = this.clock.now();
    if (now - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = now;
    await this.store.log.prune(this.retentionCutoff()).catch(() => 0);
  }

  /** Records the findings of one finished report run (idempotent). */
  async applyReportRun(report: string, days: number, runId: string): Promise<Finding[]> {
    const scope = reportScope(report, days);
    const mark = `${scope}@${runId}`;
    if (this.applied.has(mark)) return [];
    const { state } = await this.store.scope(scope);
    if (state.applied.includes(runId) && !state.pending) {
      this.applied.add(mark);
      return [];
    }
    const result = await this.opts.reports.getRunResult(report, days, runId);
    if (!result) return [];
    const def = await this.opts.reports.findReport(report).catch(() => undefined);
    const runs: SourceRun[] = result.queries
      .filter((q) => q.status === 'SUCCEEDED')
      .map((q) => {
        const dq = def?.audit_queries.find((x) => x.name === q.name);
        return {
          source: { kind: 'report', name: `report:${report}/${q.name}/${days}d`, report, query: q.name, days },
          title: q.title,
          description: q.description,
          suggestion: q.suggestion,
          severity: dq?.severity ?? def?.severity ?? DEFAULT_SEVERITY,
          key: dq?.finding_key,
          columns: q.columns,
          rows: q.rows,
          complete: !q.truncated,
        };
      });
    const changes = await this.store.apply(scope, runId, runs, this.clock.now(), this.retentionCutoff());
    this.applied.add(mark);
    await this.afterApply();
    return changes;
  }

  /** Records the findings of one detection run: the rows its condition matched (none when it stayed quiet). */
  recordDetectionRun(d: Detection, columns: ColumnInfo[], rows: Row[], at: number): Promise<Finding[]> {
    return this.serial(async () => {
      const runId = `${iso(at).replace(/[-:]/g, '').replace('.', '')}-${randomBytes(4).toString('hex')}`;
      const run: SourceRun = {
        source: { kind: 'detection', name: `detection:${d.name}`, detection: d.name, days: d.days },
        title: d.description || `Detection ${d.name}`,
        description: d.description,
        suggestion: '',
        severity: d.severity ?? DEFAULT_SEVERITY,
        key: d.finding_key,
        columns,
        rows,
        complete: true,
      };
      const changes = await this.store.apply(detectionScope(d.name), runId, [run], at, this.retentionCutoff());
      await this.afterApply();
      return changes;
    });
  }

  /**
   * Records the findings of one rule run: `rows` are the entities the rule has open (one finding
   * each, keyed by `entity`), so a rule that keeps matching updates its finding and one that stops
   * resolves it.
   */
  recordRuleRun(rule: { id: string; title: string; description: string; runbook: string; severity: Finding['severity']; days: number }, columns: ColumnInfo[], rows: Row[], at: number): Promise<Finding[]> {
    return this.serial(async () => {
      const runId = `${iso(at).replace(/[-:]/g, '').replace('.', '')}-${randomBytes(4).toString('hex')}`;
      const run: SourceRun = {
        source: { kind: 'detection', name: `rule:${rule.id}`, detection: rule.id, rule: rule.id, days: rule.days },
        title: rule.title,
        description: rule.description,
        suggestion: rule.runbook,
        severity: rule.severity,
        key: ['entity'],
        columns,
        rows,
        complete: true,
      };
      const changes = await this.store.apply(ruleScope(rule.id), runId, [run], at, this.retentionCutoff());
      await this.afterApply();
      return changes;
    });
  }

  /** Applies every finished run not yet recorded, and finishes batches a dead writer left pending. */
  async catchUp(states?: ReportState[]): Promise<number> {
    return this.serial(async () => {
      let n = 0;
      await this.store.recover(this.clock.now());
      for (const st of states ?? (await this.opts.reports.listStates())) {
        if (st.status === 'RUNNING' && !st.result_run_id) continue;
        if (!st.result_run_id) continue;
        n += (await this.applyReportRun(st.report, st.days, st.result_run_id)).length;
      }
      return n;
    });
  }

  feed(after: string | undefined, first: number, filter?: FeedFilter): Promise<FeedPage> {
    return readFeed(this.store.log, after, first, filter);
  }

  /** The findings inbox: latest state and triage of every finding, newest first. */
  async inbox(filter: InboxFilter, first: number, after?: string): Promise<InboxPage> {
    return pageInbox(await listInbox(this.store, this.triageStore), filter, first, after);
  }

  /** One finding's latest state with its triage, or undefined. */
  async finding(id: string): Promise<InboxItem | undefined> {
    return (await listInbox(this.store, this.triageStore)).find((i) => i.finding.id === id);
  }

  /** One triage change: recorded with who, when and why, and appended to the feed as a TRIAGED change. */
  async triage(id: string, input: TriageInput): Promise<{ item: InboxItem; record: TriageRecord }> {
    const item = await this.finding(id);
    if (!item) throw new ReportError('NOT_FOUND', `no finding ${JSON.stringify(id)}: take the id from the inbox or the feed (findings runs no longer find are dropped after findings.retention_days)`);
    const { triage: _t, ...latest } = item.finding;
    const { record } = await this.serial(() => this.triageStore.change(latest, input, iso(this.clock.now())));
    return { item: { ...item, finding: { ...latest, triage: record.current }, triage: record }, record };
  }

  /** Resolves once every apply queued so far is done (tests, shutdown). */
  async idle(): Promise<void> {
    await this.chain;
  }
}
