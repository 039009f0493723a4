// Casts whose meaning differs between Trino and DuckDB (src/sql/cast-rules.ts) and Trino's canonical JSON
// (src/sql/json-canonical.ts), on the embedded engine, over table columns as well as literals (the rules
// read DuckDB's type of the operand). Expected answers are real Trino's (version 476) for the same statements.
import { describe, expect, it } from 'vitest';
import { engineForFile, query } from '../support/engine';

const file = engineForFile('amctl-cast-rules-');

const rows = async (sql: string) => (await query(file.engine, sql, 7)).rows.map((r) => r.map((c) => (c === null ? null : String(c))));
const fails = async (sql: string) => {
  const err = await query(file.engine, sql, 7).then(() => undefined, (e: Error) => e);
  expect(err, `${sql} fails`).toBeInstanceOf(Error);
  return err!.message;
};

describe('casts as Trino', () => {
  it('doubles to varchar in Java scientific form, to json in Java text, to bigint rounded half away from zero', async () => {
    expect(await rows('SELECT CAST(x AS varchar), CAST(x AS json), CAST(x AS bigint) FROM (VALUES 1e7, 0.001e0, 2e0/3e0, 123456789.125e0, -2.5e0, 9.99e-4) t(x)')).toEqual([
      ['1.0E7', '1.0E7', '10000000'],
      ['1.0E-3', '0.001', '0'],
      ['6.666666666666666E-1', '0.6666666666666666', '1'],
      ['1.23456789125E8', '1.23456789125E8', '123456789'],
      ['-2.5E0', '-2.5', '-3'],
      ['9.99E-4', '9.99E-4', '0'],
    ]);
  });

  it('reals to varchar with seven significant digits, to json in Float.toString form', async () => {
    expect(await rows("SELECT CAST(r AS varchar), CAST(r AS json), CAST(r AS bigint) FROM (VALUES REAL '16777216', REAL '1.2345678', REAL '-0.5', REAL '0.1') t(r)")).toEqual([
      ['1.677722E7', '1.6777216E7', '16777216'],
      ['1.234568E0', '1.2345678', '1'],
      ['-5.0E-1', '-0.5', '-1'],
      ['1.0E-1', '0.1', '0'],
    ]);
  });

  it('integer text: surrounding spaces, a sign and leading zeros read; a fraction or an exponent fails', async () => {
    expect(await rows("SELECT CAST(s AS integer) FROM (VALUES ' 12 ', '+7', '-0012') t(s)")).toEqual([['12'], ['7'], ['-12']]);
    expect(await fails("SELECT CAST('1e2' AS integer)")).toContain("Cannot cast '1e2' to INT");
    expect(await fails("SELECT CAST(s AS bigint) FROM (VALUES '-1.5') t(s)")).toContain("Cannot cast '-1.5' to BIGINT");
  });

  it('doubles beyond the range of real become infinite; decimals keep their scale as json', async () => {
    expect(await rows("SELECT CAST(1e39 AS real), CAST(-1e39 AS real), CAST(DECIMAL '1.25' AS json), CAST(DECIMAL '-0.50' AS json)")).toEqual([
      ['Infinity', '-Infinity', '1.25', '-0.50'],
    ]);
  });

  it('casts Trino has no rule for fail with its message, also of a column and of a typed NULL', async () => {
    expect(await fails('SELECT CAST(a AS varchar) FROM (VALUES ARRAY[1]) t(a)')).toMatch(/Cannot cast array\(integer\) to varchar/);
    expect(await fails('SELECT CAST(CAST(NULL AS date) AS boolean)')).toMatch(/Cannot cast date to boolean/);
    expect(await fails("SELECT CAST(TIMESTAMP '2024-06-01 12:00:00.000 UTC' AS json)")).toMatch(/Cannot cast timestamp\(3\) with time zone to json/);
  });
});

describe('JSON as Trino', () => {
  it('json_format shows objects with their keys sorted, nested ones too', async () => {
    expect(await rows(`SELECT json_format(json_parse('{"z":[{"b":1,"a":{"y":true,"x":null}}],"a":"é"}'))`)).toEqual([
      ['{"a":"é","z":[{"a":{"x":null,"y":true},"b":1}]}'],
    ]);
  });

  it('JSON values with their keys in another order are equal (Trino compares canonical JSON)', async () => {
    expect(await rows(`SELECT JSON '{"a":1,"b":2}' = JSON '{"b":2,"a":1}'`)).toEqual([['true']]);
  });

  it('a JSON result shows its keys sorted and text beyond the BMP as surrogate escapes', async () => {
    expect(await rows(`SELECT json_extract(JSON '{"b":2,"a":{"d":[1],"c":null}}', '$'), CAST('😀x𝄞' AS json)`)).toEqual([
      ['{"a":{"c":null,"d":[1]},"b":2}', '"\\uD83D\\uDE00x\\uD834\\uDD1E"'],
    ]);
  });

  it('json_size of a scalar is 0, of a missing path NULL; json_array_contains of NaN is false', async () => {
    expect(await rows(`SELECT json_size(JSON '{"a":{"b":1}}', '$.a.b'), json_size(JSON '{"a":{"b":1}}', '$.c'), json_array_contains(JSON '[1]', nan()), json_array_contains(CAST(NULL AS json), nan())`)).toEqual([
      ['0', null, 'false', null],
    ]);
  });
});
