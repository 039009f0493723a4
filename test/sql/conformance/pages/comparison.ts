import { type ConformancePage, rows, v } from '../table';

const CONTINENTS = "(VALUES 'America', 'Asia', 'Africa', 'Europe', 'Australia', 'Antarctica') AS t (continent)";

export const comparisonPage: ConformancePage = {
  source: 'docs/src/main/sphinx/functions/comparison.md',
  cases: [
    v('SELECT 3 BETWEEN 2 AND 6', 'true', 'boolean'),
    v('SELECT 3 >= 2 AND 3 <= 6', 'true', 'boolean'),
    v('SELECT 3 NOT BETWEEN 2 AND 6', 'false', 'boolean'),
    v('SELECT 3 < 2 OR 3 > 6', 'false', 'boolean'),
    v('SELECT NULL BETWEEN 2 AND 4', null, 'boolean'),
    v('SELECT 2 BETWEEN NULL AND 6', null, 'boolean'),
    v('SELECT 2 BETWEEN 3 AND NULL', 'false', 'boolean'),
    v('SELECT 8 BETWEEN NULL AND 6', 'false', 'boolean'),
    v("SELECT 'Paul' BETWEEN 'John' AND 'Ringo'", 'true', 'boolean'),
    v('SELECT NULL IS NULL', 'true', 'boolean'),
    v('SELECT 3.0 IS NULL', 'false', 'boolean'),
    v('SELECT NULL IS DISTINCT FROM NULL', 'false', 'boolean'),
    v('SELECT NULL IS NOT DISTINCT FROM NULL', 'true', 'boolean'),
    v('SELECT 1 IS DISTINCT FROM 2', 'true', 'boolean'),
    v('SELECT 1 IS DISTINCT FROM NULL', 'true', 'boolean'),
    v('SELECT 1 = NULL', null, 'boolean'),
    v("SELECT 'hello' = ANY (VALUES 'hello', 'world')", 'true', 'boolean'),
    v('SELECT 21 < ALL (VALUES 19, 20, 21)', 'false', 'boolean'),
    v('SELECT 42 >= SOME (SELECT 41 UNION ALL SELECT 42 UNION ALL SELECT 43)', 'true', 'boolean'),
    rows(`SELECT * FROM ${CONTINENTS} WHERE continent LIKE 'E%'`, [['Europe']], 'varchar(10)'),
    rows(
      `SELECT * FROM ${CONTINENTS} WHERE continent NOT LIKE 'E%'`,
      [['America'], ['Asia'], ['Africa'], ['Australia'], ['Antarctica']],
      'varchar(10)',
    ),
    rows(`SELECT * FROM ${CONTINENTS} WHERE continent LIKE 'A__A'`, [], 'varchar(10)', {
      note: "the page says this returns Asia, but LIKE is case-sensitive and 'Asia' ends in a lower-case a: no row matches",
    }),
    v("SELECT 'South_America' LIKE 'South\\_America' ESCAPE '\\'", 'true', 'boolean'),
  ],
};
