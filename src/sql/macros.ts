// Trino functions whose meaning differs from DuckDB's built-in of the same name (or that DuckDB lacks),
// as temporary macros. The translator rewrites calls to them (contains -> __am_contains); the engines run
// these statements on every connection that executes translated SQL.

import { ARRAY_MACROS, DATE_SEQUENCE_MACROS } from './array-functions';
import { MATH_MACROS } from './math-functions';
import { OPERATOR_MACROS } from './operators';
import { refusalSql } from './refusal';
import { STRING_MACROS } from './string-functions';
import { CAST_MACROS } from './cast-rules';
import { JSON_CANONICAL_MACROS } from './json-canonical';

const M = (sql: string) => `CREATE OR REPLACE TEMP MACRO ${sql}`;

const INEXACT = "('DOUBLE', 'FLOAT')";

export const DUCKDB_MACROS: readonly string[] = [
  // first: macros below call them
  ...CAST_MACROS,
  ...JSON_CANONICAL_MACROS,
  // contains(array, x): NULL when the array or x is NULL, or when x is absent but the array holds a NULL.
  M(`__am_contains(arr, x) AS CASE
      WHEN arr IS NULL OR x IS NULL THEN NULL
      WHEN list_contains(arr, x) THEN true
      WHEN list_contains(list_transform(arr, lambda e: e IS NULL), true) THEN NULL
      ELSE false END`),
  // from_iso8601_timestamp: RFC 3339 / ISO 8601 text with Z, an offset or no zone (then UTC, Athena's session
  // zone: the engine's TimeZone is UTC, which a zone-less cast uses); millisecond precision like Trino's
  // timestamp(3) with time zone. Plain arithmetic: a per-row regexp, or date_trunc on a TIMESTAMPTZ (which goes
  // through ICU calendars), made report queries several times slower.
  M(`__am_from_iso8601_timestamp(s) AS make_timestamptz(epoch_us(CAST(s AS TIMESTAMPTZ)) // 1000 * 1000)`),
  // ... as a result column: Trino renders each value in the zone its text names; only UTC (Z or no zone,
  // the session zone) renders the same here.
  M(`__am_from_iso8601_timestamp_shown(s) AS CASE
      WHEN regexp_matches(s, '[+-]\\d\\d(:?\\d\\d)?$') AND regexp_matches(s, 'T')
      THEN ${refusalSql('from_iso8601_timestamp results of texts with a UTC offset (Trino shows each value in its own zone)')}
      ELSE __am_from_iso8601_timestamp(s) END`),
  // json_extract_scalar: the scalar at the path as varchar; NULL for objects, arrays, JSON null, a missing
  // path or text that is not JSON.
  M(`__am_json_extract_scalar(j, p) AS CASE
      WHEN json_valid(j) AND json_type(j, p) NOT IN ('OBJECT', 'ARRAY') THEN json_extract_string(j, p) END`),
  // json_extract: the JSON value at the path; NULL for a missing path or text that is not JSON.
  M(`__am_json_extract(j, p) AS CASE WHEN json_valid(j) THEN json_extract(j, p) END`),
  // CAST(json AS varchar): a JSON string becomes its unquoted value, numbers and booleans their text; Trino
  // cannot cast an array or object to varchar.
  M(`__am_json_to_varchar(j) AS CASE WHEN json_type(j) IN ('ARRAY', 'OBJECT')
      THEN error('Cannot cast to varchar: the JSON value is an ' || lower(json_type(j)) || ' (use json_format)')
      WHEN json_type(j) = 'DOUBLE' THEN __am_double_varchar(CAST(j AS DOUBLE))
      ELSE json_extract_string(j, '$') END`),
  M(`__am_json_to_date(j) AS CASE WHEN j IS NULL OR json_type(j) = 'NULL' THEN NULL
      WHEN json_type(j) = 'VARCHAR' THEN CAST(json_extract_string(j, '$') AS DATE)
      ELSE error('Cannot cast JSON value to date; expected a JSON string') END`),
  // JSON equality (translate.ts rewriteJsonComparison)
  // (each side bound once: a side is often a whole json_parse)
  M(`__am_json_equal(a, b) AS list_transform([{'a': __am_json_sort2(json(a)), 'b': __am_json_sort2(json(b))}], lambda __s: CASE WHEN __s.a IS NULL OR __s.b IS NULL THEN NULL
      WHEN CAST(__s.a AS VARCHAR) = CAST(__s.b AS VARCHAR) THEN true
      WHEN json_type(__s.a) <> json_type(__s.b) OR json_type(__s.a) IN ('VARCHAR', 'BOOLEAN', 'NULL') THEN false
      ELSE ${refusalSql('comparison of JSON values written differently (Trino compares them with object keys sorted and numbers normalised)')} END)[1]`),
  // json_array_get: Trino gives a string element unquoted (as invalid JSON), which DuckDB's JSON type cannot hold.
  M(`__am_json_array_get(j, i) AS CASE
      WHEN json_type(__am_json_extract(j, '$[' || CAST(i AS VARCHAR) || ']')) = 'VARCHAR'
      THEN ${refusalSql('json_array_get of a string element (Trino returns it unquoted, as invalid JSON)')}
      ELSE __am_json_extract(j, '$[' || CAST(i AS VARCHAR) || ']') END`),
  // Division and modulus: Trino fails on a zero divisor for exact numbers (doubles give Infinity or NaN);
  // integer division truncates (DuckDB's //). Exact decimal division has Trino's own result scale and
  // rounding (DuckDB divides decimals as doubles): the translator writes it where it sees the operands'
  // types (numeric-types.ts); here, where it could not, refused unless a double takes part.
  M(`__am_divide(a, b) AS CASE
      WHEN a IS NULL OR b IS NULL THEN NULL
      WHEN (typeof(a) LIKE 'DECIMAL%' OR typeof(b) LIKE 'DECIMAL%') AND typeof(a) NOT IN ${INEXACT} AND typeof(b) NOT IN ${INEXACT}
      THEN ${refusalSql('division of decimal numbers (Trino keeps a decimal of its own scale; write a double, e.g. 7 / 2e0)')}
      WHEN b = 0 AND typeof(a) NOT IN ${INEXACT} AND typeof(b) NOT IN ${INEXACT} THEN error('Division by zero')
      WHEN b = 0 THEN ${refusalSql('division of a double by zero where the query text does not show the double (Trino gives Infinity or NaN; write e.g. CAST(x AS DOUBLE))')}
      ELSE a // b END`),
  // a / b of doubles as IEEE 754 divides (the sign of a zero divisor counts: 1 / -0.0 is -Infinity)
  M(`__am_ieee_divide(a, b) AS CASE WHEN b <> 0 OR b IS NULL OR a IS NULL THEN a / b
      WHEN isnan(a) OR a = 0 THEN CAST('NaN' AS DOUBLE)
      WHEN (a > 0) = NOT signbit(b) THEN CAST('Infinity' AS DOUBLE)
      ELSE CAST('-Infinity' AS DOUBLE) END`),
  // round(x, n) of a value whose type the translator could not see: Trino keeps a decimal's scale.
  M(`__am_round(x, n) AS CASE WHEN typeof(x) LIKE 'DECIMAL%' THEN ${refusalSql('round(x, n) of a decimal whose type the query text does not show')}
      ELSE round(x, n) END`),
  // Exact decimal division and modulus (numeric-types.ts) over the operands as scaled 128-bit integers:
  // the quotient rounded half away from zero (Trino's rounding), the remainder with the dividend's sign.
  M(`__am_div_round(n, d) AS CASE WHEN n IS NULL THEN NULL WHEN d = 0 THEN error('Division by zero')
      ELSE n // d + CASE WHEN abs(n % d) >= abs(d) - abs(n % d) THEN sign(n) * sign(d) ELSE 0 END END`),
  M(`__am_mod_exact(n, d) AS CASE WHEN n IS NULL THEN NULL WHEN d = 0 THEN error('Division by zero') ELSE n % d END`),
  // A scaled integer as decimal text with `s` fraction digits ('-12', 3 -> '-0.012').
  M(`__am_point(t, s) AS substr(t, 1, length(t) - s) || '.' || right(t, s)`),
  M(`__am_decimal_text(q, s) AS CASE WHEN q < 0 THEN '-' ELSE '' END || CASE WHEN s = 0 THEN CAST(abs(q) AS VARCHAR)
      ELSE __am_point(lpad(CAST(abs(q) AS VARCHAR), CAST(greatest(length(CAST(abs(q) AS VARCHAR)), s + 1) AS INTEGER), '0'), s) END`),
  M(`__am_mod(a, b) AS CASE
      WHEN a IS NULL OR b IS NULL THEN NULL
      WHEN (typeof(a) LIKE 'DECIMAL%' OR typeof(b) LIKE 'DECIMAL%') AND typeof(a) NOT IN ${INEXACT} AND typeof(b) NOT IN ${INEXACT}
      THEN ${refusalSql('modulus of decimal numbers')}
      WHEN b = 0 AND typeof(a) NOT IN ${INEXACT} AND typeof(b) NOT IN ${INEXACT} THEN error('Division by zero')
      ELSE a % b END`),
  M(`__am_parse_data_size(s) AS CAST(floor(
      CAST(regexp_extract(s, '^\\s*(\\d+(?:\\.\\d+)?)\\s*([a-zA-Z]+)\\s*$', 1) AS DECIMAL(38, 10)) *
      CASE regexp_extract(s, '^\\s*(\\d+(?:\\.\\d+)?)\\s*([a-zA-Z]+)\\s*$', 2)
        WHEN 'B' THEN 1 WHEN 'kB' THEN 1024 WHEN 'MB' THEN 1048576 WHEN 'GB' THEN 1073741824
        WHEN 'TB' THEN 1099511627776 WHEN 'PB' THEN 1125899906842624 WHEN 'EB' THEN 1152921504606846976
        ELSE error('Invalid data size: ''' || s || '''') END) AS DECIMAL(38, 0))`),
  // typeof: Trino's names; where DuckDB's type does not determine Trino's (bounded varchar lengths, nested
  // types, timestamp precision the translator could not see), refused.
  M(`__am_typeof(x) AS CASE typeof(x)
      WHEN 'INTEGER' THEN 'integer' WHEN 'BIGINT' THEN 'bigint' WHEN 'SMALLINT' THEN 'smallint'
      WHEN 'TINYINT' THEN 'tinyint' WHEN 'DOUBLE' THEN 'double' WHEN 'FLOAT' THEN 'real'
      WHEN 'BOOLEAN' THEN 'boolean' WHEN 'DATE' THEN 'date' WHEN 'JSON' THEN 'json' WHEN 'BLOB' THEN 'varbinary'
      WHEN 'UUID' THEN 'uuid'
      ELSE CASE WHEN typeof(x) LIKE 'DECIMAL(%' THEN lower(replace(typeof(x), ' ', ''))
        ELSE error('not supported by the embedded engine: typeof of a ' || typeof(x) || ' value; it runs on Athena') END END`),
  // from_iso8601_date: calendar dates, ISO week dates (2020-W10, 2020-W10-3) and ordinal dates (2020-123).
  M(`__am_from_iso8601_date(s) AS CASE WHEN s IS NULL THEN NULL
      WHEN regexp_full_match(s, '\\d{4}-\\d{2}-\\d{2}') THEN CAST(s AS DATE)
      WHEN regexp_full_match(s, '\\d{4}-W(0[1-9]|[1-4]\\d|5[0-3])(-[1-7])?') THEN CAST(
        make_date(CAST(substr(s, 1, 4) AS INTEGER), 1, 4) - CAST(isodow(make_date(CAST(substr(s, 1, 4) AS INTEGER), 1, 4)) - 1 AS INTEGER)
        + (CAST(substr(s, 7, 2) AS INTEGER) - 1) * 7 + coalesce(CAST(nullif(substr(s, 10, 1), '') AS INTEGER) - 1, 0) AS DATE)
      WHEN regexp_full_match(s, '\\d{4}-(00[1-9]|0[1-9]\\d|[12]\\d\\d|3[0-5]\\d|36[0-6])') THEN CAST(
        make_date(CAST(substr(s, 1, 4) AS INTEGER), 1, 1) + (CAST(substr(s, 6, 3) AS INTEGER) - 1) AS DATE)
      ELSE ${refusalSql('from_iso8601_date of this form')} END`),
  M(`__am_luhn_check(s) AS CASE WHEN s IS NULL THEN NULL
      WHEN s = '' THEN false
      WHEN NOT regexp_full_match(s, '[0-9]+') THEN error('Input contains non-digit character')
      ELSE list_sum(list_transform(range(1, length(s) + 1), lambda i: CASE WHEN i % 2 = 0
        THEN CAST(substr(reverse(s), i, 1) AS INTEGER) * 2 // 10 + CAST(substr(reverse(s), i, 1) AS INTEGER) * 2 % 10
        ELSE CAST(substr(reverse(s), i, 1) AS INTEGER) END)) % 10 = 0 END`),
  // title_case: words are runs of letters and digits; each starts upper case, the rest lower case.
  M(`__am_title_case(s) AS array_to_string(list_transform(regexp_extract_all(s, '[\\pL\\pN]+|[^\\pL\\pN]+'),
      lambda w: upper(substr(w, 1, 1)) || lower(substr(w, 2))), '')`),
  // cosine similarity of sparse vectors (maps): the dot product over common keys by the norms.
  M(`__am_map_cosine_similarity(a, b) AS
      coalesce(list_sum(list_transform(map_keys(a), lambda k: CAST(a[k] AS DOUBLE) * CAST(b[k] AS DOUBLE))), 0)
      / (sqrt(list_sum(list_transform(map_values(a), lambda v: CAST(v AS DOUBLE) * CAST(v AS DOUBLE))))
         * sqrt(list_sum(list_transform(map_values(b), lambda v: CAST(v AS DOUBLE) * CAST(v AS DOUBLE)))))`),
  M(`__am_pad(s, n, p, to_left) AS CASE WHEN s IS NULL OR n IS NULL OR p IS NULL THEN NULL
      WHEN typeof(s) = 'BLOB' THEN ${refusalSql('lpad / rpad of varbinary values')}
      WHEN p = '' THEN error('Padding string must not be empty')
      WHEN n < 0 OR n > 2147483647 THEN error('Target length must be in the range [0..2147483647]')
      WHEN to_left THEN lpad(s, CAST(n AS INTEGER), p) ELSE rpad(s, CAST(n AS INTEGER), p) END`),
  M(`__am_sequence(a, b, step) AS CASE WHEN a IS NULL OR b IS NULL OR step IS NULL THEN NULL WHEN step = 0 THEN error('step must not be zero')
      WHEN (step > 0 AND b < a) OR (step < 0 AND b > a) THEN error('sequence stop value should be greater than or equal to start value if step is greater than zero otherwise stop should be less than or equal to start')
      WHEN (CAST(b AS HUGEINT) - a) // step >= 10000 THEN error('result of sequence function must not have more than 10000 entries')
      ELSE generate_series(CAST(a AS BIGINT), CAST(b AS BIGINT), CAST(step AS BIGINT)) END`),
  // repeat(x, n): an array of n copies in Trino
  M(`__am_repeat(x, n) AS CASE WHEN n IS NULL THEN NULL WHEN n < 0 THEN error('count argument of repeat function must be greater than or equal to 0')
      WHEN n > 10000 THEN error('count argument of repeat function must be less than or equal to 10000')
      ELSE list_transform(range(CAST(n AS BIGINT)), lambda i: x) END`),
  // url_encode as Java's URLEncoder (Trino's): letters, digits and .-*_ kept, space as +, the rest %XX of UTF-8
  M(`__am_url_encode(s) AS array_to_string(list_transform(string_split(s, ''), lambda c: CASE
      WHEN regexp_full_match(c, '[A-Za-z0-9.*_-]') THEN c WHEN c = ' ' THEN '+'
      ELSE regexp_replace(hex(encode(c)), '(..)', '%\\1', 'g') END), '')`),
  // x[i] and m[k] fail in Trino where element_at gives NULL
  M(`__am_array_subscript(a, i) AS CASE
      WHEN i > len(a) THEN error('Array subscript must be less than or equal to array length: ' || i || ' > ' || len(a))
      WHEN i = 0 THEN error('SQL array indices start at 1')
      WHEN i < 0 THEN error('Array subscript is negative: ' || i)
      ELSE a[i] END`),
  M(`__am_map_subscript(m, k) AS CASE
      WHEN NOT list_contains(map_keys(m), k) THEN error('Key not present in map: ' || CAST(k AS VARCHAR))
      ELSE m[k] END`),
  // array_sort's comparator must answer -1, 0 or 1.
  M(`__am_comparator(c) AS CASE WHEN c IN (-1, 0, 1) THEN c
      ELSE error('Lambda comparator must return either -1, 0, or 1') END`),
  // Start positions of every match of a regular expression (1-based): the text before each match is the
  // split piece before it.
  M(`__am_regexp_positions(s, p) AS list_transform(range(1, len(regexp_extract_all(s, p)) + 1), lambda k:
      1 + list_sum(list_transform(list_slice(regexp_split_to_array(s, p), 1, k), lambda w: length(w)))
        + coalesce(list_sum(list_transform(list_slice(regexp_extract_all(s, p), 1, k - 1), lambda w: length(w))), 0))`),
  // regexp_position(s, p, start, n): Trino searches from start; the matches of the whole text are the same
  // unless one of them spans start (or is empty), which is refused.
  M(`__am_regexp_position(s, p, start, n) AS CASE WHEN s IS NULL OR p IS NULL OR start IS NULL OR n IS NULL THEN NULL
      WHEN start < 1 THEN error('start must be a positive integer')
      WHEN n < 1 THEN error('occurrence must be a positive integer')
      WHEN list_bool_or(list_transform(regexp_extract_all(s, p), lambda w: length(w) = 0))
        OR list_bool_or(list_transform(range(1, len(regexp_extract_all(s, p)) + 1), lambda k:
          __am_regexp_positions(s, p)[k] < start AND __am_regexp_positions(s, p)[k] + length(regexp_extract_all(s, p)[k]) > start))
      THEN ${refusalSql('regexp_position where a match spans the start position or is empty')}
      ELSE CAST(coalesce(list_filter(__am_regexp_positions(s, p), lambda q: q >= start)[n], -1) AS INTEGER) END`),
  M(`__am_parse_duration(s) AS CASE WHEN s IS NULL THEN NULL
      WHEN NOT regexp_full_match(s, '\\s*\\d+(\\.\\d+)?\\s*(ns|us|ms|s|m|h|d)\\s*')
      THEN error('Invalid Function Argument: duration is not a valid data duration string: ' || s)
      ELSE to_milliseconds(CAST(floor(CAST(regexp_extract(s, '(\\d+(\\.\\d+)?)', 1) AS DOUBLE) *
        CASE regexp_extract(s, '(ns|us|ms|s|m|h|d)\\s*$', 1)
          WHEN 'ns' THEN 0.000001 WHEN 'us' THEN 0.001 WHEN 'ms' THEN 1 WHEN 's' THEN 1000 WHEN 'm' THEN 60000
          WHEN 'h' THEN 3600000 ELSE 86400000 END + 0.5) AS BIGINT)) END`),
  M(`__am_time_unit(n, unit) AS CASE WHEN n = 0 THEN NULL WHEN n = 1 THEN '1 ' || unit ELSE CAST(n AS VARCHAR) || ' ' || unit || 's' END`),
  // human_readable_seconds: Java's Math.round of the absolute value (half up, saturating at the bigint range).
  M(`__am_hrs_seconds(x) AS CASE WHEN abs(x) >= 9.223372036854775807e18 THEN CAST(9223372036854775807 AS BIGINT)
      ELSE CAST(floor(abs(CAST(x AS DOUBLE)) + 0.5) AS BIGINT) END`),
  M(`__am_human_readable_seconds(x) AS CASE WHEN x IS NULL THEN NULL
      WHEN isnan(CAST(x AS DOUBLE)) THEN error('Invalid argument found: NaN')
      WHEN isinf(CAST(x AS DOUBLE)) THEN error('Invalid argument found: ' || CASE WHEN x > 0 THEN 'Infinity' ELSE '-Infinity' END)
      WHEN __am_hrs_seconds(x) = 0 THEN '0 seconds'
      ELSE array_to_string(list_filter([
        __am_time_unit(__am_hrs_seconds(x) // 604800, 'week'),
        __am_time_unit(__am_hrs_seconds(x) % 604800 // 86400, 'day'),
        __am_time_unit(__am_hrs_seconds(x) % 86400 // 3600, 'hour'),
        __am_time_unit(__am_hrs_seconds(x) % 3600 // 60, 'minute'),
        __am_time_unit(__am_hrs_seconds(x) % 60, 'second')], lambda e: e IS NOT NULL), ', ') END`),
  M(`__am_json_array_length(j) AS CASE
      WHEN json_valid(j) AND json_type(j) = 'ARRAY' THEN CAST(json_array_length(j) AS BIGINT) END`),
  M(`__am_json_size(j, p) AS CASE WHEN json_valid(j) THEN CASE json_type(j, p)
      WHEN 'ARRAY' THEN CAST(json_array_length(j, p) AS BIGINT)
      WHEN 'OBJECT' THEN CAST(len(json_keys(j, p)) AS BIGINT)
      ELSE CASE WHEN json_type(j, p) IS NOT NULL THEN CAST(0 AS BIGINT) END END END`),
  // a NaN or infinite double is in no JSON array (Trino answers false before reading the JSON)
  M(`__am_json_array_contains(j, v) AS CASE
      WHEN j IS NOT NULL AND typeof(v) IN ('DOUBLE', 'FLOAT') AND NOT isfinite(TRY_CAST(v AS DOUBLE)) THEN false
      WHEN json_valid(j) THEN CASE WHEN json_type(j) = 'ARRAY'
      THEN list_contains(list_transform(CAST(j AS JSON[]), lambda e: json_extract_string(e, '$')), CAST(v AS VARCHAR)) END END`),
  // date_add(unit, n, ts): Trino's unit names.
  M(`__am_date_add(unit, n, ts) AS ts + CASE lower(unit)
      WHEN 'millisecond' THEN to_milliseconds(CAST(n AS BIGINT))
      WHEN 'second' THEN to_seconds(CAST(n AS BIGINT))
      WHEN 'minute' THEN to_minutes(CAST(n AS BIGINT))
      WHEN 'hour' THEN to_hours(CAST(n AS BIGINT))
      WHEN 'day' THEN to_days(CAST(n AS INTEGER))
      WHEN 'week' THEN to_weeks(CAST(n AS INTEGER))
      WHEN 'month' THEN to_months(CAST(n AS INTEGER))
      WHEN 'quarter' THEN to_months(CAST(n AS INTEGER) * 3)
      WHEN 'year' THEN to_years(CAST(n AS INTEGER))
      ELSE error('date_add: unknown unit ' || unit) END`),
  // regexp_extract: NULL (not '') when the pattern does not match.
  M(`__am_regexp_extract(s, p, g) AS CASE WHEN regexp_matches(s, p) THEN regexp_extract(s, p, g) END`),
  // array_position: 1-based index of the first match, 0 when absent.
  M(`__am_array_position(arr, x) AS CASE
      WHEN arr IS NULL OR x IS NULL THEN NULL ELSE CAST(coalesce(list_position(arr, x), 0) AS BIGINT) END`),
  // array_distinct keeps the first occurrence of each element, in order (DuckDB's list_distinct does not).
  M(`__am_array_distinct(arr) AS list_filter(arr, lambda x, i: list_position(arr, x) = i
      OR (x IS NULL AND i = list_position(list_transform(arr, lambda e: e IS NULL), true)))`),
  M(`__am_url_extract(url, part) AS CASE WHEN regexp_matches(url, '^[A-Za-z][A-Za-z0-9+.-]*:')
      THEN nullif(regexp_extract(url,
        '^([A-Za-z][A-Za-z0-9+.-]*):(//(?:[^/?#@]*@)?([^/?#:]*)(?::([0-9]+))?)?([^?#]*)(?:\\?([^#]*))?(?:#(.*))?$',
        part), '') END`),
  ...STRING_MACROS,
  ...ARRAY_MACROS,
  ...DATE_SEQUENCE_MACROS,
  ...MATH_MACROS,
  ...OPERATOR_MACROS,
];
