// Trino functions whose meaning differs from DuckDB's built-in of the same name (or that DuckDB lacks),
// as temporary macros. The translator rewrites calls to them (contains -> __am_contains); the engines run
// these statements on every connection that executes translated SQL.

const M = (sql: string) => `CREATE OR REPLACE TEMP MACRO ${sql}`;

export const DUCKDB_MACROS: readonly string[] = [
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
  // json_extract_scalar: the scalar at the path as varchar; NULL for objects, arrays, JSON null, a missing
  // path or text that is not JSON.
  M(`__am_json_extract_scalar(j, p) AS CASE
      WHEN json_valid(j) AND json_type(j, p) NOT IN ('OBJECT', 'ARRAY') THEN json_extract_string(j, p) END`),
  // json_extract: the JSON value at the path; NULL for a missing path or text that is not JSON.
  M(`__am_json_extract(j, p) AS CASE WHEN json_valid(j) THEN json_extract(j, p) END`),
  // CAST(json AS varchar): a JSON string becomes its unquoted value, numbers and booleans their text.
  M(`__am_json_to_varchar(j) AS json_extract_string(j, '$')`),
  M(`__am_json_array_length(j) AS CASE
      WHEN json_valid(j) AND json_type(j) = 'ARRAY' THEN CAST(json_array_length(j) AS BIGINT) END`),
  M(`__am_json_size(j, p) AS CASE WHEN json_valid(j) THEN CASE json_type(j, p)
      WHEN 'ARRAY' THEN CAST(json_array_length(j, p) AS BIGINT)
      WHEN 'OBJECT' THEN CAST(len(json_keys(j, p)) AS BIGINT)
      WHEN NULL THEN NULL ELSE CAST(0 AS BIGINT) END END`),
  M(`__am_json_array_contains(j, v) AS CASE WHEN json_valid(j) AND json_type(j) = 'ARRAY'
      THEN list_contains(list_transform(CAST(j AS JSON[]), lambda e: json_extract_string(e, '$')), CAST(v AS VARCHAR)) END`),
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
];
