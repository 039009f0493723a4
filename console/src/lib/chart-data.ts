// A report query's chart series (one per user, points x -> y) as the chart draws them: one category
// axis holding every x of every series in order, and per series a value (or a gap) at each category.

export interface SeriesIn {
  name: string;
  points: { x: string; y: number }[];
}

export interface ChartData {
  categories: string[];
  series: { name: string; values: (number | null)[] }[];
}

/** Categories sorted (dates sort as text; a date axis gets every day of its range), series by their total, largest first; at most `maxSeries`, the rest summed as "other". */
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Every day from the first to the last (a day without rows is a gap in the chart, not left out). */
function fillDays(days: string[]): string[] {
  const first = Date.parse(`${days[0]}T00:00:00Z`);
  const last = Date.parse(`${days[days.length - 1]}T00:00:00Z`);
  if (!Number.isFinite(first) || !Number.isFinite(last) || last - first > 400 * 86_400_000) return days;
  const out: string[] = [];
  for (let t = first; t <= last; t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

export function chartData(series: SeriesIn[], maxSeries = 12): ChartData {
  const xs = [...new Set(series.flatMap((s) => s.points.map((p) => p.x)))].sort();
  const categories = xs.length > 1 && xs.every((x) => DAY.test(x)) ? fillDays(xs) : xs;
  const index = new Map(categories.map((c, i) => [c, i]));
  const total = (s: SeriesIn) => s.points.reduce((a, p) => a + p.y, 0);
  const ordered = [...series].sort((a, b) => total(b) - total(a) || a.name.localeCompare(b.name));
  const keep = ordered.length > maxSeries ? ordered.slice(0, maxSeries - 1) : ordered;
  const rest = ordered.slice(keep.length);
  const values = (points: SeriesIn['points']) => {
    const v: (number | null)[] = categories.map(() => null);
    for (const p of points) {
      const i = index.get(p.x)!;
      v[i] = (v[i] ?? 0) + p.y;
    }
    return v;
  };
  const out = keep.map((s) => ({ name: s.name === '' ? '(empty)' : s.name, values: values(s.points) }));
  if (rest.length) out.push({ name: `other (${rest.length})`, values: values(rest.flatMap((s) => s.points)) });
  return { categories, series: out };
}

/**
 * A colour index per series name, the same for a name on every chart (bob is one colour on every card),
 * never shared by two series of one chart while the palette lasts.
 */
export function seriesColors(names: string[], paletteSize: number): number[] {
  const used = new Set<number>();
  return names.map((name) => {
    let h = 0;
    for (const ch of name) h = (h * 31 + ch.codePointAt(0)!) >>> 0;
    let i = h % paletteSize;
    for (let k = 0; k < paletteSize && used.has(i); k++) i = (i + 1) % paletteSize;
    used.add(i);
    return i;
  });
}
