// The documented example and report queries as shipped in the repository (schema/examples/queries.sql),
// read as plain text for tests that need the file or its statements.
import { readFileSync } from 'node:fs';

export const DOCUMENTED_QUERIES_URL = new URL('../../schema/examples/queries.sql', import.meta.url);

export function documentedQueriesText(): string {
  return readFileSync(DOCUMENTED_QUERIES_URL, 'utf8');
}

/** The statements of the file, each with the title of its last comment line. */
export function documentedQueries(): { title: string; sql: string }[] {
  return documentedQueriesText()
    .split(/;\s*\n/)
    .map((q) => q.trim())
    .filter((q) => q.replace(/^\s*--.*$/gm, '').trim() !== '')
    .map((q) => ({ title: /^--\s*(.*)$/m.exec(q.split('\n').filter((l) => l.startsWith('--')).at(-1) ?? '')?.[1] ?? q.slice(0, 40), sql: q }));
}
