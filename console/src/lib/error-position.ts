// Where in the SQL text an error points, so the editor can mark it: from the message's own position
// (`at character N`, Trino/Athena's `line L:C`), else from the identifier it names (`column "foo"`,
// `Table "nope"`, `Function 'date_foo'`) found as a whole word in the text.

export interface TextRange {
  from: number;
  to: number;
}

function lineColumnOffset(sql: string, line: number, column: number): number | undefined {
  const lines = sql.split('\n');
  if (line < 1 || line > lines.length) return undefined;
  let offset = 0;
  for (let i = 0; i < line - 1; i++) offset += lines[i]!.length + 1;
  return offset + Math.min(Math.max(column - 1, 0), lines[line - 1]!.length);
}

/** The word (identifier or keyword) that starts at `at`, at least one character. */
function wordAt(sql: string, at: number): TextRange {
  const m = /^[A-Za-z_][\w$]*|^"[^"]*"|^\S/.exec(sql.slice(at));
  return { from: at, to: at + (m ? m[0].length : 0) };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function errorRange(sql: string, message: string): TextRange | undefined {
  if (!sql) return undefined;
  const clamp = (o: number) => Math.min(Math.max(o, 0), Math.max(sql.length - 1, 0));

  const char = /at character (\d+)/i.exec(message);
  if (char) return wordAt(sql, clamp(Number(char[1]) - 1));

  const lc = /\bline (\d+):(\d+)/i.exec(message);
  if (lc) {
    const o = lineColumnOffset(sql, Number(lc[1]), Number(lc[2]));
    if (o !== undefined) return wordAt(sql, clamp(o));
  }

  const named = /\b(?:column|table|function|view|identifier)\s+["'`]([^"'`]+)["'`]/i.exec(message);
  if (named) {
    const name = named[1]!.split('.').pop()!;
    const re = new RegExp(`(?<![\\w$])${escapeRegExp(name)}(?![\\w$])`, 'i');
    const m = re.exec(sql);
    if (m) return { from: m.index, to: m.index + m[0].length };
  }
  return undefined;
}

/** 1-based line and column of an offset, for the message beside the mark. */
export function lineColumn(sql: string, offset: number): { line: number; column: number } {
  const before = sql.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}
