import { type ConformancePage, v, newer } from '../table';

export const stringPage: ConformancePage = {
  source: 'docs/src/main/sphinx/functions/string.md',
  cases: [
    v("SELECT luhn_check('79927398713')", 'true', 'boolean'),
    v("SELECT luhn_check('79927398714')", 'false', 'boolean'),
    newer('overlay() with PLACING', v("SELECT overlay('abc' PLACING 'XYZ' FROM 3)", 'abXYZ', 'varchar')),
    newer('overlay() with PLACING', v("SELECT overlay('Txxxxas' PLACING 'hom' FROM 2 FOR 4)", 'Thomas', 'varchar')),
    newer('title_case()', v("SELECT title_case('hello world')", 'Hello World', 'varchar(11)')),
    v("SELECT translate('abcd', '', '')", 'abcd', 'varchar(4)'),
    v("SELECT translate('abcd', 'a', 'z')", 'zbcd', 'varchar(4)'),
    v("SELECT translate('abcda', 'a', 'z')", 'zbcdz', 'varchar(5)'),
    v("SELECT translate('Palhoça', 'ç','c')", 'Palhoca', 'varchar(7)'),
    v("SELECT translate('abcd', 'b', U&'\\+01F600')", 'a😀cd', 'varchar(4)'),
    v("SELECT translate('abcd', 'a', '')", 'bcd', 'varchar(4)'),
    v("SELECT translate('abcd', 'a', 'zy')", 'zbcd', 'varchar(4)'),
    v("SELECT translate('abcd', 'ac', 'z')", 'zbd', 'varchar(4)'),
    v("SELECT translate('abcd', 'aac', 'zq')", 'zbd', 'varchar(4)'),
    v("SELECT trim('!' FROM '!foo!')", 'foo', 'varchar(5)'),
    v("SELECT trim(LEADING FROM '  abcd')", 'abcd', 'varchar(6)'),
    v("SELECT trim(BOTH '$' FROM '$var$')", 'var', 'varchar(5)'),
    v("SELECT trim(TRAILING 'ER' FROM upper('worker'))", 'WORK', 'varchar(6)'),
  ],
};
