// Chart series of report cards: categories, gaps, ordering and the "other" series.
import { describe, expect, it } from 'vitest';
import { chartData, seriesColors } from '../../console/src/lib/chart-data';

describe('chart data', () => {
  it('aligns every series on one category axis, with gaps where a series has no point', () => {
    const d = chartData([
      { name: 'bob', points: [{ x: 'b', y: 2 }] },
      { name: 'alice', points: [{ x: 'a', y: 1 }, { x: 'c', y: 5 }] },
    ]);
    expect(d.categories).toEqual(['a', 'b', 'c']);
    expect(d.series).toEqual([
      { name: 'alice', values: [1, null, 5] },
      { name: 'bob', values: [null, 2, null] },
    ]);
  });

  it('fills the days of a date axis so a quiet day shows as a gap', () => {
    const d = chartData([{ name: 'u', points: [{ x: '2024-02-28', y: 1 }, { x: '2024-03-02', y: 2 }] }]);
    expect(d.categories).toEqual(['2024-02-28', '2024-02-29', '2024-03-01', '2024-03-02']);
    expect(d.series[0]!.values).toEqual([1, null, null, 2]);
  });

  it('keeps the largest series and sums the rest as "other"', () => {
    const series = Array.from({ length: 5 }, (_, i) => ({ name: `u${i}`, points: [{ x: 'd', y: i + 1 }] }));
    const d = chartData(series, 3);
    expect(d.series.map((s) => s.name)).toEqual(['u4', 'u3', 'other (3)']);
    expect(d.series[2]!.values).toEqual([1 + 2 + 3]);
    // Nothing is lost: the totals agree.
    const total = (xs: (number | null)[]) => xs.reduce<number>((a, v) => a + (v ?? 0), 0);
    expect(d.series.reduce((a, s) => a + total(s.values), 0)).toBe(15);
  });

  it('names an empty series value', () => {
    expect(chartData([{ name: '', points: [{ x: 'a', y: 1 }] }]).series[0]!.name).toBe('(empty)');
  });

  it('is empty for no series', () => {
    expect(chartData([])).toEqual({ categories: [], series: [] });
  });
});

describe('series colours', () => {
  it('gives a name the same colour on every chart and two series of one chart different colours', () => {
    const a = seriesColors(['bob', 'alice', 'erin'], 12);
    const b = seriesColors(['erin', 'bob'], 12);
    expect(b).toEqual([a[2], a[0]]);
    const many = seriesColors(Array.from({ length: 12 }, (_, i) => `user${i}`), 12);
    expect(new Set(many).size).toBe(12);
  });
});
