// The functions a query may call: Trino's functions an analyst uses (Athena engine v3), by family.
// Anything else (DuckDB-only functions such as getenv, current_setting, read_text, system functions) is
// refused by the guard, on both engines, so a query that runs here also runs on Athena and nothing in it
// can reach outside the views.

const CONDITIONAL = ['coalesce', 'nullif', 'if', 'try', 'greatest', 'least', 'typeof'];

const MATH = [
  'abs', 'cbrt', 'ceil', 'ceiling', 'degrees', 'e', 'exp', 'floor', 'ln', 'log', 'log2', 'log10', 'mod', 'pi',
  'pow', 'power', 'radians', 'rand', 'random', 'round', 'sign', 'sqrt', 'truncate', 'width_bucket',
  'acos', 'asin', 'atan', 'atan2', 'cos', 'cosh', 'sin', 'sinh', 'tan', 'tanh', 'infinity', 'is_finite',
  'is_infinite', 'is_nan', 'nan', 'bitwise_and', 'bitwise_or', 'bitwise_xor', 'bitwise_not', 'bit_count',
  'from_base', 'to_base',
];

const STRING = [
  'chr', 'codepoint', 'concat', 'concat_ws', 'hamming_distance', 'length', 'levenshtein_distance',
  'lower', 'lpad', 'ltrim', 'luhn_check', 'position', 'replace', 'reverse', 'rpad', 'rtrim', 'soundex', 'split',
  'split_part', 'split_to_map', 'starts_with', 'strpos', 'substr', 'substring', 'translate', 'trim', 'upper',
  'word_stem', 'normalize', 'to_utf8', 'from_utf8', 'to_hex', 'from_hex', 'to_base64', 'from_base64', 'md5',
  'sha1', 'sha256', 'sha512', 'crc32', 'xxhash64', 'uuid',
];

const REGEXP = [
  'regexp_count', 'regexp_extract', 'regexp_extract_all', 'regexp_like', 'regexp_position', 'regexp_replace',
  'regexp_split',
];

const JSON_FUNCTIONS = [
  'json_array_contains', 'json_array_get', 'json_array_length', 'json_extract', 'json_extract_scalar',
  'json_format', 'json_parse', 'json_size', 'is_json_scalar',
];

const DATETIME = [
  'current_date', 'current_time', 'current_timestamp', 'current_timezone', 'localtime', 'localtimestamp', 'now',
  'date', 'date_add', 'date_diff', 'date_format', 'date_parse', 'date_trunc', 'day', 'day_of_month',
  'day_of_week', 'day_of_year', 'dow', 'doy', 'extract', 'format_datetime', 'from_iso8601_date',
  'from_iso8601_timestamp', 'from_unixtime', 'hour', 'last_day_of_month', 'millisecond', 'minute', 'month',
  'parse_datetime', 'quarter', 'second', 'to_iso8601', 'to_unixtime', 'week', 'week_of_year',
  'year', 'year_of_week', 'yow', 'at_timezone', 'with_timezone', 'timezone_hour', 'timezone_minute',
  'human_readable_seconds',
];

const ARRAY = [
  'all_match', 'any_match', 'array_distinct', 'array_except', 'array_intersect', 'array_join', 'array_max',
  'array_min', 'array_position', 'array_remove', 'array_sort', 'array_union', 'arrays_overlap', 'cardinality',
  'contains', 'element_at', 'filter', 'flatten', 'none_match', 'reduce', 'repeat', 'sequence', 'shuffle', 'slice',
  'transform', 'zip', 'trim_array', 'array_has_duplicates', 'array_frequency',
];

const MAP = [
  'map', 'map_concat', 'map_entries', 'map_filter', 'map_from_entries', 'map_keys', 'map_values',
  'transform_keys', 'transform_values', 'map_agg',
];

const URL = [
  'url_decode', 'url_encode', 'url_extract_fragment', 'url_extract_host', 'url_extract_parameter',
  'url_extract_path', 'url_extract_port', 'url_extract_protocol', 'url_extract_query',
];

const AGGREGATE = [
  'count', 'count_if', 'sum', 'avg', 'min', 'max', 'min_by', 'max_by', 'arbitrary', 'any_value', 'array_agg',
  'bool_and', 'bool_or', 'every', 'checksum', 'geometric_mean', 'listagg', 'histogram', 'multimap_agg',
  'approx_distinct', 'approx_percentile', 'approx_most_frequent', 'stddev', 'stddev_pop', 'stddev_samp',
  'variance', 'var_pop', 'var_samp', 'corr', 'covar_pop', 'covar_samp', 'kurtosis', 'skewness',
  'regr_intercept', 'regr_slope', 'bitwise_and_agg', 'bitwise_or_agg', 'grouping',
];

const WINDOW = [
  'row_number', 'rank', 'dense_rank', 'percent_rank', 'cume_dist', 'ntile', 'lag', 'lead', 'first_value',
  'last_value', 'nth_value',
];

/**
 * Further Trino functions Athena engine v3 runs. The embedded engine computes some of them and refuses the
 * others by name (translate.ts), so the guard lets them through for both engines.
 */
const MORE = [
  'array_histogram', 'combinations', 'ngrams', 'euclidean_distance', 'dot_product', 'cosine_distance',
  'cosine_similarity', 'zip_with', 'multimap_from_entries', 'map_zip_with', 'from_iso8601_timestamp_nanos',
  'from_unixtime_nanos', 'parse_duration', 'format', 'format_number', 'parse_data_size', 'title_case',
  'overlay', 'json_array', 'json_object', 'reduce_agg', 'timezone', 'ends_with', 'array_first', 'array_last',
  'contains_sequence', 'to_milliseconds', 'try_cast', 'json_query', 'json_value', 'json_exists',
];

/** Trino functions a query may call, lower case. */
export const TRINO_FUNCTIONS: ReadonlySet<string> = new Set([
  ...CONDITIONAL, ...MATH, ...STRING, ...REGEXP, ...JSON_FUNCTIONS, ...DATETIME, ...ARRAY, ...MAP, ...URL,
  ...AGGREGATE, ...WINDOW, ...MORE,
]);

/**
 * Functions DuckDB's parser itself produces for Trino syntax (ARRAY[...], ROW(...), INTERVAL '1' DAY,
 * EXTRACT, AT TIME ZONE, count(*), x[1:2], ...): allowed because the user's text asked for the construct,
 * not for the function.
 */
export const PARSER_FUNCTIONS: ReadonlySet<string> = new Set([
  'list_value', 'row', 'struct_pack', 'date_part', 'timezone', 'count_star', 'trunc', 'array_slice',
  'to_years', 'to_months', 'to_days', 'to_hours', 'to_minutes', 'to_seconds', 'to_milliseconds',
  'to_microseconds', 'to_weeks', 'to_quarters', 'to_decades', 'to_centuries', 'to_millennia',
  'regexp_full_match', 'struct_extract', 'list_extract', 'array_extract', 'like_escape', 'not_like_escape',
]);

/** Operators (FUNCTION nodes with is_operator): arithmetic, string concatenation, LIKE and friends. */
export const OPERATORS: ReadonlySet<string> = new Set([
  '+', '-', '*', '/', '//', '%', '||', '~~', '!~~', '~~*', '!~~*', '&', '|', '<<', '>>', 'xor', '^', '**',
]);
