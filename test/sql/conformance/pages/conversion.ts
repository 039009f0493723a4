import { type ConformancePage, v } from '../table';

export const conversionPage: ConformancePage = {
  source: 'docs/src/main/sphinx/functions/conversion.md',
  cases: [
    v("SELECT format('%s%%', 123)", '123%', 'varchar'),
    v("SELECT format('%.5f', pi())", '3.14159', 'varchar'),
    v("SELECT format('%03d', 8)", '008', 'varchar'),
    v("SELECT format('%,.2f', 1234567.89)", '1,234,567.89', 'varchar'),
    v("SELECT format('%-7s,%7s', 'hello', 'world')", 'hello  ,  world', 'varchar'),
    v("SELECT format('%2$s %3$s %1$s', 'a', 'b', 'c')", 'b c a', 'varchar'),
    v("SELECT format('%1$tA, %1$tB %1$te, %1$tY', date '2006-07-04')", 'Tuesday, July 4, 2006', 'varchar'),
    v('SELECT format_number(123456)', '123K', 'varchar'),
    v('SELECT format_number(1000000)', '1M', 'varchar'),
    v("SELECT parse_data_size('1B')", '1', 'decimal(38,0)'),
    v("SELECT parse_data_size('1kB')", '1024', 'decimal(38,0)'),
    v("SELECT parse_data_size('1MB')", '1048576', 'decimal(38,0)'),
    v("SELECT parse_data_size('2.3MB')", '2411724', 'decimal(38,0)'),
    v('SELECT typeof(123)', 'integer', 'varchar'),
    v("SELECT typeof('cat')", 'varchar(3)', 'varchar'),
    v('SELECT typeof(cos(2) + 1.5)', 'double', 'varchar'),
  ],
};
