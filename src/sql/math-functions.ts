// Trino's math functions and arithmetic operators where DuckDB's differ: result types (ceil of a bigint
// stays a bigint, of a decimal(p, s) is a decimal(p - s + 1, 0)), IEEE answers where DuckDB fails (ln(0)
// is -Infinity, asin(2) NaN), Trino's errors where DuckDB gives NULL (mod(x, 0)), and the functions DuckDB
// lacks (width_bucket, to_base, from_base, bit_count(x, bits), e()). Each rewrite is a DuckDB template over
// the call's arguments ($1, $2, ...), chosen by the Trino types of the arguments where the query text shows
// them (numeric-types.ts).
import type { Expr } from './ast';
import { type NumericType, arithmeticType, asDecimal, duckTypeOf, exactDecimalTemplate, isInexact } from './numeric-types';
import { refusalSql, refuseEmbedded } from './refusal';

const NAN = "CAST('NaN' AS DOUBLE)";

/** SQL for a decimal value times 10^scale, as an exact 128-bit integer. */
const scaled = (arg: string, scale: number) => `CAST(replace(CAST(CAST(${arg} AS DECIMAL(38, ${scale})) AS VARCHAR), '.', '') AS HUGEINT)`;

/** The rewrite of a math function or operator call, or undefined (DuckDB's own answer is Trino's). */
export function rewriteMath(name: string, e: Expr, numericOf: (x: Expr) => NumericType | undefined): string | undefined {
  const args: Expr[] = e.children ?? [];
  const types = args.map(numericOf);
  const [a, b] = types;
  const isDouble = (t: NumericType | undefined) => t?.kind === 'double';
  if (e.is_operator) {
    // with a double on one side the other is taken as a double, whatever it is
    if (name === '%' && args.length === 2 && (isDouble(a) || isDouble(b))) return fmodTemplate({ kind: 'double' }, { kind: 'double' });
    if (args.length !== 2 || !a || !b) return undefined;
    if (name === '%' && (isInexact(a) || isInexact(b))) return fmodTemplate(a, b);
    if ((name === '/' || name === '%') && a.kind === 'int' && b.kind === 'int') {
      const t = duckTypeOf(arithmeticType(name, a, b)!);
      return name === '/'
        ? `CAST(__am_int_divide(CAST($1 AS ${t}), CAST($2 AS ${t})) AS ${t})`
        : `CAST(__am_int_mod(CAST($1 AS ${t}), CAST($2 AS ${t}), 'Division by zero') AS ${t})`;
    }
    return undefined;
  }
  switch (name) {
    case 'mod': {
      if (args.length !== 2) return undefined;
      if (isDouble(a) || isDouble(b)) return fmodTemplate({ kind: 'double' }, { kind: 'double' });
      if (!a || !b) return '__am_mod_of_any($1, $2)';
      if (isInexact(a) || isInexact(b)) return fmodTemplate(a, b);
      if (a.kind === 'int' && b.kind === 'int') {
        const t = duckTypeOf(arithmeticType('%', a, b)!);
        return `CAST(__am_int_mod(CAST($1 AS ${t}), CAST($2 AS ${t}), '/ by zero') AS ${t})`;
      }
      // decimals: the % operator's exact rewrite (numeric-types.ts)
      const text = exactDecimalTemplate('%', a, b);
      if (text.startsWith('!')) refuseEmbedded(text.slice(1));
      return text;
    }
    case 'ceil':
    case 'ceiling':
    case 'floor':
      if (args.length !== 1) return undefined;
      if (!a) {
        // of a value whose type the query text does not show: in terms of trunc, which keeps an integer
        // type (DuckDB's ceil gives a double)
        return name === 'floor'
          ? 'CASE WHEN $1 < trunc($1) THEN trunc($1) - 1 ELSE trunc($1) END'
          : 'CASE WHEN $1 > trunc($1) THEN trunc($1) + 1 ELSE trunc($1) END';
      }
      return roundToInteger(name === 'floor' ? 'floor' : 'ceil', a);
    case 'truncate':
      if (args.length === 1 && a) return roundToInteger('trunc', a);
      if (args.length === 2 && a?.kind === 'decimal') {
        const { p, s } = a;
        return `CAST(__am_decimal_text(__am_truncate_scaled(${scaled('$1', s)}, ${s} - CAST($2 AS BIGINT)), ${s}) AS DECIMAL(${p}, ${s}))`;
      }
      return undefined;
    case 'round':
      return a ? roundTemplate(args.length, a) : args.length === 2 ? '__am_round($1, $2)' : undefined;
    case 'abs':
      return args.length === 1 && a && !isInexact(a) ? `CAST(abs(CAST($1 AS ${duckTypeOf(a)})) AS ${duckTypeOf(a)})` : undefined;
    case 'sign':
      // sign keeps its argument's type (a decimal's is decimal(1,0)); of NaN it is NaN, of -0.0 -0.0
      if (args.length !== 1) return undefined;
      // of a value whose type the query text does not show: of its own type (x - x is a zero of it)
      if (!a) return 'CASE WHEN $1 > 0 THEN ($1 - $1) + 1 WHEN $1 < 0 THEN ($1 - $1) - 1 ELSE $1 END';
      if (isInexact(a)) return `CAST(CASE WHEN isnan($1) OR $1 = 0 THEN $1 ELSE sign($1) END AS ${duckTypeOf(a)})`;
      return `CAST(sign($1) AS ${a.kind === 'decimal' ? 'DECIMAL(1, 0)' : duckTypeOf(a)})`;
    case 'pow':
    case 'power':
      return args.length === 2 ? '__am_power(CAST($1 AS DOUBLE), CAST($2 AS DOUBLE))' : undefined;
    case 'e':
      return args.length === 0 ? 'exp(1)' : undefined;
    case 'width_bucket':
      if (args.length === 4) return '__am_width_bucket(CAST($1 AS DOUBLE), CAST($2 AS DOUBLE), CAST($3 AS DOUBLE), CAST($4 AS BIGINT))';
      if (args.length === 2) return '__am_width_bucket_bins(CAST($1 AS DOUBLE), CAST($2 AS DOUBLE[]))';
      return undefined;
    case 'bit_count':
      return args.length === 2 ? '__am_bit_count(CAST($1 AS BIGINT), CAST($2 AS BIGINT))' : undefined;
    case 'to_base':
      return args.length === 2 ? '__am_to_base(CAST($1 AS BIGINT), CAST($2 AS BIGINT))' : undefined;
    case 'from_base':
      return args.length === 2 ? '__am_from_base($1, CAST($2 AS BIGINT))' : undefined;
    case 'log':
      // log(b, x) as Trino computes it: ln(x) / ln(b), in IEEE arithmetic
      return args.length === 2 ? '__am_ieee_divide(__am_ln(CAST($2 AS DOUBLE)), __am_ln(CAST($1 AS DOUBLE)))' : undefined;
    default: {
      const unary = DOUBLE_FUNCTIONS[name];
      return unary && args.length === 1 ? unary : undefined;
    }
  }
}

/** Functions of a double that DuckDB refuses where IEEE (and Trino) answers NaN or -Infinity. */
const DOUBLE_FUNCTIONS: Readonly<Record<string, string>> = {
  ln: '__am_ln(CAST($1 AS DOUBLE))',
  log2: '__am_ln_based(CAST($1 AS DOUBLE), 2)',
  cbrt: '__am_cbrt(CAST($1 AS DOUBLE))',
  log10: '__am_ln_based(CAST($1 AS DOUBLE), 10)',
  sqrt: 'CASE WHEN CAST($1 AS DOUBLE) < 0 THEN ' + NAN + ' ELSE sqrt(CAST($1 AS DOUBLE)) END',
  sin: '__am_periodic(CAST($1 AS DOUBLE), 1)',
  cos: '__am_periodic(CAST($1 AS DOUBLE), 2)',
  tan: '__am_periodic(CAST($1 AS DOUBLE), 3)',
  asin: 'CASE WHEN CAST($1 AS DOUBLE) >= -1 AND CAST($1 AS DOUBLE) <= 1 THEN asin(CAST($1 AS DOUBLE)) WHEN $1 IS NOT NULL THEN ' + NAN + ' END',
  acos: 'CASE WHEN CAST($1 AS DOUBLE) >= -1 AND CAST($1 AS DOUBLE) <= 1 THEN acos(CAST($1 AS DOUBLE)) WHEN $1 IS NOT NULL THEN ' + NAN + ' END',
};

/** Trino's type of an operation with a double or real operand: double if either is one, else real. */
function inexactType(a: NumericType, b: NumericType): string {
  return a.kind === 'double' || b.kind === 'double' ? 'DOUBLE' : 'FLOAT';
}

/** An operand of a real operation, at real precision first (a bigint rounds to a real, not a double). */
const inexactOperand = (p: string, type: string) => (type === 'FLOAT' ? `CAST(CAST(${p} AS FLOAT) AS DOUBLE)` : `CAST(${p} AS DOUBLE)`);

function fmodTemplate(a: NumericType, b: NumericType): string {
  const t = inexactType(a, b);
  return `CAST(__am_fmod(${inexactOperand('$1', t)}, ${inexactOperand('$2', t)}) AS ${t})`;
}

/** ceil / floor / truncate of one argument: an integer stays itself, a decimal(p, s) gives decimal(rp, 0). */
function roundToInteger(fn: 'ceil' | 'floor' | 'trunc', t: NumericType): string | undefined {
  // Trino has no truncate of an integer: it takes the integer as a decimal(d, 0)
  if (t.kind === 'int') return `CAST($1 AS ${duckTypeOf(fn === 'trunc' ? { kind: 'decimal', ...asDecimal(t)! } : t)})`;
  if (t.kind !== 'decimal') return undefined;
  if (t.s === 0) return `CAST($1 AS ${duckTypeOf(t)})`;
  if (t.p === 38 && t.s === 38 && fn !== 'trunc') refuseEmbedded(`${fn} of a decimal(38,38) (Trino fails on it)`);
  const digits = Math.max(1, fn === 'trunc' ? t.p - t.s : t.p - t.s + 1);
  return `CAST(${fn}($1) AS DECIMAL(${digits}, 0))`;
}

/** round(x) and round(x, n) at Trino's result types, with its overflow errors. */
function roundTemplate(arity: number, t: NumericType): string | undefined {
  if (arity === 1) {
    if (t.kind === 'int') return `CAST($1 AS ${duckTypeOf(t)})`;
    if (t.kind === 'decimal') {
      const digits = Math.max(1, Math.min(38, t.s > 0 ? t.p - t.s + 1 : t.p));
      return `CAST(round($1) AS DECIMAL(${digits}, 0))`;
    }
    // Trino rounds -0.0 to 0.0 (and keeps the sign of a negative value that rounds to zero)
    return `CAST(CASE WHEN $1 = 0 THEN abs($1) ELSE round($1) END AS ${duckTypeOf(t)})`;
  }
  if (arity !== 2) return undefined;
  if (t.kind === 'int') return `CAST(__am_round_integer(CAST($1 AS ${duckTypeOf(t)}), $2) AS ${duckTypeOf(t)})`;
  if (t.kind === 'decimal') {
    // half away from zero at 10^-n over the scaled value; a long decimal (more than 18 digits) fails
    // when its scale less n passes 38, any result when it passes the result's precision
    const p = Math.min(38, t.p + 1);
    return `CAST(__am_decimal_text(__am_round_scaled(${scaled('$1', t.s)}, ${t.s} - CAST($2 AS BIGINT), ${p > 18}, ${p}), ${t.s}) AS DECIMAL(${p}, ${t.s}))`;
  }
  return `CAST(CASE WHEN $2 < -300 THEN ${refusalSql('round(x, n) of a double with n below -300')} WHEN $1 = 0 AND $2 IS NOT NULL THEN abs($1) ELSE round($1, $2) END AS ${duckTypeOf(t)})`;
}

/** Trino's result type of a math function of these argument types, or null when this module does not say. */
export function mathResultType(name: string, args: readonly (NumericType | undefined)[]): NumericType | undefined | null {
  const [a, b] = args;
  switch (name) {
    case 'ceil':
    case 'ceiling':
    case 'floor':
    case 'truncate':
      if (!a) return undefined;
      if (name === 'truncate' && a.kind === 'int') return { kind: 'decimal', ...asDecimal(a)! };
      if (a.kind === 'decimal' && args.length === 1) {
        return { kind: 'decimal', p: Math.max(1, name === 'truncate' || a.s === 0 ? a.p - a.s : a.p - a.s + 1), s: 0 };
      }
      return a;
    case 'mod':
      return a && b ? arithmeticType('%', a, b) : undefined;
    case 'width_bucket':
    case 'bit_count':
    case 'from_base':
      return { kind: 'int', name: 'bigint' };
    default:
      return null;
  }
}

const M = (sql: string) => `CREATE OR REPLACE TEMP MACRO ${sql}`;

export const MATH_MACROS: readonly string[] = [
  // integer division and modulus: NULL with a NULL operand, Trino's error for a zero divisor; x % -1 is 0
  // (DuckDB fails on the minimum value)
  M(`__am_int_divide(a, b) AS CASE WHEN a IS NULL OR b IS NULL THEN NULL WHEN b = 0 THEN error('Division by zero') ELSE a // b END`),
  M(`__am_int_mod(a, b, message) AS CASE WHEN a IS NULL OR b IS NULL THEN NULL WHEN b = 0 THEN error(message) WHEN b = -1 THEN a - a ELSE a % b END`),
  // mod of operands whose types the query text does not show (DuckDB answers NULL for a zero divisor)
  M(`__am_mod_of_any(a, b) AS CASE WHEN a IS NULL OR b IS NULL THEN NULL
      WHEN typeof(a) LIKE 'DECIMAL%' OR typeof(b) LIKE 'DECIMAL%' THEN ${refusalSql('mod of decimals whose types the query text does not show')}
      WHEN typeof(a) IN ('DOUBLE', 'FLOAT') OR typeof(b) IN ('DOUBLE', 'FLOAT') THEN CASE
        WHEN b = 0 OR isinf(a) THEN ${refusalSql('mod of a double by zero or of an infinity, where the query text does not show the double')}
        ELSE a % b END
      WHEN b = 0 THEN error('/ by zero') WHEN b = -1 THEN a - a ELSE a % b END`),
  // IEEE remainder (Java's %): NaN for a zero divisor or an infinite dividend, the dividend's sign
  M(`__am_fmod(a, b) AS CASE WHEN a IS NULL OR b IS NULL THEN NULL
      WHEN isnan(a) OR isnan(b) OR isinf(a) OR b = 0 THEN ${NAN}
      WHEN isinf(b) THEN a
      WHEN a % b = 0 AND signbit(a) THEN CAST('-0' AS DOUBLE)
      ELSE a % b END`),
  M(`__am_ln(x) AS CASE WHEN x IS NULL THEN NULL WHEN x = 0 THEN CAST('-Infinity' AS DOUBLE)
      WHEN x < 0 OR isnan(x) THEN ${NAN} ELSE ln(x) END`),
  M(`__am_ln_based(x, base) AS CASE WHEN x IS NULL THEN NULL WHEN x = 0 THEN CAST('-Infinity' AS DOUBLE)
      WHEN x < 0 OR isnan(x) THEN ${NAN} WHEN base = 2 THEN ln(x) / ln(2) ELSE log10(x) END`),
  // cube root: DuckDB's is a power (cbrt(27) = 3.0000000000000004); one Newton step makes it exact (tiny
  // values scaled by 2^300 first)
  M(`__am_cbrt_step(y, x) AS y - (y * y * y - x) / (3 * y * y)`),
  M(`__am_cbrt(x) AS CASE WHEN x IS NULL THEN NULL WHEN x = 0 OR isinf(x) OR isnan(x) THEN x
      WHEN abs(x) < 1e-200 THEN sign(x) * __am_cbrt_step(pow(abs(x) * pow(2, 300), CAST(1 AS DOUBLE) / 3), abs(x) * pow(2, 300)) / pow(2, 100)
      ELSE sign(x) * __am_cbrt_step(pow(abs(x), CAST(1 AS DOUBLE) / 3), abs(x)) END`),
  // sin, cos, tan of an infinity: NaN
  M(`__am_periodic(x, f) AS CASE WHEN x IS NULL THEN NULL WHEN isinf(x) OR isnan(x) THEN ${NAN}
      WHEN f = 1 THEN sin(x) WHEN f = 2 THEN cos(x) ELSE tan(x) END`),
  // Java's Math.pow: 1 to an infinite power is NaN (C's pow answers 1)
  M(`__am_power(x, y) AS CASE WHEN x IS NULL OR y IS NULL THEN NULL WHEN isnan(y) OR (abs(x) = 1 AND isinf(y)) THEN ${NAN} ELSE pow(x, y) END`),
  // integer round(x, n): n >= 0 keeps x; 10^-n past a bigint fails; a result past the type fails (the
  // caller's cast)
  M(`__am_round_integer(x, n) AS CASE WHEN x IS NULL OR n IS NULL THEN NULL WHEN n >= 0 THEN x
      WHEN n < -18 THEN error('numerical overflow: ' || CAST(x AS VARCHAR)) ELSE round(CAST(x AS DECIMAL(38, 0)), CAST(n AS INTEGER)) END`),
  M(`__am_pow10(k) AS CAST('1' || repeat('0', CAST(k AS INTEGER)) AS HUGEINT)`),
  // a scaled decimal with its last k digits dropped (truncate) or rounded half away from zero (round)
  M(`__am_truncate_scaled(q, k) AS CASE WHEN q IS NULL OR k IS NULL THEN NULL WHEN k <= 0 THEN q WHEN k > 38 THEN q - q
      ELSE q // __am_pow10(k) * __am_pow10(k) END`),
  M(`__am_round_scaled(q, k, long, p) AS CASE WHEN q IS NULL OR k IS NULL THEN NULL
      WHEN long AND k > 38 THEN error('decimal overflow: ' || CAST(q AS VARCHAR))
      WHEN k <= 0 THEN q WHEN k > 38 THEN q - q
      WHEN abs((q + sign(q) * (__am_pow10(k) // 2)) // __am_pow10(k) * __am_pow10(k)) >= __am_pow10(p)
      THEN error('decimal overflow: ' || CAST(q AS VARCHAR))
      ELSE (q + sign(q) * (__am_pow10(k) // 2)) // __am_pow10(k) * __am_pow10(k) END`),
  M(`__am_width_bucket(x, b1, b2, n) AS CASE WHEN x IS NULL OR b1 IS NULL OR b2 IS NULL OR n IS NULL THEN NULL
      WHEN n <= 0 THEN error('bucketCount must be greater than 0')
      WHEN isnan(x) THEN error('operand must not be NaN')
      WHEN NOT isfinite(b1) THEN error('first bound must be finite')
      WHEN NOT isfinite(b2) THEN error('second bound must be finite')
      WHEN b1 = b2 THEN error('bounds cannot equal each other')
      WHEN b1 < b2 THEN CASE WHEN x < b1 THEN 0 WHEN x >= b2 THEN __am_bucket_past(n, x)
        ELSE CAST(trunc(CAST(n AS DOUBLE) * (x - b1) / (b2 - b1) + 1) AS BIGINT) END
      ELSE CASE WHEN x > b1 THEN 0 WHEN x <= b2 THEN __am_bucket_past(n, x)
        ELSE CAST(trunc(CAST(n AS DOUBLE) * (b1 - x) / (b1 - b2) + 1) AS BIGINT) END END`),
  M(`__am_bucket_past(n, x) AS CASE WHEN n = 9223372036854775807 THEN error('Bucket for value ' || CAST(x AS VARCHAR) || ' is out of range') ELSE n + 1 END`),
  // width_bucket(x, bins): the number of bins at or below x, of sorted finite bins (others refused)
  M(`__am_width_bucket_bins(x, bins) AS CASE WHEN x IS NULL OR bins IS NULL THEN NULL
      WHEN len(bins) = 0 THEN error('Bins cannot be an empty array')
      WHEN isnan(x) THEN error('Operand cannot be NaN')
      WHEN list_bool_or(list_transform(bins, lambda v: v IS NULL OR NOT isfinite(v))) OR bins <> list_sort(bins)
      THEN ${refusalSql('width_bucket with bins that are not sorted, finite values')}
      ELSE CAST(len(list_filter(bins, lambda v: v <= x)) AS BIGINT) END`),
  M(`__am_bit_count(x, bits) AS CASE WHEN x IS NULL OR bits IS NULL THEN NULL
      WHEN bits < 2 OR bits > 64 THEN error('Bits specified in bit_count must be between 2 and 64, got ' || CAST(bits AS VARCHAR))
      WHEN bits = 64 THEN CAST(bit_count(x) AS BIGINT)
      WHEN x < -(CAST(1 AS HUGEINT) << CAST(bits - 1 AS INTEGER)) OR x >= (CAST(1 AS HUGEINT) << CAST(bits - 1 AS INTEGER))
      THEN error('Number must be representable with the bits specified. ' || CAST(x AS VARCHAR) || ' cannot be represented with ' || CAST(bits AS VARCHAR) || ' bits')
      ELSE CAST(bit_count(x & CAST((CAST(1 AS HUGEINT) << CAST(bits AS INTEGER)) - 1 AS BIGINT)) AS BIGINT) END`),
  M(`__am_to_base(x, radix) AS CASE WHEN x IS NULL OR radix IS NULL THEN NULL
      WHEN radix < 2 OR radix > 36 THEN error('Radix must be between 2 and 36')
      WHEN x = 0 THEN '0'
      ELSE CASE WHEN x < 0 THEN '-' ELSE '' END || list_reduce(list_transform(range(64), lambda i: {'n': NULL::HUGEINT, 's': NULL::VARCHAR}),
        lambda acc, e: CASE WHEN acc.n = 0 THEN acc ELSE {'n': acc.n // radix,
          's': substr('0123456789abcdefghijklmnopqrstuvwxyz', CAST(acc.n % radix AS INTEGER) + 1, 1) || acc.s} END,
        {'n': abs(CAST(x AS HUGEINT)), 's': ''}).s END`),
  M(`__am_from_base(s, radix) AS CASE WHEN s IS NULL OR radix IS NULL THEN NULL
      WHEN radix < 2 OR radix > 36 THEN error('Radix must be between 2 and 36')
      WHEN NOT regexp_full_match(s, '[+-]?[0-9A-Za-z]{1,64}')
        OR list_bool_or(list_transform(string_split(lower(regexp_replace(s, '^[+-]', '')), ''),
          lambda c: instr('0123456789abcdefghijklmnopqrstuvwxyz', c) > radix))
      THEN error('Not a valid base-' || CAST(radix AS VARCHAR) || ' number: ' || s)
      ELSE CAST(CASE WHEN s LIKE '-%' THEN -1 ELSE 1 END * list_reduce(
        list_transform(string_split(lower(regexp_replace(s, '^[+-]', '')), ''), lambda c: CAST(instr('0123456789abcdefghijklmnopqrstuvwxyz', c) - 1 AS HUGEINT)),
        lambda acc, d: acc * radix + d, CAST(0 AS HUGEINT)) AS BIGINT) END`),
];
