// The audit views and their columns, searchable by view or column name, type or description. A click
// on a name puts it in the editor.
import { useMemo, useState } from 'react';
import type { ViewInfo } from '../editor/completion';

function matches(q: string, ...texts: string[]): boolean {
  return texts.some((t) => t.toLowerCase().includes(q));
}

export function ViewsList({ views, onInsert }: { views: ViewInfo[]; onInsert(text: string): void }) {
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState<Set<string>>(new Set());
  const q = query.trim().toLowerCase();
  const shown = useMemo(
    () =>
      views
        .map((v) => {
          if (!q) return { view: v, columns: v.columns, viewHit: true, columnHit: false };
          const viewHit = matches(q, v.name, v.description);
          const columns = v.columns.filter((c) => matches(q, c.name, c.type, c.description));
          return { view: v, columns: columns.length ? columns : v.columns, viewHit, columnHit: columns.length > 0 };
        })
        .filter((e) => e.viewHit || e.columnHit),
    [views, q],
  );
  const toggle = (name: string) =>
    setOpen((s) => {
      const n = new Set(s);
      if (n.has(name)) n.delete(name);
      else n.add(name);
      return n;
    });

  return (
    <div className="views-list">
      <label className="search">
        <span className="sr-only">Search views and columns</span>
        <input type="search" placeholder="Search views and columns" value={query} onChange={(e) => setQuery(e.target.value)} />
      </label>
      <p className="hint" aria-live="polite">
        {q ? `${shown.length} view${shown.length === 1 ? '' : 's'} match` : 'Click a name to insert it'}
      </p>
      <ul className="tree">
        {shown.map(({ view, columns, columnHit }) => {
          const expanded = open.has(view.name) !== columnHit;
          return (
            <li key={view.name}>
              <div className="tree-view">
                <button type="button" className="disclosure" aria-expanded={expanded} aria-label={`${expanded ? 'Hide' : 'Show'} columns of ${view.name}`} onClick={() => toggle(view.name)}>
                  {expanded ? '▾' : '▸'}
                </button>
                <button type="button" className="name view-name" title={view.description} onClick={() => onInsert(view.name)}>
                  {view.name}
                </button>
                <span className="count">{view.columns.length}</span>
              </div>
              {expanded && (
                <ul className="columns" aria-label={`Columns of ${view.name}`}>
                  {columns.map((c) => (
                    <li key={c.name} title={c.description}>
                      <button type="button" className="name column-name" onClick={() => onInsert(c.name)}>
                        {c.name}
                      </button>
                      <span className="type">{c.type}</span>
                    </li>
                  ))}
                </ul>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
