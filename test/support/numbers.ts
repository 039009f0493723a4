// Rows 1..n as `t(x)` in Trino SQL. `sequence` makes at most 10,000 entries (in Trino and so in the
// embedded engine), so larger counts cross two sequences.
export function numbersFrom(n: number): string {
  if (n <= 10_000) return `UNNEST(sequence(1, ${n})) AS t(x)`;
  const blocks = Math.ceil(n / 10_000) - 1;
  return `(SELECT hi.i * 10000 + lo.j AS x FROM UNNEST(sequence(0, ${blocks})) AS hi(i), UNNEST(sequence(1, 10000)) AS lo(j) WHERE hi.i * 10000 + lo.j <= ${n}) AS t(x)`;
}
