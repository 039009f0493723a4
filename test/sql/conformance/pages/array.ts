import { type ConformancePage, v } from '../table';

export const arrayPage: ConformancePage = {
  source: 'docs/src/main/sphinx/functions/array.md',
  cases: [
    v('SELECT ARRAY[1, 2, 4]', '[1, 2, 4]', 'array(integer)'),
    v("SELECT ARRAY['foo', 'bar', 'bazz']", '[foo, bar, bazz]', 'array(varchar(4))'),
    v('SELECT ARRAY[1, 1.2, 4]', '[1.0, 1.2, 4.0]', 'array(decimal(11,1))'),
    v('SELECT ARRAY[1, 2, NULL, -4, NULL]', '[1, 2, NULL, -4, NULL]', 'array(integer)'),
    v('SELECT ARRAY[1, 1.2, 4][2]', '1.2', 'decimal(11,1)'),
    v('SELECT ARRAY[1] || ARRAY[2]', '[1, 2]', 'array(integer)'),
    v('SELECT ARRAY[1] || 2', '[1, 2]', 'array(integer)'),
    v('SELECT 2 || ARRAY[1]', '[2, 1]', 'array(integer)'),
    v('SELECT array_histogram(ARRAY[42, 7, 42, NULL])', '{42=2, 7=1}', 'map(integer, bigint)'),
    v('SELECT array_histogram(ARRAY[NULL, NULL])', '{}'),
    v('SELECT array_sort(ARRAY[3, 2, 5, 1, 2], (x, y) -> IF(x < y, 1, IF(x = y, 0, -1)))', '[5, 3, 2, 2, 1]', 'array(integer)'),
    v("SELECT array_sort(ARRAY['bc', 'ab', 'dc'], (x, y) -> IF(x < y, 1, IF(x = y, 0, -1)))", '[dc, bc, ab]', 'array(varchar(2))'),
    v(
      `SELECT array_sort(ARRAY[3, 2, null, 5, null, 1, 2],
                  -- sort null first with descending order
                  (x, y) -> CASE WHEN x IS NULL THEN -1
                                 WHEN y IS NULL THEN 1
                                 WHEN x < y THEN 1
                                 WHEN x = y THEN 0
                                 ELSE -1 END)`,
      '[NULL, NULL, 5, 3, 2, 2, 1]',
      'array(integer)',
    ),
    v(
      `SELECT array_sort(ARRAY[3, 2, null, 5, null, 1, 2],
                  -- sort null last with descending order
                  (x, y) -> CASE WHEN x IS NULL THEN 1
                                 WHEN y IS NULL THEN -1
                                 WHEN x < y THEN 1
                                 WHEN x = y THEN 0
                                 ELSE -1 END)`,
      '[5, 3, 2, 2, 1, NULL, NULL]',
      'array(integer)',
    ),
    v(
      `SELECT array_sort(ARRAY['a', 'abcd', 'abc'],
                  -- sort by string length
                  (x, y) -> IF(length(x) < length(y), -1,
                               IF(length(x) = length(y), 0, 1)))`,
      '[a, abc, abcd]',
      'array(varchar(4))',
    ),
    v(
      `SELECT array_sort(ARRAY[ARRAY[2, 3, 1], ARRAY[4, 2, 1, 4], ARRAY[1, 2]],
                  -- sort by array length
                  (x, y) -> IF(cardinality(x) < cardinality(y), -1,
                               IF(cardinality(x) = cardinality(y), 0, 1)))`,
      '[[1, 2], [2, 3, 1], [4, 2, 1, 4]]',
      'array(array(integer))',
    ),
    v("SELECT combinations(ARRAY['foo', 'bar', 'baz'], 2)", '[[foo, bar], [foo, baz], [bar, baz]]', 'array(array(varchar(3)))'),
    v('SELECT combinations(ARRAY[1, 2, 3], 2)', '[[1, 2], [1, 3], [2, 3]]', 'array(array(integer))'),
    v('SELECT combinations(ARRAY[1, 2, 2], 2)', '[[1, 2], [1, 2], [2, 2]]', 'array(array(integer))'),
    v('SELECT filter(ARRAY[], x -> true)', '[]'),
    v('SELECT filter(ARRAY[5, -6, NULL, 7], x -> x > 0)', '[5, 7]', 'array(integer)'),
    v('SELECT filter(ARRAY[5, NULL, 7, NULL], x -> x IS NOT NULL)', '[5, 7]', 'array(integer)'),
    v("SELECT ngrams(ARRAY['foo', 'bar', 'baz', 'foo'], 2)", '[[foo, bar], [bar, baz], [baz, foo]]', 'array(array(varchar(3)))'),
    v("SELECT ngrams(ARRAY['foo', 'bar', 'baz', 'foo'], 3)", '[[foo, bar, baz], [bar, baz, foo]]', 'array(array(varchar(3)))'),
    v("SELECT ngrams(ARRAY['foo', 'bar', 'baz', 'foo'], 4)", '[[foo, bar, baz, foo]]', 'array(array(varchar(3)))'),
    v("SELECT ngrams(ARRAY['foo', 'bar', 'baz', 'foo'], 5)", '[[foo, bar, baz, foo]]', 'array(array(varchar(3)))'),
    v('SELECT ngrams(ARRAY[1, 2, 3, 4], 2)', '[[1, 2], [2, 3], [3, 4]]', 'array(array(integer))'),
    v('SELECT reduce(ARRAY[], 0, (s, x) -> s + x, s -> s)', '0', 'integer'),
    v('SELECT reduce(ARRAY[5, 20, 50], 0, (s, x) -> s + x, s -> s)', '75', 'integer'),
    v('SELECT reduce(ARRAY[5, 20, NULL, 50], 0, (s, x) -> s + x, s -> s)', null, 'integer'),
    v('SELECT reduce(ARRAY[5, 20, NULL, 50], 0, (s, x) -> s + coalesce(x, 0), s -> s)', '75', 'integer'),
    v('SELECT reduce(ARRAY[5, 20, NULL, 50], 0, (s, x) -> IF(x IS NULL, s, s + x), s -> s)', '75', 'integer'),
    v("SELECT reduce(ARRAY[2147483647, 1], BIGINT '0', (s, x) -> s + x, s -> s)", '2147483648', 'bigint'),
    v(
      `SELECT reduce(ARRAY[5, 6, 10, 20],
              CAST(ROW(0.0, 0) AS ROW(sum DOUBLE, count INTEGER)),
              (s, x) -> CAST(ROW(x + s.sum, s.count + 1) AS
                             ROW(sum DOUBLE, count INTEGER)),
              s -> IF(s.count = 0, NULL, s.sum / s.count))`,
      '10.25',
      'double',
    ),
    v('SELECT trim_array(ARRAY[1, 2, 3, 4], 1)', '[1, 2, 3]', 'array(integer)'),
    v('SELECT trim_array(ARRAY[1, 2, 3, 4], 2)', '[1, 2]', 'array(integer)'),
    v('SELECT transform(ARRAY[], x -> x + 1)', '[]', 'array(integer)'),
    v('SELECT transform(ARRAY[5, 6], x -> x + 1)', '[6, 7]', 'array(integer)'),
    v('SELECT transform(ARRAY[5, NULL, 6], x -> coalesce(x, 0) + 1)', '[6, 1, 7]', 'array(integer)'),
    v("SELECT transform(ARRAY['x', 'abc', 'z'], x -> x || '0')", '[x0, abc0, z0]', 'array(varchar(4))'),
    v('SELECT transform(ARRAY[ARRAY[1, NULL, 2], ARRAY[3, NULL]], a -> filter(a, x -> x IS NOT NULL))', '[[1, 2], [3]]', 'array(array(integer))'),
    v('SELECT euclidean_distance(ARRAY[1.0, 2.0], ARRAY[3.0, 4.0])', '2.8284271247461903', 'double'),
    v('SELECT dot_product(ARRAY[1.0, 2.0], ARRAY[3.0, 4.0])', '11.0', 'double'),
    v("SELECT zip(ARRAY[1, 2], ARRAY['1b', null, '3b'])", '[{1, 1b}, {2, NULL}, {NULL, 3b}]', 'array(row(integer, varchar(2)))'),
    v("SELECT zip_with(ARRAY[1, 3, 5], ARRAY['a', 'b', 'c'], (x, y) -> (y, x))", '[{a, 1}, {b, 3}, {c, 5}]', 'array(row(varchar(1), integer))'),
    v('SELECT zip_with(ARRAY[1, 2], ARRAY[3, 4], (x, y) -> x + y)', '[4, 6]', 'array(integer)'),
    v("SELECT zip_with(ARRAY['a', 'b', 'c'], ARRAY['d', 'e', 'f'], (x, y) -> concat(x, y))", '[ad, be, cf]', 'array(varchar(2))'),
    v("SELECT zip_with(ARRAY['a'], ARRAY['d', null, 'f'], (x, y) -> coalesce(x, y))", '[a, NULL, f]', 'array(varchar(1))'),
  ],
};
