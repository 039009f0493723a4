import { type ConformancePage, rows, v } from '../table';

const GROUPS = 'FROM (VALUES (1, 3), (1, 4), (1, 5), (2, 6), (2, 7)) AS t(id, value) GROUP BY id';

export const aggregatePage: ConformancePage = {
  source: 'docs/src/main/sphinx/functions/aggregate.md',
  cases: [
    v("SELECT listagg(value, ',') WITHIN GROUP (ORDER BY value) csv_value FROM (VALUES 'a', 'c', 'b') t(value)", 'a,b,c', 'varchar'),
    v("SELECT listagg(value, ',' ON OVERFLOW ERROR) WITHIN GROUP (ORDER BY value) csv_value FROM (VALUES 'a', 'b', 'c') t(value)", 'a,b,c', 'varchar'),
    v(
      "SELECT listagg(value, ',' ON OVERFLOW TRUNCATE '.....' WITH COUNT) WITHIN GROUP (ORDER BY value) FROM (VALUES 'a', 'b', 'c') t(value)",
      'a,b,c',
      'varchar',
    ),
    rows(
      "SELECT id, listagg(value, ',') WITHIN GROUP (ORDER BY o) csv_value FROM (VALUES (100, 1, 'a'), (200, 3, 'c'), (200, 2, 'b')) t(id, o, value) GROUP BY id ORDER BY id",
      [['100', 'a'], ['200', 'b,c']],
      ['integer', 'varchar'],
      { ordered: true },
    ),
    rows(
      `SELECT country, listagg(city, ',') WITHIN GROUP (ORDER BY population DESC) FILTER (WHERE population >= 10_000_000) megacities
       FROM (VALUES ('India', 'Bangalore', 13_700_000), ('India', 'Chennai', 12_200_000), ('India', 'Ranchi', 1_547_000),
                    ('Austria', 'Vienna', 1_897_000), ('Poland', 'Warsaw', 1_765_000)) t(country, city, population)
       GROUP BY country ORDER BY country`,
      [['Austria', null], ['India', 'Bangalore,Chennai'], ['Poland', null]],
      ['varchar(7)', 'varchar'],
      { ordered: true },
    ),
    rows(`SELECT id, reduce_agg(value, 0, (a, b) -> a + b, (a, b) -> a + b) ${GROUPS}`, [['1', '12'], ['2', '13']], ['integer', 'integer']),
    rows(`SELECT id, reduce_agg(value, 1, (a, b) -> a * b, (a, b) -> a * b) ${GROUPS}`, [['1', '60'], ['2', '42']], ['integer', 'integer']),
  ],
};
