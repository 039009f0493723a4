// Trino's date_format / date_parse use MySQL format specifiers; DuckDB's strftime / strptime use C ones.
// Formats are converted once, at translation time (they are literals in practice).

const MYSQL_TO_STRFTIME: Readonly<Record<string, string>> = {
  a: '%a', // abbreviated weekday (Sun..Sat)
  b: '%b', // abbreviated month (Jan..Dec)
  c: '%-m', // month, numeric (1..12)
  d: '%d', // day of month (01..31)
  e: '%-d', // day of month (1..31)
  f: '%f', // fraction of second, 6 digits
  H: '%H', // hour (00..23)
  h: '%I', // hour (01..12)
  I: '%I',
  i: '%M', // minutes (00..59)
  j: '%j', // day of year (001..366)
  k: '%-H', // hour (0..23)
  l: '%-I', // hour (1..12)
  M: '%B', // month name (January..December)
  m: '%m', // month, numeric (01..12)
  p: '%p', // AM or PM
  r: '%I:%M:%S %p', // time, 12-hour
  S: '%S',
  s: '%S', // seconds (00..59)
  T: '%H:%M:%S', // time, 24-hour
  v: '%V', // ISO week (01..53), with %x
  W: '%A', // weekday name (Sunday..Saturday)
  x: '%G', // ISO week-based year, with %v
  Y: '%Y', // year, 4 digits
  y: '%y', // year, 2 digits
  '%': '%%',
};

/** Specifiers Trino documents but does not support (or we cannot map); a query using them is refused. */
const UNSUPPORTED = new Set(['D', 'U', 'u', 'V', 'w', 'X']);

/** Converts a MySQL-style format to strftime; throws Error naming the first unsupported specifier. */
export function mysqlFormatToStrftime(format: string): string {
  let out = '';
  for (let i = 0; i < format.length; i++) {
    const ch = format[i];
    if (ch !== '%') {
      out += ch;
      continue;
    }
    const spec = format[++i];
    if (spec === undefined) throw new Error('date_format: the format ends with a lone %');
    const mapped = MYSQL_TO_STRFTIME[spec];
    if (mapped === undefined || UNSUPPORTED.has(spec)) {
      throw new Error(`date_format: the specifier %${spec} is not supported`);
    }
    out += mapped;
  }
  return out;
}
