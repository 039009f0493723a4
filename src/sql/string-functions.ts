// Trino's string, varbinary, regular-expression and URL functions DuckDB lacks, or has with another meaning
// or for other argument types: their rewrites (over the call's arguments, `$1`, `$2`, ...) and macros.
// Several Trino functions take a varchar, a varbinary or an array under one name (concat, reverse, substr,
// lpad, length); DuckDB has one function per type, so the rewrite picks it from what the query text shows
// of the argument's type (valueKindOf). Where the text does not show it, the call is left to DuckDB's
// binder, which refuses what it cannot bind (src/engine/duckdb/error-wording.ts).
import { SqlRejectedError } from '../errors/engine-error';
import { type Expr, stringConstant } from './ast';
import { refuseEmbedded, refusalSql } from './refusal';

/** The Trino type family of an expression, as far as this module needs it. */
export type ValueKind = 'varchar' | 'varbinary' | 'array';

const kinds = new WeakMap<Expr, ValueKind>();

export function valueKindOf(e: Expr | undefined): ValueKind | undefined {
  return e ? kinds.get(e) : undefined;
}

const VARBINARY_FUNCTIONS = new Set([
  'to_utf8', 'from_hex', 'from_base64', 'from_base64url', 'md5', 'sha1', 'sha256', 'sha512', 'xxhash64', 'unhex',
  'encode', 'to_big_endian_32', 'to_big_endian_64', 'to_ieee754_32', 'to_ieee754_64', 'hmac_md5', 'hmac_sha1',
  'hmac_sha256', 'hmac_sha512', 'murmur3', 'spooky_hash_v2_32', 'spooky_hash_v2_64',
]);

const ARRAY_FUNCTIONS = new Set([
  'list_value', 'split', 'regexp_extract_all', 'regexp_split', 'array_agg', 'array_distinct', 'array_except',
  'array_intersect', 'array_union', 'array_remove', 'array_sort', 'filter', 'transform', 'slice', 'sequence',
  'map_keys', 'map_values', 'flatten', 'repeat', 'shuffle', 'trim_array', 'ngrams', 'string_split',
  'regexp_split_to_array', 'list_concat', 'list_reverse', 'list_filter', 'list_transform',
]);

const VARCHAR_FUNCTIONS = new Set([
  'lower', 'upper', 'trim', 'ltrim', 'rtrim', 'replace', 'translate', 'chr', 'concat_ws', 'split_part',
  'regexp_extract', 'regexp_replace', 'url_decode', 'url_encode', 'url_extract_host', 'url_extract_path',
  'url_extract_protocol', 'url_extract_query', 'url_extract_fragment', 'url_extract_parameter', 'to_hex',
  'to_base64', 'from_utf8', 'json_format', 'json_extract_scalar', 'format_datetime', 'date_format', 'to_iso8601',
  'array_join', 'title_case', 'typeof', 'normalize', 'soundex', 'word_stem',
]);

/** Functions whose result has their (first, or any for concat) argument's kind. */
const SAME_KIND = new Set(['reverse', 'substr', 'substring', 'lpad', 'rpad', 'concat', 'coalesce', 'if', 'nullif']);

function castKind(type: { id?: unknown; type_info?: { name?: string } | null } | undefined): ValueKind | undefined {
  const id = String(type?.id);
  if (id === 'BLOB') return 'varbinary';
  if (id === 'LIST' || id === 'ARRAY') return 'array';
  if (id === 'VARCHAR') return 'varchar';
  if (id === 'UNBOUND') {
    const name = String(type?.type_info?.name ?? '').toLowerCase();
    if (/^(varchar|string|text)$/.test(name)) return 'varchar';
    if (name === 'varbinary' || name === 'blob') return 'varbinary';
  }
  return undefined;
}

function columnKind(type: string | undefined): ValueKind | undefined {
  if (!type) return undefined;
  if (/^array\(/.test(type)) return 'array';
  if (/^varbinary$/.test(type)) return 'varbinary';
  if (/^varchar/.test(type)) return 'varchar';
  return undefined;
}

/** What the query text shows of an expression's kind; its children are already marked (post-order walk). */
function inferValueKind(e: Expr, columnTypes?: ReadonlyMap<string, string>): ValueKind | undefined {
  switch (e.class) {
    case 'CONSTANT':
      return !e.value?.is_null && String(e.value?.type?.id) === 'VARCHAR' ? 'varchar' : undefined;
    case 'CAST':
      return castKind(e.cast_type);
    case 'COLUMN_REF':
      return columnKind(columnTypes?.get(String(e.column_names.at(-1)).toLowerCase()));
    case 'OPERATOR':
      return e.type === 'ARRAY_CONSTRUCTOR' ? 'array' : undefined;
    case 'FUNCTION': {
      const name = String(e.function_name).toLowerCase();
      const args: Expr[] = e.children ?? [];
      if (e.is_operator) {
        if (name !== '||') return undefined;
        const ks = args.map(valueKindOf);
        return ks.includes('array') ? 'array' : ks.includes('varbinary') ? 'varbinary' : ks.includes('varchar') ? 'varchar' : undefined;
      }
      if (VARBINARY_FUNCTIONS.has(name)) return 'varbinary';
      if (ARRAY_FUNCTIONS.has(name)) return 'array';
      if (VARCHAR_FUNCTIONS.has(name)) return 'varchar';
      if (name === 'concat') {
        const ks = args.map(valueKindOf);
        return ks.includes('array') ? 'array' : ks.includes('varbinary') ? 'varbinary' : ks.every((k) => k === 'varchar') && ks.length ? 'varchar' : undefined;
      }
      if (SAME_KIND.has(name)) return valueKindOf(name === 'if' ? args[1] : args[0]);
      return undefined;
    }
    default:
      return undefined;
  }
}

/** Records the kind of an expression (on the node as written and on its rewrite). */
export function markValueKind(e: Expr, out: Expr, columnTypes?: ReadonlyMap<string, string>): void {
  const kind = inferValueKind(e, columnTypes);
  if (kind) {
    kinds.set(e, kind);
    kinds.set(out, kind);
  }
}

/** The number a constant argument (5, BIGINT '5', CAST(5 AS bigint)) stands for; null for a NULL constant. */
export function constantNumber(e: Expr | undefined): number | null | undefined {
  if (!e) return undefined;
  if (e.class === 'CONSTANT') return e.value?.is_null ? null : Number(e.value?.value);
  if (e.class === 'CAST' && e.child?.class === 'CONSTANT') {
    const v = e.child.value;
    if (v?.is_null) return null;
    const n = Number(v?.value);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/** An argument the query text shows is no array: a constant, or a cast to another type. */
function isElement(e: Expr): boolean {
  return e.class === 'CONSTANT' || (e.class === 'CAST' && castKind(e.cast_type) !== 'array');
}

const params = (n: number) => Array.from({ length: n }, (_, i) => `$${i + 1}`);
const anyNull = (n: number) => params(n).map((p) => `${p} IS NULL`).join(' OR ');

/** Capturing groups of a regular expression: '(' not escaped, not in a character class, not '(?'. */
export function capturingGroups(pattern: string): number {
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

/**
 * Trino's check of a regexp group argument, where the pattern and the group are constants: the failure (of
 * a text that is not NULL) as SQL of the given result type, or undefined when the group exists.
 */
export function groupFailure(args: Expr[], type: string): string | undefined {
  const pattern = stringConstant(args[1]);
  const n = constantNumber(args[2]);
  if (pattern === undefined || typeof n !== 'number' || (n <= capturingGroups(pattern) && n >= 0)) return undefined;
  const text = args[2]?.class === 'CAST' ? String(args[2].child?.value?.value) : String(args[2]?.value?.value);
  const message = n < 0 ? 'Group cannot be negative' : `Pattern has ${capturingGroups(pattern)} groups. Cannot access group ${text}`;
  return `CASE WHEN $1 IS NULL OR $3 IS NULL THEN CAST(NULL AS ${type}) ELSE error('${message}') END`;
}

type StringRewrite = (args: Expr[]) => string | undefined;

export const STRING_REWRITES: Readonly<Record<string, StringRewrite>> = {
  // concat: NULL when any argument is NULL (DuckDB's concat skips NULLs); arrays with arrays or elements.
  concat: (args) => {
    const ks = args.map(valueKindOf);
    if (args.length === 0) throw new SqlRejectedError('There must be two or more concatenation arguments');
    // one argument: NULL of NULL, else Trino's failure
    if (args.length === 1) {
      const message = ks.includes('array') ? 'There must be two or more arguments to concat' : 'There must be two or more concatenation arguments';
      return `CASE WHEN $1 IS NULL THEN $1 ELSE error('${message}') END`;
    }
    if (ks.includes('array') && args.length > 2 && ks.some((k) => k !== 'array')) {
      // Trino concatenates arrays, or one array and one element
      if (args.every((a, i) => ks[i] || isElement(a))) throw new SqlRejectedError('Unexpected parameters for function concat: arrays concatenate with arrays, or with one element');
      refuseEmbedded('concat of arrays with elements of unknown type');
    }
    if (ks.includes('array')) {
      // an argument of unknown type may be an array too: DuckDB's || concatenates two lists, as before
      if (!args.every((a, i) => ks[i] || isElement(a))) return params(args.length).join(' || ');
      const lists = args.map((_, i) => (ks[i] === 'array' ? `$${i + 1}` : `[$${i + 1}]`));
      const joined = lists.slice(1).reduce((acc, l) => `list_concat(${acc}, ${l})`, lists[0]!);
      return `CASE WHEN ${anyNull(args.length)} THEN NULL ELSE ${joined} END`;
    }
    if (ks.includes('varbinary')) return `CASE WHEN ${anyNull(args.length)} THEN CAST(NULL AS BLOB) ELSE CAST(${params(args.length).join(' || ')} AS BLOB) END`;
    if (ks.every((k) => k === 'varchar')) return `CASE WHEN ${anyNull(args.length)} THEN NULL ELSE concat(${params(args.length).join(', ')}) END`;
    return params(args.length).join(' || ');
  },
  concat_ws: (args) => {
    if (args.length < 2) throw new SqlRejectedError('There must be two or more arguments');
    // concat_ws(separator, array): the array's elements that are not NULL
    if (args.length === 2 && valueKindOf(args[1]) === 'array') {
      return 'CASE WHEN $1 IS NULL OR $2 IS NULL THEN NULL ELSE array_to_string(list_filter($2, lambda __e: __e IS NOT NULL), $1) END';
    }
    return undefined;
  },
  substr: (args) => substrTemplate(args),
  substring: (args) => substrTemplate(args),
  reverse: (args) => {
    const k = valueKindOf(args[0]);
    if (k === 'array') return 'list_reverse($1)';
    if (k === 'varbinary') return "unhex(array_to_string(list_reverse(regexp_extract_all(hex($1), '..')), ''))";
    return undefined;
  },
  length: (args) => (valueKindOf(args[0]) === 'varbinary' ? 'CAST(octet_length($1) AS BIGINT)' : undefined),
  lpad: (args) => (valueKindOf(args[0]) === 'varbinary' ? '__am_pad_binary($1, $2, $3, true)' : '__am_pad($1, $2, $3, true)'),
  rpad: (args) => (valueKindOf(args[0]) === 'varbinary' ? '__am_pad_binary($1, $2, $3, false)' : '__am_pad($1, $2, $3, false)'),
  replace: (args) => (args.length === 2 ? "replace($1, $2, '')" : '__am_replace($1, $2, $3)'),
  strpos: (args) => (args.length === 3 ? '__am_strpos($1, $2, $3)' : undefined),
  split: (args) => (args.length === 3 ? '__am_split_limit($1, $2, $3)' : '__am_split($1, $2)'),
  split_to_map: () => '__am_split_to_map($1, $2, $3)',
  chr: () => '__am_chr($1)',
  hamming_distance: () => '__am_hamming_distance($1, $2)',
  levenshtein_distance: () => '__am_levenshtein_distance($1, $2)',
  to_utf8: () => 'encode($1)',
  from_utf8: (args) => (args.length === 1 ? '__am_from_utf8($1)' : valueKindOf(args[1]) === 'varchar' ? '__am_from_utf8_text($1, $2)' : '__am_from_utf8_code($1, $2)'),
  from_hex: (args) => (valueKindOf(args[0]) === 'varbinary' ? '__am_from_hex(decode($1))' : '__am_from_hex($1)'),
  from_base64: (args) => (valueKindOf(args[0]) === 'varbinary' ? '__am_from_base64(decode($1))' : '__am_from_base64($1)'),
  to_hex: () => 'hex($1)',
  // md5 / sha*: varbinary in Trino (DuckDB answers the hex text)
  md5: () => 'unhex(md5($1))',
  sha1: () => 'unhex(sha1($1))',
  sha256: () => 'unhex(sha256($1))',
  regexp_extract_all: (args) => {
    if (args.length < 3) return undefined;
    if (constantNumber(args[2]) === null) return 'CAST(NULL AS VARCHAR[])';
    const failure = groupFailure(args, 'VARCHAR[]');
    if (failure) return failure;
    return 'regexp_extract_all($1, $2, CAST($3 AS INTEGER))';
  },
  crc32: () => '__am_crc32($1)',
  url_extract_parameter: () => '__am_url_extract_parameter($1, $2)',
  url_decode: () => '__am_url_decode($1)',
};

function substrTemplate(args: Expr[]): string {
  const binary = valueKindOf(args[0]) === 'varbinary';
  const n = args.length >= 3 ? '$3' : binary ? 'octet_length($1)' : 'length($1)';
  return binary ? `__am_substr_binary($1, $2, ${n})` : `__am_substr($1, $2, ${n})`;
}

/** Well-formed UTF-8 as hex text (two digits a byte): the sequences Unicode allows, no surrogates. */
const UTF8_SEQUENCES = [
  '[0-7][0-9A-F]', 'C[2-9A-F][89AB][0-9A-F]', 'D[0-9A-F][89AB][0-9A-F]',
  'E0[AB][0-9A-F][89AB][0-9A-F]', 'E[1-9A-CEF][89AB][0-9A-F][89AB][0-9A-F]', 'ED[89][0-9A-F][89AB][0-9A-F]',
  'F0[9AB][0-9A-F](?:[89AB][0-9A-F]){2}', 'F[1-3][89AB][0-9A-F](?:[89AB][0-9A-F]){2}', 'F48[0-9A-F](?:[89AB][0-9A-F]){2}',
].map((x) => `(?:${x})`).join('|');
const UTF8_CHAR = `(?:${UTF8_SEQUENCES})`;
const UTF8_HEX = `${UTF8_CHAR}*`;
/** Bytes no UTF-8 sequence starts with (continuation bytes, C0, C1, F5-FF): Trino replaces each alone. */
const LONE_BYTE = '[89AB][0-9A-F]|C[01]|F[5-9A-F]';

const M = (sql: string) => `CREATE OR REPLACE TEMP MACRO ${sql}`;

/** 1-based start of a Trino substr (negative: from the end) in a value of length `len`; 0 when out of range. */
const START = (len: string) => `CASE WHEN st > 0 THEN st ELSE ${len} + st + 1 END`;

export const STRING_MACROS: readonly string[] = [
  // substr(s, start, n): start 0, before the beginning or past the end, or n <= 0: ''.
  M(`__am_substr(s, st, n) AS CASE WHEN s IS NULL OR st IS NULL OR n IS NULL THEN NULL
      WHEN st = 0 OR n <= 0 OR ${START('length(s)')} < 1 OR ${START('length(s)')} > length(s) THEN ''
      ELSE substring(s, ${START('length(s)')}, least(n, length(s))) END`),
  // ... of varbinary, over its hex text (two digits a byte)
  M(`__am_substr_binary(s, st, n) AS CASE WHEN s IS NULL OR st IS NULL OR n IS NULL THEN NULL
      WHEN st = 0 OR n <= 0 OR ${START('octet_length(s)')} < 1 OR ${START('octet_length(s)')} > octet_length(s) THEN unhex('')
      -- Trino ends the slice at start + length in a 32-bit int: past 2^31 - 1 it fails, naming the range
      WHEN ${START('octet_length(s)')} - 1 + least(n, 2147483647) > 2147483647 THEN error('Range [' || (${START('octet_length(s)')} - 1) ||
        ', ' || (${START('octet_length(s)')} - 1) || ' + ' || least(n, 2147483647) || ') out of bounds for length ' || octet_length(s))
      ELSE unhex(substring(hex(s), 2 * ${START('octet_length(s)')} - 1, 2 * least(n, octet_length(s)))) END`),
  M(`__am_pad_binary(s, n, p, to_left) AS CASE WHEN s IS NULL OR n IS NULL OR p IS NULL THEN NULL
      WHEN n < 0 OR n > 2147483647 THEN error('Target length must be in the range [0..2147483647]')
      WHEN octet_length(p) = 0 THEN error('Padding bytes must not be empty')
      WHEN to_left THEN unhex(lpad(hex(s), CAST(2 * n AS INTEGER), hex(p)))
      ELSE unhex(rpad(hex(s), CAST(2 * n AS INTEGER), hex(p))) END`),
  // replace(s, '', r): r before every character and at both ends
  M(`__am_replace(s, f, r) AS CASE WHEN s IS NULL OR f IS NULL OR r IS NULL THEN NULL
      WHEN f <> '' THEN replace(s, f, r) WHEN s = '' THEN r
      ELSE r || array_to_string(string_split(s, ''), r) || r END`),
  // strpos(s, t, k): the k-th occurrence (overlapping ones count), from the end when k < 0; 0 when none
  M(`__am_strpos(s, t, k) AS CASE WHEN s IS NULL OR t IS NULL OR k IS NULL THEN NULL
      WHEN k = 0 OR k = -9223372036854775808 THEN error('''instance'' must be a positive or negative number.')
      WHEN t = '' THEN CAST(1 AS BIGINT)
      ELSE CAST(coalesce(list_filter(range(1, length(s) + 1), lambda i: substring(s, i, length(t)) = t)[k], 0) AS BIGINT) END`),
  // split(s, d[, limit]): at most limit pieces, the last one the rest of the text
  M(`__am_split(s, d) AS CASE WHEN s IS NULL OR d IS NULL THEN NULL
      WHEN d = '' THEN error('The delimiter may not be the empty string') ELSE string_split(s, d) END`),
  M(`__am_split_limit(s, d, lim) AS CASE WHEN s IS NULL OR d IS NULL OR lim IS NULL THEN NULL
      WHEN d = '' THEN error('The delimiter may not be the empty string')
      WHEN lim <= 0 THEN error('Limit must be positive')
      WHEN lim > 2147483647 THEN error('Limit is too large')
      WHEN len(string_split(s, d)) <= lim THEN string_split(s, d)
      ELSE list_append(list_slice(string_split(s, d), 1, lim - 1), array_to_string(list_slice(string_split(s, d), lim, len(string_split(s, d))), d)) END`),
  // split_to_map: a trailing entry delimiter ends the last entry; every entry has one key-value delimiter
  M(`__am_split_entries(s, ed) AS CASE WHEN list_extract(string_split(s, ed), -1) = ''
      THEN list_slice(string_split(s, ed), 1, len(string_split(s, ed)) - 1) ELSE string_split(s, ed) END`),
  M(`__am_split_to_map(s, ed, kd) AS CASE WHEN s IS NULL OR ed IS NULL OR kd IS NULL THEN NULL
      WHEN ed = '' THEN error('entryDelimiter is empty')
      WHEN kd = '' THEN error('keyValueDelimiter is empty')
      WHEN ed = kd THEN error('entryDelimiter and keyValueDelimiter must not be the same')
      WHEN list_bool_or(list_transform(__am_split_entries(s, ed), lambda e: len(string_split(e, kd)) <> 2))
      THEN error('Key-value delimiter must appear exactly once in each entry. Bad input: ''' ||
        list_filter(__am_split_entries(s, ed), lambda e: len(string_split(e, kd)) <> 2)[1] || '''')
      WHEN len(list_distinct(list_transform(__am_split_entries(s, ed), lambda e: string_split(e, kd)[1]))) < len(__am_split_entries(s, ed))
      THEN error('Duplicate keys (' || list_filter(list_transform(__am_split_entries(s, ed), lambda e: string_split(e, kd)[1]),
        lambda k, i: list_position(list_transform(__am_split_entries(s, ed), lambda e: string_split(e, kd)[1]), k) < i)[1] || ') are not allowed')
      ELSE map_from_entries(coalesce(list_transform(__am_split_entries(s, ed), lambda e: {'key': string_split(e, kd)[1], 'value': string_split(e, kd)[2]}),
        CAST([] AS STRUCT("key" VARCHAR, "value" VARCHAR)[]))) END`),
  M(`__am_chr(n) AS CASE WHEN n IS NULL THEN NULL
      WHEN n < 0 OR n > 1114111 OR (n >= 55296 AND n <= 57343) THEN error('Not a valid Unicode code point: ' || n)
      ELSE chr(CAST(n AS INTEGER)) END`),
  // hamming_distance over code points (DuckDB's counts bytes and fails on '')
  M(`__am_hamming_distance(a, b) AS CASE WHEN a IS NULL OR b IS NULL THEN NULL
      WHEN length(a) <> length(b) THEN error('The input strings to hamming_distance function must have the same length')
      ELSE CAST(coalesce(list_sum(list_transform(range(1, length(a) + 1), lambda i: CASE WHEN substring(a, i, 1) = substring(b, i, 1) THEN 0 ELSE 1 END)), 0) AS BIGINT) END`),
  // levenshtein_distance over code points: DuckDB's counts bytes, the same for ASCII text; other text row by
  // row of the edit-distance table (list_reduce keeps one type: indexes as one-element lists)
  M(`__am_levenshtein_codepoints(a, b) AS list_reduce(list_transform(range(1, length(a) + 1), lambda i: [i]),
      lambda prev, ei: list_reduce(list_transform(range(1, length(b) + 1), lambda j: [j]),
        lambda row, ej: list_append(row, least(prev[ej[1] + 1] + 1, row[ej[1]] + 1,
          prev[ej[1]] + CASE WHEN substring(a, ei[1], 1) = substring(b, ej[1], 1) THEN 0 ELSE 1 END)), [ei[1]]),
      range(0, length(b) + 1))[length(b) + 1]`),
  M(`__am_levenshtein_distance(a, b) AS CASE WHEN a IS NULL OR b IS NULL THEN NULL
      WHEN a = '' THEN CAST(length(b) AS BIGINT) WHEN b = '' THEN CAST(length(a) AS BIGINT)
      WHEN strlen(a) = length(a) AND strlen(b) = length(b) THEN CAST(levenshtein(a, b) AS BIGINT)
      ELSE CAST(__am_levenshtein_codepoints(a, b) AS BIGINT) END`),
  // from_utf8: Trino replaces invalid UTF-8 (with U+FFFD or the given character); valid text is the same
  // from_utf8: Trino replaces invalid UTF-8 with U+FFFD or the given character. A byte no sequence starts
  // with is replaced alone; a sequence cut short (Trino replaces it as one) is refused.
  M(`__am_utf8_fix(b, r) AS CASE WHEN b IS NULL THEN NULL
      WHEN regexp_full_match(hex(b), '${UTF8_HEX}') THEN decode(b)
      WHEN r IS NULL THEN error('Invalid code point: a negative replacement')
      WHEN list_bool_or(list_transform(regexp_extract_all(hex(b), '${UTF8_CHAR}|..'),
        lambda t: NOT regexp_full_match(t, '${UTF8_CHAR}') AND NOT regexp_full_match(t, '${LONE_BYTE}')))
      THEN ${refusalSql('from_utf8 of a UTF-8 sequence cut short')}
      ELSE array_to_string(list_transform(regexp_extract_all(hex(b), '${UTF8_CHAR}|..'),
        lambda t: CASE WHEN regexp_full_match(t, '${UTF8_CHAR}') THEN decode(unhex(t)) ELSE r END), '') END`),
  M(`__am_from_utf8(b) AS __am_utf8_fix(b, chr(65533))`),
  M(`__am_from_utf8_text(b, r) AS CASE WHEN b IS NULL OR r IS NULL THEN NULL
      WHEN length(r) > 1 THEN error('Replacement character string must empty or a single character')
      ELSE __am_utf8_fix(b, r) END`),
  M(`__am_from_utf8_code(b, r) AS CASE WHEN b IS NULL OR r IS NULL THEN NULL
      WHEN r > 1114111 OR (r >= 55296 AND r <= 57343) THEN error('Invalid replacement character')
      ELSE __am_utf8_fix(b, CASE WHEN r >= 0 THEN chr(CAST(r AS INTEGER)) END) END`),
  // crc32 (IEEE, reflected polynomial 0xEDB88320) over the bytes, eight shifts a byte
  M(`__am_crc32(b) AS xor(list_reduce(list_transform(regexp_extract_all(hex(b), '..'), lambda h: CAST(('0x' || h) AS BIGINT)),
      lambda c, x: list_reduce(range(8), lambda d, k: CASE WHEN d & 1 = 1 THEN xor(d >> 1, 3988292384) ELSE d >> 1 END, xor(c, x)),
      4294967295), 4294967295)`),
  M(`__am_from_hex(s) AS CASE WHEN length(s) % 2 = 1 THEN error('invalid input length ' || length(s)) ELSE unhex(s) END`),
  // from_base64: Java's decoder, which takes the text without its padding too
  M(`__am_from_base64(s) AS CASE WHEN s IS NULL THEN NULL
      WHEN NOT regexp_full_match(s, '[A-Za-z0-9+/]*={0,2}') THEN error('Illegal base64 character')
      WHEN length(rtrim(s, '=')) % 4 = 1 THEN error('Last unit does not have enough valid bits')
      WHEN length(s) % 4 <> 0 AND s LIKE '%=' THEN error('Input byte array has wrong 4-byte ending unit')
      ELSE from_base64(rpad(s, CAST(length(s) + (4 - length(s) % 4) % 4 AS INTEGER), '=')) END`),
  // url_decode as Java's URLDecoder: + is a space, a % must start two hex digits
  M(`__am_url_decode(s) AS CASE WHEN s IS NULL THEN NULL
      WHEN regexp_matches(regexp_replace(s, '%[0-9A-Fa-f]{2}', '', 'g'), '%') THEN CASE
        WHEN regexp_matches(regexp_replace(s, '%[0-9A-Fa-f]{2}', '', 'g'), '%[0-9A-Fa-f]?$')
        THEN error('URLDecoder: Incomplete trailing escape (%) pattern')
        ELSE error('URLDecoder: Illegal hex characters in escape (%) pattern') END
      ELSE url_decode(replace(s, '+', ' ')) END`),
  // url_extract_parameter: the first value of the name in the query ('' without '='), decoded; NULL if absent
  M(`__am_url_query_params(q, name) AS list_filter(string_split(q, '&'), lambda e: string_split(e, '=')[1] = name)`),
  M(`__am_url_extract_parameter(url, name) AS CASE WHEN url IS NULL OR name IS NULL THEN NULL
      WHEN len(__am_url_query_params(__am_url_extract(url, 6), name)) = 0 THEN NULL
      WHEN NOT contains(__am_url_query_params(__am_url_extract(url, 6), name)[1], '=') THEN ''
      ELSE __am_url_decode(substring(__am_url_query_params(__am_url_extract(url, 6), name)[1],
        strpos(__am_url_query_params(__am_url_extract(url, 6), name)[1], '=') + 1)) END`),
];
