// Functions the differential test leaves out of `npm test` because Trino and the embedded engine
// still answer them differently, each with the difference. The benchmark runs them anyway and
// counts the differences. Remove an entry once the Trino -> DuckDB translation is fixed; the test
// then checks it again.
// None today: every difference the test found is fixed (test/sql/trino-differences.test.ts).
export const DIFFERENTIAL_EXCLUDED: ReadonlyMap<string, string> = new Map([]);
