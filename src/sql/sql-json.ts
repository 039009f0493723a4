// The SQL/JSON path functions (json_exists, json_query, json_value) for the path forms an analyst writes:
// lax or strict mode, `$`, members (.name, ."name"), array elements ([n], [last], [*]) and filters comparing
// the current item with a literal (?(@ > 10)). The path becomes a DuckDB expression over a list of JSON
// items (the sequence), NULL when the path fails (a structural error in strict mode, a type error);
// the ON EMPTY / ON ERROR clauses then apply. Any other path form is refused.
import { refuseEmbedded } from './refusal';

type Step =
  | { kind: 'member'; name: string }
  | { kind: 'index'; index: number | 'last' }
  | { kind: 'wildcard' }
  | { kind: 'filter'; op: string; literal: string; isString: boolean };

export interface JsonPath {
  lax: boolean;
  steps: Step[];
}

const sq = (s: string) => `'${s.replace(/'/g, "''")}'`;
/** A JSON path for DuckDB's json_extract with one member name. */
const memberPath = (name: string) => sq(`$."${name.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`);

export function parseJsonPath(text: string): JsonPath {
  const m = /^\s*(lax|strict)\s+\$(.*)$/is.exec(text) ?? /^\s*\$(.*)$/s.exec(text);
  if (!m) refuseEmbedded(`the JSON path ${JSON.stringify(text)}`);
  const lax = m.length === 3 ? m[1]!.toLowerCase() === 'lax' : true;
  let rest = (m.length === 3 ? m[2] : m[1])!.trim();
  const steps: Step[] = [];
  while (rest.length) {
    let mm: RegExpExecArray | null;
    if ((mm = /^\.([A-Za-z_][A-Za-z0-9_]*)/.exec(rest))) steps.push({ kind: 'member', name: mm[1]! });
    else if ((mm = /^\."((?:[^"\\]|\\.)*)"/.exec(rest))) steps.push({ kind: 'member', name: mm[1]!.replace(/\\(.)/g, '$1') });
    else if ((mm = /^\[\s*(\d+)\s*\]/.exec(rest))) steps.push({ kind: 'index', index: Number(mm[1]) });
    else if ((mm = /^\[\s*last\s*\]/.exec(rest))) steps.push({ kind: 'index', index: 'last' });
    else if ((mm = /^\[\s*\*\s*\]/.exec(rest))) steps.push({ kind: 'wildcard' });
    else if ((mm = /^\?\s*\(\s*@\s*(==|!=|<>|<=|>=|<|>)\s*(-?\d+(?:\.\d+)?|"(?:[^"\\]|\\.)*")\s*\)/.exec(rest))) {
      const isString = mm[2]!.startsWith('"');
      steps.push({ kind: 'filter', op: mm[1] === '==' ? '=' : mm[1] === '!=' ? '<>' : mm[1]!, literal: isString ? mm[2]!.slice(1, -1) : mm[2]!, isString });
    } else refuseEmbedded(`the JSON path ${JSON.stringify(text)} (only members, [n], [last], [*] and ?(@ op literal) filters are supported)`);
    rest = rest.slice(mm[0].length).trim();
  }
  return { lax, steps };
}

/** NULL when any element of the list of lists is NULL (an error), else the flattened list. */
const flat = (lists: string) => `(CASE WHEN list_contains(list_transform(${lists}, lambda __l: __l IS NULL), true) THEN NULL ELSE flatten(${lists}) END)`;

function stepSql(q: string, step: Step, lax: boolean, depth: number): string {
  const i = `__i${depth}`;
  const a = `__a${depth}`;
  const elements = `CAST(${i} AS JSON[])`;
  switch (step.kind) {
    case 'member': {
      const onObject = (x: string) =>
        `CASE WHEN json_exists(${x}, ${memberPath(step.name)}) THEN [json_extract(${x}, ${memberPath(step.name)})] ELSE ${lax ? '[]' : 'NULL'} END`;
      const onArray = lax
        ? flat(`list_transform(${elements}, lambda ${a}: CASE WHEN json_type(${a}) = 'OBJECT' THEN ${onObject(a)} ELSE NULL END)`)
        : 'NULL';
      return flat(`list_transform(${q}, lambda ${i}: CASE json_type(${i}) WHEN 'OBJECT' THEN ${onObject(i)} WHEN 'ARRAY' THEN ${onArray} ELSE NULL END)`);
    }
    case 'index': {
      const pick =
        step.index === 'last'
          ? `CASE WHEN json_array_length(${i}) > 0 THEN [${elements}[-1]] ELSE ${lax ? '[]' : 'NULL'} END`
          : `CASE WHEN json_array_length(${i}) > ${step.index} THEN [${elements}[${step.index + 1}]] ELSE ${lax ? '[]' : 'NULL'} END`;
      const scalar = lax ? (step.index === 'last' || step.index === 0 ? `[${i}]` : '[]') : 'NULL';
      return flat(`list_transform(${q}, lambda ${i}: CASE WHEN json_type(${i}) = 'ARRAY' THEN ${pick} ELSE ${scalar} END)`);
    }
    case 'wildcard':
      return flat(`list_transform(${q}, lambda ${i}: CASE WHEN json_type(${i}) = 'ARRAY' THEN ${elements} ELSE ${lax ? `[${i}]` : 'NULL'} END)`);
    case 'filter': {
      // lax: arrays are unnested first; a comparison that cannot be made (type mismatch) is not true
      const items = lax ? flat(`list_transform(${q}, lambda ${i}: CASE WHEN json_type(${i}) = 'ARRAY' THEN ${elements} ELSE [${i}] END)`) : q;
      const test = step.isString
        ? `json_type(${a}) = 'VARCHAR' AND json_extract_string(${a}, '$') ${step.op} ${sq(step.literal)}`
        : `json_type(${a}) IN ('UBIGINT', 'BIGINT', 'DOUBLE') AND CAST(json_extract_string(${a}, '$') AS DOUBLE) ${step.op} ${step.literal}`;
      return `list_filter(${items}, lambda ${a}: coalesce(${test}, false))`;
    }
  }
}

/** The sequence a path gives for the JSON text in `$1`: a JSON[] list, NULL on error. */
export function sequenceSql(path: JsonPath): string {
  let q = `(CASE WHEN json_valid($1) THEN [json($1)] ELSE NULL END)`;
  path.steps.forEach((step, depth) => {
    q = stepSql(q, step, path.lax, depth);
  });
  return q;
}

export type OnClause = 'null' | 'error' | 'default' | 'empty_array' | 'empty_object' | 'true' | 'false' | 'unknown';

export interface SqlJsonOptions {
  returning?: string;
  wrapper: 'without' | 'conditional' | 'unconditional';
  omitQuotes: boolean;
  onEmpty: OnClause;
  onError: OnClause;
}

const DEFAULTS: SqlJsonOptions = { wrapper: 'without', omitQuotes: false, onEmpty: 'null', onError: 'null' };

/** Options written by trino-syntax.ts as 'key=value;...'. */
export function parseSqlJsonOptions(text: string): SqlJsonOptions {
  const out: SqlJsonOptions = { ...DEFAULTS };
  for (const part of text.split(';').filter(Boolean)) {
    const [k, v] = part.split('=');
    if (k === 'returning') out.returning = v;
    else if (k === 'wrapper') out.wrapper = v as SqlJsonOptions['wrapper'];
    else if (k === 'quotes') out.omitQuotes = v === 'omit';
    else if (k === 'empty') out.onEmpty = v as OnClause;
    else if (k === 'error') out.onError = v as OnClause;
  }
  return out;
}

const RETURNABLE = /^(tinyint|smallint|integer|int|bigint|real|double|boolean|varchar|varchar\(\d+\)|date|decimal\(\d+(,\s*\d+)?\))$/i;

function onClause(clause: OnClause, which: 'empty' | 'error', defaultParam: string): string {
  switch (clause) {
    case 'null':
    case 'unknown':
      return 'NULL';
    case 'error':
      return `error(${sq(which === 'empty' ? 'JSON path found no items' : 'JSON path evaluation failed')})`;
    case 'default':
      return defaultParam;
    case 'empty_array':
      return `'[]'`;
    case 'empty_object':
      return `'{}'`;
    case 'true':
      return 'true';
    case 'false':
      return 'false';
  }
}

/** json_exists($1, path): true for a non-empty sequence; ON ERROR (FALSE by default) on errors. */
export function jsonExistsSql(path: JsonPath, onError: OnClause): string {
  const seq = sequenceSql(path);
  return `(CASE WHEN $1 IS NULL THEN NULL WHEN ${seq} IS NULL THEN ${onClause(onError, 'error', 'NULL')} ELSE len(${seq}) > 0 END)`;
}

/** json_value($1, path) with $4 / $5 the ON EMPTY / ON ERROR defaults (the call's 4th and 5th arguments). */
export function jsonValueSql(path: JsonPath, opts: SqlJsonOptions): string {
  const returning = opts.returning;
  if (returning && !RETURNABLE.test(returning)) refuseEmbedded(`json_value ... RETURNING ${returning}`);
  const seq = sequenceSql(path);
  const item = `${seq}[1]`;
  const text = `json_extract_string(${item}, '$')`;
  const value = returning ? `TRY_CAST(${text} AS ${returning})` : text;
  const empty = onClause(opts.onEmpty, 'empty', '$4');
  const err = onClause(opts.onError, 'error', '$5');
  return `(CASE WHEN $1 IS NULL THEN NULL WHEN ${seq} IS NULL THEN ${err} WHEN len(${seq}) = 0 THEN ${empty}
    WHEN len(${seq}) > 1 OR json_type(${item}) IN ('ARRAY', 'OBJECT') THEN ${err}
    WHEN json_type(${item}) = 'NULL' THEN NULL
    WHEN ${value} IS NULL THEN ${err} ELSE ${value} END)`;
}

/** json_query($1, path): a JSON text (varchar). */
export function jsonQuerySql(path: JsonPath, opts: SqlJsonOptions): string {
  if (opts.returning && !/^varchar(\(\d+\))?$/i.test(opts.returning)) refuseEmbedded(`json_query ... RETURNING ${opts.returning}`);
  const seq = sequenceSql(path);
  const item = `${seq}[1]`;
  const empty = onClause(opts.onEmpty, 'empty', 'NULL');
  const err = onClause(opts.onError, 'error', 'NULL');
  const single = opts.omitQuotes ? `CASE WHEN json_type(${item}) = 'VARCHAR' THEN json_extract_string(${item}, '$') ELSE CAST(${item} AS VARCHAR) END` : `CAST(${item} AS VARCHAR)`;
  const wrapped = `CAST(to_json(${seq}) AS VARCHAR)`;
  const body =
    opts.wrapper === 'unconditional'
      ? wrapped
      : opts.wrapper === 'conditional'
        ? `CASE WHEN len(${seq}) = 1 AND json_type(${item}) IN ('ARRAY', 'OBJECT') THEN CAST(${item} AS VARCHAR) ELSE ${wrapped} END`
        : `CASE WHEN len(${seq}) > 1 THEN ${err} ELSE ${single} END`;
  return `(CASE WHEN $1 IS NULL THEN NULL WHEN ${seq} IS NULL THEN ${err} WHEN len(${seq}) = 0 THEN ${empty} ELSE ${body} END)`;
}
