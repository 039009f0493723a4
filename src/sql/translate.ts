// Trino SQL text -> DuckDB SQL text with Trino's meaning. DuckDB parses the text (parser.ts); this module
// walks the tree: function calls whose meaning differs (function-rewrites.ts, macros.ts), casts (JSON,
// timestamp precision and zones), date arithmetic, subscripts, UNNEST forms, the `user` identifier
// (identifiers.ts), view references (qualified with the engine's per-window schema), Trino's `_colN` names
// for unnamed result columns, and the result-column hints (result-types.ts). What it cannot translate
// exactly it refuses (refusal.ts).
import { type AstNode, type Expr, type QueryNode, deepClone, functionCall, stringConstant, varcharConstant } from './ast';
import { duckIdent, restoreColumnName, restoreErrorMessage } from './identifiers';
import {
  AGGREGATE_RENAMES, REFUSED_FUNCTIONS, REWRITES, type Tpl, UNIT_ALIASES, isMapValued, jsonValued, mapColumns, sqlString,
  zonelessTimestamp,
} from './function-rewrites';
import { dateSequence, isUntypedNull, refusedEmptyMap, typedNullCall } from './array-functions';
import { deparse, parseExpression, parseSelect } from './parser';
import { SqlRejectedError } from '../errors/engine-error';
import { refuseEmbedded } from './refusal';
import {
  type ColumnHint, DATE_UNITS, type TemporalInfo, inferTemporal, isIntervalLiteral, literalZone, normalizeZone, trinoTemporalType,
} from './result-types';
import {
  type NumericType, decimalAverageTemplate, exactArithmeticTemplate, exactDecimalTemplate, inferNumeric, isInexact,
} from './numeric-types';
import { markValueKind } from './string-functions';
import { rewriteMath } from './math-functions';
import { comparisonTemplate, concatWithTypedNull, type OperandKinds } from './operators';
import { walkQuery } from './walk';
import { type CastType, castResultType, castTemplate, castTypeOf, checkCastable, constantCastType, toJsonTemplate } from './cast-rules';
import { isKnownZone, localToUtcText } from './zones';
import { localTimeTemplate, rewriteZonedTemporal } from './zoned-time';
import { FROM_UNIXTIME, VARCHAR_TO_DATE, dateText, rewriteDatetimeFunction } from './datetime-functions';

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
  if (!t) throw new MissingTemplate(text);
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
  /** Trino's numeric type of each node, where the query text shows it (numeric-types.ts). */
  numeric: WeakMap<Expr, NumericType>;
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

/**
 * `/` and `%` where the operands' numeric types are known: a decimal operand gives Trino's exact decimal
 * (its scale and half-up rounding), a double one IEEE division (Infinity, NaN). Otherwise undefined: the
 * generic macros decide at run time (and refuse what they cannot do exactly).
 */
function numericDivision(name: '/' | '%', e: Expr, pass: Pass): Expr | undefined {
  const [a, b] = (e.children as Expr[]).map((x) => pass.numeric.get(x));
  const tpl = tplFor(pass);
  if (name === '/' && (isInexact(a) || isInexact(b))) {
    // DuckDB's division of doubles gives NULL for a zero divisor; IEEE (and Trino) Infinity or NaN
    const type = a?.kind === 'double' || b?.kind === 'double' || !a || !b ? 'DOUBLE' : 'FLOAT';
    return tpl(`CAST(__am_ieee_divide(CAST($1 AS ${type}), CAST($2 AS ${type})) AS ${type})`, e.children);
  }
  if (!a || !b || (a.kind !== 'decimal' && b.kind !== 'decimal') || isInexact(a) || isInexact(b)) return undefined;
  const text = exactDecimalTemplate(name, a, b);
  if (text.startsWith('!')) refuseEmbedded(text.slice(1));
  return tpl(text, e.children);
}

/**
 * A timestamp with a named zone plus or minus months or years: Trino counts them in the value's zone (its
 * local time keeps across a DST change); DuckDB in the engine's UTC.
 */
function zonedMonthArithmetic(name: string, e: Expr, pass: Pass): Expr | undefined {
  if ((name !== '+' && name !== '-') || e.children.length !== 2) return undefined;
  const [a, b] = e.children as Expr[];
  const months = (x: Expr) => x.class === 'FUNCTION' && YEAR_MONTH_UNITS.has(String(x.function_name));
  const zoneOf = (x: Expr) => {
    const info = pass.temporal.get(x);
    return info?.kind === 'timestamptz' && info.zone && info.zone !== 'UTC' && !/^[+-]\d/.test(info.zone) ? info.zone : undefined;
  };
  const zone = months(b!) ? zoneOf(a!) : name === '+' && months(a!) ? zoneOf(b!) : undefined;
  if (!zone) return undefined;
  const [ts, iv] = months(b!) ? [a!, b!] : [b!, a!];
  return tplFor(pass)(`timezone(${sqlString(zone)}, timezone(${sqlString(zone)}, $1) ${name} $2)`, [ts, iv]);
}

const YEAR_MONTH_UNITS = new Set(['to_years', 'to_months', 'to_quarters', 'to_decades', 'to_centuries', 'to_millennia']);

/** Units date_add and date_trunc accept on a date in Trino. */
const DATE_FIELD_UNITS = new Set(['day', 'week', 'month', 'quarter', 'year']);
/** parse_datetime calls whose format reads a zone: as a result column, refused (the zone is the value's). */
const zonedParse = new WeakSet<Expr>();
/** date_add / date_trunc calls already wrapped in their cast to date. */
const dateCalls = new WeakSet<Expr>();

function rewriteFunction(e: Expr, pass: Pass): Expr {
  const name = String(e.function_name).toLowerCase();
  const tpl = tplFor(pass);
  const nulled = typedNullCall(name, e, (call) => rewriteFunction(call, pass));
  if (nulled) return nulled;
  const math = e.distinct || e.filter ? undefined : rewriteMath(name, e, (x) => pass.numeric.get(x));
  if (math) return tpl(math, e.children);
  const typedNull = concatWithTypedNull(e, operandKinds(pass).isArray);
  if (typedNull) return typedNull;
  if (e.is_operator && (name === '/' || name === '%') && e.children.length === 2) {
    const exact = numericDivision(name, e, pass);
    if (exact) return exact;
  }
  if (e.is_operator && (name === '+' || name === '-' || name === '*') && e.children.length === 2) {
    const [a, b] = (e.children as Expr[]).map((x) => pass.numeric.get(x));
    const text = a && b ? exactArithmeticTemplate(name, a, b) : undefined;
    if (text) return tpl(text, e.children);
  }
  if (name === 'avg' && !e.is_operator && e.children.length === 1 && !e.distinct && !e.filter && !(e.order_bys?.orders ?? []).length) {
    // avg of a decimal is a decimal of the argument's type in Trino (DuckDB: a double)
    const t = pass.numeric.get(e.children[0]);
    if (t?.kind === 'decimal') return tpl(decimalAverageTemplate(t), e.children);
  }
  if (e.is_operator) {
    // timestamp with time zone minus timestamp with time zone: Trino's exact interval day to second.
    // DuckDB computes it through ICU calendars, ten times slower; the difference of the epochs is the
    // same value (report queries compare it with INTERVAL '1' DAY on every certificate).
    if (name === '-' && e.children.length === 2 && e.children.every(isZonedTimestamp)) {
      const epoch = (x: Expr) => functionCall('epoch_us', [x]);
      return functionCall('to_microseconds', [{ ...e, children: e.children.map(epoch) }]);
    }
    const zoned = zonedMonthArithmetic(name, e, pass);
    if (zoned) return zoned;
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
  if (((name === 'date_add' && e.children.length === 3) || (name === 'date_trunc' && e.children.length === 2)) && !dateCalls.has(e)) {
    // date_add and date_trunc of a date: Trino keeps a date (DuckDB gives a timestamp), for date units only.
    if (infoOf(pass)(e.children[e.children.length - 1])?.kind === 'date') {
      const unit = stringConstant(e.children[0])?.toLowerCase();
      if (!unit || !DATE_FIELD_UNITS.has(unit)) refuseEmbedded(`${name} of a date with the unit ${unit ?? '(computed)'}`);
      dateCalls.add(e);
      const inner = rewriteFunction(e, pass);
      return { class: 'CAST', type: 'OPERATOR_CAST', alias: '', child: inner, cast_type: { id: 'DATE', type_info: null }, try_cast: false };
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
    return rewriteZonedTemporal(name, e, infoOf(pass), tpl) ?? e;
  }
  if (name === 'to_milliseconds' && !e.is_operator && e.children.length === 1 && isDayToSecond(e.children[0], pass)) {
    // Trino's to_milliseconds(interval day to second); DuckDB's to_milliseconds builds an interval
    return tpl('CAST(round(epoch($1) * 1000) AS BIGINT)', e.children);
  }
  const refused = REFUSED_FUNCTIONS[name]?.(e.children);
  if (refused) refuseEmbedded(refused);
  const temporalRewrite = rewriteTemporalFunction(name, e, pass);
  if (temporalRewrite) return temporalRewrite;
  if (name === 'sequence' && !e.is_operator && (e.children.length === 2 || e.children.length === 3)) {
    // integer sequences: Trino counts down when stop < start (without a step), and fails on a zero
    // step, a step pointing away from stop, or more than 10000 entries
    const dated = dateSequence(e.children, (x) => pass.temporal.get(x)?.kind);
    if (dated) return tpl(dated, e.children);
    if (e.children.some((x: Expr) => pass.temporal.get(x))) refuseEmbedded('sequence of timestamps, or of dates with a computed step');
    if (e.children.every((x: Expr) => pass.numeric.get(x)?.kind === 'int')) {
      return e.children.length === 3
        ? tpl('__am_sequence($1, $2, $3)', e.children)
        : tpl('__am_sequence($1, $2, CASE WHEN $2 >= $1 THEN 1 ELSE -1 END)', e.children);
    }
  }
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
    if (isUntypedNull(e.children[0])) return varcharConstant('unknown');
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
  if (zonedParse.has(e)) zonedParse.add(node);
  if (name === 'json_query' && jsonValued.has(e.children[0])) jsonValued.add(node);
  return node;
}


/** Date and time functions whose meaning depends on what is known of their argument's type. */
function rewriteTemporalFunction(name: string, e: Expr, pass: Pass): Expr | undefined {
  const tpl = tplFor(pass);
  const args: Expr[] = e.children ?? [];
  const info = args[0] ? pass.temporal.get(args[0]) : undefined;
  if (e.is_operator) return undefined;
  const isVarchar = (x: Expr) => stringConstant(x) !== undefined || isVarcharColumn(x, pass);
  const fixed = rewriteDatetimeFunction(name, e, infoOf(pass), isVarchar, tpl) ?? rewriteZonedTemporal(name, e, infoOf(pass), tpl);
  if (fixed) return fixed;
  if (name === 'from_unixtime' && args.length === 3) {
    const h = args[1]?.class === 'CONSTANT' ? Number(args[1].value?.value) : NaN;
    const m = args[2]?.class === 'CONSTANT' ? Number(args[2].value?.value) : NaN;
    if (!Number.isInteger(h) || !Number.isInteger(m)) refuseEmbedded('from_unixtime with computed offset hours or minutes');
    const total = h * 60 + m;
    if (Math.abs(total) > 14 * 60) throw new SqlRejectedError(`Invalid offset minutes ${total}`);
    return tpl(FROM_UNIXTIME, [args[0]!]);
  }
  if (name === 'from_unixtime' && args.length === 2) {
    const zone = stringConstant(args[1]);
    if (zone === undefined || !isKnownZone(normalizeZone(zone))) refuseEmbedded('from_unixtime with a computed or unknown zone');
    return tpl(FROM_UNIXTIME, [args[0]!]);
  }
  if (name === 'to_iso8601' && args.length === 1 && info?.kind === 'date') return tpl("strftime($1, '%Y-%m-%d')", args);
  if (name === 'to_iso8601' && args.length === 1 && (info?.kind === 'timestamp' || info?.kind === 'timestamptz')) {
    // the value's own precision; a zoned value ends in Z (UTC) or its offset
    const p = info.precision ?? 3;
    const fraction = p === 0 ? '' : p === 3 ? '.%g' : p === 6 ? '.%f' : undefined;
    if (fraction === undefined) refuseEmbedded(`to_iso8601 of timestamp(${p}) values`);
    if (info.kind === 'timestamp') return tpl(`strftime($1, '%Y-%m-%dT%H:%M:%S${fraction}')`, args);
    const zone = info.zone ?? 'UTC';
    if (zone === 'UTC') return tpl(`strftime($1, '%Y-%m-%dT%H:%M:%S${fraction}Z')`, args);
    if (!/^[+-]\d\d:\d\d$/.test(zone)) refuseEmbedded('to_iso8601 of a timestamp in a named zone');
    return tpl(`strftime(${localTimeTemplate(zone)}, '%Y-%m-%dT%H:%M:%S${fraction}${zone}')`, args);
  }
  if (name === 'parse_datetime' && args.length === 2 && /[Zz]/.test((stringConstant(args[1]) ?? 'Z').replace(/'[^']*'/g, ''))) {
    // Trino keeps the zone the text names, which the engine (an instant in UTC) cannot show
    zonedParse.add(e);
  }
  // fields of a day-to-second interval: DuckDB's hour counts every hour not in a whole day field
  if (info?.kind === 'interval_ds' && args.length === 1) {
    if (name === 'hour') return tpl("CAST(date_part('hour', $1) % 24 AS BIGINT)", args);
    if (name === 'day' || name === 'day_of_month') return tpl("CAST(date_part('day', $1) + date_part('hour', $1) // 24 AS BIGINT)", args);
  }
  return undefined;
}

/** An interval day to second: its info says so, or a difference of timestamps, or parse_duration. */
function isDayToSecond(x: Expr, pass: Pass): boolean {
  if (pass.temporal.get(x)?.kind === 'interval_ds') return true;
  if (x.class !== 'FUNCTION') return false;
  const name = String(x.function_name).toLowerCase();
  if (name === 'parse_duration' || name === '__am_parse_duration') return true;
  const kinds = (x.children ?? []).map((c: Expr) => pass.temporal.get(c)?.kind);
  if (name === 'to_microseconds' && x.children?.length === 1) return x.children[0]?.function_name === '-';
  return x.is_operator && name === '-' && kinds.length === 2 && kinds.every((k: string | undefined) => k === 'timestamp' || k === 'timestamptz');
}

function isVarcharColumn(x: Expr, pass: Pass): boolean {
  return x.class === 'COLUMN_REF' && pass.columnTypes?.get(String(x.column_names.at(-1)).toLowerCase()) === 'varchar';
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

/** CAST(x AS t): Trino's analysis error for a cast it has no rule for; the result's Trino type is kept. */
function rewriteCast(e: Expr, pass: Pass): Expr {
  const target = castTypeOf(e.cast_type);
  const source = castSourceOf(e.child, pass);
  checkCastable(source, target);
  const out = rewriteCastBody(e, pass, source);
  castResultType.set(out, target);
  return out;
}

/** What the translator knows of a cast operand's Trino type. */
function castSourceOf(child: Expr, pass: Pass): CastType | undefined {
  if (jsonValued.has(child)) return { family: 'json', name: 'json' };
  const cast = castResultType.get(child) ?? constantCastType(child);
  if (cast) return cast;
  if (isMapValued(child)) return { family: 'map', name: 'map' };
  if (isArrayValued(child, pass)) return { family: 'array', name: 'array' };
  const info = pass.temporal.get(child);
  if (info?.kind === 'timestamptz') return { family: 'timestamptz', name: 'timestamp(3) with time zone' };
  if (info?.kind === 'timestamp') return { family: 'timestamp', name: `timestamp(${info.precision ?? 3})` };
  const numeric = pass.numeric.get(child);
  if (numeric?.kind === 'int') return { family: 'integral', name: numeric.name };
  if (numeric?.kind === 'decimal') return { family: 'decimal', name: `decimal(${numeric.p},${numeric.s})` };
  if (numeric) return { family: numeric.kind, name: numeric.kind };
  return undefined;
}

function rewriteCastBody(e: Expr, pass: Pass, source: CastType | undefined): Expr {
  const tpl = tplFor(pass);
  const name = unboundName(e.cast_type);
  if (name === 'ipaddress' || name === 'ipprefix') refuseEmbedded('the IPADDRESS type');
  const precision = /^__am_timestamp_(\d)$/.exec(name);
  if (precision) {
    // CAST(x AS timestamp(p)): Trino rounds to p fraction digits (half up); the result carries p as a hint
    const p = Number(precision[1]);
    if (p > 6) refuseEmbedded(`the type timestamp(${p}) (DuckDB keeps microseconds)`);
    const unit = 10 ** (6 - p);
    const out = tpl(`make_timestamp(CAST(round(epoch_us(CAST($1 AS TIMESTAMP)) / CAST(${unit} AS DOUBLE)) * ${unit} AS BIGINT))`, [e.child]);
    pass.temporal.set(out, { kind: 'timestamp', precision: p });
    return out;
  }
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
  if (String(e.cast_type?.id) === 'DATE' && text !== undefined) {
    // Trino reads a date only ([+]yyyy-m-d), no time
    const date = dateText(text);
    if (!date) refuseEmbedded('dates of years past 9999 or before 1');
    if ('error' in date) return tpl(`CAST(error(${sqlString(date.error)}) AS DATE)`, []);
    return date.text === text ? e : { ...e, child: varcharConstant(date.text) };
  }
  if (String(e.cast_type?.id) === 'DATE' && isVarcharColumn(e.child, pass)) return tpl(VARCHAR_TO_DATE, [e.child]);
  if (String(e.cast_type?.id) === 'DATE' && childInfo?.kind === 'timestamptz' && childInfo.zone && childInfo.zone !== 'UTC') {
    // date(zoned timestamp) and CAST(... AS DATE): the date in the value's own zone
    return tpl(`CAST(${localTimeTemplate(childInfo.zone)} AS DATE)`, [e.child]);
  }
  if (typeId === 'TIMESTAMP_MS' && childInfo?.kind === 'timestamptz' && childInfo.zone && childInfo.zone !== 'UTC') {
    // CAST(zoned AS timestamp(3)): the local time in the value's own zone
    return tpl(`CAST(${localTimeTemplate(childInfo.zone)} AS TIMESTAMP_MS)`, [e.child]);
  }
  if (castTypeOf(e.cast_type).family === 'timestamptz' && childInfo?.kind === 'timestamp' && (childInfo.precision ?? 3) > 3) {
    // to timestamp(3) with time zone: Trino rounds the fraction to milliseconds (half up); DuckDB keeps it
    return tpl('CAST(make_timestamp(CAST(round(epoch_us($1) / 1000.0) * 1000 AS BIGINT)) AS TIMESTAMP WITH TIME ZONE)', [e.child]);
  }
  const childNumeric = pass.numeric.get(e.child);
  if (childNumeric?.kind === 'decimal' && isVarcharType(e.cast_type) && childNumeric.p === childNumeric.s) {
    // DuckDB writes a decimal without integer digits as '.50'; Trino as '0.50'
    return tpl("regexp_replace(CAST($1 AS VARCHAR), '^(-?)\\.', '\\10.')", [e.child]);
  }
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
      // arrays and maps: a value that does not fit the element type fails, as in Trino
      // (a row anywhere inside keeps from_json: Trino fills a missing field with NULL, which strict fails on)
      const structure = JSON.stringify(jsonStructureOf(e.cast_type));
      const strict = !structure.includes('{') && !structure.includes('STRUCT');
      // typed, so a NULL stays of the target type
      const converted: Expr = { ...e, child: functionCall(strict ? 'json_transform_strict' : 'from_json', [e.child, varcharConstant(structure)]) };
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
    // a map's keys in order (Trino sorts them as text)
    const node = jsonValued.has(e.child)
      ? e.child
      : isMapValued(e.child)
        ? tpl(MAP_TO_JSON, [e.child])
        : childInfo?.kind === 'timestamp' && (childInfo.precision ?? 3) === 3
          ? tpl("CAST(to_json(strftime($1, '%Y-%m-%d %H:%M:%S.%g')) AS JSON)", [e.child])
          : tpl(toJsonTemplate(source), [e.child]);
    jsonValued.add(node);
    return node;
  }
  const rule = castTemplate(e.cast_type, source, stringConstant(e.child));
  return rule ? tpl(rule, [e.child]) : e;
}

/**
 * timestamp(p) / time(p) types other than p = 3: DuckDB's parser folds them into its own second, milli-,
 * micro- and nanosecond types (losing p), and its casts truncate where Trino rounds.
 */
function refuseOtherPrecisions(sql: string): void {
  const code = sql.replace(/'(?:[^']|'')*'/g, "''").replace(/"(?:[^"]|"")*"/g, '""');
  const time = /\btime\s*\(\s*(\d+)\s*\)/i.exec(code.replace(/\btime\s*\(\s*3\s*\)/gi, ''));
  if (time) refuseEmbedded(`the type time(${time[1]}) (DuckDB keeps microseconds and truncates where Trino rounds)`);
  const zoned = /\btimestamp\s*\(\s*(\d+)\s*\)\s*with\s+time\s+zone/i.exec(code.replace(/\btimestamp\s*\(\s*3\s*\)\s*with/gi, ''));
  if (zoned) refuseEmbedded(`the type timestamp(${zoned[1]}) with time zone (the engine keeps zoned values at millisecond precision)`);
  const wide = /\btimestamp\s*\(\s*(\d{2,}|[7-9])\s*\)/i.exec(code);
  if (wide) refuseEmbedded(`the type timestamp(${wide[1]}) (DuckDB keeps microseconds)`);
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
    case 'COMPARISON': {
      const compared = comparisonTemplate(e, operandKinds(pass));
      return compared ? tplFor(pass)(compared, [e.left, e.right]) : rewriteJsonComparison(e, pass);
    }
    default:
      return e;
  }
}

/**
 * JSON = JSON: Trino compares canonical JSON (object keys sorted, numbers normalised); the engine keeps the
 * text as written. Equal texts are equal, values of different JSON types or different strings are not;
 * anything else is refused.
 */
function rewriteJsonComparison(e: Expr, pass: Pass): Expr {
  if (!['COMPARE_EQUAL', 'COMPARE_NOTEQUAL'].includes(String(e.type)) || !(jsonValued.has(e.left) || jsonValued.has(e.right))) return e;
  const equal = tplFor(pass)('__am_json_equal($1, $2)', [e.left, e.right]);
  return e.type === 'COMPARE_EQUAL' ? equal : { class: 'OPERATOR', type: 'OPERATOR_NOT', alias: '', children: [equal] };
}

/** What the operators (operators.ts) need to know of their operands. */
function operandKinds(pass: Pass): OperandKinds {
  return {
    numeric: (x) => pass.numeric.get(x),
    isJson: (x) => jsonValued.has(x) || (x.class === 'FUNCTION' && String(x.function_name) === 'json') || (x.class === 'CAST' && String(x.cast_type?.id) === 'JSON'),
    isArray: (x) => isArrayValued(x, pass) || (x.class === 'CAST' && String(x.cast_type?.id) === 'LIST'),
  };
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
  const numeric = inferNumeric(e, (x) => pass.numeric.get(x), pass.columnTypes);
  const out = rewriteExpr(e, pass);
  markValueKind(e, out, pass.columnTypes);
  if (numeric) {
    pass.numeric.set(e, numeric);
    pass.numeric.set(out, numeric);
  }
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

/** CAST(map AS JSON): keys in text order, decimals at their scale (DuckDB's to_json would drop trailing zeros). */
const MAP_TO_JSON =
  "CAST('{' || array_to_string(list_transform(list_sort(list_transform(map_entries($1), lambda __e: {'key': CAST(__e.key AS VARCHAR), 'value': __e.value})), " +
  "lambda __e: CAST(to_json(__e.key) AS VARCHAR) || ':' || CASE WHEN __e.value IS NULL THEN 'null' WHEN typeof(__e.value) LIKE 'DECIMAL%' THEN CAST(__e.value AS VARCHAR) " +
  "ELSE CAST(to_json(__e.value) AS VARCHAR) END), ',') || '}' AS JSON)";

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
  const first: Pass = { need, temporal: new WeakMap(), numeric: new WeakMap(), columnTypes };
  walkQuery(deepClone(ast), {
    table(ref) {
      if (isUnnest(ref)) rewriteUnnest(ref, need);
    },
    expr(e) {
      return visitExpression(e, first);
    },
  });
  await prepareTemplates(need);

  // Pass 2: rewrite. A rewrite may choose its template by what its arguments became (a child rewritten
  // for real here, pending in pass 1), so a template pass 1 did not foresee is prepared and pass 2 redone.
  const pristine = deepClone(ast);
  for (let attempt = 0; ; attempt++) {
    try {
      return await rewritePass(attempt ? deepClone(pristine) : ast, opts, columnTypes);
    } catch (e) {
      const missing = e instanceof MissingTemplate ? e.text : undefined;
      if (missing === undefined || attempt >= 8) throw e instanceof MissingTemplate ? new Error(`internal: rewrite template not prepared: ${e.text}`) : e;
      await prepareTemplates([missing]);
    }
  }
}

/** A template pass 2 needs that pass 1 did not collect. */
class MissingTemplate extends Error {
  constructor(readonly text: string) {
    super(`rewrite template not prepared: ${text}`);
  }
}

async function rewritePass(ast: QueryNode, opts: TranslateOptions, columnTypes: ReadonlyMap<string, string> | undefined): Promise<TranslatedQuery> {
  const viewNames = opts.viewNames ? new Set([...opts.viewNames].map((v) => v.toLowerCase())) : undefined;
  const schema = opts.viewSchema;
  const pass: Pass = { temporal: new WeakMap(), numeric: new WeakMap(), columnTypes };
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
    const emptyMap = refusedEmptyMap(item);
    if (emptyMap) refuseEmbedded(emptyMap);
    if (zonedParse.has(item)) refuseEmbedded('parse_datetime results of a format with a zone (Trino shows each value in the zone its text names)');
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
  // -0 (of -0e0) as a marked text: JSON would write it as 0
  const json = JSON.stringify(node, (k, v) => (k === 'query_location' ? undefined : Object.is(v, -0) ? NEGATIVE_ZERO : v));
  return JSON.parse(json, (_k, v) => (v === NEGATIVE_ZERO ? -0 : v)) as T;
}

const NEGATIVE_ZERO = '__am_negative_zero';
