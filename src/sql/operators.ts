// Trino's comparison and concatenation operators where DuckDB's differ: NaN is unequal to and unordered
// with everything (DuckDB sorts it above all numbers and equal to itself), arrays holding NULL compare as
// NULL (=) or fail (<), JSON values have no order, and `NULL || x` keeps its string or array type.
import { SqlRejectedError } from '../errors/engine-error';
import type { Expr } from './ast';
import type { NumericType } from './numeric-types';
import { refusalSql } from './refusal';

const OPERATOR_TEXT: Readonly<Record<string, string>> = {
  COMPARE_EQUAL: '=',
  COMPARE_NOTEQUAL: '<>',
  COMPARE_LESSTHAN: '<',
  COMPARE_GREATERTHAN: '>',
  COMPARE_LESSTHANOREQUALTO: '<=',
  COMPARE_GREATERTHANOREQUALTO: '>=',
};

export interface OperandKinds {
  numeric(x: Expr): NumericType | undefined;
  isJson(x: Expr): boolean;
  isArray(x: Expr): boolean;
}

/** The template ($1 left, $2 right) for a comparison Trino answers differently from DuckDB, or undefined. */
export function comparisonTemplate(e: Expr, kinds: OperandKinds): string | undefined {
  const op = OPERATOR_TEXT[String(e.type)];
  if (!op || !e.left || !e.right) return undefined;
  const sides = [e.left as Expr, e.right as Expr];
  if (op !== '=' && op !== '<>' && sides.some((x) => kinds.isJson(x))) {
    throw new SqlRejectedError(`Cannot apply operator: json ${op} json`);
  }
  if (sides.some((x) => kinds.numeric(x)?.kind === 'double' || kinds.numeric(x)?.kind === 'real')) {
    // NaN: only <> holds
    return `CASE WHEN $1 IS NULL OR $2 IS NULL THEN NULL WHEN isnan(CAST($1 AS DOUBLE)) OR isnan(CAST($2 AS DOUBLE)) THEN ${op === '<>'} ELSE $1 ${op} $2 END`;
  }
  if (sides.every((x) => kinds.isArray(x))) {
    if (op === '=' || op === '<>') return op === '=' ? '__am_array_equal($1, $2)' : 'NOT __am_array_equal($1, $2)';
    return `CASE WHEN __am_holds_null($1) OR __am_holds_null($2) THEN ${refusalSql('ordering comparison of arrays holding NULL (Trino fails on it)')} ELSE $1 ${op} $2 END`;
  }
  return undefined;
}

/** DuckDB's type of `CAST(NULL AS t)` for a string or array type t, when `x` is one. */
function nullCastType(x: Expr | undefined): string | undefined {
  if (x?.class !== 'CAST' || x.child?.class !== 'CONSTANT' || !x.child.value?.is_null) return undefined;
  const id = String(x.cast_type?.id);
  if (id === 'VARCHAR' || (id === 'UNBOUND' && /^varchar$/i.test(x.cast_type?.type_info?.name ?? ''))) return 'VARCHAR';
  if (id === 'LIST') return 'LIST';
  return undefined;
}

/**
 * a || b with a NULL of a string or array type on one side: DuckDB folds it to an untyped NULL (an
 * integer column); Trino keeps the type. The NULL's own cast gives it back.
 */
export function concatWithTypedNull(e: Expr, isArray: (x: Expr) => boolean): Expr | undefined {
  if (!e.is_operator || String(e.function_name) !== '||' || e.children?.length !== 2) return undefined;
  const [a, b] = e.children as Expr[];
  for (const [x, other] of [[a, b], [b, a]] as const) {
    const type = nullCastType(x);
    if (type === 'VARCHAR' && !isArray(other!)) return x;
    if (type === 'LIST' && isArray(other!)) return x;
  }
  return undefined;
}

export const OPERATOR_MACROS: readonly string[] = [
  `CREATE OR REPLACE TEMP MACRO __am_holds_null(a) AS list_bool_or(list_transform(a, lambda v: v IS NULL))`,
  // Trino: arrays of different lengths differ; equal where every pair is equal; NULL where a pair holds NULL
  // and no other pair differs
  `CREATE OR REPLACE TEMP MACRO __am_array_equal(a, b) AS CASE WHEN a IS NULL OR b IS NULL THEN NULL
      WHEN len(a) <> len(b) THEN false
      WHEN list_bool_or(list_transform(range(1, len(a) + 1), lambda i: a[i] <> b[i])) THEN false
      WHEN list_bool_or(list_transform(range(1, len(a) + 1), lambda i: a[i] IS NULL OR b[i] IS NULL)) THEN NULL
      ELSE true END`,
];
