// The results grid: typed cells (numbers right-aligned, readable timestamps, NULL unlike ''), a sticky
// header, and only the visible rows in the DOM (@tanstack/react-virtual), so 100k rows scroll smoothly.
// A user, host, IP or session cell links to that entity's timeline over the result's window.
import { useMemo, useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { showCell } from '../lib/cells';
import { cellTimelineHref, entityKindOfColumn } from '../lib/entities';
import { Link } from '../router';

export interface GridColumn {
  name: string;
  type: string;
}

const ROW_HEIGHT = 28;
const CHAR_PX = 7.8;

function columnWidths(columns: GridColumn[], rows: unknown[][]): number[] {
  return columns.map((c, i) => {
    let longest = Math.max(c.name.length + 2, c.type.length);
    for (const r of rows.slice(0, 200)) longest = Math.max(longest, showCell(r[i], c.type).text.length);
    return Math.round(Math.min(Math.max(longest * CHAR_PX + 24, 72), 420));
  });
}

export function ResultsGrid({ columns, rows, label, days }: { columns: GridColumn[]; rows: unknown[][]; label: string; /** The result's window: entity links open the timeline over it. */ days?: number }) {
  const scroller = useRef<HTMLDivElement>(null);
  const widths = useMemo(() => columnWidths(columns, rows), [columns, rows]);
  const entityColumns = useMemo(() => columns.map((c) => entityKindOfColumn(c.name) !== undefined), [columns]);
  const template = widths.map((w) => `${w}px`).join(' ');
  const total = widths.reduce((a, b) => a + b, 0);
  const virtual = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });

  return (
    <div className="grid-scroll" ref={scroller} tabIndex={0} role="region" aria-label={label}>
      <div role="table" aria-label={label} aria-rowcount={rows.length + 1} style={{ width: total, minWidth: '100%' }}>
        <div role="rowgroup" className="grid-head">
          <div role="row" className="grid-row" style={{ gridTemplateColumns: template }} aria-rowindex={1}>
            {columns.map((c) => (
              <div role="columnheader" key={c.name} className={`grid-cell head ${/int|double|real|decimal/.test(c.type) ? 'num' : ''}`} title={`${c.name} (${c.type})`}>
                <span className="col-name">{c.name}</span>
                <span className="col-type">{c.type}</span>
              </div>
            ))}
          </div>
        </div>
        <div role="rowgroup" style={{ height: virtual.getTotalSize(), position: 'relative' }}>
          {virtual.getVirtualItems().map((item) => {
            const row = rows[item.index]!;
            return (
              <div
                role="row"
                key={item.key}
                aria-rowindex={item.index + 2}
                className={`grid-row ${item.index % 2 ? 'odd' : ''}`}
                style={{ gridTemplateColumns: template, transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
              >
                {columns.map((c, i) => {
                  const cell = showCell(row[i], c.type);
                  const href = entityColumns[i] && cell.kind === 'text' ? cellTimelineHref(c.name, row[i], days) : undefined;
                  return (
                    <div role="cell" key={c.name} className={`grid-cell ${cell.kind} ${cell.align === 'right' ? 'num' : ''}`} title={cell.text.length > 40 ? cell.text : undefined}>
                      {cell.kind === 'empty' ? (
                        <span className="empty-mark" aria-label="empty string">''</span>
                      ) : href ? (
                        <Link href={href} className="entity-link" title={`Timeline of ${cell.text}`}>
                          {cell.text}
                        </Link>
                      ) : (
                        cell.text
                      )}
                    </div>
                  );
                })}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
