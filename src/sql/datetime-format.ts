// Trino's date_format / date_parse use MySQL format specifiers; DuckDB's strftime / strptime use C ones.
// Formats are converted once, at translation time (they are literals in practice).
import { refusalMessage } from './refusal';

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

/** A specifier Trino rejects when the call runs (a NULL value still gives NULL). */
export class UnsupportedSpecifierError extends Error {
  constructor(readonly specifier: string) {
    super(`%${specifier} not supported in date format string`);
  }
}

/** Converts a MySQL-style format to strftime; throws UnsupportedSpecifierError for the first unsupported specifier. */
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
    if (UNSUPPORTED.has(spec)) throw new UnsupportedSpecifierError(spec);
    // any other character after % stands for itself (MySQL's and Trino's rule)
    out += MYSQL_TO_STRFTIME[spec] ?? (spec === '%' ? '%%' : spec);
  }
  return out;
}

// Trino's format_datetime / parse_datetime use Joda-Time patterns (yyyy-MM-dd HH:mm:ss).
const JODA_TO_STRFTIME: Readonly<Record<string, (n: number) => string | undefined>> = {
  y: (n) => (n === 2 ? '%y' : '%Y'),
  Y: (n) => (n === 2 ? '%y' : '%Y'),
  x: (n) => (n === 2 ? undefined : '%G'),
  M: (n) => (n === 1 ? '%-m' : n === 2 ? '%m' : n === 3 ? '%b' : '%B'),
  d: (n) => (n === 1 ? '%-d' : '%d'),
  D: (n) => (n <= 2 ? '%-j' : '%j'),
  H: (n) => (n === 1 ? '%-H' : '%H'),
  k: (n) => (n === 1 ? '%-H' : '%H'),
  h: (n) => (n === 1 ? '%-I' : '%I'),
  m: (n) => (n === 1 ? '%-M' : '%M'),
  s: (n) => (n === 1 ? '%-S' : '%S'),
  S: (n) => (n === 3 ? '%g' : n === 6 ? '%f' : n === 9 ? '%n' : undefined),
  G: () => 'AD', // the era: the engine's years are AD
  a: () => '%p',
  E: (n) => (n <= 3 ? '%a' : '%A'),
  e: () => '%u',
  w: (n) => (n === 1 ? undefined : '%V'),
  Z: (n) => (n === 1 ? '%z' : undefined),
  z: () => '%Z',
};

/** Converts a Joda-Time pattern to strftime; throws Error naming the first unsupported letter. */
export function jodaFormatToStrftime(pattern: string): string {
  let out = '';
  let i = 0;
  while (i < pattern.length) {
    const ch = pattern[i];
    if (ch === "'") {
      // quoted literal; '' is a single quote
      let j = i + 1;
      let literal = '';
      while (j < pattern.length) {
        if (pattern[j] === "'") {
          if (pattern[j + 1] === "'") {
            literal += "'";
            j += 2;
            continue;
          }
          break;
        }
        literal += pattern[j++];
      }
      out += (j === i + 1 ? "'" : literal).replace(/%/g, '%%');
      i = j + 1;
      continue;
    }
    if (/[A-Za-z]/.test(ch)) {
      let j = i;
      while (pattern[j] === ch) j++;
      const mapped = JODA_TO_STRFTIME[ch]?.(j - i);
      // Trino formats these (or fails on them when the call runs): refused, not an error on every value
      if (mapped === undefined) throw new Error(refusalMessage(`format_datetime / parse_datetime with the pattern letter ${pattern.slice(i, j)}`));
      out += mapped;
      i = j;
      continue;
    }
    out += ch === '%' ? '%%' : ch;
    i++;
  }
  return out;
}
