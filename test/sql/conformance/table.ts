// The conformance table's shape. Each page file holds the examples of one page of Trino's documentation
// (trinodb/trino, docs/src/main/sphinx/...) whose result the page states: the statement, Trino's result as
// its CLI prints it, and the result type. Results were written down from the documentation by hand, never
// produced by the code under test.

export interface ConformanceCase {
  sql: string;
  /** The single result cell as Trino's CLI prints it (arrays `[1, 2]`, maps `{a=1}`, rows `{v1=123}`); null = SQL NULL. */
  value?: string | null;
  /** Several rows or columns: each cell's text (null = SQL NULL). */
  rows?: (string | null)[][];
  /** The result column type(s) as Trino reports them (varchar(n) is compared as varchar). */
  type?: string | string[];
  /** Trino fails the statement: with a message containing this text, or (true) with any message. */
  error?: string | true;
  /** The statement orders its rows (otherwise rows are compared as a multiset). */
  ordered?: boolean;
  /** Where the expectation deviates from the page's literal text, why. */
  note?: string;
  /**
   * Documented for a Trino release newer than the one the tests run (476, the newest on Maven Central
   * that runs on the machines' JDK): what is new. Real Trino is not asked to answer it.
   */
  newerTrino?: string;
}

export interface ConformancePage {
  /** The documentation page, relative to trinodb/trino. */
  source: string;
  cases: ConformanceCase[];
}

/** A one-cell result. */
export const v = (sql: string, value: string | null, type?: string, note?: string): ConformanceCase => ({ sql, value, type, note });

/** A result of several rows or columns. */
export const rows = (sql: string, cells: (string | null)[][], type?: string | string[], opts: { ordered?: boolean; note?: string } = {}): ConformanceCase => ({
  sql,
  rows: cells,
  type,
  ...opts,
});

/** Trino fails the statement. */
export const fails = (sql: string, message: string | true, note?: string): ConformanceCase => ({ sql, error: message, note });

/** Marks a case as documented for a newer Trino than the tests run (see ConformanceCase.newerTrino). */
export const newer = (what: string, c: ConformanceCase): ConformanceCase => ({ ...c, newerTrino: what });

/** Checked on real Trino: a day-to-second interval widens a time or timestamp to millisecond precision. */
export const INTERVAL_DS_NOTE = "Trino answers at least millisecond precision after adding a day-to-second interval; the page prints the literal's";

/** Timestamp literals without a fraction are timestamp(0) since Trino 341; some pages still print `.000`. */
export const PRECISION_NOTE = 'the page prints the pre-341 text (.000); a literal without fraction digits is timestamp(0)';
/** The pages' examples ran in America/Vancouver or New_York; the table states them in UTC, Athena's session zone. */
export const SESSION_ZONE_NOTE = 'stated for session time zone UTC (Athena), the page used another session zone';
