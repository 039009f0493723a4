// Trino syntax DuckDB's parser does not read, rewritten at the text level before parsing:
// - the type `array(T)` (DuckDB writes `T[]`), used in casts such as CAST(json_extract(...) AS array(varchar));
// - `listagg(x, sep) WITHIN GROUP (ORDER BY y)` (DuckDB writes `listagg(x, sep ORDER BY y)`);
// - bare VALUES rows (`VALUES 1, 2`: DuckDB wants `VALUES (1), (2)`);
// - hexadecimal, octal and binary integer literals (`0x0A`, `0o11`, `0b1001`: DuckDB would read `0 AS x0A`);
// - Unicode string literals (`U&'\2603'`, with UESCAPE);
// - varbinary literals (`X'65683F'`), as from_hex('65683F');
// - if(condition, value), whose else DuckDB's parser wants written (NULL);
// - decimal literals (`DECIMAL '1.20'`: decimal(3,2) from its digits, as Trino types it; DuckDB would take
//   decimal(18,3)) and the bare type `decimal`, which is decimal(38,0) in Trino (DuckDB: decimal(18,3)).
// The scan honours strings, quoted identifiers and comments, so text inside them is never touched.
// (Security never depends on this step: the guard checks the parse tree.)

interface Token {
  kind: 'word' | 'open' | 'close' | 'other' | 'skip';
  text: string;
}

function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = sql.length;
  const push = (kind: Token['kind'], end: number) => {
    tokens.push({ kind, text: sql.slice(i, end) });
    i = end;
  };
  while (i < n) {
    const ch = sql[i];
    if (ch === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      push('skip', end === -1 ? n : end);
    } else if (ch === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      push('skip', end === -1 ? n : end + 2);
    } else if (ch === "'" || ch === '"') {
      let j = i + 1;
      while (j < n) {
        if (sql[j] === ch) {
          if (sql[j + 1] === ch) j += 2;
          else break;
        } else j++;
      }
      push('other', Math.min(j + 1, n));
    } else if (/\s/.test(ch)) {
      let j = i + 1;
      while (j < n && /\s/.test(sql[j])) j++;
      push('skip', j);
    } else if (/[A-Za-z_\u0080-\uffff]/.test(ch)) {
      let j = i + 1;
      while (j < n && /[A-Za-z0-9_$\u0080-\uffff]/.test(sql[j])) j++;
      push('word', j);
    } else if (ch === '(') push('open', i + 1);
    else if (ch === ')') push('close', i + 1);
    else push('other', i + 1);
  }
  return tokens;
}

/** Index of the next token that is not whitespace or a comment. */
function nextSignificant(tokens: Token[], from: number): number {
  let k = from;
  while (k < tokens.length && tokens[k].kind === 'skip') k++;
  return k;
}

/** Index of the token closing the bracket opened at `open`, or -1. */
function matchingClose(tokens: Token[], open: number, to: number): number {
  let depth = 0;
  for (let k = open; k < to; k++) {
    if (tokens[k].kind === 'open') depth++;
    else if (tokens[k].kind === 'close' && --depth === 0) return k;
  }
  return -1;
}

function isWord(tokens: Token[], k: number, word: string): boolean {
  return k < tokens.length && tokens[k].kind === 'word' && tokens[k].text.toLowerCase() === word;
}

/** Words that end a bare VALUES list at bracket depth 0. */
const VALUES_END = new Set(['order', 'limit', 'offset', 'fetch', 'union', 'except', 'intersect', 'window', 'as', 'where', 'group', 'having']);

/** `VALUES a, (b), c` from token `from` (just after VALUES): each row in brackets; returns [text, next index]. */
function rewriteValues(tokens: Token[], from: number, to: number): [string, number] {
  const rows: [number, number][] = [];
  let depth = 0;
  let start = from;
  let k = from;
  for (; k < to; k++) {
    const t = tokens[k]!;
    if (t.kind === 'open') depth++;
    else if (t.kind === 'close') {
      if (depth === 0) break;
      depth--;
    } else if (depth === 0 && t.kind === 'other' && (t.text === ',' || t.text === ';')) {
      if (t.text === ';') break;
      rows.push([start, k]);
      start = k + 1;
    } else if (depth === 0 && t.kind === 'word' && VALUES_END.has(t.text.toLowerCase())) break;
  }
  rows.push([start, k]);
  const texts = rows.map(([a, b]) => {
    const first = nextSignificant(tokens, a);
    let last = b - 1;
    while (last > a && tokens[last]!.kind === 'skip') last--;
    const inner = rewrite(tokens, a, b);
    const bracketed = first < b && tokens[first]!.kind === 'open' && matchingClose(tokens, first, b) === last;
    return bracketed ? inner : ` (${inner.trim()})`;
  });
  return [texts.join(','), k];
}

/** The text of a Unicode string literal U&'...' with its escape character, as a plain SQL string. */
function decodeUnicodeLiteral(quoted: string, escape: string): string {
  const body = quoted.slice(1, -1).replace(/''/g, "'");
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch !== escape) {
      out += ch;
      continue;
    }
    if (body[i + 1] === escape) {
      out += escape;
      i++;
    } else if (body[i + 1] === '+' && /^[0-9A-Fa-f]{6}$/.test(body.slice(i + 2, i + 8))) {
      out += String.fromCodePoint(parseInt(body.slice(i + 2, i + 8), 16));
      i += 7;
    } else if (/^[0-9A-Fa-f]{4}$/.test(body.slice(i + 1, i + 5))) {
      out += String.fromCodePoint(parseInt(body.slice(i + 1, i + 5), 16));
      i += 4;
    } else {
      out += ch;
    }
  }
  return `'${out.replace(/'/g, "''")}'`;
}

const RADIX: Readonly<Record<string, number>> = { x: 16, o: 8, b: 2 };

/** Splits text at a separator found outside brackets and string literals; returns undefined parts never. */
function splitTopLevel(text: string, isSeparator: (text: string, i: number) => number): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === "'" || ch === '"') {
      let j = i + 1;
      while (j < text.length && !(text[j] === ch && text[j + 1] !== ch)) j += text[j] === ch ? 2 : 1;
      i = j;
      continue;
    }
    if (ch === '(' || ch === '[') depth++;
    else if (ch === ')' || ch === ']') depth--;
    else if (depth === 0) {
      const len = isSeparator(text, i);
      if (len > 0) {
        parts.push(text.slice(start, i));
        start = i + len;
        i += len - 1;
      }
    }
  }
  parts.push(text.slice(start));
  return parts;
}

const comma = (t: string, i: number) => (t[i] === ',' ? 1 : 0);

/**
 * json_exists / json_query / json_value(input, 'path' [clauses]) -> plain calls: the clauses become an
 * options string ('wrapper=unconditional;empty=empty_array;...'), json_value's DEFAULT expressions two
 * more arguments. PASSING and FORMAT are left alone and fail to parse, which refuses them.
 */
function convertSqlJson(kind: 'json_exists' | 'json_query' | 'json_value', inner: string): string | undefined {
  const parts = splitTopLevel(inner, comma);
  if (parts.length !== 2) return undefined;
  const input = parts[0]!.trim();
  const m = /^\s*('(?:[^']|'')*')([\s\S]*)$/.exec(parts[1]!);
  if (!m) return undefined;
  const path = m[1]!;
  let clauses = m[2]!.trim();
  const opts: string[] = [];
  let defaultEmpty = 'NULL';
  let defaultError = 'NULL';
  const take = (re: RegExp): RegExpExecArray | null => {
    const r = re.exec(clauses);
    if (r) clauses = (clauses.slice(0, r.index) + ' ' + clauses.slice(r.index + r[0].length)).trim();
    return r;
  };
  let r: RegExpExecArray | null;
  if ((r = take(/\bRETURNING\s+([A-Za-z]+(?:\s*\(\s*\d+\s*(?:,\s*\d+\s*)?\))?)/i))) opts.push(`returning=${r[1]!.replace(/\s+/g, '')}`);
  if ((r = take(/\bWITHOUT\s+(?:ARRAY\s+)?WRAPPER\b/i))) opts.push('wrapper=without');
  if ((r = take(/\bWITH\s+(CONDITIONAL\s+|UNCONDITIONAL\s+)?(?:ARRAY\s+)?WRAPPER\b/i))) {
    opts.push(`wrapper=${r[1]?.trim().toLowerCase() === 'conditional' ? 'conditional' : 'unconditional'}`);
  }
  if ((r = take(/\b(KEEP|OMIT)\s+QUOTES(?:\s+ON\s+SCALAR\s+STRING)?\b/i))) opts.push(`quotes=${r[1]!.toLowerCase()}`);
  for (const which of ['EMPTY', 'ERROR'] as const) {
    const key = which.toLowerCase();
    const re = new RegExp(`\\b(?:(ERROR|NULL|TRUE|FALSE|UNKNOWN|EMPTY\\s+ARRAY|EMPTY\\s+OBJECT)|DEFAULT\\s+([\\s\\S]+?))\\s+ON\\s+${which}\\b`, 'i');
    if ((r = take(re))) {
      if (r[2] !== undefined) {
        opts.push(`${key}=default`);
        if (which === 'EMPTY') defaultEmpty = r[2].trim();
        else defaultError = r[2].trim();
      } else {
        opts.push(`${key}=${r[1]!.toLowerCase().replace(/\s+/, '_')}`);
      }
    }
  }
  if (clauses.trim() !== '') return undefined;
  const options = `'${opts.join(';')}'`;
  if (kind === 'json_value') return `${kind}(${input}, ${path}, ${options}, ${defaultEmpty}, ${defaultError})`;
  return `${kind}(${input}, ${path}, ${options})`;
}

/**
 * json_object(k : v, KEY k VALUE v, ... [NULL|ABSENT ON NULL] [WITH|WITHOUT UNIQUE KEYS] [RETURNING varchar])
 * and json_array(v, ... [NULL|ABSENT ON NULL] [RETURNING varchar]) -> plain calls whose first argument
 * carries the options ('__am:absent:unique'); the translator builds the JSON text. Other forms (FORMAT JSON,
 * RETURNING varbinary) are left alone and fail to parse, which refuses them.
 */
function convertJsonConstructor(kind: 'json_object' | 'json_array', inner: string): string | undefined {
  let body = inner.trim();
  let absent = kind === 'json_array';
  let unique = false;
  for (;;) {
    const m =
      /\s*\b(NULL|ABSENT)\s+ON\s+NULL\s*$/i.exec(body) ??
      /\s*\b(WITH|WITHOUT)\s+UNIQUE(\s+KEYS)?\s*$/i.exec(body) ??
      /\s*\bRETURNING\s+(varchar|string)(\s*\(\s*\d+\s*\))?\s*$/i.exec(body);
    if (!m) break;
    const word = m[1]!.toUpperCase();
    if (word === 'NULL') absent = false;
    else if (word === 'ABSENT') absent = true;
    else if (word === 'WITH') unique = true;
    else if (word === 'WITHOUT') unique = false;
    body = body.slice(0, m.index).trim();
  }
  if (/\bFORMAT\s+JSON\b|\bRETURNING\b/i.test(body)) return undefined;
  const items = body === '' ? [] : splitTopLevel(body, comma).map((x) => x.trim());
  const args: string[] = [];
  for (const item of items) {
    if (kind === 'json_array') {
      args.push(item);
      continue;
    }
    const kv = splitTopLevel(item.replace(/^KEY\s+/i, ''), (t, i) => {
      if (t[i] === ':' && t[i + 1] !== ':' && t[i - 1] !== ':') return 1;
      const m = /^\bVALUE\b/i.exec(t.slice(i));
      return m && (i === 0 || /\s/.test(t[i - 1]!)) ? 5 : 0;
    });
    if (kv.length !== 2) return undefined;
    args.push(kv[0]!.trim(), kv[1]!.trim());
  }
  const marker = `'__am:${absent ? 'absent' : 'null'}${unique ? ':unique' : ''}'`;
  return `${kind}(${[marker, ...args].join(', ')})`;
}

/**
 * `DECIMAL '-01.50'` as a cast to the type Trino gives the literal: as many digits as it writes after the
 * point (scale), and those plus the integer digits without leading zeros (precision, at least 1).
 */
function decimalLiteral(quoted: string): string | undefined {
  const m = /^\s*[+-]?(\d*)(?:\.(\d*))?\s*$/.exec(quoted.slice(1, -1));
  if (!m || !`${m[1]}${m[2] ?? ''}`.length) return undefined;
  const scale = (m[2] ?? '').length;
  const precision = Math.max(1, m[1]!.replace(/^0+/, '').length + scale);
  if (precision > 38) return undefined;
  return `CAST(${quoted} AS DECIMAL(${precision}, ${scale}))`;
}

function rewrite(tokens: Token[], from: number, to: number): string {
  let out = '';
  let k = from;
  while (k < to) {
    const t = tokens[k];
    const prev = tokens[k - 1];
    // 0x0A, 0o11, 0b1001: the tokenizer sees '0' and the word 'x0A'
    if (t.kind === 'other' && t.text === '0' && tokens[k + 1]?.kind === 'word' && !(prev && /[\w.$]$/.test(prev.text))) {
      const m = /^([xXoObB])([0-9A-Fa-f_]+)$/.exec(tokens[k + 1]!.text);
      const radix = m ? RADIX[m[1]!.toLowerCase()]! : 0;
      const digits = m?.[2]!.replace(/_/g, '') ?? '';
      const valid = radix === 16 ? /^[0-9A-Fa-f]+$/ : radix === 8 ? /^[0-7]+$/ : /^[01]+$/;
      if (m && valid.test(digits)) {
        out += BigInt(`0${m[1]!.toLowerCase()}${digits}`).toString();
        k += 2;
        continue;
      }
    }
    // U&'...' [UESCAPE 'c']
    if (t.kind === 'word' && t.text.toUpperCase() === 'U' && tokens[k + 1]?.text === '&' && tokens[k + 2]?.text.startsWith("'")) {
      let escape = '\\';
      let next = k + 3;
      const u = nextSignificant(tokens, next);
      if (isWord(tokens, u, 'uescape')) {
        const lit = nextSignificant(tokens, u + 1);
        if (tokens[lit]?.text.startsWith("'")) {
          escape = tokens[lit]!.text.slice(1, -1);
          next = lit + 1;
        }
      }
      out += decodeUnicodeLiteral(tokens[k + 2]!.text, escape);
      k = next;
      continue;
    }
    // X'65683F': a varbinary literal
    if (t.kind === 'word' && /^[xX]$/.test(t.text) && tokens[k + 1]?.text.startsWith("'") && /^'[0-9A-Fa-f\s]*'$/.test(tokens[k + 1]!.text)) {
      out += `from_hex(${tokens[k + 1]!.text.replace(/\s/g, '')})`;
      k += 2;
      continue;
    }
    // if(condition, value): Trino's else is NULL; DuckDB's parser wants all three arguments
    if (isWord(tokens, k, 'if') && !(prev && /[.\w"]$/.test(prev.text))) {
      const open = nextSignificant(tokens, k + 1);
      const close = open < to && tokens[open]!.kind === 'open' ? matchingClose(tokens, open, to) : -1;
      const inner = close !== -1 ? rewrite(tokens, open + 1, close) : '';
      if (close !== -1 && splitTopLevel(inner, comma).length === 2) {
        out += `${t.text}(${inner}, NULL)`;
        k = close + 1;
        continue;
      }
    }
    if (isWord(tokens, k, 'json_exists') || isWord(tokens, k, 'json_query') || isWord(tokens, k, 'json_value')) {
      const open = nextSignificant(tokens, k + 1);
      const close = open < to && tokens[open]!.kind === 'open' ? matchingClose(tokens, open, to) : -1;
      if (close !== -1) {
        const converted = convertSqlJson(t.text.toLowerCase() as 'json_exists' | 'json_query' | 'json_value', rewrite(tokens, open + 1, close));
        if (converted) {
          out += converted;
          k = close + 1;
          continue;
        }
      }
    }
    if (isWord(tokens, k, 'json_object') || isWord(tokens, k, 'json_array')) {
      const open = nextSignificant(tokens, k + 1);
      const close = open < to && tokens[open]!.kind === 'open' ? matchingClose(tokens, open, to) : -1;
      if (close !== -1) {
        const converted = convertJsonConstructor(t.text.toLowerCase() as 'json_object' | 'json_array', rewrite(tokens, open + 1, close));
        if (converted) {
          out += converted;
          k = close + 1;
          continue;
        }
      }
    }
    // timestamp(p), p other than 3 and not "with time zone": DuckDB's parser folds p into its own
    // second/milli/micro/nano types, losing it; the translator reads it back from this name and rounds as Trino.
    if (isWord(tokens, k, 'timestamp')) {
      const open = nextSignificant(tokens, k + 1);
      const digit = nextSignificant(tokens, open + 1);
      const close = nextSignificant(tokens, digit + 1);
      const after = nextSignificant(tokens, close + 1);
      if (
        tokens[open]?.kind === 'open' && /^[0-24-9]$/.test(tokens[digit]?.text ?? '') && tokens[close]?.kind === 'close' &&
        !isWord(tokens, after, 'with') && !isWord(tokens, after, 'without')
      ) {
        out += `__am_timestamp_${tokens[digit]!.text}`;
        k = close + 1;
        continue;
      }
    }
    if (isWord(tokens, k, 'decimal')) {
      const next = nextSignificant(tokens, k + 1);
      const literal = tokens[next]?.text.startsWith("'") ? decimalLiteral(tokens[next]!.text) : undefined;
      if (literal) {
        out += literal;
        k = next + 1;
        continue;
      }
      if (tokens[next]?.kind !== 'open' && !tokens[next]?.text.startsWith("'") && !(prev && /[\w.$"]$/.test(prev.text))) {
        out += 'DECIMAL(38, 0)';
        k++;
        continue;
      }
    }
    // JSON '[1, 2]': a JSON literal is parsed JSON text (CAST('[1, 2]' AS JSON) is a JSON string)
    if (isWord(tokens, k, 'json') && tokens[nextSignificant(tokens, k + 1)]?.text.startsWith("'")) {
      const lit = nextSignificant(tokens, k + 1);
      out += `json_parse(${tokens[lit]!.text})`;
      k = lit + 1;
      continue;
    }
    if (isWord(tokens, k, 'values')) {
      const [text, next] = rewriteValues(tokens, k + 1, to);
      out += t.text + text;
      k = next;
      continue;
    }
    if (isWord(tokens, k, 'array')) {
      const open = nextSignificant(tokens, k + 1);
      const close = open < to && tokens[open].kind === 'open' ? matchingClose(tokens, open, to) : -1;
      if (close !== -1) {
        out += `${rewrite(tokens, open + 1, close).trim()}[]`;
        k = close + 1;
        continue;
      }
    }
    if (isWord(tokens, k, 'listagg')) {
      // listagg(args) WITHIN GROUP (ORDER BY ...) -> listagg(args ORDER BY ...)
      const open = nextSignificant(tokens, k + 1);
      const close = open < to && tokens[open].kind === 'open' ? matchingClose(tokens, open, to) : -1;
      const within = close === -1 ? -1 : nextSignificant(tokens, close + 1);
      const group = within === -1 ? -1 : nextSignificant(tokens, within + 1);
      const orderOpen = group === -1 ? -1 : nextSignificant(tokens, group + 1);
      if (isWord(tokens, within, 'within') && isWord(tokens, group, 'group') && orderOpen < to && tokens[orderOpen]?.kind === 'open') {
        const orderClose = matchingClose(tokens, orderOpen, to);
        if (orderClose !== -1) {
          // ON OVERFLOW ERROR is the default (the translator fails past Trino's limit); TRUNCATE is left to fail parsing
          const args = rewrite(tokens, open + 1, close).replace(/\s+ON\s+OVERFLOW\s+ERROR\s*$/i, '');
          out += `${t.text}(${args} ${rewrite(tokens, orderOpen + 1, orderClose).trim()})`;
          k = orderClose + 1;
          continue;
        }
      }
    }
    out += t.text;
    k++;
  }
  return out;
}

/** Rewrites Trino-only syntax DuckDB's parser would reject; everything else is returned unchanged. */
export function preprocessTrinoSyntax(sql: string): string {
  if (!/array|listagg|values|json|timestamp|decimal|0[xob]|u&|x'/i.test(sql)) return sql;
  const tokens = tokenize(sql);
  return rewrite(tokens, 0, tokens.length);
}

/** Statements in the text: ';'-separated parts holding anything besides whitespace and comments. */
export function countStatements(sql: string): number {
  let count = 0;
  let pending = false;
  for (const t of tokenize(sql)) {
    if (t.kind === 'other' && t.text === ';') {
      if (pending) count++;
      pending = false;
    } else if (t.kind !== 'skip') {
      pending = true;
    }
  }
  return pending ? count + 1 : count;
}
