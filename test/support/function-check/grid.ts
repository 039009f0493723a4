// The generated differential check's expressions: every accepted function's signatures (as real Trino lists
// them in SHOW FUNCTIONS), the arithmetic operators and comparisons between numeric types, and casts between
// the supported types, each evaluated over edge values of its argument types (NULL, '', whitespace, 0, -1,
// the type's min and max, NaN, +-Infinity, -0.0, decimals of several precisions and scales, 38 digits,
// text beyond the BMP, timestamps of precision 0-6 with and without zones, DST edges, dates before 1970,
// empty arrays, arrays and maps holding NULL, nested arrays, JSON with reordered keys). Deterministic by seed.

/** A signature: the function, its concrete argument types (type variables already bound). */
export interface Signature {
  name: string;
  args: string[];
  /** 'function', or how the expression is written: an infix operator or a cast. */
  form: 'function' | 'operator' | 'cast';
}

export interface GeneratedExpression {
  sql: string;
  signature: Signature;
}

/** Edge values by concrete type, as SQL Trino and the embedded engine both read. */
export const VALUES: Readonly<Record<string, readonly string[]>> = {
  boolean: ['true', 'false', 'CAST(NULL AS boolean)'],
  tinyint: ["TINYINT '0'", "TINYINT '-1'", "TINYINT '127'", "TINYINT '-128'", "TINYINT '7'", 'CAST(NULL AS tinyint)'],
  smallint: ["SMALLINT '0'", "SMALLINT '-1'", "SMALLINT '32767'", "SMALLINT '-32768'", "SMALLINT '12'", 'CAST(NULL AS smallint)'],
  integer: ['0', '-1', '1', '3', '2147483647', '-2147483648', '100', 'CAST(NULL AS integer)'],
  bigint: ["BIGINT '0'", "BIGINT '-1'", "BIGINT '2'", "BIGINT '9223372036854775807'", "BIGINT '-9223372036854775808'", "BIGINT '10001'", 'CAST(NULL AS bigint)'],
  // -0.0 as a cast: Trino shares equal-looking constants of one statement, and takes 0e0 and -0e0 for one
  double: ['0e0', "CAST('-0' AS double)", '1e0', '-1.5e0', '2.5e0', '1e308', '4.9e-324', 'nan()', 'infinity()', '-infinity()', 'CAST(NULL AS double)'],
  real: ["REAL '0'", "REAL '-1.5'", "REAL '3.4028235e38'", "REAL 'NaN'", "REAL 'Infinity'", 'CAST(NULL AS real)'],
  'decimal(3,2)': ["DECIMAL '1.25'", "DECIMAL '-1.25'", "DECIMAL '0.00'", "DECIMAL '9.99'", 'CAST(NULL AS decimal(3,2))'],
  'decimal(10,0)': ["DECIMAL '1234567890'", "DECIMAL '-7'", "DECIMAL '0'"],
  'decimal(16,16)': ["DECIMAL '.1234567890123456'", "DECIMAL '-.0000000000000001'"],
  'decimal(20,5)': ["DECIMAL '123456789012345.67891'", "DECIMAL '-0.00005'"],
  'decimal(38,0)': ["DECIMAL '99999999999999999999999999999999999999'", "DECIMAL '-12345678901234567890123456789012345678'"],
  'decimal(38,38)': ["DECIMAL '.00000000000000000000000000000000000001'"],
  varchar: ["''", "' '", "'abc'", "'Hello World'", "'a,b,,c'", "'  x  '", "'ÄöÜ'", "'😀x𝄞'", "'123'", "'-1.5'", "'2024-03-10 02:30:00'", "'NULL'", 'CAST(NULL AS varchar)'],
  varbinary: ["X''", "X'00ff'", "X'68656c6c6f'", 'CAST(NULL AS varbinary)'],
  date: ["DATE '2024-02-29'", "DATE '1969-12-31'", "DATE '1900-01-01'", "DATE '2024-03-10'", "DATE '9999-12-31'", 'CAST(NULL AS date)'],
  'timestamp(0)': ["TIMESTAMP '2024-03-10 02:30:00'", "TIMESTAMP '1969-12-31 23:59:59'"],
  'timestamp(3)': ["TIMESTAMP '2024-01-01 00:00:00.000'", "TIMESTAMP '2024-11-03 01:30:00.123'", "TIMESTAMP '1960-06-15 12:00:00.999'", 'CAST(NULL AS timestamp(3))'],
  'timestamp(6)': ["TIMESTAMP '2024-02-29 23:59:59.999999'", "TIMESTAMP '2000-01-01 00:00:00.000001'"],
  'timestamp(3) with time zone': [
    "TIMESTAMP '2024-03-10 01:59:59.999 America/New_York'", "TIMESTAMP '2024-01-01 03:00:00.000 +07:09'", "TIMESTAMP '2024-06-01 12:00:00.000 UTC'",
    "TIMESTAMP '1969-12-31 23:00:00.000 -05:00'", 'CAST(NULL AS timestamp(3) with time zone)',
  ],
  'interval day to second': ["INTERVAL '90061.234' SECOND", "INTERVAL '2' DAY", "INTERVAL '-3' HOUR", 'CAST(NULL AS interval day to second)'],
  'interval year to month': ["INTERVAL '14' MONTH", "INTERVAL '-1' YEAR"],
  json: ["JSON '{\"b\":2,\"a\":1}'", "JSON '{\"a\":1,\"b\":2}'", "JSON '[1,\"abc\",null]'", "JSON 'null'", "JSON '1.50'", "JSON '\"x\"'", "JSON '[]'", 'CAST(NULL AS json)'],
  'array(bigint)': ['CAST(ARRAY[] AS array(bigint))', 'ARRAY[BIGINT \'1\', 2, 3]', 'ARRAY[BIGINT \'1\', NULL, 3]', "ARRAY[BIGINT '3', 1, 3, 2]", 'CAST(NULL AS array(bigint))'],
  'array(varchar)': ["ARRAY['a', 'b']", "ARRAY['', NULL, 'z']", "ARRAY['😀', 'x', 'x']", 'CAST(ARRAY[] AS array(varchar))', 'CAST(NULL AS array(varchar))'],
  'array(array(bigint))': ["ARRAY[ARRAY[BIGINT '1', 2], CAST(ARRAY[] AS array(bigint)), NULL]", "ARRAY[ARRAY[BIGINT '3']]"],
  'map(varchar,bigint)': ["MAP(ARRAY['b', 'a'], ARRAY[BIGINT '2', NULL])", "MAP(ARRAY['x'], ARRAY[BIGINT '0'])", 'CAST(MAP() AS map(varchar,bigint))', 'CAST(NULL AS map(varchar,bigint))'],
};

/** Values for arguments whose meaning is a unit, a path, a pattern or a format (function, position). */
const SPECIAL: Readonly<Record<string, readonly string[]>> = {
  'date_add/0': ["'day'", "'hour'", "'month'", "'quarter'", "'week'", "'millisecond'", "'year'"],
  'date_diff/0': ["'day'", "'hour'", "'month'", "'second'", "'week'", "'year'"],
  'date_trunc/0': ["'day'", "'hour'", "'month'", "'quarter'", "'week'", "'year'", "'minute'"],
  'json_extract/1': ["'$.a'", "'$[1]'", "'$.b'", "'$'"],
  'json_extract_scalar/1': ["'$.a'", "'$[1]'", "'$.b'", "'$'"],
  'json_size/1': ["'$.a'", "'$'", "'$[0]'"],
  'date_format/1': ["'%Y-%m-%d %H:%i:%s'", "'%a %b %e'", "'%W %M %D'"],
  'date_parse/1': ["'%Y-%m-%d %H:%i:%s'", "'%Y-%m-%d'"],
  'format_datetime/1': ["'yyyy-MM-dd HH:mm:ss'", "'EEE MMM d'", "'yyyy-MM-dd HH:mm:ss.SSS Z'"],
  'parse_datetime/1': ["'yyyy-MM-dd HH:mm:ss'", "'yyyy-MM-dd'"],
  'regexp_like/1': ["'a'", "'^\\d+$'", "'(x)?b'", "''", "'[a-z]+'"],
  'regexp_extract/1': ["'(\\d+)'", "'a(x)?'", "'([a-z]+)'", "'(.)'"],
  'regexp_extract_all/1': ["'(\\d+)'", "'[a-z]'", "'x*'"],
  'regexp_replace/1': ["'a'", "'(\\w)'", "'\\s+'"],
  'regexp_count/1': ["'a'", "'\\w'", "''"],
  'regexp_split/1': ["','", "''", "'\\s'"],
  'regexp_position/1': ["'a'", "'\\d'"],
  'split/1': ["','", "''", "' '"],
  'split_part/1': ["','", "' '"],
  'url_extract_parameter/1': ["'a'", "'q'"],
};

/** URL-shaped text for the url_* functions' first argument. */
const URLS = ["'http://x/?'", "'https://user@example.com:8080/p/a%20t?a=1&b=&q=x+y#frag'", "'http://x/#'", "'ftp://h/p'", "'not a url'", "''", 'CAST(NULL AS varchar)'];

/** Concrete types a type variable of a signature is tried with. */
const TYPE_VARIABLES: Readonly<Record<string, readonly string[]>> = {
  t: ['bigint', 'varchar'],
  e: ['bigint', 'varchar'],
  E: ['bigint', 'varchar'],
  T: ['bigint', 'varchar'],
  K: ['varchar'],
  V: ['bigint'],
};

const DECIMALS = ['decimal(3,2)', 'decimal(10,0)', 'decimal(16,16)', 'decimal(20,5)', 'decimal(38,0)', 'decimal(38,38)'];
const TIMESTAMPS = ['timestamp(0)', 'timestamp(3)', 'timestamp(6)'];

/** Splits `a, map(b,c), d` at its top-level commas. */
export function splitTypes(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')') depth--;
    else if (text[i] === ',' && depth === 0) {
      out.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  if (text.trim()) out.push(text.slice(start).trim());
  return out;
}

/**
 * The concrete argument types a Trino signature's argument type stands for here, or undefined when it is a
 * type the check does not feed (lambdas, geometry, sketches, char, time, IP addresses).
 */
function concreteTypes(type: string, binding: Readonly<Record<string, string>>): string[] | undefined {
  const t = type.trim();
  if (binding[t]) return [binding[t]!];
  if (/^varchar(\(\w+\))?$/.test(t) || t === 'joniregexp' || t === 'jsonpath') return ['varchar'];
  if (/^decimal\(/.test(t)) return DECIMALS;
  if (/^timestamp\(\w+\) with time zone$/.test(t)) return ['timestamp(3) with time zone'];
  if (/^timestamp\(\w+\)$/.test(t)) return TIMESTAMPS;
  if (VALUES[t]) return [t];
  const array = /^array\((.*)\)$/.exec(t);
  if (array) {
    const inner = concreteTypes(array[1]!, binding);
    const out = inner?.map((x) => `array(${x})`).filter((x) => VALUES[x]);
    return out?.length ? out : undefined;
  }
  const map = /^map\((.*)\)$/.exec(t);
  if (map) {
    const [k, v] = splitTypes(map[1]!);
    const out = `map(${concreteTypes(k!, binding)?.[0]},${concreteTypes(v!, binding)?.[0]})`;
    return VALUES[out] ? [out] : undefined;
  }
  return undefined;
}

/** A row of Trino's SHOW FUNCTIONS: name, return type, argument types, function type, deterministic. */
export type FunctionListing = [string, string, string, string, boolean, ...unknown[]];

/** Every signature of the accepted scalar functions Trino lists, bound to concrete types. */
export function functionSignatures(listing: readonly FunctionListing[], accepted: ReadonlySet<string>): Signature[] {
  const out: Signature[] = [];
  const seen = new Set<string>();
  for (const [name, , argText, kind, deterministic] of listing) {
    if (kind !== 'scalar' || !deterministic || !accepted.has(name)) continue;
    const args = splitTypes(argText);
    const variables = [...new Set(args.flatMap((a) => a.match(/\b[teETKV]\b/g) ?? []))].filter((v) => TYPE_VARIABLES[v]);
    const bindings: Record<string, string>[] = [{}];
    for (const v of variables) {
      const next: Record<string, string>[] = [];
      for (const b of bindings) for (const c of TYPE_VARIABLES[v]!) next.push({ ...b, [v]: c });
      bindings.splice(0, bindings.length, ...next);
    }
    for (const binding of bindings) {
      const options = args.map((a) => concreteTypes(a, binding));
      if (options.some((o) => !o)) continue;
      // each argument's first concrete type, and every other one of the first argument's (decimals, timestamps)
      const variants = (options[0] ?? [undefined]).map((first) => options.map((o, i) => (i === 0 && first ? first : o![0]!)));
      for (const v of variants) {
        const key = `${name}(${v.join(', ')})`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({ name, args: v as string[], form: 'function' });
      }
    }
  }
  return out;
}

const NUMERIC = ['tinyint', 'integer', 'bigint', 'double', 'real', 'decimal(3,2)', 'decimal(16,16)', 'decimal(38,0)', 'decimal(20,5)'];

/** Arithmetic and comparison operators between numeric types, || between strings and arrays. */
export function operatorSignatures(): Signature[] {
  const out: Signature[] = [];
  for (const op of ['+', '-', '*', '/', '%']) for (const a of NUMERIC) for (const b of NUMERIC) out.push({ name: op, args: [a, b], form: 'operator' });
  for (const op of ['=', '<']) for (const t of [...NUMERIC, 'varchar', 'date', 'timestamp(3)', 'timestamp(3) with time zone', 'json', 'array(bigint)', 'boolean']) out.push({ name: op, args: [t, t], form: 'operator' });
  out.push({ name: '||', args: ['varchar', 'varchar'], form: 'operator' }, { name: '||', args: ['array(bigint)', 'array(bigint)'], form: 'operator' });
  for (const t of ['date', 'timestamp(3)', 'timestamp(3) with time zone']) for (const i of ['interval day to second', 'interval year to month']) out.push({ name: '+', args: [t, i], form: 'operator' });
  return out;
}

const CAST_TARGETS = ['boolean', 'tinyint', 'integer', 'bigint', 'double', 'real', 'decimal(3,2)', 'decimal(38,0)', 'decimal(20,5)', 'varchar', 'date', 'timestamp(3)', 'timestamp(3) with time zone', 'json', 'array(bigint)', 'array(varchar)'];
const CAST_SOURCES = ['boolean', 'integer', 'bigint', 'double', 'real', 'decimal(3,2)', 'decimal(38,38)', 'decimal(20,5)', 'varchar', 'date', 'timestamp(3)', 'timestamp(6)', 'timestamp(3) with time zone', 'json', 'array(bigint)', 'array(varchar)', 'map(varchar,bigint)'];

/** CAST(x AS target) between every pair of supported types. */
export function castSignatures(): Signature[] {
  const out: Signature[] = [];
  for (const s of CAST_SOURCES) for (const t of CAST_TARGETS) if (s !== t) out.push({ name: t, args: [s], form: 'cast' });
  return out;
}

/** Deterministic PRNG (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function valuesFor(sig: Signature, i: number): readonly string[] {
  const special = SPECIAL[`${sig.name}/${i}`];
  if (special) return special;
  if (i === 0 && sig.name.startsWith('url_')) return URLS;
  return VALUES[sig.args[i]!]!;
}

function render(sig: Signature, args: string[]): string {
  if (sig.form === 'operator') return `(${args[0]}) ${sig.name} (${args[1]})`;
  if (sig.form === 'cast') return `CAST(${args[0]} AS ${sig.name})`;
  return `${sig.name}(${args.join(', ')})`;
}

/**
 * Expressions for each signature: every value of each argument once (the others at their first value),
 * then `perSignature` more combinations drawn from the seed.
 */
export function generateExpressions(signatures: readonly Signature[], seed: number, perSignature: number): GeneratedExpression[] {
  const next = random(seed);
  const out: GeneratedExpression[] = [];
  for (const sig of signatures) {
    const lists = sig.args.map((_, i) => valuesFor(sig, i));
    const seen = new Set<string>();
    const add = (args: string[]) => {
      const sql = render(sig, args);
      if (!seen.has(sql)) {
        seen.add(sql);
        out.push({ sql, signature: sig });
      }
    };
    if (lists.length === 0) add([]);
    lists.forEach((list, i) => {
      for (const v of list) add(lists.map((l, j) => (j === i ? v : l[0]!)));
    });
    for (let k = 0; k < perSignature; k++) add(lists.map((l) => l[Math.floor(next() * l.length)]!));
  }
  return out;
}
