// The documented example and report queries as shipped in the repository (schema/examples/queries.sql),
// read as plain text for tests that need the file or its statements.
import { readFileSync } from 'node:fs';

export const DOCUMENTED_QUERIES_URL = new URL('../../schema/examples/queries.sql', import.meta.url);

export function documentedQueriesText(): string {
  return readFileSync(DOCUMENTED_QUERIES_URL, 'utf8');
}
