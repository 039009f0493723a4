// Trino's array and map functions on the embedded engine (src/sql/array-functions.ts), in cases the generated
// check's grid does not reach: orders, NULL elements and three-valued answers, sizes computed by the query,
// lambdas. Each expected answer is the one the real Trino gave for the same expression.
import { describe, expect, it } from 'vitest';
import { engineForFile, query } from '../support/engine';

const file = engineForFile('amctl-array-functions-');

/** Each expression's value (as the engine's client renders it) and type. */
async function values(...exprs: string[]): Promise<{ value: unknown; type: string }[]> {
  const r = await query(file.engine, `SELECT ${exprs.map((e, i) => `${e} AS c${i}`).join(', ')}`, 7);
  return exprs.map((_, i) => ({ value: r.rows[0]![i], type: r.columns[i]!.type }));
}

const valueOf = async (...exprs: string[]) => (await values(...exprs)).map((v) => v.value);

async function failure(expr: string): Promise<string> {
  try {
    await query(file.engine, `SELECT ${expr}`, 7);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error(`${expr} did not fail`);
}

describe('set operations on arrays', () => {
  it('array_intersect keeps the distinct elements of the longer array (the first when as long), in its order', async () => {
    expect(await valueOf(
      'array_intersect(ARRAY[1, 2, 3], ARRAY[3, 2])',
      'array_intersect(ARRAY[1, 2], ARRAY[3, 2, 1])',
      'array_intersect(ARRAY[1, 2, 3], ARRAY[3, 2, 1])',
      'array_intersect(ARRAY[1, 2, NULL], ARRAY[NULL, 2, 1])',
      'array_intersect(ARRAY[1, 1], ARRAY[1, 1])',
    )).toEqual([[2, 3], [2, 1], [1, 2, 3], [1, 2, null], [1]]);
  });

  it('array_except keeps its first array whole when the second is empty, else its distinct elements (NULL is a value)', async () => {
    expect(await valueOf(
      'array_except(ARRAY[3, 1, 3, 2, NULL, NULL], CAST(ARRAY[] AS array(integer)))',
      'array_except(ARRAY[3, 1, 3, 2, NULL, NULL], ARRAY[5])',
      'array_except(ARRAY[3, 1, 3, 2, NULL, NULL], ARRAY[NULL])',
    )).toEqual([[3, 1, 3, 2, null, null], [3, 1, 2, null], [3, 1, 2]]);
  });

  it('array_union of distinct elements in order; a NULL array makes every set operation NULL', async () => {
    expect(await valueOf(
      'array_union(ARRAY[3, 1, 3, NULL, NULL], ARRAY[2, NULL, 3])',
      'array_union(ARRAY[1], CAST(NULL AS array(integer)))',
      'array_intersect(CAST(NULL AS array(integer)), ARRAY[1])',
      'array_except(ARRAY[1], CAST(NULL AS array(integer)))',
    )).toEqual([[3, 1, null, 2], null, null, null]);
  });

  it('arrays_overlap is NULL when no element is common but a NULL might be, false for an empty array', async () => {
    expect(await valueOf(
      'arrays_overlap(ARRAY[1, NULL], ARRAY[1])',
      'arrays_overlap(ARRAY[1], ARRAY[2, NULL])',
      'arrays_overlap(ARRAY[NULL], ARRAY[NULL])',
      'arrays_overlap(CAST(ARRAY[] AS array(integer)), ARRAY[NULL])',
      'arrays_overlap(ARRAY[1, 2], ARRAY[3])',
    )).toEqual([true, null, null, false, false]);
  });
});

describe('the match functions are three-valued', () => {
  it('any_match, all_match and none_match: NULL when a NULL answer decides; empty arrays', async () => {
    expect(await valueOf(
      'any_match(ARRAY[NULL, 1], x -> x > 1)',
      'any_match(ARRAY[NULL, 2], x -> x > 1)',
      'all_match(ARRAY[NULL, 2], x -> x > 1)',
      'all_match(ARRAY[NULL, 1], x -> x > 1)',
      'none_match(ARRAY[NULL, 1], x -> x > 1)',
      'any_match(CAST(ARRAY[] AS array(integer)), x -> x > 1)',
      'all_match(CAST(ARRAY[] AS array(integer)), x -> x > 1)',
      'none_match(CAST(ARRAY[] AS array(integer)), x -> x > 1)',
    )).toEqual([null, true, null, false, null, false, true, true]);
  });
});

describe('indexes and sizes', () => {
  it('slice: an end past the largest bigint leaves nothing (Trino\'s long arithmetic wraps around)', async () => {
    expect(await valueOf(
      "slice(ARRAY[1, 2, 3], 1, BIGINT '9223372036854775806')",
      "slice(ARRAY[1, 2, 3], 2, BIGINT '9223372036854775806')",
      "slice(ARRAY[1, 2, 3], BIGINT '-9223372036854775808', 2)",
      'slice(ARRAY[1, 2, 3], -5, 3)',
      'slice(ARRAY[1, 2, 3], -3, 2)',
    )).toEqual([[1, 2, 3], [], [], [], [1, 2]]);
    expect(await failure('slice(ARRAY[1], 0, -1)')).toMatch(/length must be greater than or equal to 0/);
  });

  it('element_at fails on the least bigint index (its distance from the end overflows), NULL of the element type for a NULL array', async () => {
    expect(await failure("element_at(ARRAY['a'], BIGINT '-9223372036854775808')")).toMatch(/integer overflow/);
    expect(await values("element_at(ARRAY[1, 2], BIGINT '-9223372036854775807')", 'element_at(CAST(NULL AS array(varchar)), 1)'))
      .toEqual([{ value: null, type: 'integer' }, { value: null, type: 'varchar' }]);
  });

  it('combinations of a size the query computes, with Trino\'s errors', async () => {
    expect(await valueOf('combinations(ARRAY[1, 2, 3], 3 - 1)')).toEqual([[[1, 2], [1, 3], [2, 3]]]);
    expect(await failure('combinations(ARRAY[1, 2, 3], 3 - 4)')).toMatch(/combination size must not be negative: -1/);
    expect(await failure('combinations(ARRAY[1, 2, 3], 3 + 4)')).toMatch(/combination size must not exceed 5: 7/);
  });
});

describe('array_sort with a comparator', () => {
  it('orders NULLs as a consistent comparator says; refuses one that does not order NULL consistently', async () => {
    expect(await valueOf(
      'array_sort(ARRAY[3, NULL, 1, NULL, 2], (a, b) -> IF(a IS NULL, IF(b IS NULL, 0, 1), IF(b IS NULL, -1, IF(a < b, -1, IF(a = b, 0, 1)))))',
      "array_sort(ARRAY['bb', 'a', 'ccc', 'dd'], (a, b) -> IF(length(a) < length(b), -1, IF(length(a) = length(b), 0, 1)))",
    )).toEqual([[1, 2, 3, null, null], ['a', 'bb', 'dd', 'ccc']]);
    // Trino answers [3, null, 1]: an artefact of its sorting algorithm
    expect(await failure('array_sort(ARRAY[3, NULL, 1], (a, b) -> IF(a < b, -1, IF(a = b, 0, 1)))')).toMatch(/not supported by the embedded engine: array_sort/);
  });
});

describe('NULL arguments', () => {
  it('typeof(NULL) is unknown', async () => {
    expect(await valueOf('typeof(NULL)')).toEqual(['unknown']);
  });

  it('keep the result type of the call', async () => {
    expect(await values('flatten(CAST(NULL AS array(array(integer))))', 'array_sort(CAST(NULL AS array(varchar)))', "zip(CAST(NULL AS array(integer)), ARRAY['a'])"))
      .toEqual([{ value: null, type: 'array(integer)' }, { value: null, type: 'array(varchar)' }, { value: null, type: 'array(row(integer, varchar))' }]);
  });

  it('array_join with a NULL delimiter or replacement is NULL; map_concat with a NULL map is NULL', async () => {
    expect(await valueOf(
      "array_join(ARRAY['a', 'b'], CAST(NULL AS varchar))",
      "array_join(ARRAY['a', NULL], ',', CAST(NULL AS varchar))",
      "map_concat(MAP(ARRAY[1], ARRAY['a']), CAST(NULL AS map(integer, varchar)))",
    )).toEqual([null, null, null]);
  });
});

describe('maps', () => {
  it('map_concat of one map fails as in Trino; map() is refused only as a result column (its type is unknown there)', async () => {
    expect(await failure("map_concat(MAP(ARRAY['x'], ARRAY[0]))")).toMatch(/There must be two or more concatenation arguments to map_concat/);
    expect(await failure('map()')).toMatch(/not supported by the embedded engine: map\(\) without arguments/);
    expect(await values('cardinality(map())', 'CAST(map() AS map(varchar, bigint))')).toEqual([
      { value: '0', type: 'bigint' },
      { value: {}, type: 'map(varchar, bigint)' },
    ]);
  });
});

describe('sequences of dates', () => {
  it('by days (counting down without a step) and by months, each entry the start plus k steps', async () => {
    expect(await values(
      "sequence(DATE '2024-03-02', DATE '2024-02-28')",
      "sequence(DATE '2024-01-01', DATE '2024-01-08', INTERVAL '3' DAY)",
      "sequence(DATE '2024-01-31', DATE '2024-05-30', INTERVAL '1' MONTH)",
      "sequence(DATE '2024-05-31', DATE '2024-01-30', INTERVAL '-1' MONTH)",
    )).toEqual([
      { value: ['2024-03-02', '2024-03-01', '2024-02-29', '2024-02-28'], type: 'array(date)' },
      { value: ['2024-01-01', '2024-01-04', '2024-01-07'], type: 'array(date)' },
      { value: ['2024-01-31', '2024-02-29', '2024-03-31', '2024-04-30'], type: 'array(date)' },
      { value: ['2024-05-31', '2024-04-30', '2024-03-31', '2024-02-29', '2024-01-31'], type: 'array(date)' },
    ]);
  });

  it('fails as Trino does on steps of hours, a zero step, and more than 10000 entries', async () => {
    expect(await failure("sequence(DATE '2024-01-01', DATE '2024-01-03', INTERVAL '-3' HOUR)")).toMatch(/sequence step must be a day interval if start and end values are dates/);
    expect(await failure("sequence(DATE '2024-01-01', DATE '2024-01-03', INTERVAL '0' MONTH)")).toMatch(/step must not be zero/);
    expect(await failure("sequence(DATE '2000-01-01', DATE '2027-05-19')")).toMatch(/must not have more than 10000 entries/);
    expect(await valueOf("cardinality(sequence(DATE '2000-01-01', DATE '2027-05-18'))")).toEqual(['10000']);
  });
});

describe('conditionals and the rest', () => {
  it('if(condition, value) is NULL when the condition is not true', async () => {
    expect(await values("if(1 < 2, 'a')", 'if(1 > 2, ARRAY[1])', 'count(if(1 < 2, 1))', "if(1 < 2, if(1 > 2, 'x'), 'b')"))
      .toEqual([{ value: 'a', type: 'varchar' }, { value: null, type: 'array(integer)' }, { value: '1', type: 'bigint' }, { value: null, type: 'varchar' }]);
  });

  it('shuffle keeps the elements; array_join of doubles is refused (Trino writes 1.5E0)', async () => {
    expect(await valueOf('array_sort(shuffle(ARRAY[3, 1, 2, 2]))', 'shuffle(ARRAY[1])')).toEqual([[1, 2, 2, 3], [1]]);
    expect(await failure("array_join(ARRAY[1.5e0], ',')")).toMatch(/not supported by the embedded engine: array_join of doubles/);
  });
});
