// Trino's array and map functions where DuckDB's list functions mean something else: NULL arguments (Trino
// answers NULL, DuckDB often skips them or treats them as empty), NULL elements (set operations treat NULL
// as a value; arrays_overlap and the match functions answer NULL when only a NULL could have matched),
// duplicates and order (array_except keeps its first argument whole when the second is empty;
// array_intersect walks the longer array), and the errors Trino raises on bad indexes and sizes.
import { type Expr, columnRef, functionCall } from './ast';
import type { Rewrite, Tpl } from './function-rewrites';
import { applyLambda } from './lambdas';
import { refusalSql } from './refusal';

const M = (sql: string) => `CREATE OR REPLACE TEMP MACRO ${sql}`;

/** `$1 IS NULL OR $2 IS NULL ...` over a call's first n arguments. */
const anyNull = (n: number) => Array.from({ length: n }, (_, i) => `$${i + 1} IS NULL`).join(' OR ');

/** combinations(a, n) for a constant n: colexicographic order (the first index moves fastest), as Trino. */
function combinationsOf(n: number): string {
  if (n === 0) return '[list_slice($1, 1, 0)]';
  let inner = `[${Array.from({ length: n }, (_, i) => `$1[__c${i + 1}]`).join(', ')}]`;
  for (let k = 1; k <= n; k++) {
    const upper = k === n ? 'len($1)' : `__c${k + 1} - 1`;
    inner = `list_transform(range(${k}, ${upper} + 1), lambda __c${k}: ${inner})`;
    if (k > 1) inner = `flatten(${inner})`;
  }
  return inner;
}

/** Trino's limit on combinations' size. */
const MAX_COMBINATION = 5;

export const ARRAY_REWRITES: Readonly<Record<string, Rewrite>> = {
  slice: () => '__am_slice($1, $2, $3)',
  trim_array: () => '__am_trim_array($1, $2)',
  ngrams: () => '__am_ngrams($1, $2)',
  array_histogram: () => '__am_array_histogram($1)',
  combinations: (args) => {
    const size = args[1]?.class === 'CONSTANT' && !args[1].value?.is_null ? Number(args[1].value?.value) : undefined;
    const checks =
      `CASE WHEN ${anyNull(2)} THEN NULL WHEN $2 < 0 THEN error('combination size must not be negative: ' || $2) ` +
      `WHEN $2 > ${MAX_COMBINATION} THEN error('combination size must not exceed ${MAX_COMBINATION}: ' || $2) `;
    if (size !== undefined && Number.isInteger(size) && size >= 0 && size <= MAX_COMBINATION) return `${checks}ELSE ${combinationsOf(size)} END`;
    // out of range: one of the checks fails; the branch after them only gives the result its type
    if (size !== undefined) return `${checks}ELSE ${combinationsOf(0)} END`;
    const sizes = Array.from({ length: MAX_COMBINATION + 1 }, (_, n) => `WHEN $2 = ${n} THEN ${combinationsOf(n)} `).join('');
    return `${checks}${sizes}END`;
  },
  // Trino writes doubles as 1.5E0 and timestamps at their precision, which DuckDB's text of them is not
  array_join: (args) =>
    `CASE WHEN typeof($1) IN ('DOUBLE[]', 'FLOAT[]') OR typeof($1) LIKE 'TIMESTAMP%' OR typeof($1) LIKE 'TIME%' THEN ${refusalSql('array_join of doubles, reals, times or timestamps')} ` +
    (args.length >= 3
      ? `WHEN ${anyNull(3)} THEN NULL ELSE array_to_string(list_transform($1, lambda __e: coalesce(CAST(__e AS VARCHAR), $3)), $2) END`
      : `WHEN ${anyNull(2)} THEN NULL ELSE array_to_string(list_filter($1, lambda __e: __e IS NOT NULL), $2) END`),
  // random order: each element sorted by a random key
  shuffle: () => "list_transform(list_sort(list_transform($1, lambda __e: {'r': random(), 'x': __e})), lambda __s: __s.x)",
  array_remove: () => 'CASE WHEN $2 IS NULL THEN NULL ELSE list_filter($1, lambda __e: __e IS DISTINCT FROM $2) END',
  array_union: () => '__am_array_union($1, $2)',
  array_intersect: () => '__am_array_intersect($1, $2)',
  array_except: () => '__am_array_except($1, $2)',
  arrays_overlap: () => '__am_arrays_overlap($1, $2)',
  // three-valued: a NULL answer of the lambda decides when no element does
  any_match: () => '__am_any_true(list_transform($1, $2))',
  all_match: () => '__am_all_true(list_transform($1, $2))',
  none_match: () => '(NOT __am_any_true(list_transform($1, $2)))',
  zip: (args) => `CASE WHEN ${anyNull(args.length)} THEN NULL ELSE list_zip(${args.map((_, i) => `$${i + 1}`).join(', ')}) END`,
  map_concat: (args) =>
    // Trino checks the count after NULL arguments: one NULL map is NULL, one map an error
    args.length === 1
      ? "CASE WHEN $1 IS NOT NULL THEN error('There must be two or more concatenation arguments to map_concat') ELSE $1 END"
      : `CASE WHEN ${anyNull(args.length)} THEN NULL ELSE map_concat(${args.map((_, i) => `$${i + 1}`).join(', ')}) END`,
};

export const ARRAY_MACROS: readonly string[] = [
  // x[i] of a list: NULL past either end; index 0 fails, as does the one index whose distance from the end
  // overflows Trino's arithmetic (the least bigint)
  M(`__am_element_at(c, i) AS CASE
      WHEN typeof(c) LIKE '%[]' AND i = 0 AND c IS NOT NULL THEN error('SQL array indices start at 1')
      WHEN typeof(c) LIKE '%[]' AND i = -9223372036854775808 AND c IS NOT NULL THEN error('integer overflow')
      ELSE c[i] END`),
  // slice(a, start, length) as Trino computes it: a start from the end counts from len + 1, and an end past
  // the largest bigint wraps around (Trino's long arithmetic), which leaves nothing
  M(`__am_slice(a, s, n) AS CASE WHEN a IS NULL OR s IS NULL OR n IS NULL THEN NULL
      WHEN n < 0 THEN error('length must be greater than or equal to 0')
      WHEN s = 0 THEN error('SQL array indices start at 1')
      ELSE __am_slice_from(a, CASE WHEN s < 0 THEN len(a) + s + 1 ELSE s END, n) END`),
  M(`__am_slice_from(a, f, n) AS CASE
      WHEN f < 1 OR CAST(f AS HUGEINT) + n > 9223372036854775807 OR f > len(a) OR n = 0 THEN list_slice(a, 1, 0)
      ELSE list_slice(a, f, CAST(least(CAST(f AS HUGEINT) + n - 1, len(a)) AS BIGINT)) END`),
  M(`__am_trim_array(a, n) AS CASE WHEN a IS NULL OR n IS NULL THEN NULL
      WHEN n < 0 OR n > len(a) THEN error('Invalid Function Argument: size must not be negative or exceed the array length')
      ELSE list_slice(a, 1, len(a) - n) END`),
  M(`__am_ngrams(a, n) AS CASE WHEN a IS NULL OR n IS NULL THEN NULL
      WHEN n <= 0 THEN error('Invalid Function Argument: N must be positive')
      WHEN len(a) <= n THEN [a]
      ELSE list_transform(range(1, len(a) - n + 2), lambda i: list_slice(a, i, i + n - 1)) END`),
  M(`__am_array_histogram(a) AS CASE WHEN a IS NULL THEN NULL ELSE map_from_entries(coalesce(list_transform(
      map_entries(list_aggregate(list_filter(a, lambda e: e IS NOT NULL), 'histogram')),
      lambda e: {'key': e.key, 'value': CAST(e.value AS BIGINT)}), [])) END`),
  // Whether a list holds x, where NULL matches NULL (Trino's set operations treat NULL as a value)
  M(`__am_holds(arr, x) AS list_contains(list_transform(arr, lambda __h: __h IS NOT DISTINCT FROM x), true)`),
  M(`__am_has_null(arr) AS list_contains(list_transform(arr, lambda __h: __h IS NULL), true)`),
  M(`__am_array_union(x, y) AS CASE WHEN x IS NULL OR y IS NULL THEN NULL ELSE __am_array_distinct(list_concat(x, y)) END`),
  // the distinct elements of the longer array (the first when both are as long) that the other holds
  M(`__am_array_intersect(x, y) AS CASE WHEN x IS NULL OR y IS NULL THEN NULL
      WHEN len(x) >= len(y) THEN list_filter(__am_array_distinct(x), lambda __i: __am_holds(y, __i))
      ELSE list_filter(__am_array_distinct(y), lambda __i: __am_holds(x, __i)) END`),
  M(`__am_array_except(x, y) AS CASE WHEN x IS NULL OR y IS NULL THEN NULL WHEN len(y) = 0 THEN x
      ELSE list_filter(__am_array_distinct(x), lambda __i: NOT __am_holds(y, __i)) END`),
  M(`__am_arrays_overlap(x, y) AS CASE WHEN x IS NULL OR y IS NULL THEN NULL
      WHEN len(x) = 0 OR len(y) = 0 THEN false
      WHEN list_has_any(x, y) THEN true
      WHEN __am_has_null(x) OR __am_has_null(y) THEN NULL ELSE false END`),
  M(`__am_any_true(bs) AS CASE WHEN bs IS NULL THEN NULL WHEN list_contains(bs, true) THEN true
      WHEN __am_has_null(bs) THEN NULL ELSE false END`),
  M(`__am_all_true(bs) AS CASE WHEN bs IS NULL THEN NULL WHEN list_contains(bs, false) THEN false
      WHEN __am_has_null(bs) THEN NULL ELSE true END`),
];

const NULL_CONSTANT: Expr = { class: 'CONSTANT', type: 'VALUE_CONSTANT', alias: '', value: { type: { id: 'NULL', type_info: null }, is_null: true } };

/**
 * array_sort(a, comparator) of an array holding NULLs: where the comparator does not order NULL against
 * the other elements consistently (cmp(NULL, x) = -cmp(x, NULL)), the order depends on Trino's sorting
 * algorithm: refused then. (How it orders NULL against NULL does not show in the result.)
 */
export function nullConsistentSort(array: Expr, comparator: Expr, tpl: Tpl, sorted: Expr): Expr {
  const cmp = (a: Expr, b: Expr) => applyLambda(comparator, [a, b]);
  return tpl(
    'CASE WHEN __am_has_null($1) AND list_bool_or(list_transform(list_filter($1, lambda __q: __q IS NOT NULL), ' +
      `lambda __q: coalesce($3 + $4, 1) <> 0)) THEN ${refusalSql('array_sort of an array holding NULLs with a comparator that does not order NULL consistently')} ELSE $2 END`,
    [array, sorted, cmp(NULL_CONSTANT, columnRef('__q')), cmp(columnRef('__q'), NULL_CONSTANT)],
  );
}

/**
 * sequence(date, date[, interval]): the template for steps of days (a day-to-second interval of whole days)
 * or months (a year-to-month interval, each entry the start plus k steps, as Trino adds them), or
 * undefined where the arguments are not dates with such a step.
 */
export function dateSequence(args: Expr[], kind: (e: Expr) => string | undefined): string | undefined {
  if (kind(args[0]!) !== 'date' || kind(args[1]!) !== 'date') return undefined;
  if (args.length === 2) return '__am_date_sequence_days($1, $2, CASE WHEN $2 >= $1 THEN 1 ELSE -1 END)';
  const step = kind(args[2]!);
  if (step === 'interval_ds') {
    return "CASE WHEN $1 IS NULL OR $2 IS NULL OR $3 IS NULL THEN NULL WHEN epoch($3) % 86400 <> 0 THEN error('sequence step must be a day interval if start and end values are dates') " +
      'ELSE __am_date_sequence_days($1, $2, CAST(epoch($3) // 86400 AS BIGINT)) END';
  }
  if (step === 'interval_ym') return "__am_date_sequence_months($1, $2, CAST(date_part('year', $3) * 12 + date_part('month', $3) AS BIGINT))";
  if (isTypedNull(args[2]) && String(args[2]!.cast_type?.id) === 'INTERVAL') return 'CAST(NULL AS DATE[])';
  return undefined;
}

const SEQUENCE_DIRECTION =
  "error('sequence stop value should be greater than or equal to start value if step is greater than zero otherwise stop should be less than or equal to start')";
const SEQUENCE_LENGTH = "error('result of sequence function must not have more than 10000 entries')";

export const DATE_SEQUENCE_MACROS: readonly string[] = [
  M(`__am_date_sequence_days(a, b, step) AS CASE WHEN a IS NULL OR b IS NULL OR step IS NULL THEN NULL
      WHEN step = 0 THEN error('step must not be zero')
      WHEN (step > 0 AND b < a) OR (step < 0 AND b > a) THEN ${SEQUENCE_DIRECTION}
      WHEN (b - a) // step >= 10000 THEN ${SEQUENCE_LENGTH}
      ELSE list_transform(range(0, (b - a) // step + 1), lambda k: CAST(a + CAST(k * step AS INTEGER) AS DATE)) END`),
  // the candidates past stop (whole months counted by month boundaries overshoot by at most one) dropped
  M(`__am_date_sequence_months(a, b, m) AS CASE WHEN a IS NULL OR b IS NULL OR m IS NULL THEN NULL
      WHEN m = 0 THEN error('step must not be zero')
      WHEN (m > 0 AND b < a) OR (m < 0 AND b > a) THEN ${SEQUENCE_DIRECTION}
      WHEN (abs(date_diff('month', a, b)) - 1) // abs(m) >= 10000 THEN ${SEQUENCE_LENGTH}
      ELSE __am_at_most(list_filter(list_transform(range(0, abs(date_diff('month', a, b)) // abs(m) + 1),
        lambda k: CAST(a + to_months(CAST(k * m AS INTEGER)) AS DATE)), lambda d: CASE WHEN m > 0 THEN d <= b ELSE d >= b END)) END`),
  M(`__am_at_most(l) AS CASE WHEN len(l) > 10000 THEN ${SEQUENCE_LENGTH} ELSE l END`),
];

/**
 * Functions that answer NULL when any of their (non-lambda) arguments is NULL, by argument position where
 * only some do (reduce's initial state and repeat's element may be NULL).
 */
const NULL_PROPAGATING: Readonly<Record<string, readonly number[] | 'all'>> = {
  element_at: 'all', slice: 'all', trim_array: 'all', ngrams: 'all', combinations: 'all', array_histogram: 'all',
  array_sort: 'all', flatten: 'all', array_except: 'all', array_union: 'all', array_intersect: 'all',
  arrays_overlap: 'all', array_remove: 'all', array_distinct: 'all', array_max: 'all', array_min: 'all',
  array_position: 'all', cardinality: 'all', contains: 'all', array_join: 'all', map_concat: 'all', zip: 'all',
  shuffle: 'all', map_keys: 'all', map_values: 'all', map_entries: 'all', map_from_entries: 'all',
  multimap_from_entries: 'all', filter: [0], transform: [0], any_match: [0], all_match: [0], none_match: [0],
  reduce: [0], repeat: [1], zip_with: [0, 1], map_filter: [0], transform_keys: [0], transform_values: [0],
  map_zip_with: [0, 1], euclidean_distance: 'all', dot_product: 'all', cosine_distance: 'all',
  cosine_similarity: 'all',
};

/** NULL written without a type (Trino's type unknown). */
export function isUntypedNull(e: Expr | undefined): boolean {
  return e?.class === 'CONSTANT' && !!e.value?.is_null && String(e.value?.type?.id) === 'NULL';
}

/** CAST(NULL AS t) as the parser writes it. */
function isTypedNull(e: Expr | undefined): boolean {
  return e?.class === 'CAST' && e.child?.class === 'CONSTANT' && !!e.child.value?.is_null && !e.try_cast;
}

const constant = (type: string, value: unknown): Expr => ({
  class: 'CONSTANT', type: 'VALUE_CONSTANT', alias: '', value: { type: { id: type, type_info: null }, is_null: false, value },
});

const ZERO_TYPES = new Set(['TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'DOUBLE', 'FLOAT', 'DECIMAL', 'BOOLEAN']);

/** A value of the cast's type (never used, only typed): an empty list or map, 0, false or ''. */
function standIn(cast: Expr): Expr | undefined {
  const id = String(cast.cast_type?.id);
  let child: Expr | undefined;
  if (id === 'LIST') child = functionCall('list_value', []);
  else if (id === 'MAP') child = functionCall('map', []);
  else if (ZERO_TYPES.has(id)) child = constant('INTEGER', 0);
  else if (id === 'VARCHAR') child = constant('VARCHAR', '');
  else if (id === 'DATE') child = constant('VARCHAR', '2000-01-01');
  return child && { ...cast, child };
}

/**
 * A call of these functions with a typed NULL argument (CAST(NULL AS array(bigint))): DuckDB folds the call
 * to an untyped NULL when it binds it, so the result would lose its type. Trino's answer is NULL of the
 * call's type: `CASE WHEN true THEN NULL ELSE <the call over values of the arguments' types> END`, which
 * DuckDB types from the call and never evaluates. `rewrite` rewrites the call with the stand-ins.
 */
export function typedNullCall(name: string, e: Expr, rewrite: (call: Expr) => Expr): Expr | undefined {
  const positions = NULL_PROPAGATING[name];
  if (!positions || e.is_operator || e.class !== 'FUNCTION') return undefined;
  const children: Expr[] = e.children ?? [];
  const nulled = children.map((c, i) => (positions === 'all' || positions.includes(i)) && isTypedNull(c));
  if (!nulled.some(Boolean)) return undefined;
  const replaced = children.map((c, i) => (nulled[i] ? standIn(c) : c));
  if (replaced.some((c) => !c)) return undefined;
  const inner = rewrite({ ...e, children: replaced });
  return {
    class: 'CASE', type: 'CASE_EXPR', alias: '',
    case_checks: [{ when_expr: { class: 'CAST', type: 'OPERATOR_CAST', alias: '', child: constant('VARCHAR', 't'), cast_type: { id: 'BOOLEAN', type_info: null }, try_cast: false },
      then_expr: { class: 'CONSTANT', type: 'VALUE_CONSTANT', alias: '', value: { type: { id: 'NULL', type_info: null }, is_null: true } } }],
    else_expr: inner,
  };
}

/** map() as a result column: Trino's type is map(unknown, unknown), which DuckDB's maps cannot carry. */
export function refusedEmptyMap(e: Expr): string | undefined {
  return e.class === 'FUNCTION' && String(e.function_name).toLowerCase() === 'map' && (e.children ?? []).length === 0
    ? 'map() without arguments as a result column (its type is map(unknown, unknown))'
    : undefined;
}
