// The run journal: what a run has done so far, written as it happens, so a run interrupted by a crash
// resumes where it stopped instead of starting over. Layout under runs/<report>/<days>_days/<run_id>/:
//   run.json        the report definition the run started with (a later edit does not change it)
//   q<NNN>.json     one query: { status: RUNNING, execution_id } at start, its QueryResult at the end
import { getJson, putJson, type BlobStore } from './blobstore';
import type { ReportDefinition } from './definitions';
import type { QueryResult } from './results';

export interface RunHeader {
  report: ReportDefinition;
  days: number;
  run_id: string;
  started_at: string;
}

export type JournalEntry = { status: 'RUNNING'; execution_id: string; started_at: string } | QueryResult;

const dir = (report: string, days: number, runId: string) => `runs/${report}/${days}_days/${runId}/`;
const q = (i: number) => `q${String(i).padStart(3, '0')}.json`;

export class RunJournal {
  constructor(
    private readonly store: BlobStore,
    readonly report: string,
    readonly days: number,
    readonly runId: string,
  ) {}

  private get base(): string {
    return dir(this.report, this.days, this.runId);
  }

  async begin(header: RunHeader): Promise<void> {
    await putJson(this.store, `${this.base}run.json`, header);
  }

  async header(): Promise<RunHeader | undefined> {
    return (await getJson<RunHeader>(this.store, `${this.base}run.json`))?.value;
  }

  async record(index: number, entry: JournalEntry): Promise<void> {
    await putJson(this.store, this.base + q(index), entry);
  }

  async entry(index: number): Promise<JournalEntry | undefined> {
    return (await getJson<JournalEntry>(this.store, this.base + q(index)))?.value;
  }

  /** Removes the journal once the run's result document is safely written. */
  async discard(): Promise<void> {
    for (const k of await this.store.list(this.base)) await this.store.delete(k);
  }
}
