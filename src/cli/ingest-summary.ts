// One sentence for an ingest, the same from `amctl ingest` and at gateway start-up.
import type { IngestSummary } from '../engine/duckdb/ingest';

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

export function describeIngest(s: IngestSummary): string {
  const extras = [s.badLines ? plural(s.badLines, 'bad line') + ' skipped' : '', s.unknownTypes ? `${plural(s.unknownTypes, 'event')} of unknown types (kept, in no view)` : '']
    .filter(Boolean)
    .join(', ');
  return `ingested ${plural(s.events, 'event')} from ${s.filesRead} of ${plural(s.files, 'file')} in ${s.seconds.toFixed(1)} s${extras ? `; ${extras}` : ''}`;
}
