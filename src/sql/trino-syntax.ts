// Trino syntax DuckDB's parser does not read, rewritten at the text level before parsing. Only one
// construct needs this: the type `array(T)` (DuckDB writes `T[]`), used in casts such as
// CAST(json_extract(...) AS array(varchar)). The scan honours strings, quoted identifiers and comments,
// so text inside them is never touched. (Security never depends on this step: the guard checks the AST.)

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

function rewrite(tokens: Token[], from: number, to: number): string {
  let out = '';
  let k = from;
  while (k < to) {
    const t = tokens[k];
    if (t.kind === 'word' && t.text.toLowerCase() === 'array') {
      const open = nextSignificant(tokens, k + 1);
      if (open < to && tokens[open].kind === 'open') {
        let depth = 0;
        let close = open;
        for (; close < to; close++) {
          if (tokens[close].kind === 'open') depth++;
          else if (tokens[close].kind === 'close' && --depth === 0) break;
        }
        if (close < to) {
          out += `${rewrite(tokens, open + 1, close).trim()}[]`;
          k = close + 1;
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
  if (!/array\s*(\/\*[\s\S]*?\*\/\s*)*\(/i.test(sql)) return sql;
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
