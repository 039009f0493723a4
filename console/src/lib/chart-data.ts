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

/** Categories sorted (dates sort as text), series by their total, largest first; at most `maxSeries`, the rest summed as "other". */
export function chartData(series: SeriesIn[], maxSeries = 12): ChartData {
  const categories = [...new Set(series.flatMap((s) => s.points.map((p) => p.x)))].sort();
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
