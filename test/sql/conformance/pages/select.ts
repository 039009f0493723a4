import { type ConformancePage, rows } from '../table';

export const selectPage: ConformancePage = {
  source: 'docs/src/main/sphinx/sql/select.md',
  cases: [
    rows('SELECT * FROM (VALUES 5, 2, 4, 1, 3) t(x) ORDER BY x OFFSET 2 LIMIT 2', [['3'], ['4']], 'integer', { ordered: true }),
    rows('SELECT * FROM UNNEST(ARRAY[1,2]) AS t(number)', [['1'], ['2']], 'integer'),
    rows(
      "SELECT * FROM UNNEST(map_from_entries(ARRAY[('SQL',1974), ('Java', 1995)])) AS t(language, first_appeared_year)",
      [['SQL', '1974'], ['Java', '1995']],
      ['varchar(4)', 'integer'],
    ),
    rows(
      "SELECT * FROM UNNEST(ARRAY[ROW('Java',  1995), ROW('SQL' , 1974)], ARRAY[ROW(false), ROW(true)]) as t(language,first_appeared_year,declarative)",
      [['Java', '1995', 'false'], ['SQL', '1974', 'true']],
      ['varchar(4)', 'integer', 'boolean'],
    ),
    rows(
      'SELECT a, b, rownumber FROM UNNEST (ARRAY[2, 5], ARRAY[7, 8, 9]) WITH ORDINALITY AS t(a, b, rownumber)',
      [['2', '7', '1'], ['5', '8', '2'], [null, '9', '3']],
      ['integer', 'integer', 'bigint'],
    ),
    rows('SELECT * FROM UNNEST (ARRAY[]) AS t(value)', []),
    rows('SELECT * FROM UNNEST (CAST(null AS ARRAY(integer))) AS t(number)', [], 'integer'),
    rows(
      "SELECT student, score FROM (VALUES ('John', ARRAY[7, 10, 9]), ('Mary', ARRAY[4, 8, 9])) AS tests (student, scores) CROSS JOIN UNNEST(scores) AS t(score)",
      [['John', '7'], ['John', '10'], ['John', '9'], ['Mary', '4'], ['Mary', '8'], ['Mary', '9']],
      ['varchar(4)', 'integer'],
    ),
    rows(
      `SELECT numbers, animals, n, a FROM (VALUES (ARRAY[2, 5], ARRAY['dog', 'cat', 'bird']), (ARRAY[7, 8, 9], ARRAY['cow', 'pig'])) AS x (numbers, animals)
       CROSS JOIN UNNEST(numbers, animals) AS t (n, a)`,
      [
        ['[2, 5]', '[dog, cat, bird]', '2', 'dog'],
        ['[2, 5]', '[dog, cat, bird]', '5', 'cat'],
        ['[2, 5]', '[dog, cat, bird]', null, 'bird'],
        ['[7, 8, 9]', '[cow, pig]', '7', 'cow'],
        ['[7, 8, 9]', '[cow, pig]', '8', 'pig'],
        ['[7, 8, 9]', '[cow, pig]', '9', null],
      ],
      ['array(integer)', 'array(varchar(4))', 'integer', 'varchar(4)'],
    ),
    rows(
      `SELECT runner, checkpoint FROM (VALUES ('Joe', ARRAY[10, 20, 30, 42]), ('Roger', ARRAY[10]), ('Dave', ARRAY[]), ('Levi', NULL)) AS marathon (runner, checkpoints)
       LEFT JOIN UNNEST(checkpoints) AS t(checkpoint) ON TRUE`,
      [['Joe', '10'], ['Joe', '20'], ['Joe', '30'], ['Joe', '42'], ['Roger', '10'], ['Dave', null], ['Levi', null]],
      ['varchar(5)', 'integer'],
    ),
  ],
};
