// DuckDB's "no such function / no such signature" errors for a Trino function become the embedded engine's
// refusal (it runs on Athena), naming the function and the argument types in Trino's words; other names stay
// DuckDB's error, since no engine runs them.
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../src/catalog';
import { trinoWording } from '../../../src/engine/duckdb/error-wording';

const catalog = loadCatalog();
const word = (message: string) => trinoWording(message, 'SELECT 1', [], catalog);

describe('DuckDB binder errors for Trino functions', () => {
  it('refuses a Trino function DuckDB has for other argument types, naming the types as Trino does', () => {
    const m = word("Binder Error: No function matches the given name and argument types 'substr(BLOB, BIGINT)'. You might need to add explicit type casts.");
    expect(m).toBe('not supported by the embedded engine: substr with arguments of type (varbinary, bigint); it runs on Athena');
    expect(word("Binder Error: No function matches the given name and argument types 'strpos(STRING_LITERAL, VARCHAR[], INTEGER_LITERAL)'. x"))
      .toContain('strpos with arguments of type (varchar, array(varchar), integer)');
  });

  it('refuses a Trino function DuckDB does not have', () => {
    expect(word('Catalog Error: Scalar Function with name width_bucket does not exist!'))
      .toBe('not supported by the embedded engine: the function width_bucket; it runs on Athena');
  });

  it('leaves other names alone: a typo is no refusal', () => {
    const typo = 'Catalog Error: Scalar Function with name lenght does not exist!\nDid you mean "length"?';
    expect(word(typo)).toBe(typo);
    const internal = "Binder Error: No function matches the given name and argument types '__am_thing(BLOB)'.";
    expect(word(internal)).toBe(internal);
  });
});
