// The documented queries as the CLI and the console offer them: 6 examples and the 9 report queries,
// each with the exact SQL the documentation gives (the oracle's copy is written out independently).
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exampleQueries, parseExampleQueries } from '../../src/catalog/examples';
import { QUERY_SQL } from '../support/oracle';

const ROOT = resolve(import.meta.dirname, '../..');

describe('documented example queries', () => {
  it('has the 6 examples and the 9 report queries, in order, with the documented SQL', () => {
    const all = exampleQueries();
    expect(all.map((q) => q.id)).toEqual([1, 2, 3, 4, 5, 6].map((i) => `example-${i}`).concat([1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => `report-${i}`)));
    for (const q of all) expect(q.sql, q.id).toBe(QUERY_SQL[q.id as keyof typeof QUERY_SQL].replace(/;\s*$/, ''));
  });

  it('reads titles, descriptions and suggestions from the comments', () => {
    const [q] = parseExampleQueries(
      '-- heading\n\n-- report 1: weak sessions\n-- (no MFA)\n-- suggestion: Set up MFA\n-- and device trust.\nSELECT 1;\n\n-- a section heading\n',
    );
    expect(q).toEqual({ id: 'report-1', kind: 'report', title: 'Weak sessions', description: '(no MFA)', suggestion: 'Set up MFA and device trust.', sql: 'SELECT 1' });
    const r1 = exampleQueries().find((e) => e.id === 'report-1')!;
    expect(r1.suggestion).toBe('Set up access requests, device trust and per-session MFA.');
    expect(r1.description).toBe('(no access request, no MFA, no impersonation, no trusted device)');
  });

  it('`amctl audit query examples` lists them and prints one for exec', () => {
    const list = spawnSync(process.execPath, [resolve(ROOT, 'bin/amctl'), 'audit', 'query', 'examples'], { encoding: 'utf8' });
    expect(list.status).toBe(0);
    expect(list.stdout.trim().split('\n')).toHaveLength(15);
    expect(list.stdout).toMatch(/^example-4 +Every distinct IP address used by user 'admin-annie'$/m);
    const one = spawnSync(process.execPath, [resolve(ROOT, 'bin/amctl'), 'audit', 'query', 'examples', '--sql', 'report-8'], { encoding: 'utf8' });
    expect(one.stdout).toBe(`${QUERY_SQL['report-8'].replace(/;\s*$/, '')}\n`);
    const bad = spawnSync(process.execPath, [resolve(ROOT, 'bin/amctl'), 'audit', 'query', 'examples', '--sql', 'nope'], { encoding: 'utf8' });
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/no example "nope": the examples are example-1, /);
  });
});

describe('exampleQueries over GraphQL', () => {
  it('serves them to users with use on audit_query, and refuses others', async () => {
    const { startBareGateway } = await import('../support/gateway');
    const gw = await startBareGateway();
    try {
      const res = await gw.gql<{ exampleQueries: { id: string; sql: string; suggestion: string }[] }>('{ exampleQueries { id title sql suggestion } }');
      expect(res.errors).toBeUndefined();
      expect(res.data!.exampleQueries.map((q) => q.id)).toEqual(exampleQueries().map((q) => q.id));
      expect(res.data!.exampleQueries[0]!.sql).toBe(QUERY_SQL['example-1'].replace(/;\s*$/, ''));
      const nobody = await gw.token({ user: 'n', roles: [] });
      expect((await gw.gql('{ exampleQueries { id } }', {}, nobody)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    } finally {
      await gw.close();
    }
  });
});
