// Trino SQL text -> DuckDB SQL text with Trino's meaning. DuckDB parses the text (parser.ts); this module
// rewrites the tree: function calls whose meaning differs (rewrite templates + macros.ts), integer
// division, JSON casts, Trino-only type modifiers, the `user` identifier (identifiers.ts), view references
// (qualified with the engine's per-window schema) and Trino's `_colN` names for unnamed result columns.
import { SqlRejectedError } from '../engine/errors';
import { type AstNode, type Expr, type QueryNode, deepClone, functionCall, stringConstant, varcharConstant } from './ast';
import { jodaFormatToStrftime, mysqlFormatToStrftime } from './datetime-format';
import { duckIdent, restoreColumnName, restoreErrorMessage } from './identifiers';
import { trinoJsonPathToPointer } from './json-path';
import { applyLambda, elementAt, isLambda } from './lambdas';
import { deparse, parseExpression, parseSelect } from './parser';
import { refusalSql, refuseEmbedded } from './refusal';
import {
  type ColumnHint, DATE_UNITS, type TemporalInfo, inferTemporal, isIntervalLiteral, literalZone, normalizeZone, trinoTemporalType,
} from './result-types';
import { jsonExistsSql, jsonQuerySql, jsonValueSql, parseJsonPath, parseSqlJsonOptions } from './sql-json';
import { walkQuery } from './walk';
import { isKnownZone, localToUtcText } from './zones';

export interface TranslateOptions {
  /** Qualify every reference to a catalogue view with this schema (e.g. `w7`). */
  viewSchema?: string;
  /** The catalogue's view names; when absent, every table name that is not a CTE is qualified. */
  viewNames?: ReadonlySet<string>;
  /**
   * Trino types of view columns by (lower-case) name, for names with one type in every view: date arithmetic
   * on a date column stays date, cardinality of a map column counts its entries.
   */
  columnTypes?: ReadonlyMap<string, string>;
}

export interface TranslatedQuery {
  sql: string;
  /** Result column name as DuckDB reports it -> the name the user wrote. */
  restoreColumnName(name: string): string;
  /** A DuckDB error message -> the same message in the user's terms (no internal names). */
  restoreErrorMessage(message: string): string;
  /** Per result column: Trino's type and rendering where DuckDB's type does not say it (see result-types.ts). */
  columnHints: (ColumnHint | undefined)[];
}

// ---------------------------------------------------------------------------------------------------
// Rewrite templates: `$1`, `$2`... stand for the call's arguments. DuckDB parses each template text once
// (asynchronously); the tree walk itself is synchronous, so a first pass collects the texts a query needs.

const templateCache = new Map<string, Expr>();

async function prepareTemplates(texts: Iterable<string>): Promise<void> {
  for (const text of texts) {
    if (templateCache.has(text)) continue;
    const parsed = text.startsWith('SELECT ') ? await parseSelect(text, { duckdbText: true }) : await parseExpression(text);
    templateCache.set(text, parsed as Expr);
  }
}

function template(text: string): Expr {
  const t = templateCache.get(text);
  if (!t) throw new Error(`internal: rewrite template not prepared: ${text}`);
  return t;
}

function instantiate(tpl: Expr, args: Expr[]): Expr {
  const fill = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(fill);
    if (!node || typeof node !== 'object') return node;
    const n = node as AstNode;
    if (n.class === 'PARAMETER') {
      const arg = args[Number(n.identifier) - 1];
      if (!arg) throw new Error(`rewrite template uses $${n.identifier} but the call has ${args.length} arguments`);
      // a parameter in a struct literal ({'key': $2}) carries the field name as its alias
      return n.alias ? { ...deepClone(arg), alias: n.alias } : deepClone(arg);
    }
    const out: AstNode = {};
    for (const [k, v] of Object.entries(n)) out[k] = fill(v);
    return out;
  };
  return fill(deepClone(tpl)) as Expr;
}

/** Instantiates a rewrite template with arguments (in the first pass: only records that it is needed). */
type Tpl = (text: string, args: Expr[]) => Expr;
/** A rewrite: given the (already rewritten) arguments, the template text to use, or a finished node. */
type Rewrite = (args: Expr[], call: Expr, tpl: Tpl) => string | Expr | undefined;

/** Trino functions Athena runs whose meaning DuckDB cannot reproduce exactly: refused by name. */
const REFUSED_FUNCTIONS: Readonly<Record<string, (args: Expr[]) => string | undefined>> = {
  combinations: (args) => {
    const n = args[1]?.class === 'CONSTANT' ? Number(args[1].value?.value) : NaN;
    return Number.isInteger(n) && n >= 0 && n <= 5 ? undefined : 'combinations with a computed or out-of-range size';
  },
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
const MAP_FUNCTIONS = new Set(['map', 'map_from_entries', 'map_agg', 'map_concat', 'histogram', 'split_to_map', 'multimap_agg', 'map_filter', 'transform_keys', 'transform_values', 'array_histogram']);

/** Expressions known to be timestamps without a zone (marked while the tree is walked). */
const zonelessTimestamp = new WeakSet<Expr>();

/** Column references to view columns of a map type (marked while the tree is walked). */
const mapColumns = new WeakSet<Expr>();

function isMapValued(e: Expr | undefined): boolean {
  if (!e) return false;
  if (mapColumns.has(e)) return true;
  if (e.class === 'FUNCTION' && MAP_FUNCTIONS.has(String(e.function_name).toLowerCase())) return true;
  if (e.class === 'CAST' && String(e.cast_type?.id) === 'MAP') return true;
  return false;
}

const col = (...names: string[]): Expr => ({ class: 'COLUMN_REF', type: 'COLUMN_REF', alias: '', column_names: names });

function literalArg(call: Expr, args: Expr[], index: number, what: string): string {
  const v = stringConstant(args[index]);
  if (v === undefined) {
    throw new SqlRejectedError(`${call.function_name}: the ${what} must be a string literal.`);
  }
  return v;
}

function sqlString(s: string): string {
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
const jsonValued = new WeakSet<Expr>();

const UNIT_ALIASES: Readonly<Record<string, string>> = {
  dow: 'isodow',
  day_of_week: 'isodow',
  doy: 'doy',
  day_of_year: 'doy',
  day_of_month: 'day',
  year_of_week: 'isoyear',
  yow: 'isoyear',
  week_of_year: 'week',
};

const REWRITES: Readonly<Record<string, Rewrite>> = {
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
  trim_array: () => "CASE WHEN $2 < 0 OR $2 > len($1) THEN error('Invalid Function Argument: size must not be negative or exceed the array length') ELSE list_slice($1, 1, len($1) - $2) END",
  overlay: (args) =>
    args.length === 4
      ? 'substr($1, 1, $3 - 1) || $2 || substr($1, $3 + greatest($4, 0))'
      : 'substr($1, 1, $3 - 1) || $2 || substr($1, $3 + length($2))',
  ngrams: () => '__am_ngrams($1, $2)',
  array_histogram: () => '__am_array_histogram($1)',
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
    return tpl(
      "struct_extract(list_reduce(list_transform($1, lambda __x: {'s': NULL, 'x': __x}), lambda __a, __e: {'s': " +
        'list_concat(list_concat(list_slice(__a.s, 1, len(list_filter(__a.s, lambda __p: $2 <= 0))), [__e.x]), ' +
        "list_slice(__a.s, len(list_filter(__a.s, lambda __p: $2 <= 0)) + 1, len(__a.s))), 'x': NULL}, {'s': list_slice($1, 1, 0), 'x': NULL}), 's')",
      [args[0]!, cmp],
    );
  },
  combinations: (args) => {
    const n = Number(args[1]!.value.value);
    if (n === 0) return '[list_slice($1, 1, 0)]';
    // colexicographic order (the first index moves fastest), as Trino generates them
    let inner = `[${Array.from({ length: n }, (_, i) => `$1[__c${i + 1}]`).join(', ')}]`;
    for (let k = 1; k <= n; k++) {
      const upper = k === n ? 'len($1)' : `__c${k + 1} - 1`;
      inner = `list_transform(range(${k}, ${upper} + 1), lambda __c${k}: ${inner})`;
      if (k > 1) inner = `flatten(${inner})`;
    }
    return inner;
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
    "CASE WHEN $3 <= 0 THEN error('Index must be greater than zero') WHEN $3 > len(string_split($1, $2)) THEN NULL ELSE split_part($1, $2, $3) END",
  contains: () => '__am_contains($1, $2)',
  element_at: (args) => ({
    class: 'OPERATOR',
    type: 'ARRAY_EXTRACT',
    alias: '',
    children: [args[0], args[1]],
  }),
  array_join: (args) =>
    args.length >= 3
      ? 'array_to_string(list_transform($1, lambda __e: coalesce(CAST(__e AS VARCHAR), $3)), $2)'
      : 'array_to_string(list_filter($1, lambda __e: __e IS NOT NULL), $2)',
  array_distinct: () => '__am_array_distinct($1)',
  array_position: () => '__am_array_position($1, $2)',
  // array_max / array_min: NULL when the array holds a NULL (DuckDB's list_max skips it)
  array_max: () => 'CASE WHEN list_contains(list_transform($1, lambda __e: __e IS NULL), true) THEN NULL ELSE list_max($1) END',
  array_min: () => 'CASE WHEN list_contains(list_transform($1, lambda __e: __e IS NULL), true) THEN NULL ELSE list_min($1) END',
  array_remove: () => 'list_filter($1, lambda __e: __e IS DISTINCT FROM $2)',
  array_union: () => '__am_array_distinct(list_concat($1, $2))',
  array_intersect: () => 'list_intersect($1, $2)',
  array_except: () => 'list_filter(__am_array_distinct($1), lambda __e: NOT list_contains($2, __e))',
  arrays_overlap: () => 'list_has_any($1, $2)',
  sequence: (args) => `generate_series(${params(args.length).join(', ')})`,
  slice: () => 'list_slice($1, $2, $2 + $3 - 1)',
  filter: () => 'list_filter($1, $2)',
  transform: () => 'list_transform($1, $2)',
  any_match: () => 'list_bool_or(list_transform($1, $2))',
  all_match: () => 'list_bool_and(list_transform($1, $2))',
  none_match: () => 'NOT list_bool_or(list_transform($1, $2))',
  zip: (args) => `list_zip(${params(args.length).join(', ')})`,
  // concat: NULL when any argument is NULL (DuckDB's concat skips NULLs); also concatenates arrays.
  concat: (args) => params(args.length).join(' || '),
  greatest: (args) =>
    `CASE WHEN ${params(args.length).map((p) => `${p} IS NULL`).join(' OR ')} THEN NULL ELSE greatest(${params(args.length).join(', ')}) END`,
  least: (args) =>
    `CASE WHEN ${params(args.length).map((p) => `${p} IS NULL`).join(' OR ')} THEN NULL ELSE least(${params(args.length).join(', ')}) END`,
  replace: (args) => (args.length === 2 ? "replace($1, $2, '')" : undefined),
  codepoint: () => 'unicode($1)',
  levenshtein_distance: () => 'levenshtein($1, $2)',
  hamming_distance: () => 'hamming($1, $2)',
  to_utf8: () => 'encode($1)',
  from_utf8: () => 'decode($1)',
  to_hex: () => 'hex($1)',
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
  regexp_extract: (args) => (args.length >= 3 ? '__am_regexp_extract($1, $2, $3)' : '__am_regexp_extract($1, $2, 0)'),
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
  regexp_split: () => 'regexp_split_to_array($1, $2)',
  // JSON
  json_extract: (args, call) => `__am_json_extract($1, ${jsonPathArg(call, args)})`,
  json_extract_scalar: (args, call) => `__am_json_extract_scalar($1, ${jsonPathArg(call, args)})`,
  json_parse: () => 'json($1)',
  json_format: () => 'CAST(json($1) AS VARCHAR)',
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
  parse_datetime: (args, call) => `strptime($1, ${strftimeArg(call, args, 1, jodaFormatToStrftime)})`,
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
  // (integers give a bigint in Trino)
  approx_percentile: (args) => (args.length === 2 ? 'quantile_disc($1, $2) + CAST(0 AS BIGINT)' : undefined),
  // md5 / sha*: varbinary in Trino (DuckDB answers the hex text)
  md5: () => 'unhex(md5($1))',
  sha1: () => 'unhex(sha1($1))',
  sha256: () => 'unhex(sha256($1))',
  arbitrary: () => 'any_value($1)',
  every: () => 'bool_and($1)',
  geometric_mean: () => 'geomean($1)',
  // URLs
  url_extract_protocol: () => '__am_url_extract($1, 1)',
  url_extract_host: () => '__am_url_extract($1, 3)',
  url_extract_port: () => 'CAST(__am_url_extract($1, 4) AS BIGINT)',
  url_extract_path: () => '__am_url_extract($1, 5)',
  url_extract_query: () => '__am_url_extract($1, 6)',
  url_extract_fragment: () => '__am_url_extract($1, 7)',
};

/** Aggregates that keep their arguments and only change name (also used as window functions). */
const AGGREGATE_RENAMES: Readonly<Record<string, string>> = {
  arbitrary: 'any_value',
  every: 'bool_and',
  geometric_mean: 'geomean',
  approx_percentile: 'quantile_disc',
};

// ---------------------------------------------------------------------------------------------------

function renameIdent(name: string): string {
  return duckIdent(name);
}

/** Renames `user` (and any other trapped identifier) wherever an identifier can stand. */
function renameIdentifiers(node: AstNode): void {
  if (typeof node.alias === 'string' && node.alias) node.alias = renameIdent(node.alias);
  if (Array.isArray(node.column_name_alias)) node.column_name_alias = node.column_name_alias.map(renameIdent);
  if (Array.isArray(node.using_columns)) node.using_columns = node.using_columns.map(renameIdent);
  if (node.class === 'COLUMN_REF') node.column_names = node.column_names.map(renameIdent);
  if (node.class === 'STAR' && node.relation_name) node.relation_name = renameIdent(node.relation_name);
}

/** Drops Trino precision modifiers DuckDB rejects (timestamp(3) with time zone). */
function fixCastType(type: AstNode | null | undefined): void {
  if (!type || typeof type !== 'object') return;
  const info = type.type_info;
  if (type.id === 'UNBOUND' && info && /^timestamp with time zone$/i.test(info.name ?? '')) {
    info.user_type_modifiers = [];
  }
  if (info?.child_type) fixCastType(info.child_type);
  for (const child of info?.child_types ?? []) fixCastType(child?.second);
}

/** A timestamp text that ends in a zone: Z, an offset or a zone name. */
const ZONED_TIMESTAMP = /\d:\d\d(:\d\d(\.\d+)?)?\s*(Z|[+-]\d\d(:?\d\d)?|\s[A-Za-z][A-Za-z_]*(\/[A-Za-z_+-]+)*)$/;

function isVarcharType(type: AstNode): boolean {
  return type?.id === 'VARCHAR' || (type?.id === 'UNBOUND' && /^(varchar|string|text)$/i.test(type.type_info?.name ?? ''));
}

/** The per-pass state: which templates a query needs (first pass) and what is known of each node's type. */
interface Pass {
  need?: Set<string>;
  temporal: WeakMap<Expr, TemporalInfo>;
  columnTypes?: ReadonlyMap<string, string>;
}

function tplFor(pass: Pass): Tpl {
  return (text, args) => {
    if (pass.need) {
      pass.need.add(text);
      return functionCall('__am_pending', args);
    }
    return instantiate(template(text), args);
  };
}

const infoOf = (pass: Pass) => (x: Expr) => pass.temporal.get(x);

function rewriteFunction(e: Expr, pass: Pass): Expr {
  const name = String(e.function_name).toLowerCase();
  const tpl = tplFor(pass);
  if (e.is_operator) {
    // timestamp with time zone minus timestamp with time zone: Trino's exact interval day to second.
    // DuckDB computes it through ICU calendars, ten times slower; the difference of the epochs is the
    // same value (report queries compare it with INTERVAL '1' DAY on every certificate).
    if (name === '-' && e.children.length === 2 && e.children.every(isZonedTimestamp)) {
      const epoch = (x: Expr) => functionCall('epoch_us', [x]);
      return functionCall('to_microseconds', [{ ...e, children: e.children.map(epoch) }]);
    }
    if ((name === '+' || name === '-') && e.children.length === 2) {
      // date +/- interval: Trino keeps a date (DuckDB gives a timestamp) for day, week, month and year units.
      const [a, b] = e.children as Expr[];
      const info = infoOf(pass);
      const dated = info(a!)?.kind === 'date' ? b : name === '+' && info(b!)?.kind === 'date' ? a : undefined;
      if (dated) {
        if (!isIntervalLiteral(dated) || !DATE_UNITS.has(String(dated.function_name))) {
          refuseEmbedded('date arithmetic with an interval of hours, minutes or seconds, or a computed interval');
        }
        return { class: 'CAST', type: 'OPERATOR_CAST', alias: '', child: e, cast_type: { id: 'DATE', type_info: null }, try_cast: false };
      }
    }
  }
  if (name === 'timezone' && e.children.length === 2) {
    // ts AT TIME ZONE 'zone': Trino keeps the instant and renders it in the zone (the result column's hint);
    // DuckDB would give the local wall time as a timestamp without zone.
    const zone = stringConstant(e.children[0]);
    if (zone === undefined) refuseEmbedded('AT TIME ZONE with a computed zone');
    const normalized = normalizeZone(zone);
    if (!isKnownZone(normalized)) refuseEmbedded(`the time zone ${zone}`);
    return { class: 'CAST', type: 'OPERATOR_CAST', alias: '', child: e.children[1], cast_type: { id: 'TIMESTAMP WITH TIME ZONE', type_info: null }, try_cast: false };
  }
  if (name === 'date_part' && e.children.length === 2) {
    const unit = stringConstant(e.children[0])?.toLowerCase();
    if (unit && UNIT_ALIASES[unit]) e.children[0] = varcharConstant(UNIT_ALIASES[unit]);
    return e;
  }
  const refused = REFUSED_FUNCTIONS[name]?.(e.children);
  if (refused) refuseEmbedded(refused);
  if (name === 'listagg' && !e.is_operator) {
    // Trino fails past 1 MiB of output (ON OVERFLOW ERROR, the default)
    const tpl = tplFor(pass);
    const checked = tpl(
      "CASE WHEN strlen($1) > 1048576 THEN error('Concatenated string has the length in bytes larger than the maximum output length 1048576') ELSE $1 END",
      [e],
    );
    return pass.need ? e : checked;
  }
  if (name === 'typeof' && e.children.length === 1) {
    const info = pass.temporal.get(e.children[0]);
    const type = info && trinoTemporalType(info);
    if (type) return varcharConstant(type);
    const text = stringConstant(e.children[0]);
    if (text !== undefined) return varcharConstant(`varchar(${[...text].length})`);
    const child = e.children[0];
    const viewType = child?.class === 'COLUMN_REF' ? pass.columnTypes?.get(String(child.column_names.at(-1)).toLowerCase()) : undefined;
    if (viewType) return varcharConstant(viewType);
  }
  if (name === 'timezone' && e.children.length === 1) {
    // the zone of a timestamp with time zone: known here only when the query text names it
    const info = pass.temporal.get(e.children[0]);
    if (info?.kind === 'timestamptz' && info.zone) return varcharConstant(info.zone);
    refuseEmbedded('timezone() of a value whose zone the query text does not name');
  }
  if ((name === 'at_timezone' || name === 'with_timezone') && e.children.length === 2) {
    const zone = stringConstant(e.children[1]);
    if (zone === undefined || !isKnownZone(normalizeZone(zone))) refuseEmbedded(`${name} with a computed or unknown zone`);
  }
  const rewrite = REWRITES[name];
  if (!rewrite) return e;
  const out = rewrite(e.children, e, tpl);
  if (out === undefined) return e;
  let node: Expr;
  if (typeof out === 'string') {
    if (e.distinct || e.filter || (e.order_bys?.orders ?? []).length) {
      // An aggregate with DISTINCT / FILTER / ORDER BY: keep the call, change only its name.
      const renamed = AGGREGATE_RENAMES[name];
      return renamed ? { ...e, function_name: renamed } : e;
    }
    if (pass.need) {
      pass.need.add(out);
      if (name === 'json_extract' || name === 'json_parse' || name === 'json_array_get') jsonValued.add(e);
      return e;
    }
    node = instantiate(template(out), e.children);
  } else {
    if (pass.need) return e;
    node = out;
  }
  if (name === 'json_extract' || name === 'json_parse' || name === 'json_array_get') jsonValued.add(node);
  if (name === 'json_query' && jsonValued.has(e.children[0])) jsonValued.add(node);
  return node;
}

/** An expression known to be a timestamp with time zone (after rewriting). */
function isZonedTimestamp(e: Expr): boolean {
  if (e.class === 'FUNCTION') return /^(__am_)?from_iso8601_timestamp$/i.test(String(e.function_name));
  if (e.class === 'CAST') return e.cast_type?.id === 'TIMESTAMP WITH TIME ZONE';
  return false;
}

function isJsonType(type: AstNode): boolean {
  return String(type?.id) === 'UNBOUND' && /^json$/i.test(type.type_info?.name ?? '');
}

function unboundName(type: AstNode): string {
  return String(type?.id) === 'UNBOUND' ? String(type.type_info?.name ?? '').toLowerCase() : '';
}

function rewriteCast(e: Expr, pass: Pass): Expr {
  const tpl = tplFor(pass);
  const name = unboundName(e.cast_type);
  if (name === 'ipaddress' || name === 'ipprefix') refuseEmbedded('the IPADDRESS type');
  if (name === 'uuid') return e;
  // timestamp(p) / time(p): DuckDB keeps microseconds; Trino rounds to p digits.
  const mods: AstNode[] = e.cast_type?.type_info?.user_type_modifiers ?? [];
  const typeId = String(e.cast_type?.id);
  if ((typeId === 'TIMESTAMP' || typeId === 'TIME' || name === 'timestamp' || name === 'time') && mods.length) {
    const p = Number(mods[0]?.value?.value ?? mods[0]?.value);
    if (p !== 3) refuseEmbedded(`casts to ${typeId === 'TIME' || name === 'time' ? 'time' : 'timestamp'}(${p}) (DuckDB keeps microseconds, Trino rounds)`);
    e.cast_type.type_info.user_type_modifiers = [];
  }
  fixCastType(e.cast_type);
  if (typeId === 'TIMESTAMP_MS' && (pass.temporal.get(e.child)?.precision ?? 3) > 3) {
    refuseEmbedded('casts to timestamp(3) of values with more digits (DuckDB truncates where Trino rounds)');
  }
  const text = stringConstant(e.child);
  if (e.cast_type?.id === 'TIME' && text !== undefined && /[+-]\d\d:?\d\d\s*$|\s[A-Za-z]/.test(text.replace(/^\d\d?:\d\d(:\d\d(\.\d+)?)?/, ''))) {
    refuseEmbedded('time with time zone');
  }
  // TIMESTAMP '2024-01-01 00:00:00 UTC' is a timestamp with time zone in Trino; DuckDB would drop the zone.
  if ((e.cast_type?.id === 'TIMESTAMP' || e.cast_type?.id === 'TIMESTAMP WITH TIME ZONE') && text !== undefined) {
    const zone = literalZone(text);
    if (zone) {
      if (!isKnownZone(zone)) refuseEmbedded(`the time zone ${zone}`);
      const local = text.trim().slice(0, text.trim().length - (/(\S+)$/.exec(text.trim())?.[1]?.length ?? 0)).trim();
      const bare = /^(.*?\d)(Z|[+-]\d\d(:?\d\d)?)$/.exec(text.trim());
      const utc = localToUtcText(bare ? bare[1]! : local, zone);
      if (!utc) refuseEmbedded(`the timestamp literal ${JSON.stringify(text)}`);
      return { ...e, child: varcharConstant(utc), cast_type: { id: 'TIMESTAMP WITH TIME ZONE', type_info: null } };
    }
    if (literalPrecisionOf(text) > 6) refuseEmbedded('timestamps with more than six fraction digits (DuckDB keeps microseconds)');
    return e;
  }
  const childInfo = pass.temporal.get(e.child);
  if (childInfo && isVarcharType(e.cast_type)) {
    // Trino's text of a timestamp keeps its precision (DuckDB drops a zero fraction); a zoned value names its zone.
    if (childInfo.kind === 'timestamp') {
      const p = childInfo.precision ?? 3;
      const fraction = p === 0 ? '' : p === 3 ? '.%g' : p === 6 ? '.%f' : undefined;
      if (fraction === undefined) refuseEmbedded(`casts of timestamp(${p}) values to varchar`);
      return tpl(`strftime($1, '%Y-%m-%d %H:%M:%S${fraction}')`, [e.child]);
    }
    if (childInfo.kind === 'timestamptz' || childInfo.kind === 'time' || childInfo.kind === 'interval_ym' || childInfo.kind === 'interval_ds') {
      refuseEmbedded(`casts of ${trinoTemporalType(childInfo)} values to varchar`);
    }
  }
  if (jsonValued.has(e.child)) {
    if (isVarcharType(e.cast_type)) return tpl(JSON_TO_VARCHAR, [e.child]);
    if (String(e.cast_type?.id) === 'DATE') return tpl('__am_json_to_date($1)', [e.child]);
    // CAST(json AS array/row/map): Trino fills a missing row field with NULL; DuckDB's CAST fails
    // on it, while from_json (json_transform) behaves like Trino.
    if (['LIST', 'STRUCT', 'MAP'].includes(String(e.cast_type?.id))) {
      const converted = functionCall('from_json', [e.child, varcharConstant(JSON.stringify(jsonStructureOf(e.cast_type)))]);
      if (String(e.cast_type?.id) !== 'STRUCT') return converted;
      // a JSON array cast to a row fills the fields by position in Trino; from_json would give NULLs
      const fields: AstNode[] = e.cast_type.type_info.child_types;
      const positional = fields
        .map((f, i) => `${sqlString(String(f.first))}: from_json(json_extract($1, '$[${i}]'), ${sqlString(JSON.stringify(jsonStructureOf(f.second)))})`)
        .join(', ');
      return tpl(
        `CASE WHEN json_type($1) = 'ARRAY' AND json_array_length($1) <> ${fields.length} THEN error('Cannot cast to row: the JSON array does not have ${fields.length} elements') ` +
          `WHEN json_type($1) = 'ARRAY' THEN {${positional}} ELSE $2 END`,
        [e.child, converted],
      );
    }
  }
  if (isJsonType(e.cast_type)) {
    // CAST(x AS JSON) is x as a JSON value: a varchar becomes a JSON string (json_parse parses text).
    const node = jsonValued.has(e.child) ? e.child : tpl('CAST(to_json($1) AS JSON)', [e.child]);
    jsonValued.add(node);
    return node;
  }
  return e;
}

/**
 * timestamp(p) / time(p) types other than p = 3: DuckDB's parser folds them into its own second, milli-,
 * micro- and nanosecond types (losing p), and its casts truncate where Trino rounds.
 */
function refuseOtherPrecisions(sql: string): void {
  const code = sql.replace(/'(?:[^']|'')*'/g, "''").replace(/"(?:[^"]|"")*"/g, '""');
  const m = /\b(timestamp|time)\s*\(\s*(\d+)\s*\)/i.exec(code.replace(/\b(timestamp|time)\s*\(\s*3\s*\)/gi, ''));
  if (m) refuseEmbedded(`the type ${m[1]!.toLowerCase()}(${m[2]}) (DuckDB keeps microseconds and truncates where Trino rounds)`);
}

/** Capturing groups of a regular expression: '(' not escaped, not in a character class, not '(?'. */
function capturingGroups(pattern: string): number {
  let n = 0;
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '\\') i++;
    else if (inClass) inClass = ch !== ']';
    else if (ch === '[') inClass = true;
    else if (ch === '(' && pattern[i + 1] !== '?') n++;
    else if (ch === '(' && pattern[i + 1] === '?' && pattern[i + 2] === 'P' && pattern[i + 3] === '<') n++;
  }
  return n;
}

function integerConstantOf(value: number): Expr {
  return { class: 'CONSTANT', type: 'VALUE_CONSTANT', alias: '', value: { type: { id: 'INTEGER', type_info: null }, is_null: false, value } };
}

function literalPrecisionOf(text: string): number {
  const m = /\d:\d\d:\d\d\.(\d+)/.exec(text);
  return m ? m[1]!.length : 0;
}

function rewriteExpr(e: Expr, pass: Pass): Expr {
  switch (e.class) {
    case 'FUNCTION':
      return rewriteFunction(e, pass);
    case 'WINDOW': {
      const name = String(e.function_name).toLowerCase();
      if (name === 'approx_distinct') return { ...e, function_name: 'count', distinct: true, children: e.children.slice(0, 1) };
      if (AGGREGATE_RENAMES[name]) return { ...e, function_name: AGGREGATE_RENAMES[name] };
      return e;
    }
    case 'CAST':
      return rewriteCast(e, pass);
    case 'OPERATOR':
      return rewriteSubscript(e, pass);
    default:
      return e;
  }
}

/** Array-typed expressions the translator can see: ARRAY[...] and view columns of an array type. */
function isArrayValued(e: Expr | undefined, pass: Pass): boolean {
  if (!e) return false;
  if ((e.class === 'OPERATOR' && e.type === 'ARRAY_CONSTRUCTOR') || (e.class === 'FUNCTION' && String(e.function_name) === 'list_value')) return true;
  if (e.class === 'COLUMN_REF') return /^array\(/.test(pass.columnTypes?.get(String(e.column_names.at(-1)).toLowerCase()) ?? '');
  return false;
}

/**
 * x[i] and m[k]: Trino fails on an index past the array or a key not in the map (element_at is the form
 * that gives NULL); DuckDB gives NULL. Checked where the translator can see the operand is an array or a map.
 */
function rewriteSubscript(e: Expr, pass: Pass): Expr {
  if (e.type !== 'ARRAY_EXTRACT' || e.children?.length !== 2) return e;
  const [x, i] = e.children as Expr[];
  const tpl = tplFor(pass);
  if (isMapValued(x)) return tpl('__am_map_subscript($1, $2)', [x!, i!]);
  if (isArrayValued(x, pass)) return tpl('__am_array_subscript($1, $2)', [x!, i!]);
  return e;
}

/** Rewrites one expression and records what is known of its Trino type (on the original and the result). */
function visitExpression(e: Expr, pass: Pass): Expr {
  if (e.class === 'COLUMN_REF' && /^map\(/.test(pass.columnTypes?.get(String(e.column_names.at(-1)).toLowerCase()) ?? '')) mapColumns.add(e);
  const info = inferTemporal(e, infoOf(pass), pass.columnTypes);
  const out = rewriteExpr(e, pass);
  if (info) {
    pass.temporal.set(e, info);
    pass.temporal.set(out, info);
    if (info.kind === 'timestamp') {
      zonelessTimestamp.add(e);
      zonelessTimestamp.add(out);
    }
  }
  return out;
}

/** DuckDB's name for a parsed cast type (for from_json structures). */
function duckTypeName(t: AstNode): string {
  const info = t.type_info;
  switch (String(t.id)) {
    case 'LIST':
      return `${duckTypeName(info.child_type)}[]`;
    case 'STRUCT':
      return `STRUCT(${info.child_types.map((c: AstNode) => `${JSON.stringify(c.first)} ${duckTypeName(c.second)}`).join(', ')})`;
    case 'MAP': {
      const [k, v] = info.child_type.type_info.child_types;
      return `MAP(${duckTypeName(k.second)}, ${duckTypeName(v.second)})`;
    }
    case 'DECIMAL':
      return info ? `DECIMAL(${info.width}, ${info.scale})` : 'DECIMAL';
    case 'UNBOUND':
      return String(info?.name ?? 'VARCHAR').toUpperCase();
    default:
      return String(t.id);
  }
}

/** The from_json structure for a parsed cast type: lists as [x], rows as objects, the rest by type name. */
function jsonStructureOf(t: AstNode): unknown {
  const info = t.type_info;
  if (t.id === 'LIST') return [jsonStructureOf(info.child_type)];
  if (t.id === 'STRUCT') return Object.fromEntries(info.child_types.map((c: AstNode) => [c.first, jsonStructureOf(c.second)]));
  return duckTypeName(t);
}

/** Trino names an unnamed, non-column result expression `_col<position>`. */
function nameResultColumns(node: QueryNode): void {
  const list: Expr[] = node.select_list ?? [];
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    if (item.class === 'STAR') return; // positions after a star depend on the expansion
    if (!item.alias && item.class !== 'COLUMN_REF') item.alias = `_col${i}`;
  }
}

/**
 * UNNEST(a, b) AS t(x, y) and UNNEST(array_of_rows) AS t(f1, f2): Trino zips several arrays and expands
 * rows into columns; DuckDB's UNNEST table function takes one array. Rewritten as a LATERAL subquery of
 * select-list unnests, which DuckDB zips (padding with NULLs) like Trino.
 */
function rewriteUnnest(ref: AstNode, need?: Set<string>): AstNode | undefined {
  const fn = ref.function;
  let args: Expr[] = fn.children ?? [];
  const aliases: string[] = ref.column_name_alias ?? [];
  const ordinality = ref.with_ordinality === 'WITH_ORDINALITY';
  const valueAliases = ordinality ? aliases.slice(0, -1) : aliases;
  // UNNEST(map): one row per entry, key and value columns (DuckDB unnests lists only)
  const ofMap = args.length === 1 && isMapValued(args[0]);
  if (ofMap) args = [functionCall('map_entries', [args[0]!])];
  if (args.length === 1 && valueAliases.length <= 1 && !ofMap) return undefined;
  if (args.length > 1 && valueAliases.length > args.length) refuseEmbedded('UNNEST of several arrays of rows');
  const items: string[] = [];
  if (args.length === 1) items.push('unnest($1, max_depth := 2)');
  else args.forEach((_, i) => items.push(`unnest($${i + 1})`));
  if (ordinality) {
    const lengths = args.map((_, i) => `len($${i + 1})`).join(', ');
    items.push(`unnest(generate_series(1, ${args.length > 1 ? `greatest(${lengths})` : lengths}))`);
  }
  const text = `SELECT * FROM (SELECT ${items.join(', ')}) AS __u`;
  if (need) {
    need.add(text);
    return undefined;
  }
  const sub = deepClone(template(text));
  const lateral = sub.from_table;
  const inner = lateral.subquery.node;
  inner.select_list = inner.select_list.map((item: Expr) => instantiate(item, args));
  lateral.alias = ref.alias || '__unnest';
  lateral.column_name_alias = aliases;
  return lateral;
}

const JSON_TO_VARCHAR = '__am_json_to_varchar($1)';

/**
 * Translates one Trino query to DuckDB. Works on any SELECT (the Athena test stand-in runs full Athena
 * SQL with the views as CTEs); the guard (checkQuery) is separate and runs first on user SQL.
 */
export async function translateToDuckDb(sql: string, opts: TranslateOptions = {}): Promise<TranslatedQuery> {
  const ast = await parseSelect(sql);
  refuseOtherPrecisions(sql);

  // Pass 1: collect the rewrite templates this query needs, and parse them.
  const need = new Set<string>([JSON_TO_VARCHAR]);
  const columnTypes = trustedColumnTypes(ast, opts.columnTypes);
  const first: Pass = { need, temporal: new WeakMap(), columnTypes };
  walkQuery(deepClone(ast), {
    table(ref) {
      if (isUnnest(ref)) rewriteUnnest(ref, need);
    },
    expr(e) {
      return visitExpression(e, first);
    },
  });
  await prepareTemplates(need);

  // Pass 2: rewrite.
  const viewNames = opts.viewNames ? new Set([...opts.viewNames].map((v) => v.toLowerCase())) : undefined;
  const schema = opts.viewSchema;
  const pass: Pass = { temporal: new WeakMap(), columnTypes };
  let columnHints: (ColumnHint | undefined)[] = [];
  walkQuery(ast, {
    query(node, ctx) {
      for (const entry of node.cte_map?.map ?? []) {
        entry.key = renameIdent(entry.key);
        if (Array.isArray(entry.value?.aliases)) entry.value.aliases = entry.value.aliases.map(renameIdent);
      }
      if (ctx.outermost && node.type === 'SELECT_NODE') nameResultColumns(node);
    },
    table(ref, ctx) {
      renameIdentifiers(ref);
      if (ref.type === 'BASE_TABLE' && schema && !ref.schema_name && !ref.catalog_name) {
        const name = String(ref.table_name).toLowerCase();
        if (!ctx.ctes.has(name) && (!viewNames || viewNames.has(name))) ref.schema_name = schema;
      }
      return isUnnest(ref) ? rewriteUnnest(ref) : undefined;
    },
    expr(e) {
      renameIdentifiers(e);
      const out = visitExpression(e, pass);
      if (out !== e && e.alias) out.alias = e.alias;
      return out;
    },
  });
  columnHints = resultHints(ast, pass);
  const text = await deparse(stripLocations(ast));
  return {
    sql: text,
    restoreColumnName,
    restoreErrorMessage: (message: string) => restoreErrorMessage(message, schema),
    columnHints,
  };
}

/** Every name the query gives a column (aliases, column lists of CTEs, subqueries, VALUES and UNNEST). */
function aliasNames(node: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(node)) {
    for (const n of node) aliasNames(n, out);
  } else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node as AstNode)) {
      if (k === 'alias' && typeof v === 'string' && v) out.add(v.toLowerCase());
      else if ((k === 'column_name_alias' || k === 'aliases') && Array.isArray(v)) for (const a of v) out.add(String(a).toLowerCase());
      else aliasNames(v, out);
    }
  }
  return out;
}

/** View column types, less the names this query also gives to other columns (their type is not the view's). */
function trustedColumnTypes(ast: QueryNode, types?: ReadonlyMap<string, string>): ReadonlyMap<string, string> | undefined {
  if (!types) return undefined;
  const aliases = aliasNames(ast);
  return new Map([...types].filter(([name]) => !aliases.has(name)));
}

/** The outermost select list's hints; refuses result values the engine cannot render as Trino does. */
function resultHints(ast: QueryNode, pass: Pass): (ColumnHint | undefined)[] {
  let node = ast;
  while (node.type === 'SET_OPERATION_NODE') node = Array.isArray(node.children) ? node.children[0] : node.left;
  const list: Expr[] = node.select_list ?? [];
  return list.map((item) => {
    if (item.class === 'STAR') return undefined;
    if (item.class === 'FUNCTION' && String(item.function_name) === '__am_from_iso8601_timestamp' && stringConstant(item.children?.[0]) === undefined) {
      // Trino renders each value in the zone its text names; the engine knows only the instant.
      item.function_name = '__am_from_iso8601_timestamp_shown';
    }
    const info = pass.temporal.get(item);
    if (!info) return undefined;
    if ((info.kind === 'timestamp' || info.kind === 'timestamptz' || info.kind === 'time') && (info.precision ?? 3) > 6) {
      refuseEmbedded(`${info.kind === 'time' ? 'time' : 'timestamp'}(${info.precision}) results (DuckDB keeps microseconds)`);
    }
    const type = trinoTemporalType(info);
    return type ? { type, precision: info.precision, zone: info.zone } : undefined;
  });
}

function isUnnest(ref: AstNode): boolean {
  return ref.type === 'TABLE_FUNCTION' && String(ref.function?.function_name).toLowerCase() === 'unnest';
}

/** Source positions are uint64 values JavaScript cannot carry exactly; DuckDB does not need them back. */
function stripLocations<T>(node: T): T {
  return JSON.parse(JSON.stringify(node, (k, v) => (k === 'query_location' ? undefined : v))) as T;
}
