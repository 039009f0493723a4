// Trino syntax DuckDB's parser does not read, rewritten at the text level before parsing:
// - the type `array(T)` (DuckDB writes `T[]`), used in casts such as CAST(json_extract(...) AS array(varchar));
// - `listagg(x, sep) WITHIN GROUP (ORDER BY y)` (DuckDB writes `listagg(x, sep ORDER BY y)`).
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

function rewrite(tokens: Token[], from: number, to: number): string {
  let out = '';
  let k = from;
  while (k < to) {
    const t = tokens[k];
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
          out += `${t.text}(${rewrite(tokens, open + 1, close)} ${rewrite(tokens, orderOpen + 1, orderClose).trim()})`;
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
  if (!/array|listagg/i.test(sql)) return sql;
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
