// Trino SQL text -> DuckDB SQL text with Trino's meaning. DuckDB parses the text (parser.ts); this module
// rewrites the tree: function calls whose meaning differs (rewrite templates + macros.ts), integer
// division, JSON casts, Trino-only type modifiers, the `user` identifier (identifiers.ts), view references
// (qualified with the engine's per-window schema) and Trino's `_colN` names for unnamed result columns.
import { SqlRejectedError } from '../engine/errors';
import { type AstNode, type Expr, type QueryNode, deepClone, functionCall, stringConstant, varcharConstant } from './ast';
import { jodaFormatToStrftime, mysqlFormatToStrftime } from './datetime-format';
import { duckIdent, restoreColumnName, restoreErrorMessage } from './identifiers';
import { trinoJsonPathToPointer } from './json-path';
import { deparse, parseExpression, parseSelect } from './parser';
import { walkQuery } from './walk';

export interface TranslateOptions {
  /** Qualify every reference to a catalogue view with this schema (e.g. `w7`). */
  viewSchema?: string;
  /** The catalogue's view names; when absent, every table name that is not a CTE is qualified. */
  viewNames?: ReadonlySet<string>;
}

export interface TranslatedQuery {
  sql: string;
  /** Result column name as DuckDB reports it -> the name the user wrote. */
  restoreColumnName(name: string): string;
  /** A DuckDB error message -> the same message in the user's terms (no internal names). */
  restoreErrorMessage(message: string): string;
}

// ---------------------------------------------------------------------------------------------------
// Rewrite templates: `$1`, `$2`... stand for the call's arguments. DuckDB parses each template text once
// (asynchronously); the tree walk itself is synchronous, so a first pass collects the texts a query needs.

const templateCache = new Map<string, Expr>();

async function prepareTemplates(texts: Iterable<string>): Promise<void> {
  for (const text of texts) {
    if (templateCache.has(text)) continue;
    const parsed = text.startsWith('SELECT ') ? await parseSelect(text) : await parseExpression(text);
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
      return deepClone(arg);
    }
    const out: AstNode = {};
    for (const [k, v] of Object.entries(n)) out[k] = fill(v);
    return out;
  };
  return fill(deepClone(tpl)) as Expr;
}

/** A rewrite: given the (already rewritten) arguments, the template text to use, or a finished node. */
type Rewrite = (args: Expr[], call: Expr) => string | Expr | undefined;

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
  cardinality: () => 'len($1)',
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
      : 'array_to_string($1, $2)',
  array_distinct: () => '__am_array_distinct($1)',
  array_position: () => '__am_array_position($1, $2)',
  array_max: () => 'list_max($1)',
  array_min: () => 'list_min($1)',
  array_sort: () => 'list_sort($1)',
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
  regexp_replace: (args) => {
    if (args.length === 2) return "regexp_replace($1, $2, '', 'g')";
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
  json_array_get: () => "__am_json_extract($1, '$[' || CAST($2 AS VARCHAR) || ']')",
  json_array_contains: () => '__am_json_array_contains($1, $2)',
  json_size: (args, call) => `__am_json_size($1, ${jsonPathArg(call, args)})`,
  is_json_scalar: () => "json_type(CAST($1 AS JSON)) NOT IN ('OBJECT', 'ARRAY')",
  // date and time
  from_iso8601_timestamp: () => '__am_from_iso8601_timestamp($1)',
  from_iso8601_date: () => 'CAST($1 AS DATE)',
  date: () => 'CAST($1 AS DATE)',
  date_diff: () => 'date_sub($1, $2, $3)',
  date_add: () => '__am_date_add($1, $2, $3)',
  date_format: (args, call) => `strftime($1, ${strftimeArg(call, args, 1)})`,
  date_parse: (args, call) => `strptime($1, ${strftimeArg(call, args, 1)})`,
  format_datetime: (args, call) => `strftime($1, ${strftimeArg(call, args, 1, jodaFormatToStrftime)})`,
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
  approx_percentile: (args) => (args.length === 2 ? 'quantile_disc($1, $2)' : undefined),
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

function rewriteFunction(e: Expr, need?: Set<string>): Expr {
  const name = String(e.function_name).toLowerCase();
  if (e.is_operator) {
    // Trino: integer / integer is integer division (truncating); DuckDB's `//` is exactly that, and plain
    // division for decimals and doubles.
    if (name === '/') return { ...e, function_name: '//' };
    // timestamp with time zone minus timestamp with time zone: Trino's exact interval day to second.
    // DuckDB computes it through ICU calendars, ten times slower; the difference of the epochs is the
    // same value (report queries compare it with INTERVAL '1' DAY on every certificate).
    if (name === '-' && e.children.length === 2 && e.children.every(isZonedTimestamp)) {
      const epoch = (x: Expr) => functionCall('epoch_us', [x]);
      return functionCall('to_microseconds', [{ ...e, children: e.children.map(epoch) }]);
    }
    return e;
  }
  if (name === 'date_part' && e.children.length === 2) {
    const unit = stringConstant(e.children[0])?.toLowerCase();
    if (unit && UNIT_ALIASES[unit]) e.children[0] = varcharConstant(UNIT_ALIASES[unit]);
    return e;
  }
  const rewrite = REWRITES[name];
  if (!rewrite) return e;
  const out = rewrite(e.children, e);
  if (out === undefined) return e;
  let node: Expr;
  if (typeof out === 'string') {
    if (e.distinct || e.filter || (e.order_bys?.orders ?? []).length) {
      // An aggregate with DISTINCT / FILTER / ORDER BY: keep the call, change only its name.
      const renamed = AGGREGATE_RENAMES[name];
      return renamed ? { ...e, function_name: renamed } : e;
    }
    if (need) {
      need.add(out);
      return e;
    }
    node = instantiate(template(out), e.children);
  } else {
    node = out;
  }
  if (name === 'json_extract' || name === 'json_parse' || name === 'json_array_get') jsonValued.add(node);
  return node;
}

/** An expression known to be a timestamp with time zone (after rewriting). */
function isZonedTimestamp(e: Expr): boolean {
  if (e.class === 'FUNCTION') return /^(__am_)?from_iso8601_timestamp$/i.test(String(e.function_name));
  if (e.class === 'CAST') return e.cast_type?.id === 'TIMESTAMP WITH TIME ZONE';
  return false;
}

function rewriteExpr(e: Expr, need?: Set<string>): Expr {
  switch (e.class) {
    case 'FUNCTION':
      return rewriteFunction(e, need);
    case 'WINDOW': {
      const name = String(e.function_name).toLowerCase();
      if (name === 'approx_distinct') return { ...e, function_name: 'count', distinct: true, children: e.children.slice(0, 1) };
      if (AGGREGATE_RENAMES[name]) return { ...e, function_name: AGGREGATE_RENAMES[name] };
      return e;
    }
    case 'CAST':
      fixCastType(e.cast_type);
      // TIMESTAMP '2024-01-01 00:00:00 UTC' is a timestamp with time zone in Trino; DuckDB would drop the zone.
      if (e.cast_type?.id === 'TIMESTAMP' && ZONED_TIMESTAMP.test(stringConstant(e.child) ?? '')) {
        return { ...e, cast_type: { id: 'TIMESTAMP WITH TIME ZONE', type_info: null } };
      }
      if (jsonValued.has(e.child) && isVarcharType(e.cast_type)) {
        return instantiate(template(JSON_TO_VARCHAR), [e.child]);
      }
      // CAST(json AS array/row/map): Trino fills a missing row field with NULL; DuckDB's CAST fails
      // on it, while from_json (json_transform) behaves like Trino.
      if (jsonValued.has(e.child) && ['LIST', 'STRUCT', 'MAP'].includes(String(e.cast_type?.id))) {
        return functionCall('from_json', [e.child, varcharConstant(JSON.stringify(jsonStructureOf(e.cast_type)))]);
      }
      if (String(e.cast_type?.id) === 'UNBOUND' && /^json$/i.test(e.cast_type.type_info?.name ?? '')) jsonValued.add(e);
      return e;
    default:
      return e;
  }
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
  const args: Expr[] = fn.children ?? [];
  const aliases: string[] = ref.column_name_alias ?? [];
  const ordinality = ref.with_ordinality === 'WITH_ORDINALITY';
  const valueAliases = ordinality ? aliases.slice(0, -1) : aliases;
  if (args.length === 1 && valueAliases.length <= 1) return undefined;
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

  // Pass 1: collect the rewrite templates this query needs, and parse them.
  const need = new Set<string>([JSON_TO_VARCHAR]);
  walkQuery(deepClone(ast), {
    table(ref) {
      if (isUnnest(ref)) rewriteUnnest(ref, need);
    },
    expr(e) {
      rewriteExpr(e, need);
    },
  });
  await prepareTemplates(need);

  // Pass 2: rewrite.
  const viewNames = opts.viewNames ? new Set([...opts.viewNames].map((v) => v.toLowerCase())) : undefined;
  const schema = opts.viewSchema;
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
      const out = rewriteExpr(e);
      if (out !== e && e.alias) out.alias = e.alias;
      return out;
    },
  });
  const text = await deparse(stripLocations(ast));
  return {
    sql: text,
    restoreColumnName,
    restoreErrorMessage: (message: string) => restoreErrorMessage(message, schema),
  };
}

function isUnnest(ref: AstNode): boolean {
  return ref.type === 'TABLE_FUNCTION' && String(ref.function?.function_name).toLowerCase() === 'unnest';
}

/** Source positions are uint64 values JavaScript cannot carry exactly; DuckDB does not need them back. */
function stripLocations<T>(node: T): T {
  return JSON.parse(JSON.stringify(node, (k, v) => (k === 'query_location' ? undefined : v))) as T;
}
