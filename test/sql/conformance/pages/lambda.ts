import { type ConformancePage, rows, v } from '../table';

export const lambdaPage: ConformancePage = {
  source: 'docs/src/main/sphinx/functions/lambda.md',
  cases: [
    rows(
      'SELECT numbers, transform(numbers, n -> n * n) as squared_numbers FROM (VALUES (ARRAY[1, 2]), (ARRAY[3, 4]), (ARRAY[5, 6, 7])) AS t(numbers)',
      [['[1, 2]', '[1, 4]'], ['[3, 4]', '[9, 16]'], ['[5, 6, 7]', '[25, 36, 49]']],
      ['array(integer)', 'array(integer)'],
    ),
    rows(
      "SELECT transform(prices, n -> TRY_CAST(n AS VARCHAR) || '$') as price_tags FROM (VALUES (ARRAY[100, 200]), (ARRAY[30, 4])) AS t(prices)",
      [['[100$, 200$]'], ['[30$, 4$]']],
      'array(varchar)',
    ),
    rows(
      'SELECT xvalues, a, b, transform(xvalues, x -> a * x + b) as linear_function_values FROM (VALUES (ARRAY[1, 2], 10, 5), (ARRAY[3, 4], 4, 2)) AS t(xvalues, a, b)',
      [['[1, 2]', '10', '5', '[15, 25]'], ['[3, 4]', '4', '2', '[14, 18]']],
      ['array(integer)', 'integer', 'integer', 'array(integer)'],
    ),
    rows(
      'SELECT numbers FROM (VALUES (ARRAY[1,NULL,3]), (ARRAY[10,20,30]), (ARRAY[100,200,300])) AS t(numbers) WHERE any_match(numbers, n ->  COALESCE(n, 0) > 100)',
      [['[100, 200, 300]']],
      'array(integer)',
    ),
    v(
      "SELECT regexp_replace('once upon a time ...', '^(\\w)(\\w*)(\\s+.*)$',x -> upper(x[1]) || x[2] || x[3])",
      'Once upon a time ...',
      'varchar(20)',
    ),
    v('SELECT reduce_agg(value, 0, (a, b) -> a + b, (a, b) -> a + b) sum_values FROM (VALUES (1), (2), (3), (4), (5)) AS t(value)', '15', 'integer'),
  ],
};
