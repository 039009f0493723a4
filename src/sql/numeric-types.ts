// Trino's numeric types of expressions, where the query text shows them (literals, casts, view columns,
// counts and sums, arithmetic on those), inferred bottom-up like result-types.ts does for timestamps.
// Exact decimal division, modulus and rounding need them: Trino gives a decimal of a scale its rules
// derive from the operands' types (DuckDB divides decimals as doubles), and a double divided by zero is
// Infinity or NaN (DuckDB's integer-division operator gives NULL).
import type { Expr } from './ast';
import { mathResultType } from './math-functions';

export type NumericType =
  | { kind: 'int'; name: 'tinyint' | 'smallint' | 'integer' | 'bigint' }
  | { kind: 'decimal'; p: number; s: number }
  | { kind: 'double' }
  | { kind: 'real' };

/** Digits of each integer type: what Trino converts it to when it meets a decimal (decimal(d, 0)). */
const INT_DIGITS = { tinyint: 3, smallint: 5, integer: 10, bigint: 19 } as const;
const INT_ORDER = ['tinyint', 'smallint', 'integer', 'bigint'] as const;

const BY_DUCK_ID: Readonly<Record<string, NumericType>> = {
  TINYINT: { kind: 'int', name: 'tinyint' },
  SMALLINT: { kind: 'int', name: 'smallint' },
  INTEGER: { kind: 'int', name: 'integer' },
  BIGINT: { kind: 'int', name: 'bigint' },
  DOUBLE: { kind: 'double' },
  FLOAT: { kind: 'real' },
};

const BY_TRINO_NAME: Readonly<Record<string, NumericType>> = {
  tinyint: BY_DUCK_ID.TINYINT!,
  smallint: BY_DUCK_ID.SMALLINT!,
  integer: BY_DUCK_ID.INTEGER!,
  bigint: BY_DUCK_ID.BIGINT!,
  double: BY_DUCK_ID.DOUBLE!,
  real: BY_DUCK_ID.FLOAT!,
};

/** A numeric type as decimal(p, s) (integers as decimal(d, 0)), or undefined for doubles and reals. */
export function asDecimal(t: NumericType): { p: number; s: number } | undefined {
  if (t.kind === 'decimal') return t;
  if (t.kind === 'int') return { p: INT_DIGITS[t.name], s: 0 };
  return undefined;
}

export const isInexact = (t: NumericType | undefined): boolean => t?.kind === 'double' || t?.kind === 'real';

function fromTypeName(type: string | undefined): NumericType | undefined {
  if (!type) return undefined;
  const dec = /^decimal\((\d+),\s*(\d+)\)$/.exec(type);
  if (dec) return { kind: 'decimal', p: Number(dec[1]), s: Number(dec[2]) };
  return BY_TRINO_NAME[type];
}

function fromCastType(t: Expr): NumericType | undefined {
  const id = String(t?.id);
  if (id === 'DECIMAL') return { kind: 'decimal', p: Number(t.type_info?.width ?? 18), s: Number(t.type_info?.scale ?? 3) };
  return BY_DUCK_ID[id];
}

/** Trino's result type of a binary arithmetic operator, or undefined (non-numeric operands, an error). */
export function arithmeticType(op: string, a: NumericType, b: NumericType): NumericType | undefined {
  if (a.kind === 'double' || b.kind === 'double') return { kind: 'double' };
  if (a.kind === 'real' || b.kind === 'real') return { kind: 'real' };
  if (a.kind === 'int' && b.kind === 'int') {
    return INT_ORDER.indexOf(a.name) >= INT_ORDER.indexOf(b.name) ? a : b;
  }
  const x = asDecimal(a)!;
  const y = asDecimal(b)!;
  const s = Math.max(x.s, y.s);
  switch (op) {
    case '+':
    case '-':
      return { kind: 'decimal', p: Math.min(38, Math.max(x.p - x.s, y.p - y.s) + s + 1), s };
    case '*':
      return x.s + y.s > 38 ? undefined : { kind: 'decimal', p: Math.min(38, x.p + y.p), s: x.s + y.s };
    case '/':
      return { kind: 'decimal', p: Math.min(38, divisionPrecision(x, y)), s };
    case '%':
      return { kind: 'decimal', p: Math.min(38, Math.min(x.p - x.s, y.p - y.s) + s), s };
    default:
      return undefined;
  }
}

/** Trino's precision of a decimal quotient before it is capped at 38. */
export function divisionPrecision(x: { p: number; s: number }, y: { p: number; s: number }): number {
  return x.p + y.s + Math.max(0, y.s - x.s);
}

const DOUBLE_FUNCTIONS = new Set([
  'sqrt', 'cbrt', 'exp', 'ln', 'log2', 'log10', 'log', 'pow', 'power', 'random', 'rand', 'sin', 'cos', 'tan', 'asin',
  'acos', 'atan', 'atan2', 'sinh', 'cosh', 'tanh', 'degrees', 'radians', 'pi', 'e', 'nan', 'infinity', 'stddev',
  'stddev_pop', 'stddev_samp', 'variance', 'var_pop', 'var_samp', 'corr', 'covar_pop', 'covar_samp', 'to_unixtime',
  'percent_rank', 'cume_dist', 'geometric_mean', 'cosine_similarity', 'cosine_distance',
]);
const BIGINT_FUNCTIONS = new Set(['count', 'count_star', 'count_if', 'approx_distinct', 'row_number', 'rank', 'dense_rank', 'ntile', 'cardinality', 'length']);
/** Functions whose result has their (first) argument's type. */
const SAME_TYPE = new Set(['abs', 'sign', 'min', 'max', 'arbitrary', 'any_value', 'first_value', 'last_value', 'lag', 'lead', 'nth_value']);

/** Trino's numeric type of `e` (its children already visited; `of` gives theirs), or undefined. */
export function inferNumeric(e: Expr, of: (child: Expr) => NumericType | undefined, columnTypes?: ReadonlyMap<string, string>): NumericType | undefined {
  switch (e.class) {
    case 'CONSTANT': {
      if (e.value?.is_null) return undefined;
      const id = String(e.value?.type?.id);
      if (id === 'DECIMAL') return { kind: 'decimal', p: Number(e.value.type.type_info?.width), s: Number(e.value.type.type_info?.scale) };
      // -2147483648 is an integer in Trino (DuckDB reads the literal as a bigint)
      if (id === 'BIGINT' && Math.abs(Number(e.value?.value)) <= 2147483648 && Number(e.value?.value) >= -2147483648) return BY_DUCK_ID.INTEGER;
      return BY_DUCK_ID[id];
    }
    case 'CAST':
      return e.try_cast ? undefined : fromCastType(e.cast_type);
    case 'COLUMN_REF':
      return fromTypeName(columnTypes?.get(String(e.column_names.at(-1)).toLowerCase()));
    case 'FUNCTION':
    case 'WINDOW': {
      const name = String(e.function_name).toLowerCase();
      const args: Expr[] = e.children ?? [];
      const first = args[0] ? of(args[0]) : undefined;
      if (e.is_operator && args.length === 2 && ['+', '-', '*', '/', '%'].includes(name)) {
        const a = of(args[0]!);
        const b = of(args[1]!);
        return a && b ? arithmeticType(name, a, b) : undefined;
      }
      if (e.is_operator && name === '-' && args.length === 1) return first;
      const math = e.is_operator ? null : mathResultType(name, args.map(of));
      if (math !== null) return math;
      if (BIGINT_FUNCTIONS.has(name)) return { kind: 'int', name: 'bigint' };
      if (DOUBLE_FUNCTIONS.has(name)) return { kind: 'double' };
      if (SAME_TYPE.has(name)) return first;
      if (name === 'sum') {
        if (first?.kind === 'int') return { kind: 'int', name: 'bigint' };
        if (first?.kind === 'decimal') return { kind: 'decimal', p: 38, s: first.s };
        return first;
      }
      if (name === 'avg') return first?.kind === 'decimal' ? first : first ? { kind: 'double' } : undefined;
      if ((name === 'round' || name === 'truncate' || name === 'trunc') && first?.kind === 'decimal') {
        if (args.length >= 2) return name === 'round' ? { kind: 'decimal', p: Math.min(38, first.p + 1), s: first.s } : first;
        const intDigits = first.p - first.s;
        return { kind: 'decimal', p: Math.max(1, Math.min(38, name === 'round' && first.s > 0 ? intDigits + 1 : intDigits)), s: 0 };
      }
      if (name === 'round' || name === 'truncate' || name === 'trunc') return first;
      return undefined;
    }
    default:
      return undefined;
  }
}

/** SQL for the value of `sql` (of type `t`) times 10^scale, as an exact 128-bit integer. */
function scaledSql(arg: string, scale: number): string {
  return `CAST(replace(CAST(CAST(${arg} AS DECIMAL(38, ${scale})) AS VARCHAR), '.', '') AS HUGEINT)`;
}

/**
 * The DuckDB template ($1, $2 the operands) for Trino's exact decimal `/` or `%` of operands of these
 * types, or a string starting with '!' that says why it cannot be exact (intermediate beyond 38 digits).
 */
export function exactDecimalTemplate(op: '/' | '%', a: NumericType, b: NumericType): string {
  const x = asDecimal(a)!;
  const y = asDecimal(b)!;
  const result = arithmeticType(op, a, b) as { p: number; s: number };
  const { p, s } = result;
  if (op === '/') {
    // a / b rounded half away from zero at scale s: (a * 10^(s2 + s)) / (b * 10^s2), both exact integers
    if (divisionPrecision(x, y) > 38 || x.p - x.s + y.s + s > 38) return '!division of decimals whose quotient needs more than 38 digits';
    return `CAST(__am_decimal_text(__am_div_round(${scaledSql('$1', y.s + s)}, ${scaledSql('$2', y.s)}), ${s}) AS DECIMAL(${p}, ${s}))`;
  }
  if (x.p - x.s + s > 38 || y.p - y.s + s > 38) return '!modulus of decimals wider than 38 digits at a common scale';
  return `CAST(__am_decimal_text(__am_mod_exact(${scaledSql('$1', s)}, ${scaledSql('$2', s)}), ${s}) AS DECIMAL(${p}, ${s}))`;
}

/** Trino's avg of a decimal(p, s): the exact mean rounded half away from zero, of the argument's type. */
export function decimalAverageTemplate(t: { p: number; s: number }): string {
  return `CAST(__am_decimal_text(__am_div_round(${scaledSql('sum($1)', t.s)}, CAST(count($1) AS HUGEINT)), ${t.s}) AS DECIMAL(${t.p}, ${t.s}))`;
}

/** DuckDB's name of a numeric type. */
export function duckTypeOf(t: NumericType): string {
  if (t.kind === 'decimal') return `DECIMAL(${t.p}, ${t.s})`;
  if (t.kind === 'double') return 'DOUBLE';
  if (t.kind === 'real') return 'FLOAT';
  return t.name.toUpperCase();
}

/**
 * a + b, a - b, a * b of exact numbers at Trino's types: the operands at the types Trino converts them to,
 * the result at Trino's result type (DuckDB types an integer literal by its digits, and a NULL operand
 * loses its type), or undefined when nothing needs doing.
 */
export function exactArithmeticTemplate(op: string, a: NumericType, b: NumericType): string | undefined {
  const r = arithmeticType(op, a, b);
  if (!r || r.kind === 'double' || r.kind === 'real') return undefined;
  if (r.kind === 'int') return `(CAST($1 AS ${duckTypeOf(r)}) ${op} CAST($2 AS ${duckTypeOf(r)}))`;
  // + and -: both operands at the result type (DuckDB would size the sum from the operands alone);
  // *: DuckDB's own product type is Trino's, only the result is cast (a NULL operand loses its type)
  // (a product wider than 18 digits of two narrower operands: DuckDB multiplies in 64 bits and
  // overflows, so one operand is widened to 19 digits first)
  if (op === '*') {
    const x = asDecimal(a)!;
    const y = asDecimal(b)!;
    const left = r.p > 18 && x.p <= 18 && y.p <= 18 ? `CAST($1 AS DECIMAL(19, ${x.s}))` : '$1';
    return `CAST(${left} * $2 AS ${duckTypeOf(r)})`;
  }
  return `CAST(CAST($1 AS ${duckTypeOf(r)}) ${op} CAST($2 AS ${duckTypeOf(r)}) AS ${duckTypeOf(r)})`;
}
