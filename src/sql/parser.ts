// DuckDB's own parser is our SQL parser: json_serialize_sql() turns SQL text into DuckDB's AST as JSON and
// json_deserialize_sql() turns a (rewritten) AST back into DuckDB SQL. Parsing runs on a private in-memory
// instance that never executes user SQL: the text is bound as a prepared-statement parameter, never spliced.
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { SqlRejectedError } from '../errors/engine-error';
import type { QueryNode } from './ast';
import { unparseableTrinoForm } from './refusal';
import { countStatements, preprocessTrinoSyntax } from './trino-syntax';

/** Larger texts are refused before parsing: no analyst query comes close. */
export const MAX_SQL_BYTES = 100 * 1024;
/** Deepest bracket nesting accepted; deeper text is refused before parsing (the parser is recursive). */
export const MAX_NESTING = 64;

let connection: Promise<DuckDBConnection> | undefined;
/** Held for the life of the process, with its connection. */
let parserInstance: DuckDBInstance | undefined;
/** One parse at a time on the shared connection. */
let queue: Promise<unknown> = Promise.resolve();

function parserConnection(): Promise<DuckDBConnection> {
  connection ??= (async () => {
    const instance = await DuckDBInstance.create(':memory:', {
      enable_external_access: 'false',
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
      threads: '1',
    });
    parserInstance = instance;
    const con = await parserInstance.connect();
    await con.run('SET lock_configuration = true');
    return con;
  })();
  return connection;
}

async function callSerialized(fn: (con: DuckDBConnection) => Promise<string>): Promise<string> {
  const run = queue.then(async () => fn(await parserConnection()));
  queue = run.catch(() => undefined);
  return run;
}

interface SerializeResult {
  error: boolean;
  error_type?: string;
  error_message?: string;
  position?: string;
  statements?: { node: QueryNode }[];
}

/** Refuses texts that are too big or too deeply nested to be a real query, before any parsing. */
export function checkTextLimits(sql: string): void {
  if (typeof sql !== 'string' || sql.trim() === '') throw new SqlRejectedError('Query is empty: send one SELECT statement.');
  const bytes = Buffer.byteLength(sql, 'utf8');
  if (bytes > MAX_SQL_BYTES) {
    throw new SqlRejectedError(`Query is too long (${bytes} bytes): the limit is ${MAX_SQL_BYTES} bytes.`);
  }
  let depth = 0;
  let max = 0;
  for (const ch of sql) {
    if (ch === '(' || ch === '[') max = Math.max(max, ++depth);
    else if (ch === ')' || ch === ']') depth--;
  }
  if (max > MAX_NESTING) {
    throw new SqlRejectedError(`Query is nested too deeply (${max} levels of brackets): the limit is ${MAX_NESTING}.`);
  }
}

/**
 * Parses Trino SQL text into the AST of exactly one SELECT statement (WITH allowed).
 * Throws SqlRejectedError for syntax errors, other statement kinds and several statements.
 */
export async function parseSelect(sql: string, opts: { duckdbText?: boolean } = {}): Promise<QueryNode> {
  checkTextLimits(sql);
  // Our own rewrite templates are DuckDB SQL already: only user text is Trino's.
  const text = opts.duckdbText ? sql : preprocessTrinoSyntax(sql);
  const raw = await callSerialized(async (con) => {
    const reader = await con.runAndReadAll('SELECT json_serialize_sql($1::VARCHAR)', [text]);
    return String(reader.getRows()[0][0]);
  });
  const parsed = JSON.parse(protectBigIntegers(raw)) as SerializeResult;
  if (parsed.error) {
    if (parsed.error_type === 'not implemented') {
      const count = countStatements(text);
      if (count > 1) throw severalStatements(count);
      throw new SqlRejectedError(
        'Only a single read-only SELECT statement (WITH allowed) is accepted: statements such as ' +
          'INSERT, UPDATE, DELETE, CREATE, DROP, COPY, ATTACH, SET, PRAGMA, INSTALL, LOAD, CALL, EXPLAIN or PIVOT are refused.',
      );
    }
    const trinoForm = unparseableTrinoForm(sql);
    if (trinoForm) throw new SqlRejectedError(trinoForm);
    const where = parsed.position !== undefined ? ` (at character ${Number(parsed.position) + 1})` : '';
    throw new SqlRejectedError(`SQL syntax error${where}: ${parsed.error_message ?? 'unparseable text'}`);
  }
  const statements = parsed.statements ?? [];
  if (statements.length !== 1) {
    const count = countStatements(text);
    // One statement in the text that DuckDB expands into several is a DuckDB-only form (PIVOT).
    if (count <= 1) throw new SqlRejectedError('PIVOT / UNPIVOT is not supported: aggregate with GROUP BY and CASE instead.');
    throw severalStatements(count);
  }
  return statements[0].node;
}

// Integer literals past 2^53 would lose digits in JSON.parse (9007199254740993 -> ...992). They travel
// through the AST as {"$bigint": "<digits>"} and are put back, digit for digit, when deparsing.
const BIGINT_MARK = /\{"\$bigint":"(-?\d+)"\}/g;

function protectBigIntegers(json: string): string {
  let out = '';
  let i = 0;
  while (i < json.length) {
    const ch = json[i]!;
    if (ch === '"') {
      // copy a whole string, escapes included
      let j = i + 1;
      while (j < json.length && json[j] !== '"') j += json[j] === '\\' ? 2 : 1;
      out += json.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (ch === '-' || (ch >= '0' && ch <= '9')) {
      const m = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(json.slice(i, i + 64))!;
      const lit = m[0];
      out += !m[1] && !m[2] && lit.replace('-', '').length >= 16 ? `{"$bigint":"${lit}"}` : lit;
      i += lit.length;
      continue;
    }
    out += ch;
    i++;
  }
  return out;
}

function restoreBigIntegers(json: string): string {
  return json.replace(BIGINT_MARK, '$1');
}

/**
 * A double constant (2e0, 12e-1) deparses as plain digits (2, 1.2), which DuckDB then reads as an integer
 * or a decimal: it goes back as CAST('1.2' AS DOUBLE), which keeps its type (and -0e0 its sign).
 */
function doubleConstantsAsCasts(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(doubleConstantsAsCasts);
  if (!node || typeof node !== 'object') return node;
  const n = node as Record<string, unknown>;
  if (n.class === 'CONSTANT') {
    const value = n.value as { type?: { id?: string }; is_null?: boolean; value?: unknown } | undefined;
    const id = value?.type?.id;
    if ((id === 'DOUBLE' || id === 'FLOAT') && !value?.is_null) {
      return {
        class: 'CAST',
        type: 'OPERATOR_CAST',
        alias: n.alias ?? '',
        child: { class: 'CONSTANT', type: 'VALUE_CONSTANT', alias: '', value: { type: { id: 'VARCHAR', type_info: null }, is_null: false, value: Object.is(value!.value, -0) ? '-0' : String(value!.value) } },
        cast_type: { id, type_info: null },
        try_cast: false,
      };
    }
    return n;
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(n)) out[k] = doubleConstantsAsCasts(v);
  return out;
}

function severalStatements(count: number): SqlRejectedError {
  return new SqlRejectedError(
    `Exactly one SELECT statement is accepted, this text holds ${count}: remove the extra statements (';').`,
  );
}

/** Turns a (rewritten) AST back into DuckDB SQL text. */
export async function deparse(node: QueryNode): Promise<string> {
  const json = restoreBigIntegers(JSON.stringify({ error: false, statements: [{ node: doubleConstantsAsCasts(node), named_param_map: [] }] }));
  return callSerialized(async (con) => {
    const reader = await con.runAndReadAll('SELECT json_deserialize_sql($1::JSON)', [json]);
    return String(reader.getRows()[0][0]);
  });
}

/** Parses one scalar expression (used for rewrite templates). */
export async function parseExpression(expr: string): Promise<unknown> {
  const node = await parseSelect(`SELECT ${expr}`, { duckdbText: true });
  return (node as { select_list: unknown[] }).select_list[0];
}
