// The console's GraphQL operations stay valid against the gateway's schema, and their generated types
// (console/src/gql, `npm run console:codegen`) are up to date with the schema and the operations.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from '@graphql-codegen/cli';
import { buildSchema, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import * as operations from '../../console/src/api/operations';
import config from '../../console/codegen';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('console operations', () => {
  it('every operation validates against schema/schema.graphql', () => {
    const schema = buildSchema(readFileSync(join(ROOT, 'schema', 'schema.graphql'), 'utf8'));
    const docs = Object.entries(operations).filter(([name]) => !name.endsWith('Fragment'));
    expect(docs.length).toBeGreaterThan(15);
    for (const [name, doc] of docs) {
      const errors = validate(schema, parse(doc.toString()));
      expect(errors.map((e) => `${name}: ${e.message}`)).toEqual([]);
    }
  });

  it('the generated types are current (run `npm run console:codegen` after a schema or operation change)', async () => {
    const cwd = process.cwd();
    process.chdir(ROOT);
    try {
      const files = (await generate({ ...config, silent: true }, false)) as { filename: string; content: string }[];
      expect(files.length).toBeGreaterThan(2);
      for (const f of files) expect(readFileSync(join(ROOT, f.filename), 'utf8'), f.filename).toBe(f.content);
    } finally {
      process.chdir(cwd);
    }
  });
});
