import { type ConformancePage, v } from '../table';

const APPLES = "'I have 23 apples, 5 pears and 13 oranges'";

export const regexpPage: ConformancePage = {
  source: 'docs/src/main/sphinx/functions/regexp.md',
  cases: [
    v("SELECT regexp_count('1a 2b 14m', '\\s*[a-z]+\\s*')", '3', 'bigint'),
    v("SELECT regexp_extract_all('1a 2b 14m', '\\d+')", '[1, 2, 14]', 'array(varchar(9))'),
    v("SELECT regexp_extract_all('1a 2b 14m', '(\\d+)([a-z]+)', 2)", '[a, b, m]', 'array(varchar(9))'),
    v("SELECT regexp_extract('1a 2b 14m', '\\d+')", '1', 'varchar(9)'),
    v("SELECT regexp_extract('1a 2b 14m', '(\\d+)([a-z]+)', 2)", 'a', 'varchar(9)'),
    v("SELECT regexp_like('1a 2b 14m', '\\d+b')", 'true', 'boolean'),
    v(`SELECT regexp_position(${APPLES}, '\\b\\d+\\b')`, '8', 'integer'),
    v(`SELECT regexp_position(${APPLES}, '\\b\\d+\\b', 5)`, '8', 'integer'),
    v(`SELECT regexp_position(${APPLES}, '\\b\\d+\\b', 12)`, '19', 'integer'),
    v(`SELECT regexp_position(${APPLES}, '\\b\\d+\\b', 12, 1)`, '19', 'integer'),
    v(`SELECT regexp_position(${APPLES}, '\\b\\d+\\b', 12, 2)`, '31', 'integer'),
    v(`SELECT regexp_position(${APPLES}, '\\b\\d+\\b', 12, 3)`, '-1', 'integer'),
    v("SELECT regexp_replace('1a 2b 14m', '\\d+[ab] ')", '14m', 'varchar(9)'),
    v("SELECT regexp_replace('1a 2b 14m', '(\\d+)([ab]) ', '3c$2 ')", '3ca 3cb 14m', 'varchar'),
    v("SELECT regexp_replace('new york', '(\\w)(\\w*)', x -> upper(x[1]) || lower(x[2]))", 'New York', 'varchar(8)'),
    v("SELECT regexp_split('1a 2b 14m', '\\s*[a-z]+\\s*')", '[1, 2, 14, ]', 'array(varchar(9))'),
  ],
};
