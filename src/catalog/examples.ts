// The product's documented example and report queries (schema/examples/queries.sql), as the CLI
// (`audit query examples`) and the console offer them. Each block opens with a header comment
// `-- example N: title` or `-- report N: title`; further comment lines are its description, and a
// `-- suggestion:` line (reports) starts the suggestion. The SQL below runs unmodified on every engine.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface ExampleQuery {
  /** `example-1`, `report-3`, ... */
  id: string;
  kind: 'example' | 'report';
  title: string;
  description: string;
  suggestion: string;
  /** The statement as documented, without its trailing semicolon. */
  sql: string;
}

const EXAMPLES_PATH = fileURLToPath(new URL('../../schema/examples/queries.sql', import.meta.url));

const HEADER = /^-- (example|report) (\d+): (.*)$/;

export function parseExampleQueries(text: string): ExampleQuery[] {
  const out: ExampleQuery[] = [];
  for (const block of text.split(/\n(?=-- (?:example|report) \d+:)/).slice(1)) {
    const lines = block.split('\n');
    const m = HEADER.exec(lines[0]!);
    if (!m) continue;
    const comments: string[] = [];
    let i = 1;
    for (; i < lines.length && lines[i]!.startsWith('--'); i++) comments.push(lines[i]!.replace(/^--\s?/, ''));
    const s = comments.findIndex((c) => c.startsWith('suggestion:'));
    const description = (s < 0 ? comments : comments.slice(0, s)).join(' ').trim();
    const suggestion = s < 0 ? '' : comments.slice(s).join(' ').replace(/^suggestion:\s*/, '').trim();
    // A block ends at its statement's semicolon; what follows (a section heading) is not SQL.
    const body = lines.slice(i).join('\n');
    const end = body.indexOf(';');
    const sql = (end < 0 ? body : body.slice(0, end)).trim();
    const title = m[3]!.trim();
    out.push({ id: `${m[1]}-${m[2]}`, kind: m[1] as ExampleQuery['kind'], title: title.charAt(0).toUpperCase() + title.slice(1), description, suggestion, sql });
  }
  return out;
}

let cached: ExampleQuery[] | undefined;

/** The shipped examples, read once. */
export function exampleQueries(): ExampleQuery[] {
  cached ??= parseExampleQueries(readFileSync(EXAMPLES_PATH, 'utf8'));
  return cached;
}
