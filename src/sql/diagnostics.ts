// Messages about names in a query, worded as Trino (and so Athena) words them: `line 1:8: Column 'x'
// cannot be resolved`, with the position in the text the user wrote and the closest name they may
// have meant, so an analyst sees the same message whichever engine answers.
import type { Catalog } from '../catalog/types';

export interface TextPosition {
  line: number;
  column: number;
}

/** Identifier tokens of the text (quoted or not) with their offsets, skipping strings and comments. */
function* identifiers(sql: string): Generator<{ name: string; start: number; end: number }> {
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    if (c === "'") {
      i = sql.indexOf("'", i + 1) < 0 ? sql.length : nextQuote(sql, i, "'");
    } else if (c === '-' && sql[i + 1] === '-') {
      const nl = sql.indexOf('\n', i);
      i = nl < 0 ? sql.length : nl + 1;
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? sql.length : end + 2;
    } else if (c === '"') {
      const end = nextQuote(sql, i, '"');
      yield { name: sql.slice(i + 1, end - 1).replace(/""/g, '"'), start: i, end };
      i = end;
    } else if (/[A-Za-z_]/.test(c)) {
      let j = i + 1;
      while (j < sql.length && /[A-Za-z0-9_]/.test(sql[j]!)) j++;
      yield { name: sql.slice(i, j), start: i, end: j };
      i = j;
    } else if (/[0-9]/.test(c)) {
      let j = i + 1;
      while (j < sql.length && /[A-Za-z0-9_.]/.test(sql[j]!)) j++;
      i = j;
    } else i++;
  }
}

/** Offset just past the closing quote (a doubled quote is part of the text). */
function nextQuote(sql: string, open: number, q: string): number {
  let i = open + 1;
  while (i < sql.length) {
    if (sql[i] === q) {
      if (sql[i + 1] === q) i += 2;
      else return i + 1;
    } else i++;
  }
  return sql.length;
}

export function positionAt(sql: string, offset: number): TextPosition {
  const before = sql.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - (before.lastIndexOf('\n') + 1) + 1 };
}

/**
 * Where `name` (after `qualifier.` when given) first appears as an identifier, comparing as Trino
 * does (case-insensitively).
 */
export function findName(sql: string, name: string, qualifier?: string): TextPosition | undefined {
  const tokens = [...identifiers(sql)];
  const eq = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k]!;
    if (!eq(t.name, name)) continue;
    if (qualifier) {
      const q = tokens[k - 1];
      if (!q || !eq(q.name, qualifier) || sql.slice(q.end, t.start).trim() !== '.') continue;
      return positionAt(sql, q.start);
    }
    return positionAt(sql, t.start);
  }
  return undefined;
}

/** Edit distance (with transpositions), for "did you mean". */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

/** The candidate closest to `name`, when it is close enough to be a likely typo or near-miss. */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  const n = name.toLowerCase();
  let best: { c: string; d: number } | undefined;
  for (const c of new Set(candidates)) {
    const lc = c.toLowerCase();
    // A flattened column named by its last or first parts is a near-miss too: `client_ip` -> `identity_client_ip`.
    const d = lc.endsWith(`_${n}`) || lc.startsWith(`${n}_`) ? 1 : editDistance(n, lc);
    if (!best || d < best.d || (d === best.d && c < best.c)) best = { c, d };
  }
  return best && best.d <= Math.max(2, Math.floor(n.length / 3)) ? best.c : undefined;
}

const at = (p: TextPosition | undefined) => (p ? `line ${p.line}:${p.column}: ` : '');

/** Columns of the views a query reads, for suggestions. */
function columnsOf(views: readonly string[], catalog: Catalog): string[] {
  return views.flatMap((v) => {
    const view = catalog.byName.get(v);
    return view ? ['event_date', 'event_time', ...view.columns.map((c) => c.name)] : [];
  });
}

/** Trino's message for a column reference that resolves to nothing, with a suggestion. */
export function columnNotFoundMessage(sql: string, column: string, qualifier: string | undefined, views: readonly string[], catalog: Catalog): string {
  const shown = qualifier ? `${qualifier}.${column}` : column;
  const hint = closestName(column, columnsOf(views, catalog));
  const where = views.length ? ` (columns of ${views.join(', ')} are listed by \`amctl audit schema\`)` : '';
  return `${at(findName(sql, column, qualifier))}Column '${shown}' cannot be resolved${hint ? `; did you mean '${hint}'?` : where}`;
}

/** Trino's message for a table that is neither an audit view nor a WITH query of the statement. */
export function viewNotFoundMessage(sql: string, table: string, catalog: Catalog): string {
  const hint = closestName(table, catalog.byName.keys());
  return (
    `${at(findName(sql, table))}Table '${table}' does not exist: it is not an audit view${hint ? `; did you mean '${hint}'?` : ''} ` +
    'Query the views of the schema listing (`amctl audit schema`) or a WITH query defined in this statement.'
  );
}
