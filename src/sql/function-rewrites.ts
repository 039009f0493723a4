// Trino functions whose meaning differs from DuckDB's function of the same name, or that DuckDB lacks: the
// rewrite of each call (a template over the call's arguments, `$1`, `$2`, ...), the functions refused by
// name, and the marks the rewrites leave on nodes for the translator (JSON values, map values, timestamps
// without a zone).
import { SqlRejectedError } from '../errors/engine-error';
import { type Expr, functionCall, stringConstant } from './ast';
import { jodaFormatToStrftime, mysqlFormatToStrftime } from './datetime-format';
import { trinoJsonPathToPointer } from './json-path';
import { ARRAY_REWRITES, nullConsistentSort } from './array-functions';
import { applyLambda, elementAt, isLambda } from './lambdas';
import { refusalSql } from './refusal';
import { STRING_REWRITES, capturingGroups, constantNumber, groupFailure } from './string-functions';
import { jsonExistsSql, jsonQuerySql, jsonValueSql, parseJsonPath, parseSqlJsonOptions } from './sql-json';

/** Instantiates a rewrite template with arguments (in the first pass: only records that it is needed). */
export type Tpl = (text: string, args: Expr[]) => Expr;
/** A rewrite: given the (already rewritten) arguments, the template text to use, or a finished node. */
export type Rewrite = (args: Expr[], call: Expr, tpl: Tpl) => string | Expr | undefined;

/** Trino functions Athena runs whose meaning DuckDB cannot reproduce exactly: refused by name. */
export const REFUSED_FUNCTIONS: Readonly<Record<string, (args: Expr[]) => string | undefined>> = {
  format: () => 'format (Java format strings)',
  format_number: () => 'format_number',
  json_array: (args) => (jsonConstructorOptions(args) ? undefined : 'json_array in this form'),
  json_object: (args) => (jsonConstructorOptions(args) ? undefined : 'json_object in this form'),
  reduce_agg: () => 'reduce_agg',
  json_query: (args) => (args.length === 3 && stringConstant(args[1]) !== undefined ? undefined : 'json_query in this form'),
  json_value: (args) => (args.length === 5 && stringConstant(args[1]) !== undefined ? undefined : 'json_value in this form'),
  json_exists: (args) => (args.length === 3 && stringConstant(args[1]) !== undefined ? undefined : 'json_exists in this form'),
  regexp_replace: (args) =>
    isLambda(args[2]) && stringConstant(args[1]) === undefined ? 'regexp_replace with a lambda and a computed pattern' : undefined,
  from_iso8601_timestamp_nanos: () => 'from_iso8601_timestamp_nanos (nanosecond timestamps)',
  from_unixtime_nanos: () => 'from_unixtime_nanos (nanosecond timestamps)',
  contains_sequence: () => 'contains_sequence',
  to_milliseconds: () => 'to_milliseconds',
  approx_most_frequent: () => 'approx_most_frequent',
  checksum: () => 'checksum',
  word_stem: () => 'word_stem',
  normalize: () => 'normalize',
  soundex: () => 'soundex',
};

/** The options trino-syntax.ts put first in a json_object / json_array call. */
function jsonConstructorOptions(args: Expr[]): { absent: boolean; unique: boolean } | undefined {
  const marker = stringConstant(args[0]);
  if (!marker?.startsWith('__am:')) return undefined;
  return { absent: marker.includes(':absent'), unique: marker.includes(':unique') };
}

/** Function calls known to produce a map. */
const MAP_FUNCTIONS = new Set(['map', 'map_from_entries', 'map_agg', 'map_concat', 'histogram', 'split_to_map', '__am_split_to_map', 'multimap_agg', 'map_filter', 'transform_keys', 'transform_values', 'array_histogram']);

/** Expressions known to be timestamps without a zone (marked while the tree is walked). */
export const zonelessTimestamp = new WeakSet<Expr>();

/** Column references to view columns of a map type (marked while the tree is walked). */
export const mapColumns = new WeakSet<Expr>();

export function isMapValued(e: Expr | undefined): boolean {
  if (!e) return false;
  if (mapColumns.has(e)) return true;
  if (e.class === 'FUNCTION' && MAP_FUNCTIONS.has(String(e.function_name).toLowerCase())) return true;
  if (e.class === 'CAST' && String(e.cast_type?.id) === 'MAP') return true;
  return false;
}

export const col = (...names: string[]): Expr => ({ class: 'COLUMN_REF', type: 'COLUMN_REF', alias: '', column_names: names });

function literalArg(call: Expr, args: Expr[], index: number, what: string): string {
  const v = stringConstant(args[index]);
  if (v === undefined) {
    throw new SqlRejectedError(`${call.function_name}: the ${what} must be a string literal.`);
  }
  return v;
}

export function sqlString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

function jsonPathArg(call: Expr, args: Expr[]): string {
  const path = literalArg(call, args, 1, 'JSON path');
  const pointer = trinoJsonPathToPointer(path);
  if (pointer === undefined) {
    throw new SqlRejectedError(`${call.function_name}: unsupported JSON path ${JSON.stringify(path)} (use $.a.b, $["a.b"] or $.a[0]).`);
  }
  return sqlString(pointer);
}

function strftimeArg(call: Expr, args: Expr[], index: number, convert = mysqlFormatToStrftime): string {
  const format = literalArg(call, args, index, 'format');
  try {
    return sqlString(convert(format));
  } catch (err) {
    throw new SqlRejectedError((err as Error).message);
  }
}

/** `$1`, `$2`, ... `$n`: the placeholders of a variadic rewrite. */
const params = (n: number) => Array.from({ length: n }, (_, i) => `$${i + 1}`);

/** Results of these rewrites are JSON values: a CAST of one to varchar takes Trino's JSON-cast meaning. */
export const jsonValued = new WeakSet<Expr>();

export const UNIT_ALIASES: Readonly<Record<string, string>> = {
  dow: 'isodow',
  day_of_week: 'isodow',
  doy: 'doy',
  day_of_year: 'doy',
  day_of_month: 'day',
  year_of_week: 'isoyear',
  yow: 'isoyear',
  week_of_year: 'week',
};

export const REWRITES: Readonly<Record<string, Rewrite>> = {
  // Trino fails on division (and modulus) by zero for exact numbers; doubles give Infinity / NaN.
  '/': () => '__am_divide($1, $2)',
  '%': () => '__am_mod($1, $2)',
  '||': (args, _call, tpl) => {
    // ARRAY[1] || 2 and 2 || ARRAY[1]: an element on either side of an array
    const isArray = (x: Expr) =>
      (x.class === 'FUNCTION' && String(x.function_name).toLowerCase() === 'list_value') || (x.class === 'OPERATOR' && x.type === 'ARRAY_CONSTRUCTOR');
    const isScalar = (x: Expr) => x.class === 'CONSTANT' && !x.value?.is_null;
    if (args.length !== 2) return undefined;
    if (isArray(args[0]!) && isScalar(args[1]!)) return tpl('list_append($1, $2)', args);
    if (isScalar(args[0]!) && isArray(args[1]!)) return tpl('list_prepend($1, $2)', args);
    return undefined;
  },
  overlay: (args) =>
    args.length === 4
      ? 'substr($1, 1, $3 - 1) || $2 || substr($1, $3 + greatest($4, 0))'
      : 'substr($1, 1, $3 - 1) || $2 || substr($1, $3 + length($2))',
  array_first: () => 'list_extract($1, 1)',
  array_last: () => 'list_extract($1, -1)',
  euclidean_distance: () => 'list_distance(CAST($1 AS DOUBLE[]), CAST($2 AS DOUBLE[]))',
  dot_product: () => 'list_dot_product(CAST($1 AS DOUBLE[]), CAST($2 AS DOUBLE[]))',
  cosine_similarity: (args) =>
    args.some(isMapValued) ? '__am_map_cosine_similarity($1, $2)' : 'list_cosine_similarity(CAST($1 AS DOUBLE[]), CAST($2 AS DOUBLE[]))',
  cosine_distance: (args) =>
    args.some(isMapValued) ? '1 - __am_map_cosine_similarity($1, $2)' : '1 - list_cosine_similarity(CAST($1 AS DOUBLE[]), CAST($2 AS DOUBLE[]))',
  luhn_check: () => '__am_luhn_check($1)',
  title_case: () => '__am_title_case($1)',
  parse_data_size: () => '__am_parse_data_size($1)',
  typeof: () => '__am_typeof($1)',
  reduce: (args, _call, tpl) => {
    const [arr, init, input, output] = args;
    if (!arr || !init || !input || !output) return undefined;
    // The state may have another type than the elements (DuckDB's list_reduce wants one type): fold over
    // {s: state, x: element} pairs.
    const reduced = tpl(
      "struct_extract(list_reduce(list_transform($1, lambda __x: {'s': NULL, 'x': __x}), lambda __a, __e: {'s': $2, 'x': NULL}, {'s': $3, 'x': NULL}), 's')",
      [arr, applyLambda(input, [col('__a', 's'), col('__e', 'x')]), init],
    );
    return applyLambda(output, [reduced]);
  },
  transform_keys: (args, _call, tpl) =>
    tpl("map_from_entries(list_transform(map_entries($1), lambda __e: {'key': $2, 'value': __e.value}))", [
      args[0]!,
      applyLambda(args[1]!, [col('__e', 'key'), col('__e', 'value')]),
    ]),
  transform_values: (args, _call, tpl) =>
    tpl("map_from_entries(list_transform(map_entries($1), lambda __e: {'key': __e.key, 'value': $2}))", [
      args[0]!,
      applyLambda(args[1]!, [col('__e', 'key'), col('__e', 'value')]),
    ]),
  map_filter: (args, _call, tpl) =>
    tpl('map_from_entries(list_filter(map_entries($1), lambda __e: $2))', [args[0]!, applyLambda(args[1]!, [col('__e', 'key'), col('__e', 'value')])]),
  map_entries: () => 'list_transform(map_entries($1), lambda __e: row(__e.key, __e.value))',
  zip_with: (args, _call, tpl) =>
    tpl('list_transform(list_zip($1, $2), lambda __z: $3)', [
      args[0]!,
      args[1]!,
      applyLambda(args[2]!, [elementAt(col('__z'), 1), elementAt(col('__z'), 2)]),
    ]),
  array_sort: (args, _call, tpl) => {
    if (args.length === 1) return 'list_sort($1)';
    // With a comparator: insertion into the sorted prefix (stable, like Trino's merge sort), one element at a
    // time, each placed after the elements the comparator orders before or with it.
    const cmp = tpl('__am_comparator($1)', [applyLambda(args[1]!, [col('__p'), col('__e', 'x')])]);
    return nullConsistentSort(args[0]!, args[1]!, tpl, tpl(
      "struct_extract(list_reduce(list_transform($1, lambda __x: {'s': NULL, 'x': __x}), lambda __a, __e: {'s': " +
        'list_concat(list_concat(list_slice(__a.s, 1, len(list_filter(__a.s, lambda __p: $2 <= 0))), [__e.x]), ' +
        "list_slice(__a.s, len(list_filter(__a.s, lambda __p: $2 <= 0)) + 1, len(__a.s))), 'x': NULL}, {'s': list_slice($1, 1, 0), 'x': NULL}), 's')",
      [args[0]!, cmp],
    ));
  },
  multimap_from_entries: () =>
    "CASE WHEN list_bool_or(list_transform($1, lambda __e: __e[1] IS NULL)) THEN error('map key cannot be null') " +
    "ELSE map_from_entries(list_transform(list_distinct(list_transform($1, lambda __e: __e[1])), lambda __k: {'key': __k, 'value': list_transform(list_filter($1, lambda __e: __e[1] = __k), lambda __e: __e[2])})) END",
  map_zip_with: (args, _call, tpl) => {
    const at = (m: Expr): Expr => ({ class: 'OPERATOR', type: 'ARRAY_EXTRACT', alias: '', children: [m, col('__k')] });
    return tpl("map_from_entries(list_transform(list_distinct(list_concat(map_keys($1), map_keys($2))), lambda __k: {'key': __k, 'value': $3}))", [
      args[0]!,
      args[1]!,
      applyLambda(args[2]!, [col('__k'), at(args[0]!), at(args[1]!)]),
    ]);
  },
  json_array: (args) => {
    const values = args.slice(1);
    if (values.length === 0) return "'[]'";
    const ps = values.map((_, i) => `$${i + 2}`).join(', ');
    return jsonConstructorOptions(args)!.absent
      ? `CAST(to_json(list_filter(CAST(json_array(${ps}) AS JSON[]), lambda __j: json_type(__j) <> 'NULL')) AS VARCHAR)`
      : `CAST(json_array(${ps}) AS VARCHAR)`;
  },
  json_object: (args) => {
    const opts = jsonConstructorOptions(args)!;
    const n = (args.length - 1) / 2;
    if (n === 0) return "'{}'";
    const key = (i: number) => `$${2 + 2 * i}`;
    const value = (i: number) => `$${3 + 2 * i}`;
    const idx = Array.from({ length: n }, (_, i) => i);
    const object = opts.absent
      ? `'{' || array_to_string(list_transform(list_filter([${idx.map((i) => `{'k': ${key(i)}, 'v': CAST(to_json(${value(i)}) AS VARCHAR)}`).join(', ')}], lambda __m: __m.v IS NOT NULL), lambda __m: to_json(__m.k) || ':' || __m.v), ',') || '}'`
      : `CAST(json_object(${idx.map((i) => `${key(i)}, ${value(i)}`).join(', ')}) AS VARCHAR)`;
    const keys = `[${idx.map(key).join(', ')}]`;
    const checked = `CASE WHEN list_bool_or(list_transform(${keys}, lambda __k: __k IS NULL)) THEN error('null value passed for JSON object key to JSON_OBJECT function') ${
      opts.unique ? `WHEN len(list_distinct(${keys})) < ${n} THEN error('duplicate key passed to JSON_OBJECT function') ` : ''
    }ELSE ${object} END`;
    return checked;
  },
  // SQL/JSON path functions (sql-json.ts); trino-syntax.ts put their clauses in an options argument
  json_exists: (args) => {
    const text = stringConstant(args[2]) ?? '';
    return jsonExistsSql(parseJsonPath(stringConstant(args[1])!), /error=/.test(text) ? parseSqlJsonOptions(text).onError : 'false');
  },
  json_query: (args) => {
    const sql = jsonQuerySql(parseJsonPath(stringConstant(args[1])!), parseSqlJsonOptions(stringConstant(args[2]) ?? ''));
    // of a JSON value the result is JSON, of a string a string
    return jsonValued.has(args[0]!) ? `CAST(${sql} AS JSON)` : sql;
  },
  json_value: (args) => jsonValueSql(parseJsonPath(stringConstant(args[1])!), parseSqlJsonOptions(stringConstant(args[2]) ?? '')),
  regexp_position: (args) => `__am_regexp_position($1, $2, ${args.length >= 3 ? '$3' : '1'}, ${args.length >= 4 ? '$4' : '1'})`,
  parse_duration: () => '__am_parse_duration($1)',
  human_readable_seconds: () => '__am_human_readable_seconds($1)',
  at_timezone: () => 'CAST($1 AS TIMESTAMP WITH TIME ZONE)',
  with_timezone: () => 'timezone($2, $1)',
  cardinality: (args) => (isMapValued(args[0]) ? 'CAST(cardinality($1) AS BIGINT)' : 'len($1)'),
  // count_if: 0 (not NULL) when no value is true, bigint
  count_if: () => 'count(CASE WHEN $1 THEN 1 END)',
  split_part: () =>
    "CASE WHEN $1 IS NULL OR $2 IS NULL OR $3 IS NULL THEN NULL WHEN $3 <= 0 THEN error('Index must be greater than zero') WHEN $3 > len(string_split($1, $2)) THEN NULL ELSE split_part($1, $2, $3) END",
  contains: () => '__am_contains($1, $2)',
  // element_at(array, 0) fails in Trino (a map's key 0 is a key like any other)
  element_at: (args) =>
    isMapValued(args[0])
      ? { class: 'OPERATOR', type: 'ARRAY_EXTRACT', alias: '', children: [args[0], args[1]] }
      : '__am_element_at($1, $2)',
  repeat: () => '__am_repeat($1, $2)',
  url_encode: () => '__am_url_encode($1)',
  array_distinct: () => '__am_array_distinct($1)',
  array_position: () => '__am_array_position($1, $2)',
  // array_max / array_min: NULL when the array holds a NULL (DuckDB's list_max skips it)
  array_max: () => 'CASE WHEN list_contains(list_transform($1, lambda __e: __e IS NULL), true) THEN NULL ELSE list_max($1) END',
  array_min: () => 'CASE WHEN list_contains(list_transform($1, lambda __e: __e IS NULL), true) THEN NULL ELSE list_min($1) END',
  sequence: (args) => `generate_series(${params(args.length).join(', ')})`,
  filter: () => 'list_filter($1, $2)',
  transform: () => 'list_transform($1, $2)',
  greatest: (args) =>
    `CASE WHEN ${params(args.length).map((p) => `${p} IS NULL`).join(' OR ')} THEN NULL ELSE greatest(${params(args.length).join(', ')}) END`,
  least: (args) =>
    `CASE WHEN ${params(args.length).map((p) => `${p} IS NULL`).join(' OR ')} THEN NULL ELSE least(${params(args.length).join(', ')}) END`,
  codepoint: (args) => {
    // Trino's codepoint takes a varchar(1): any other argument fails when the query is analysed
    const text = stringConstant(args[0]);
    if (text !== undefined && [...text].length === 1) return 'unicode($1)';
    const type = text === undefined ? 'varchar' : `varchar(${[...text].length})`;
    throw new SqlRejectedError(`Unexpected parameters (${type}) for function codepoint. Expected: codepoint(varchar(1))`);
  },
  truncate: () => 'trunc($1)',
  is_nan: () => 'isnan($1)',
  is_finite: () => 'isfinite($1)',
  is_infinite: () => 'isinf($1)',
  nan: () => "CAST('NaN' AS DOUBLE)",
  infinity: () => "CAST('Infinity' AS DOUBLE)",
  rand: (args) => (args.length === 0 ? 'random()' : undefined),
  bitwise_and: () => '($1 & $2)',
  bitwise_or: () => '($1 | $2)',
  bitwise_xor: () => 'xor($1, $2)',
  bitwise_not: () => '(~$1)',
  // regular expressions (Trino: replace every match, $1 in replacements; extract: NULL when no match)
  regexp_like: () => 'regexp_matches($1, $2)',
  regexp_extract: (args) => {
    // A group that did not take part in the match is NULL in Trino; DuckDB's regexp_extract gives '' as
    // for an empty group, its regexp_extract_all NULL. Where the pattern can skip a group (?, *, |, {0),
    // the group of the first match is taken from regexp_extract_all.
    const pattern = stringConstant(args[1]);
    const canSkip = pattern === undefined || /[?*|]|\{0/.test(pattern);
    const group = args.length >= 3 ? 'CAST($3 AS INTEGER)' : '0';
    if (constantNumber(args[2]) === null) return 'CAST(NULL AS VARCHAR)';
    const failure = args.length >= 3 ? groupFailure(args, 'VARCHAR') : undefined;
    if (failure) return failure;
    if (!canSkip || group === '0') return `__am_regexp_extract($1, $2, ${group})`;
    return `CASE WHEN __am_regexp_extract($1, $2, ${group}) = '' THEN regexp_extract_all($1, $2, ${group})[1] ELSE __am_regexp_extract($1, $2, ${group}) END`;
  },
  regexp_replace: (args, _call, tpl) => {
    if (args.length === 2) return "regexp_replace($1, $2, '', 'g')";
    if (isLambda(args[2])) {
      // regexp_replace(s, p, x -> ...): each match replaced by the lambda of its capturing groups (x[1], ...),
      // the text between matches kept: the split pieces and the matches, interleaved.
      const groups = capturingGroups(stringConstant(args[1])!);
      const x = functionCall(
        'list_value',
        Array.from({ length: groups }, (_, g) => ({
          class: 'OPERATOR', type: 'ARRAY_EXTRACT', alias: '',
          children: [functionCall('regexp_extract_all', [args[0]!, args[1]!, integerConstantOf(g + 1)]), col('__k')],
        })),
      );
      return tpl(
        "array_to_string(list_transform(range(1, len(regexp_split_to_array($1, $2)) + 1), lambda __k: regexp_split_to_array($1, $2)[__k] || CASE WHEN __k <= len(regexp_extract_all($1, $2)) THEN coalesce($3, '') ELSE '' END), '')",
        [args[0]!, args[1]!, applyLambda(args[2]!, [x])],
      );
    }
    const replacement = stringConstant(args[2]);
    if (replacement === undefined) return "regexp_replace($1, $2, $3, 'g')";
    // Trino writes group references as $1; RE2 (DuckDB) as \1, where a literal backslash is \\.
    const duck = replacement.replace(/\\/g, '\\\\').replace(/\$(\d)/g, '\\$1');
    return `regexp_replace($1, $2, ${sqlString(duck)}, 'g')`;
  },
  regexp_count: () => 'CAST(len(regexp_extract_all($1, $2)) AS BIGINT)',
  regexp_split: (args) => {
    // A pattern that matches the empty string splits before every character and at both ends in Trino
    const pattern = stringConstant(args[1]);
    if (pattern === '') return "CASE WHEN $1 = '' THEN ['', ''] ELSE list_concat([''], string_split($1, ''), ['']) END";
    if (pattern === undefined) return "CASE WHEN regexp_full_match('', $2) THEN " + refusalSql('regexp_split with a pattern that matches the empty string') + ' ELSE regexp_split_to_array($1, $2) END';
    if (matchesEmpty(pattern)) return refusalSql(`regexp_split with the pattern ${JSON.stringify(pattern)}, which matches the empty string`);
    return 'regexp_split_to_array($1, $2)';
  },
  // JSON
  json_extract: (args, call) => `__am_json_extract($1, ${jsonPathArg(call, args)})`,
  json_extract_scalar: (args, call) => `__am_json_extract_scalar($1, ${jsonPathArg(call, args)})`,
  json_parse: () => 'json($1)',
  json_format: () => 'CAST(__am_json_canonical(json($1)) AS VARCHAR)',
  json_array_length: () => '__am_json_array_length($1)',
  json_array_get: () => '__am_json_array_get($1, $2)',
  json_array_contains: () => '__am_json_array_contains($1, $2)',
  json_size: (args, call) => `__am_json_size($1, ${jsonPathArg(call, args)})`,
  is_json_scalar: () => "json_type(CAST($1 AS JSON)) NOT IN ('OBJECT', 'ARRAY')",
  // date and time
  from_iso8601_timestamp: () => '__am_from_iso8601_timestamp($1)',
  from_iso8601_date: () => '__am_from_iso8601_date($1)',
  date: () => 'CAST($1 AS DATE)',
  date_diff: () => 'date_sub($1, $2, $3)',
  date_add: () => '__am_date_add($1, $2, $3)',
  date_format: (args, call) => `strftime($1, ${strftimeArg(call, args, 1)})`,
  date_parse: (args, call) => `strptime($1, ${strftimeArg(call, args, 1)})`,
  format_datetime: (args, call, tpl) => {
    const zoneless = zonelessTimestamp.has(args[0]!);
    if (zoneless && /[Zz]/.test(stringConstant(args[1])?.replace(/'[^']*'/g, '') ?? '')) {
      return tpl("error('format_datetime for TIMESTAMP type, cannot use ''Z'' nor ''z'' in format, as this type does not contain TZ information')", []);
    }
    return `strftime($1, ${strftimeArg(call, args, 1, jodaFormatToStrftime)})`;
  },
  // a timestamp with time zone in Trino (UTC, the session zone, when the text names none)
  parse_datetime: (args, call) => `CAST(strptime($1, ${strftimeArg(call, args, 1, jodaFormatToStrftime)}) AS TIMESTAMP WITH TIME ZONE)`,
  day_of_month: () => 'day($1)',
  day_of_week: () => 'isodow($1)',
  dow: () => 'isodow($1)',
  day_of_year: () => 'dayofyear($1)',
  doy: () => 'dayofyear($1)',
  week_of_year: () => 'week($1)',
  year_of_week: () => 'isoyear($1)',
  yow: () => 'isoyear($1)',
  millisecond: () => '(millisecond($1) % 1000)',
  to_unixtime: () => 'epoch($1)',
  from_unixtime: () => 'to_timestamp($1)',
  last_day_of_month: () => 'last_day($1)',
  current_timezone: () => "'UTC'",
  to_iso8601: () => "strftime($1, '%Y-%m-%dT%H:%M:%S.%g')",
  // aggregates
  approx_distinct: (args, call) => functionCall('count', [args[0]], { distinct: true, filter: call.filter ?? null }),
  // Trino's digest is exact on small inputs and answers the value at rank floor(q * n) (0-based), where
  // quantile_disc answers rank floor(q * (n - 1)): take that rank from the sorted values. Integers give
  // a bigint in Trino.
  approx_percentile: (args, call) =>
    args.length === 2 && !call.filter
      ? '(list_sort(list($1) FILTER (WHERE $1 IS NOT NULL)))[LEAST(count($1), CAST(floor($2 * count($1)) AS BIGINT) + 1)] + CAST(0 AS BIGINT)'
      : undefined,
  arbitrary: () => 'any_value($1)',
  every: () => 'bool_and($1)',
  geometric_mean: () => 'geomean($1)',
  // URLs
  // '' of '' (an empty relative URI); the path decoded, as Java's URI gives it
  url_extract_protocol: () => "CASE WHEN $1 = '' THEN '' ELSE __am_url_extract($1, 1) END",
  url_extract_host: () => "CASE WHEN $1 = '' THEN '' ELSE __am_url_extract($1, 3) END",
  url_extract_port: () => 'CAST(__am_url_extract($1, 4) AS BIGINT)',
  url_extract_path: () => "CASE WHEN $1 = '' THEN '' ELSE url_decode(__am_url_extract($1, 5)) END",
  // '' (not NULL) when a URL has no query or fragment, as Trino answers
  url_extract_query: () => "CASE WHEN NOT regexp_matches($1, '\\s') THEN coalesce(__am_url_extract($1, 6), '') END",
  url_extract_fragment: () => "CASE WHEN NOT regexp_matches($1, '\\s') THEN coalesce(__am_url_extract($1, 7), '') END",
  ...STRING_REWRITES,
  ...ARRAY_REWRITES,
};

/** Aggregates that keep their arguments and only change name (also used as window functions). */
export const AGGREGATE_RENAMES: Readonly<Record<string, string>> = {
  arbitrary: 'any_value',
  every: 'bool_and',
  geometric_mean: 'geomean',
  approx_percentile: 'quantile_disc',
};

function integerConstantOf(value: number): Expr {
  return { class: 'CONSTANT', type: 'VALUE_CONSTANT', alias: '', value: { type: { id: 'INTEGER', type_info: null }, is_null: false, value } };
}


/** Whether a regular expression (as JavaScript reads it, close enough to RE2 for this) matches ''. */
function matchesEmpty(pattern: string): boolean {
  try {
    return new RegExp(`^(?:${pattern})$`, 'u').test('');
  } catch {
    return true;
  }
}
