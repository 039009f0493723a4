import { type ConformancePage, fails, rows, v } from '../table';

const SHIPPING = `(VALUES ('California', '94131', 25, 100), ('California', 'P332a', 5, 72),
  ('California', '94025', 0, 155), ('New Jersey', '08544', 225, 490)) AS shipping(origin_state, origin_zip, packages, total_cost)`;

export const conditionalPage: ConformancePage = {
  source: 'docs/src/main/sphinx/functions/conditional.md',
  cases: [
    rows(
      "SELECT a, CASE a WHEN 1 THEN 'one' WHEN 2 THEN 'two' ELSE 'many' END FROM (VALUES 1, 2, 3) AS t(a)",
      [['1', 'one'], ['2', 'two'], ['3', 'many']],
      ['integer', 'varchar(4)'],
      { note: 'the page shows the expression; the rows are the rule it states, over a VALUES list' },
    ),
    v('SELECT COALESCE(CAST(ROW(NULL, NULL) AS ROW(integer, integer)), ROW(1, 2))', '{null, null}', 'row(integer, integer)', 'checked on Trino: a row of NULLs is not NULL, so COALESCE keeps it (the page states {1, 2})'),
    v('SELECT COALESCE(CAST(ROW(1, NULL) AS ROW(integer, integer)), ROW(1, 2))', '{1, NULL}', 'row(integer, integer)'),
    fails(`SELECT CAST(origin_zip AS BIGINT) FROM ${SHIPPING}`, "Cannot cast 'P332a' to BIGINT"),
    fails(`SELECT total_cost / packages AS per_package FROM ${SHIPPING}`, 'Division by zero'),
  ],
};
