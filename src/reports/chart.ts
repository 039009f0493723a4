// Chart-ready series from a query result and its chart hint: one series per value of the `series`
// column (e.g. per user), points (x, y) in row order, e.g. event_date x count.
import type { Cell, ColumnInfo, Row } from '../engine/types';
import type { ChartHint } from './definitions';

export interface ChartPoint {
  x: string;
  y: number;
}

export interface ChartSeries {
  name: string;
  points: ChartPoint[];
}

const text = (c: Cell) => (c === null ? '' : typeof c === 'object' ? JSON.stringify(c) : String(c));

/** Empty when the hint is missing or names columns the result does not have. */
export function chartSeries(hint: ChartHint | undefined, columns: ColumnInfo[], rows: Row[]): ChartSeries[] {
  if (!hint?.x || !hint.y) return [];
  const col = (name: string | undefined) => (name === undefined ? -1 : columns.findIndex((c) => c.name === name));
  const xi = col(hint.x);
  const yi = col(hint.y);
  const si = col(hint.series);
  if (xi < 0 || yi < 0 || (hint.series && si < 0)) return [];
  const byName = new Map<string, ChartPoint[]>();
  for (const r of rows) {
    const y = Number(r[yi]);
    if (r[yi] === null || Number.isNaN(y)) continue;
    const name = si >= 0 ? text(r[si]) : hint.y;
    let points = byName.get(name);
    if (!points) byName.set(name, (points = []));
    // Same x twice in one series (e.g. GROUP BY a column the chart ignores): add them up.
    const x = text(r[xi]);
    const last = points.find((p) => p.x === x);
    if (last) last.y += y;
    else points.push({ x, y });
  }
  return [...byName.entries()].map(([name, points]) => ({ name, points }));
}
