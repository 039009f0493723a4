// The families of the generated check that `npm test` holds to 0 differences: the functions, operators and
// casts the embedded engine answers (or refuses) as Trino does over the whole grid. The rest of the grid
// runs on demand (FUNCTION_CHECK=all) and in the benchmark, which counts what is left (BENCHMARKS.md).
import { castSignatures, functionSignatures, operatorSignatures, type FunctionListing, type Signature } from './grid';

export interface CheckedFamilies {
  /** Functions checked over all their signatures, or those whose argument types match. */
  functions: readonly string[];
  argumentFilter: Readonly<Record<string, RegExp>>;
  /** Operators (+, -, ...) checked between the argument types that match. */
  operators: Readonly<Record<string, RegExp>>;
  /** Casts: source type -> target types that match. */
  casts: Readonly<Record<string, RegExp>>;
  /** Every operator between every pair of the grid's types. */
  allOperators?: boolean;
}

const DECIMAL_OR_DOUBLE = /^(decimal\(|bigint$|integer$)/;

export const CHECKED_FAMILIES: CheckedFamilies = {
  functions: [
    'sequence', 'repeat', 'codepoint', 'lpad', 'rpad', 'regexp_split', 'url_extract_query',
    'url_extract_fragment', 'url_encode', 'to_iso8601',
    'chr', 'concat', 'concat_ws', 'hamming_distance', 'length', 'levenshtein_distance', 'lower', 'ltrim', 'luhn_check',
    'replace', 'reverse', 'rtrim', 'split', 'split_part', 'split_to_map', 'starts_with', 'strpos', 'substr',
    'substring', 'translate', 'trim', 'upper', 'to_utf8', 'from_utf8', 'to_hex', 'from_hex', 'to_base64', 'from_base64',
    'md5', 'sha1', 'sha256', 'sha512', 'crc32', 'xxhash64', 'regexp_count', 'regexp_extract', 'regexp_extract_all',
    'regexp_like', 'regexp_position', 'regexp_replace', 'url_decode', 'url_extract_host', 'url_extract_parameter',
    'url_extract_path', 'url_extract_port', 'url_extract_protocol',
    // date and time
    'at_timezone', 'current_date', 'current_timezone', 'date', 'date_add', 'date_diff', 'date_format', 'date_parse',
    'date_trunc', 'day', 'day_of_month', 'day_of_week', 'day_of_year', 'dow', 'doy', 'format_datetime',
    'from_iso8601_date', 'from_iso8601_timestamp', 'from_unixtime', 'hour', 'human_readable_seconds',
    'last_day_of_month', 'millisecond', 'minute', 'month', 'now', 'parse_datetime', 'parse_duration', 'quarter',
    'second', 'timezone', 'timezone_hour', 'timezone_minute', 'to_milliseconds', 'to_unixtime', 'week',
    'week_of_year', 'with_timezone', 'year', 'year_of_week', 'yow',
    // arrays, maps and conditionals
    'array_distinct', 'array_except', 'array_histogram', 'array_intersect', 'array_join', 'array_max', 'array_min',
    'array_position', 'array_remove', 'array_sort', 'array_union', 'arrays_overlap', 'cardinality', 'combinations',
    'contains', 'element_at', 'flatten', 'greatest', 'least', 'map', 'map_concat', 'ngrams', 'slice', 'trim_array', 'typeof',
    // JSON
    'json_array_contains', 'json_array_get', 'json_array_length', 'json_extract', 'json_extract_scalar', 'json_format',
    'json_parse', 'json_size', 'is_json_scalar',
    // math
    'abs', 'cbrt', 'ceil', 'ceiling', 'degrees', 'e', 'exp', 'floor', 'ln', 'log', 'log2', 'log10', 'mod', 'pi', 'pow',
    'power', 'radians', 'round', 'sign', 'sqrt', 'truncate', 'width_bucket', 'acos', 'asin', 'atan', 'atan2', 'cos',
    'cosh', 'sin', 'sinh', 'tan', 'tanh', 'infinity', 'is_finite', 'is_infinite', 'is_nan', 'nan', 'bitwise_and',
    'bitwise_or', 'bitwise_xor', 'bitwise_not', 'bit_count', 'from_base', 'to_base',
  ],
  argumentFilter: {},
  // decimals with decimals and integers (with doubles: -0.0 divisors left to fix)
  operators: { '+': DECIMAL_OR_DOUBLE, '-': DECIMAL_OR_DOUBLE, '*': DECIMAL_OR_DOUBLE, '/': DECIMAL_OR_DOUBLE, '%': DECIMAL_OR_DOUBLE },
  allOperators: true,
  casts: {
    'decimal(3,2)': /^(varchar|double|bigint|decimal\(38,0\))$/, 'decimal(20,5)': /^(varchar|double|decimal\(3,2\))$/, 'decimal(38,38)': /^(double)$/,
    // every target; json to date follows the documented (newer) Trino, and -0e0 reaches DuckDB as 0 (double to json)
    boolean: /./, integer: /./, bigint: /./, double: /^(?!json$)/, real: /./, varchar: /./, date: /./, 'timestamp(3)': /./, 'timestamp(6)': /./,
    'timestamp(3) with time zone': /./, json: /^(?!date$)/, 'array(bigint)': /./, 'array(varchar)': /./, 'map(varchar,bigint)': /./,
  },
};

function matches(sig: Signature, families: CheckedFamilies): boolean {
  if (sig.form === 'function') {
    if (!families.functions.includes(sig.name)) return false;
    const filter = families.argumentFilter[sig.name];
    return !filter || filter.test(sig.args[0] ?? '');
  }
  if (sig.form === 'operator') {
    if (families.allOperators) return true;
    const filter = families.operators[sig.name];
    return !!filter && sig.args.every((a) => filter.test(a)) && sig.args.some((a) => a.startsWith('decimal('));
  }
  const filter = families.casts[sig.args[0]!];
  return !!filter && filter.test(sig.name);
}

/** The grid's signatures: all of them, or those of the checked families. */
export function checkedSignatures(listing: readonly FunctionListing[], accepted: ReadonlySet<string>, families?: CheckedFamilies): Signature[] {
  const all = [...functionSignatures(listing, accepted), ...operatorSignatures(), ...castSignatures()];
  return families ? all.filter((s) => matches(s, families)) : all;
}
