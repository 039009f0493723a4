// Trino's math functions and operators on the embedded engine, over column values (which the generated
// check's constant grid does not reach) and the functions DuckDB lacks. Expected answers are those real
// Trino (the version the tests run) gave for the same statements.
import { describe, expect, it } from 'vitest';
import { engineForFile, query } from '../support/engine';

const file = engineForFile('amctl-math-');

const run = async (sql: string) => {
  const r = await query(file.engine, sql, 7);
  return { types: r.columns.map((c) => c.type), rows: r.rows };
};

const fails = async (sql: string) => {
  try {
    await query(file.engine, sql, 7);
  } catch (err) {
    return (err as Error).message;
  }
  return 'no error';
};

describe('division and modulus', () => {
  it('a NULL divided by zero is NULL; mod(x, 0) fails with Trino\'s message', async () => {
    expect(await run('SELECT x / 0 AS q FROM (VALUES CAST(NULL AS integer)) AS t(x)')).toEqual({ types: ['integer'], rows: [[null]] });
    expect(await fails('SELECT mod(x, 0) FROM (VALUES 7) AS t(x)')).toContain('/ by zero');
    expect(await fails("SELECT TINYINT '3' / 0")).toContain('Division by zero');
  });

  it('integer operands take Trino\'s types: an integer literal is an integer; x % -1 is 0', async () => {
    expect(await run("SELECT TINYINT '0' / -1 AS q")).toEqual({ types: ['integer'], rows: [[0]] });
    expect(await run("SELECT TINYINT '-128' % TINYINT '-1' AS r")).toEqual({ types: ['tinyint'], rows: [[0]] });
  });

  it('double remainders are IEEE: NaN for a zero divisor', async () => {
    expect(await run('SELECT x % 0e0 AS a, mod(x, 0e0) AS b FROM (VALUES 5e0) AS t(x)')).toEqual({ types: ['double', 'double'], rows: [['NaN', 'NaN']] });
  });
});

describe('functions of doubles answer IEEE values where DuckDB fails', () => {
  it('ln, log10 and sqrt of zero and negative values', async () => {
    expect(await run('SELECT ln(x) AS a, log10(x) AS b, sqrt(x) AS c FROM (VALUES 0e0, -1e0) AS t(x) ORDER BY x DESC')).toEqual({
      types: ['double', 'double', 'double'],
      rows: [['-Infinity', '-Infinity', 0], ['NaN', 'NaN', 'NaN']],
    });
  });

  it('cbrt is exact on cubes', async () => {
    expect((await run('SELECT cbrt(27e0) AS c')).rows).toEqual([[3]]);
  });
});

describe('rounding keeps Trino\'s types', () => {
  it('ceil and floor of a bigint column stay bigint; round(x, -2) of an integer; truncate(decimal, n)', async () => {
    expect(await run("SELECT ceil(x) AS c, floor(x) AS f FROM (VALUES BIGINT '7') AS t(x)")).toEqual({ types: ['bigint', 'bigint'], rows: [['7', '7']] });
    expect(await run("SELECT round(1250, -2) AS a, round(-1250, -2) AS b, truncate(DECIMAL '123.456', 1) AS c")).toEqual({
      types: ['integer', 'integer', 'decimal(6,3)'],
      rows: [[1300, -1300, '123.400']],
    });
    expect(await run('SELECT truncate(5) AS t')).toEqual({ types: ['decimal(10,0)'], rows: [['5']] });
  });
});

describe('functions DuckDB lacks', () => {
  it('width_bucket over bounds and over bins', async () => {
    expect((await run('SELECT width_bucket(x, 0, 100, 4) AS b FROM (VALUES 0e0, 24.9e0, 25e0, 100e0, -1e0) AS t(x) ORDER BY x')).rows).toEqual([['0'], ['1'], ['1'], ['2'], ['5']]);
    expect((await run('SELECT width_bucket(x, ARRAY[1e0, 2e0, 5e0]) AS b FROM (VALUES 0e0, 1e0, 3e0, 9e0) AS t(x) ORDER BY x')).rows).toEqual([['0'], ['1'], ['2'], ['3']]);
    expect(await fails('SELECT width_bucket(5e0, 0e0, 10e0, 0)')).toContain('bucketCount must be greater than 0');
  });

  it('to_base and from_base, negative values included', async () => {
    expect(await run("SELECT to_base(x, 2) AS b, from_base(to_base(x, 36), 36) AS n FROM (VALUES BIGINT '-5', BIGINT '1234567') AS t(x) ORDER BY x")).toEqual({
      types: ['varchar', 'bigint'],
      rows: [['-101', '-5'], ['100101101011010000111', '1234567']],
    });
    expect(await fails("SELECT from_base('12', 37)")).toContain('Radix must be between 2 and 36');
  });

  it('bit_count(x, bits) counts the two\'s complement bits and fails on a value wider than bits', async () => {
    expect((await run('SELECT bit_count(x, 8) AS n FROM (VALUES -1, 127) AS t(x) ORDER BY x')).rows).toEqual([['8'], ['7']]);
    expect(await fails('SELECT bit_count(128, 8)')).toContain('128 cannot be represented with 8 bits');
  });
});

describe('comparisons', () => {
  it('NaN is unequal to itself and unordered', async () => {
    expect(await run('SELECT nan() = nan() AS a, nan() <> nan() AS b, 0e0 < nan() AS c')).toEqual({ types: ['boolean', 'boolean', 'boolean'], rows: [[false, true, false]] });
  });

  it('arrays holding NULL are equal to nothing for sure: NULL unless a pair differs', async () => {
    expect((await run('SELECT ARRAY[1, 2, 3] = ARRAY[1, NULL, 3] AS a, ARRAY[1, NULL] = ARRAY[2, NULL] AS b')).rows).toEqual([[null, false]]);
  });

  it('JSON values have no order', async () => {
    expect(await fails("SELECT JSON '[1]' < JSON '[2]'")).toContain('Cannot apply operator: json < json');
  });
});
