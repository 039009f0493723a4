// What the editor needs to know about the query being typed: which audit views its FROM and JOIN
// clauses name (column completion offers their columns first).

const SOURCE = /\b(?:from|join)\s+((?:"[^"]+"|[A-Za-z_][\w$]*)(?:\s*\.\s*(?:"[^"]+"|[A-Za-z_][\w$]*))?)(?:\s+(?:as\s+)?([A-Za-z_][\w$]*))?/gi;
const NOT_ALIAS = new Set(['where', 'join', 'left', 'right', 'inner', 'outer', 'full', 'cross', 'on', 'group', 'order', 'limit', 'union', 'having', 'window', 'using', 'natural', 'offset', 'fetch', 'except', 'intersect']);

export interface SourceRef {
  view: string;
  alias?: string;
}

function unquote(name: string): string {
  const last = name.split('.').pop()!.trim();
  return last.startsWith('"') ? last.slice(1, -1) : last.toLowerCase();
}

/** Views named after FROM/JOIN that are in `known`, in text order, with their aliases. */
export function viewsInQuery(sql: string, known: ReadonlySet<string>): SourceRef[] {
  const text = sql.replace(/--[^\n]*/g, ' ').replace(/'(?:[^']|'')*'/g, "''");
  const out: SourceRef[] = [];
  for (const m of text.matchAll(SOURCE)) {
    const view = unquote(m[1]!);
    if (!known.has(view)) continue;
    const alias = m[2] && !NOT_ALIAS.has(m[2].toLowerCase()) ? m[2] : undefined;
    if (!out.some((s) => s.view === view && s.alias === alias)) out.push({ view, alias });
  }
  return out;
}
