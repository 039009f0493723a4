// Completion over the audit views: after FROM/JOIN the view names; after `view.` or `alias.` that
// view's columns; elsewhere the columns of the views the query reads first (with type and
// description), then keywords, functions and views.
import type { Completion, CompletionContext, CompletionResult } from '@codemirror/autocomplete';
import { viewsInQuery } from '../lib/sql-context';
import { TRINO_FUNCTION_NAMES, TRINO_KEYWORDS } from './trino-dialect';

export interface ViewInfo {
  name: string;
  description: string;
  columns: { name: string; type: string; description: string }[];
}

function columnOptions(view: ViewInfo, boost: number): Completion[] {
  return view.columns.map((c) => ({
    label: c.name,
    type: 'property',
    detail: `${c.type} · ${view.name}`,
    info: c.description || undefined,
    boost,
  }));
}

export function auditCompletion(views: ViewInfo[]) {
  const byName = new Map(views.map((v) => [v.name, v]));
  const known = new Set(byName.keys());
  const viewOptions: Completion[] = views.map((v) => ({ label: v.name, type: 'class', detail: 'view', info: v.description, boost: 1 }));
  const keywordOptions: Completion[] = TRINO_KEYWORDS.map((k) => ({ label: k.toUpperCase(), type: 'keyword', boost: -2 }));
  const functionOptions: Completion[] = TRINO_FUNCTION_NAMES.map((f) => ({ label: f, type: 'function', apply: `${f}(`, boost: -1 }));

  return (ctx: CompletionContext): CompletionResult | null => {
    const text = ctx.state.doc.toString();
    const dotted = ctx.matchBefore(/(?:"[^"]+"|[A-Za-z_][\w$]*)\.\w*$/);
    if (dotted) {
      const [qualifier] = dotted.text.split('.');
      const q = qualifier!.replace(/"/g, '').toLowerCase();
      const sources = viewsInQuery(text, known);
      const viewName = sources.find((s) => s.alias?.toLowerCase() === q)?.view ?? (known.has(q) ? q : undefined);
      const view = viewName ? byName.get(viewName) : undefined;
      if (!view) return null;
      return { from: dotted.from + qualifier!.length + 1, options: columnOptions(view, 2), validFor: /^\w*$/ };
    }
    const word = ctx.matchBefore(/\w*$/);
    if (!word || (word.from === word.to && !ctx.explicit)) return null;
    const before = text.slice(0, word.from);
    if (/\b(from|join)\s+$/i.test(before)) return { from: word.from, options: viewOptions, validFor: /^\w*$/ };
    const inQuery = viewsInQuery(text, known)
      .map((s) => byName.get(s.view)!)
      .filter((v, i, all) => all.indexOf(v) === i);
    const columns = inQuery.flatMap((v) => columnOptions(v, 3));
    return { from: word.from, options: [...columns, ...viewOptions, ...functionOptions, ...keywordOptions], validFor: /^\w*$/ };
  };
}
