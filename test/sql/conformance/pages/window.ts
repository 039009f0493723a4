import { type ConformancePage, rows } from '../table';

export const windowPage: ConformancePage = {
  source: 'docs/src/main/sphinx/functions/window.md',
  cases: [
    rows(
      'SELECT x, ntile(4) OVER (ORDER BY x) FROM (VALUES 1, 2, 3, 4, 5, 6) AS t(x) ORDER BY x',
      [['1', '1'], ['2', '1'], ['3', '2'], ['4', '2'], ['5', '3'], ['6', '4']],
      ['integer', 'bigint'],
      { ordered: true, note: 'the page states the buckets for 6 rows and 4 buckets in prose' },
    ),
  ],
};
