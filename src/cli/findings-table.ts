// `amctl audit findings --format table`: the feed for a person at a terminal, one aligned line per
// change (when, change, severity, where it came from, what it is about, how often), read from the same
// NDJSON lines the SIEM pull gets, so local and --server runs print alike.

interface FeedLine {
  changed_at?: string;
  change?: string;
  severity?: string;
  source?: { kind?: string; rule?: string; report?: string; query?: string };
  key?: string[];
  fields?: Record<string, unknown>;
  status?: string;
  triage?: { status?: string };
}

const HEADER = ['CHANGED', 'CHANGE', 'SEVERITY', 'SOURCE', 'ENTITY', 'EVENTS', 'STATUS'];

/** The entity a finding is about: a detection's `entity` column, else its key columns (a report's). */
function entityOf(f: FeedLine): string {
  const fields = f.fields ?? {};
  if (fields.entity != null) return `${fields.entity_kind ?? 'entity'}=${String(fields.entity)}`;
  return (f.key ?? []).map((k) => `${k}=${fields[k] == null ? 'NULL' : String(fields[k])}`).join(' ');
}

function sourceOf(f: FeedLine): string {
  const s = f.source ?? {};
  if (s.kind === 'detection' && s.rule) return s.rule;
  if (s.report) return s.query ? `${s.report}/${s.query}` : s.report;
  return s.rule ?? '';
}

function row(f: FeedLine): string[] {
  const fields = f.fields ?? {};
  const count = fields.event_count ?? fields.count;
  return [
    (f.changed_at ?? '').replace(/\.\d+Z$/, 'Z'),
    f.change ?? '',
    f.severity ?? '',
    sourceOf(f),
    entityOf(f),
    count == null ? '' : String(count),
    [f.status, f.triage?.status].filter(Boolean).join(' '),
  ];
}

/** Lines of the amctl NDJSON feed as an aligned table with a header; no lines, no table. */
export function findingsTable(ndjsonLines: string[]): string[] {
  if (ndjsonLines.length === 0) return [];
  const rows = [HEADER, ...ndjsonLines.map((l) => row(JSON.parse(l) as FeedLine))];
  const widths = HEADER.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd());
}
