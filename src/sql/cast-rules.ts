// CAST(x AS t) where Trino's meaning differs from DuckDB's: the casts Trino rejects at analysis (DuckDB
// folds a typed NULL to NULL, and casts arrays and maps to text), double and real text in Java's form,
// numeric casts rounding half away from zero, strict integer text, real overflow to Infinity, doubles and
// decimals as JSON numbers. The source type is taken from the translator where it knows it (casts, JSON
// values, literals), else from DuckDB's typeof(x), which DuckDB folds per type when it binds the query.
import type { AstNode, Expr } from './ast';
import { SqlRejectedError } from '../errors/engine-error';
import { refusalSql } from './refusal';

export type CastFamily =
  | 'null' | 'boolean' | 'integral' | 'double' | 'real' | 'decimal' | 'varchar' | 'date' | 'timestamp' | 'timestamptz'
  | 'json' | 'array' | 'map' | 'row' | 'other';

/** A type as far as casts care: its family and Trino's name of it. */
export interface CastType {
  family: CastFamily;
  name: string;
}

const INTEGRAL = ['TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'HUGEINT'];
const TIMESTAMPS = ['TIMESTAMP', 'TIMESTAMP_MS', 'TIMESTAMP_S', 'TIMESTAMP_NS'];

/** The family and Trino name of a parsed cast type. */
export function castTypeOf(t: AstNode | null | undefined): CastType {
  const id = String(t?.id);
  const unbound = id === 'UNBOUND' ? String(t?.type_info?.name ?? '').toLowerCase() : '';
  if (id === 'BOOLEAN') return { family: 'boolean', name: 'boolean' };
  if (INTEGRAL.includes(id)) return { family: 'integral', name: id === 'HUGEINT' ? 'decimal(38,0)' : id.toLowerCase() };
  if (id === 'DOUBLE') return { family: 'double', name: 'double' };
  if (id === 'FLOAT') return { family: 'real', name: 'real' };
  if (id === 'DECIMAL') return { family: 'decimal', name: `decimal(${t?.type_info?.width ?? 18},${t?.type_info?.scale ?? 3})` };
  if (id === 'VARCHAR' || /^(varchar|string|text)$/.test(unbound)) return { family: 'varchar', name: 'varchar' };
  if (id === 'DATE') return { family: 'date', name: 'date' };
  if (TIMESTAMPS.includes(id)) return { family: 'timestamp', name: 'timestamp(3)' };
  const p = /^__am_timestamp_(\d)$/.exec(unbound);
  if (p || unbound === 'timestamp') return { family: 'timestamp', name: `timestamp(${p?.[1] ?? 3})` };
  if (id === 'TIMESTAMP WITH TIME ZONE' || /^timestamp with time zone$/.test(unbound)) return { family: 'timestamptz', name: 'timestamp(3) with time zone' };
  if (unbound === 'json') return { family: 'json', name: 'json' };
  if (id === 'LIST') return { family: 'array', name: `array(${castTypeOf(t?.type_info?.child_type).name})` };
  if (id === 'MAP') {
    const [k, v] = t?.type_info?.child_type?.type_info?.child_types ?? [];
    return { family: 'map', name: `map(${castTypeOf(k?.second).name}, ${castTypeOf(v?.second).name})` };
  }
  if (id === 'STRUCT') return { family: 'row', name: 'row' };
  return { family: 'other', name: unbound || id.toLowerCase() };
}

const NUMBERS: CastFamily[] = ['boolean', 'integral', 'double', 'real', 'decimal'];
const CONTAINERS: CastFamily[] = ['array', 'map', 'row'];
const TEMPORAL: CastFamily[] = ['date', 'timestamp', 'timestamptz'];

/** Source families Trino has no cast from, by target family. */
const INVALID_SOURCES: Partial<Record<CastFamily, readonly CastFamily[]>> = {
  boolean: [...TEMPORAL, ...CONTAINERS],
  integral: [...TEMPORAL, ...CONTAINERS],
  double: [...TEMPORAL, ...CONTAINERS],
  real: [...TEMPORAL, ...CONTAINERS],
  decimal: [...TEMPORAL, ...CONTAINERS],
  varchar: CONTAINERS,
  // json to date: the Trino the documentation describes casts a JSON string (the conformance table holds it)
  date: [...NUMBERS, ...CONTAINERS],
  timestamp: [...NUMBERS, 'json', ...CONTAINERS],
  timestamptz: [...NUMBERS, 'json', ...CONTAINERS],
  json: ['timestamptz'],
  array: [...NUMBERS, 'varchar', ...TEMPORAL, 'map', 'row'],
  map: [...NUMBERS, 'varchar', ...TEMPORAL, 'array', 'row'],
};

/** Trino's analysis error for a cast it has no rule for, raised when the query is translated. */
export function checkCastable(source: CastType | undefined, target: CastType): void {
  if (source && INVALID_SOURCES[target.family]?.includes(source.family)) {
    throw new SqlRejectedError(`Cannot cast ${source.name} to ${target.name}`);
  }
}

/** What each rewritten cast's result is in Trino's terms (the outer cast of a cast checks it). */
export const castResultType = new WeakMap<Expr, CastType>();

/** The cast type of a literal (constant) node. */
export function constantCastType(e: Expr): CastType | undefined {
  if (e?.class !== 'CONSTANT') return undefined;
  const id = String(e.value?.type?.id);
  if (e.value?.is_null || id === 'SQLNULL' || id === 'NULL') return { family: 'null', name: 'unknown' };
  if (id === 'VARCHAR' || id === 'STRING_LITERAL') return { family: 'varchar', name: 'varchar' };
  if (id === 'INTEGER_LITERAL') return { family: 'integral', name: 'integer' };
  return castTypeOf({ id, type_info: e.value?.type?.type_info });
}

// ---------------------------------------------------------------------------------------------------
// Run-time rules: each CAST becomes a CASE on typeof($1), which DuckDB folds to one branch when it binds
// the query. TRY_CAST($1 AS ...) binds for every type, so the dead branches bind too.

const CONTAINER_TYPE_SQL = "regexp_matches(typeof($1), '(\\[\\]$|^MAP\\(|^STRUCT\\()')";

const INTEGER_TEXT = /^\s*[+-]?[0-9]+\s*$/;
const DATE_TEXT = /^\s*[0-9]{4}-[0-9]{2}-[0-9]{2}\s*$/;

/** What DuckDB's type name of an integral target is in Trino's cast error ('-1.5' to INT). */
const TRINO_INT_NAME: Readonly<Record<string, string>> = { TINYINT: 'TINYINT', SMALLINT: 'SMALLINT', INTEGER: 'INT', BIGINT: 'BIGINT' };

/**
 * The rule for CAST($1 AS target) when Trino's meaning differs, as a template over the cast's operand, or
 * undefined to keep DuckDB's cast. `source` is what the translator knows of the operand's type.
 */
export function castTemplate(target: AstNode, source: CastType | undefined, text?: string): string | undefined {
  const t = castTypeOf(target);
  const id = String(target?.id);
  const from = source?.family;
  if (from === 'null') return undefined;
  // a literal that reads as Trino reads it: DuckDB's cast is Trino's (BIGINT '1', DATE '2024-01-31')
  if (text !== undefined && (t.family === 'integral' ? INTEGER_TEXT : t.family === 'date' ? DATE_TEXT : undefined)?.test(text)) return undefined;
  switch (t.family) {
    case 'varchar':
      if (from === 'double') return '__am_double_varchar($1)';
      if (from === 'real') return '__am_real_varchar($1)';
      if (from && from !== 'other') return undefined;
      return `CASE WHEN ${CONTAINER_TYPE_SQL} THEN error('Cannot cast ' || __am_cast_type_name(typeof($1)) || ' to varchar')
        WHEN typeof($1) IN ('DOUBLE', 'FLOAT') THEN __am_float_varchar(TRY_CAST($1 AS DOUBLE), typeof($1) = 'FLOAT')
        ELSE CAST($1 AS VARCHAR) END`;
    case 'integral': {
      if (!TRINO_INT_NAME[id]) return undefined;
      if (from && !['double', 'real', 'varchar', 'other'].includes(from)) return undefined;
      if (from === 'double' || (from === 'real' && id !== 'BIGINT')) return `CAST(round($1) AS ${id})`;
      if (from === 'real') return '__am_real_bigint($1)';
      const real = id === 'BIGINT' ? "WHEN typeof($1) = 'FLOAT' THEN __am_real_bigint(TRY_CAST($1 AS FLOAT))" : '';
      return `CASE ${real}
        WHEN typeof($1) IN ('DOUBLE', 'FLOAT') THEN CAST(round(TRY_CAST($1 AS DOUBLE)) AS ${id})
        WHEN typeof($1) = 'VARCHAR' AND NOT regexp_full_match(TRY_CAST($1 AS VARCHAR), '\\s*[+-]?[0-9]+\\s*')
          THEN error('Cannot cast ''' || TRY_CAST($1 AS VARCHAR) || ''' to ${TRINO_INT_NAME[id]}')
        ELSE CAST($1 AS ${id}) END`;
    }
    case 'real':
      if (from && !['double', 'decimal', 'other'].includes(from)) return undefined;
      return `CASE WHEN typeof($1) = 'DOUBLE' THEN __am_double_real(TRY_CAST($1 AS DOUBLE))
        WHEN typeof($1) LIKE 'DECIMAL(%' THEN __am_real_normal(CAST(TRY_CAST($1 AS DOUBLE) AS FLOAT))
        ELSE CAST($1 AS FLOAT) END`;
    case 'date':
      if (from && from !== 'varchar' && from !== 'other') return undefined;
      // Trino reads a date and nothing after it
      return `CASE WHEN typeof($1) = 'VARCHAR' AND NOT regexp_full_match(TRY_CAST($1 AS VARCHAR), '\\s*[+-]?[0-9]+-[0-9]{1,2}-[0-9]{1,2}\\s*')
          THEN error('Value cannot be cast to date: ' || TRY_CAST($1 AS VARCHAR))
        ELSE CAST($1 AS DATE) END`;
    default:
      return undefined;
  }
}

/**
 * CAST($1 AS JSON) of a value that is not JSON: doubles and reals in Java's text, NaN and Infinity as JSON
 * strings, decimals at their scale (text beyond the BMP is escaped as Trino does when the result is shown).
 */
export function toJsonTemplate(source: CastType | undefined): string {
  if (source?.family === 'double') return '__am_double_json($1)';
  if (source?.family === 'real') return '__am_real_json($1)';
  if (source?.family === 'decimal') return '__am_decimal_json(CAST($1 AS VARCHAR))';
  if (source && ['boolean', 'integral', 'date'].includes(source.family)) return 'CAST(to_json($1) AS JSON)';
  return TO_JSON_TEMPLATE;
}

const TO_JSON_TEMPLATE = `CASE WHEN typeof($1) = 'TIMESTAMP WITH TIME ZONE' THEN error('Cannot cast timestamp(3) with time zone to json')
    WHEN typeof($1) = 'DOUBLE' THEN __am_double_json(TRY_CAST($1 AS DOUBLE))
    WHEN typeof($1) = 'FLOAT' THEN __am_real_json(TRY_CAST($1 AS FLOAT))
    WHEN typeof($1) LIKE 'DECIMAL(%' THEN __am_decimal_json(TRY_CAST($1 AS VARCHAR))
    ELSE CAST(to_json($1) AS JSON) END`;

// ---------------------------------------------------------------------------------------------------
// Macros. Number text: DuckDB's shortest round-trip digits of the value, re-laid in Java's forms.

const M = (sql: string) => `CREATE OR REPLACE TEMP MACRO ${sql}`;
const NON_BMP = "'[\\x{10000}-\\x{10FFFF}]'";

export const CAST_MACROS: readonly string[] = [
  // sign, digits (no leading or trailing zeros) and decimal exponent of DuckDB's text of a finite, non-zero
  // number. list_transform([v], lambda ...)[1] binds v once: a macro argument used n times is bound n times.
  M(`__am_num_parts(t) AS list_transform([regexp_extract(t, '^(-?)([0-9]*)\\.?([0-9]*)(?:e([+-]?[0-9]+))?$', ['s', 'i', 'f', 'x'])],
      lambda __m: {'s': __m.s, 'd': rtrim(ltrim(__m.i || __m.f, '0'), '0'),
        'e': length(__m.i) - 1 - (length(__m.i || __m.f) - length(ltrim(__m.i || __m.f, '0'))) + coalesce(TRY_CAST(nullif(__m.x, '') AS INTEGER), 0)})[1]`),
  // Trino's varchar of a double: d.dddE<exp> (Java's scientific form, always)
  M(`__am_sci_p(p) AS p.s || substr(p.d, 1, 1) || '.' || coalesce(nullif(substr(p.d, 2), ''), '0') || 'E' || CAST(p.e AS VARCHAR)`),
  // Java's Double.toString / Float.toString: plain for 1e-3 <= |x| < 1e7, else scientific
  M(`__am_java_p(p) AS CASE
      WHEN p.e >= 7 OR p.e < -3 THEN __am_sci_p(p)
      WHEN p.e < 0 THEN p.s || '0.' || repeat('0', CAST(-p.e - 1 AS INTEGER)) || p.d
      ELSE p.s || rpad(substr(p.d, 1, CAST(p.e + 1 AS INTEGER)), CAST(p.e + 1 AS INTEGER), '0') || '.' || coalesce(nullif(substr(p.d, CAST(p.e + 2 AS INTEGER)), ''), '0') END`),
  // at most 7 significant digits, rounded half up (a real's text)
  M(`__am_round7(p) AS CASE WHEN length(p.d) <= 7 THEN p
      WHEN substr(p.d, 8, 1) < '5' THEN {'s': p.s, 'd': rtrim(substr(p.d, 1, 7), '0'), 'e': p.e}
      WHEN substr(p.d, 1, 7) = '9999999' THEN {'s': p.s, 'd': '1', 'e': p.e + 1}
      ELSE {'s': p.s, 'd': rtrim(CAST(CAST(substr(p.d, 1, 7) AS INTEGER) + 1 AS VARCHAR), '0'), 'e': p.e} END`),
  M(`__am_zero_sign(x) AS CASE WHEN CAST(x AS VARCHAR) LIKE '-%' THEN '-' ELSE '' END`),
  // a double's text, or a real's (widened to double): at most 7 significant digits
  M(`__am_float_varchar(x, is_real) AS list_transform([x], lambda __v: CASE WHEN __v IS NULL THEN NULL WHEN isnan(__v) THEN 'NaN'
      WHEN isinf(__v) THEN CASE WHEN __v > 0 THEN 'Infinity' ELSE '-Infinity' END
      WHEN __v = 0 THEN __am_zero_sign(__v) || '0E0'
      WHEN abs(__v) < CASE WHEN is_real THEN 1.1754943508222875e-38 ELSE 2.2250738585072014e-308 END
        THEN ${refusalSql('casts of subnormal doubles and reals to varchar')}
      ELSE list_transform([__am_num_parts(CAST(__v AS VARCHAR))], lambda __p: __am_sci_p(CASE WHEN is_real THEN __am_round7(__p) ELSE __p END))[1] END)[1]`),
  M(`__am_double_varchar(x) AS __am_float_varchar(x, false)`),
  M(`__am_real_varchar(x) AS __am_float_varchar(CAST(x AS DOUBLE), true)`),
  M(`__am_double_json(x) AS list_transform([x], lambda __v: CASE WHEN __v IS NULL THEN NULL WHEN isnan(__v) THEN json('"NaN"')
      WHEN isinf(__v) THEN CASE WHEN __v > 0 THEN json('"Infinity"') ELSE json('"-Infinity"') END
      WHEN __v = 0 THEN CAST(__am_zero_sign(__v) || '0.0' AS JSON)
      WHEN abs(__v) < 2.2250738585072014e-308 THEN ${refusalSql('casts of subnormal doubles to json')}
      ELSE CAST(list_transform([__am_num_parts(CAST(__v AS VARCHAR))], lambda __p: __am_java_p(__p))[1] AS JSON) END)[1]`),
  M(`__am_real_json(x) AS list_transform([x], lambda __v: CASE WHEN __v IS NULL THEN NULL WHEN isnan(__v) THEN json('"NaN"')
      WHEN isinf(__v) THEN CASE WHEN __v > 0 THEN json('"Infinity"') ELSE json('"-Infinity"') END
      WHEN __v = 0 THEN CAST(__am_zero_sign(__v) || '0.0' AS JSON)
      WHEN abs(__v) < 1.1754943508222875e-38 THEN ${refusalSql('casts of subnormal reals to json')}
      ELSE CAST(list_transform([__am_num_parts(CAST(__v AS VARCHAR))], lambda __p: __am_java_p(__p))[1] AS JSON) END)[1]`),
  M(`__am_cast_type_name(t) AS CASE t WHEN 'FLOAT' THEN 'real' WHEN 'TIMESTAMP WITH TIME ZONE' THEN 'timestamp(3) with time zone'
      WHEN 'TIMESTAMP_MS' THEN 'timestamp(3)' WHEN 'TIMESTAMP' THEN 'timestamp(6)'
      ELSE regexp_replace(regexp_replace(lower(t), '^(.*)\\[\\]$', 'array(\\1)'), '^struct', 'row') END`),
  // a decimal as a JSON number keeps its scale (Java's BigDecimal text); tiny values Java writes as 1E-38
  M(`__am_decimal_json(t) AS CASE WHEN t IS NULL THEN NULL
      WHEN regexp_matches(t, '^-?0?\\.0{6}') THEN ${refusalSql('casts of decimals below 1E-6 to json (Trino writes them in scientific form)')}
      ELSE CAST(regexp_replace(t, '^(-?)\\.', '\\10.') AS JSON) END`),
  M(`__am_json_bmp(j) AS CASE WHEN regexp_matches(CAST(j AS VARCHAR), ${NON_BMP})
      THEN ${refusalSql('JSON text with characters beyond the BMP (Trino writes them as \\uXXXX escapes)')} ELSE j END`),
  // Java's (float) of a double: overflow gives Infinity
  M(`__am_double_real(x) AS CASE WHEN isnan(x) THEN CAST('NaN' AS FLOAT) WHEN x >= 3.4028235677973366e38 THEN CAST('Infinity' AS FLOAT)
      WHEN x <= -3.4028235677973366e38 THEN CAST('-Infinity' AS FLOAT)
      WHEN x > 3.4028234663852886e38 THEN CAST(3.4028234663852886e38 AS FLOAT)
      WHEN x < -3.4028234663852886e38 THEN CAST(-3.4028234663852886e38 AS FLOAT)
      ELSE CAST(x AS FLOAT) END`),
  M(`__am_real_normal(x) AS CASE WHEN x <> 0 AND abs(x) < 1.1754943508222875e-38
      THEN ${refusalSql('casts to subnormal reals')} ELSE x END`),
  // real to bigint saturates (Java's Math.round); NaN fails
  M(`__am_real_bigint(x) AS CASE WHEN isnan(x) THEN error('Cannot cast real NaN to bigint')
      WHEN x >= 9.223372e18 THEN CAST(9223372036854775807 AS BIGINT)
      WHEN x <= -9.223372e18 THEN CAST(-9223372036854775808 AS BIGINT)
      ELSE CAST(round(CAST(x AS DOUBLE)) AS BIGINT) END`),
];
