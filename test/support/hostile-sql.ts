// SQL the guard must refuse, each with the reason its message must give. Shared by the guard's own test
// and by engine tests that check refusal end to end (nothing here may reach an engine).

export interface HostileCase {
  /** What the case tries. */
  name: string;
  sql: string;
  /** The refusal message must match this. */
  reason: RegExp;
}

const NOT_A_VIEW = /is not an audit view/;
const QUALIFIED = /without a schema or catalogue/;
const STATEMENT = /Only a single read-only SELECT statement/;
const SEVERAL = /Exactly one SELECT statement/;
const FUNCTION = /Function "[^"]+" is not allowed/;
const TABLE_FUNCTION = /Table function "[^"]+" is not allowed: only UNNEST/;

export const HOSTILE_SQL: readonly HostileCase[] = [
  // several statements, however they are hidden
  { name: 'stacked DROP', sql: 'SELECT 1; DROP TABLE x', reason: SEVERAL },
  { name: 'stacked SELECT', sql: 'SELECT * FROM exec; SELECT * FROM exec', reason: SEVERAL },
  { name: 'statement after a comment', sql: 'SELECT 1 /* comment */; DELETE FROM events', reason: SEVERAL },
  { name: 'statement after a line comment', sql: "SELECT 1 -- x\n; ATTACH '/tmp/x.db'", reason: SEVERAL },
  // statements that are not SELECT
  { name: 'DROP', sql: 'DROP TABLE events', reason: STATEMENT },
  { name: 'DELETE', sql: 'DELETE FROM events', reason: STATEMENT },
  { name: 'INSERT', sql: "INSERT INTO events VALUES ('x')", reason: STATEMENT },
  { name: 'UPDATE', sql: "UPDATE events SET user = 'x'", reason: STATEMENT },
  { name: 'CREATE TABLE AS', sql: 'CREATE TABLE t AS SELECT * FROM exec', reason: STATEMENT },
  { name: 'CREATE MACRO', sql: 'CREATE MACRO contains(a, b) AS true', reason: STATEMENT },
  { name: 'COPY TO file', sql: "COPY (SELECT 1) TO '/tmp/x'", reason: STATEMENT },
  { name: 'COPY FROM file', sql: "COPY events FROM '/etc/passwd'", reason: STATEMENT },
  { name: 'ATTACH', sql: "ATTACH '/etc/passwd'", reason: STATEMENT },
  { name: 'DETACH', sql: 'DETACH memory', reason: STATEMENT },
  { name: 'SET external access', sql: 'SET enable_external_access = true', reason: STATEMENT },
  { name: 'RESET', sql: 'RESET memory_limit', reason: STATEMENT },
  { name: 'PRAGMA', sql: 'PRAGMA database_list', reason: STATEMENT },
  { name: 'INSTALL', sql: 'INSTALL httpfs', reason: STATEMENT },
  { name: 'LOAD', sql: 'LOAD httpfs', reason: STATEMENT },
  { name: 'CALL', sql: 'CALL pragma_version()', reason: STATEMENT },
  { name: 'EXPORT DATABASE', sql: "EXPORT DATABASE '/tmp/dump'", reason: STATEMENT },
  { name: 'IMPORT DATABASE', sql: "IMPORT DATABASE '/tmp/dump'", reason: STATEMENT },
  { name: 'USE', sql: 'USE memory', reason: STATEMENT },
  { name: 'CHECKPOINT', sql: 'CHECKPOINT', reason: STATEMENT },
  { name: 'EXPLAIN ANALYZE', sql: 'EXPLAIN ANALYZE SELECT * FROM exec', reason: STATEMENT },
  { name: 'PIVOT statement', sql: 'PIVOT exec ON proto USING count(*)', reason: /PIVOT|Only a single/ },
  { name: 'lower-case, padded DROP', sql: '   drop\ttable\nevents  ', reason: STATEMENT },
  { name: 'VACUUM', sql: 'VACUUM', reason: STATEMENT },
  // relations that are not catalogue views
  { name: 'base table', sql: 'SELECT * FROM events', reason: NOT_A_VIEW },
  { name: 'quoted base table', sql: 'SELECT * FROM "events"', reason: NOT_A_VIEW },
  { name: 'upper-case quoted base table', sql: 'SELECT * FROM "EVENTS"', reason: NOT_A_VIEW },
  { name: 'schema-qualified base table', sql: 'SELECT * FROM main.events', reason: QUALIFIED },
  { name: 'catalog-qualified view', sql: 'SELECT * FROM memory.main.exec', reason: QUALIFIED },
  { name: 'schema-qualified view', sql: 'SELECT * FROM w7.exec', reason: QUALIFIED },
  { name: 'information_schema', sql: 'SELECT * FROM information_schema.tables', reason: QUALIFIED },
  { name: 'pg_catalog', sql: 'SELECT * FROM pg_catalog.pg_class', reason: QUALIFIED },
  { name: 'sqlite_master', sql: 'SELECT * FROM sqlite_master', reason: NOT_A_VIEW },
  { name: 'duckdb_tables view', sql: 'SELECT * FROM duckdb_tables', reason: NOT_A_VIEW },
  { name: 'replacement scan of a CSV file', sql: "SELECT * FROM 'file.csv'", reason: NOT_A_VIEW },
  { name: 'replacement scan of /etc/passwd', sql: 'SELECT * FROM "/etc/passwd"', reason: NOT_A_VIEW },
  { name: 'replacement scan of a parquet glob', sql: "SELECT * FROM 'data/**/*.parquet'", reason: NOT_A_VIEW },
  { name: 'FROM-first syntax on the base table', sql: 'FROM events', reason: NOT_A_VIEW },
  { name: 'base table in a subquery', sql: 'SELECT * FROM exec WHERE user IN (SELECT user FROM events)', reason: NOT_A_VIEW },
  { name: 'base table in EXISTS', sql: 'SELECT 1 WHERE EXISTS (SELECT 1 FROM events)', reason: NOT_A_VIEW },
  { name: 'base table in a scalar subquery', sql: 'SELECT (SELECT count(*) FROM events) AS n', reason: NOT_A_VIEW },
  { name: 'base table in a CTE', sql: 'WITH x AS (SELECT * FROM events) SELECT * FROM x', reason: NOT_A_VIEW },
  {
    name: 'CTE referring to itself to reach the base table',
    sql: 'WITH events AS (SELECT * FROM events) SELECT * FROM events',
    reason: NOT_A_VIEW,
  },
  {
    name: 'CTE used before it is defined',
    sql: 'WITH a AS (SELECT * FROM b), b AS (SELECT 1 AS x) SELECT * FROM a',
    reason: NOT_A_VIEW,
  },
  { name: 'nested CTE reaching the base table', sql: 'WITH a AS (WITH b AS (SELECT * FROM events) SELECT * FROM b) SELECT * FROM a', reason: NOT_A_VIEW },
  { name: 'CTE shadowing a view', sql: 'WITH exec AS (SELECT 1 AS x) SELECT * FROM exec', reason: /has the name of an audit view/ },
  { name: 'WITH RECURSIVE', sql: 'WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT * FROM r', reason: /RECURSIVE/ },
  { name: 'join to the base table', sql: 'SELECT * FROM exec JOIN events ON true', reason: NOT_A_VIEW },
  { name: 'union with the base table', sql: 'SELECT user FROM exec UNION ALL SELECT user FROM events', reason: NOT_A_VIEW },
  { name: 'lateral subquery over the base table', sql: 'SELECT * FROM exec, LATERAL (SELECT * FROM events WHERE events.user = exec.user) e', reason: NOT_A_VIEW },
  // table functions
  { name: 'read_csv', sql: "SELECT * FROM read_csv('/etc/passwd')", reason: TABLE_FUNCTION },
  { name: 'read_csv_auto', sql: "SELECT * FROM read_csv_auto('/etc/passwd')", reason: TABLE_FUNCTION },
  { name: 'read_json', sql: "SELECT * FROM read_json('/var/lib/teleport/log/*.log')", reason: TABLE_FUNCTION },
  { name: 'read_parquet', sql: "SELECT * FROM read_parquet('s3://bucket/x.parquet')", reason: TABLE_FUNCTION },
  { name: 'parquet_scan', sql: "SELECT * FROM parquet_scan('x.parquet')", reason: TABLE_FUNCTION },
  { name: 'read_text', sql: "SELECT * FROM read_text('/etc/shadow')", reason: TABLE_FUNCTION },
  { name: 'read_blob', sql: "SELECT * FROM read_blob('/etc/shadow')", reason: TABLE_FUNCTION },
  { name: 'glob', sql: "SELECT * FROM glob('/*')", reason: TABLE_FUNCTION },
  { name: 'query()', sql: "SELECT * FROM query('SELECT * FROM events')", reason: TABLE_FUNCTION },
  { name: 'query_table()', sql: "SELECT * FROM query_table('events')", reason: TABLE_FUNCTION },
  { name: 'range()', sql: 'SELECT * FROM range(1000000000)', reason: TABLE_FUNCTION },
  { name: 'duckdb_settings()', sql: 'SELECT * FROM duckdb_settings()', reason: TABLE_FUNCTION },
  { name: 'duckdb_secrets()', sql: 'SELECT * FROM duckdb_secrets()', reason: TABLE_FUNCTION },
  { name: 'pragma function', sql: 'SELECT * FROM pragma_database_list()', reason: TABLE_FUNCTION },
  { name: 'qualified unnest', sql: 'SELECT * FROM main.unnest([1])', reason: TABLE_FUNCTION },
  { name: 'table function in a subquery', sql: "SELECT * FROM exec WHERE command IN (SELECT * FROM read_csv('/etc/passwd'))", reason: TABLE_FUNCTION },
  // scalar functions outside the Trino allowlist
  { name: 'getenv', sql: "SELECT getenv('HOME')", reason: FUNCTION },
  { name: 'current_setting', sql: "SELECT current_setting('enable_external_access')", reason: FUNCTION },
  { name: 'upper-case GETENV', sql: "SELECT GETENV('AWS_SECRET_ACCESS_KEY') FROM exec", reason: FUNCTION },
  { name: 'quoted function name', sql: 'SELECT "getenv"(\'HOME\')', reason: FUNCTION },
  { name: 'schema-qualified function', sql: "SELECT main.getenv('HOME')", reason: FUNCTION },
  { name: 'system-schema function', sql: "SELECT system.main.getenv('HOME')", reason: /cannot be schema-qualified/ },
  { name: 'version()', sql: 'SELECT version()', reason: FUNCTION },
  { name: 'enable_profiling', sql: 'SELECT enable_profiling()', reason: FUNCTION },
  { name: 'read_text as a scalar in a subquery', sql: "SELECT (SELECT content FROM read_text('/etc/passwd'))", reason: TABLE_FUNCTION },
  { name: 'function hidden in a lambda', sql: "SELECT transform(ARRAY[1], x -> getenv('HOME'))", reason: FUNCTION },
  { name: 'function hidden in ORDER BY', sql: "SELECT * FROM exec ORDER BY getenv('HOME')", reason: FUNCTION },
  { name: 'function hidden in a window', sql: "SELECT row_number() OVER (ORDER BY current_setting('threads')) FROM exec", reason: FUNCTION },
  { name: 'function in a CASE', sql: "SELECT CASE WHEN true THEN getenv('HOME') END", reason: FUNCTION },
  { name: 'unicode look-alike is just an unknown function', sql: "SELECT getenv\u0430('HOME')", reason: FUNCTION },
  { name: 'method-call syntax', sql: "SELECT x.getenv() FROM (SELECT 'HOME' AS x) AS t", reason: /"x.getenv" is refused/ },
  { name: 'internal macro', sql: 'SELECT __am_contains(ARRAY[1], 1)', reason: FUNCTION },
  { name: 'function in an aggregate FILTER', sql: "SELECT count(*) FILTER (WHERE getenv('X') = '') FROM exec", reason: FUNCTION },
  { name: 'function in an aggregate ORDER BY', sql: "SELECT array_agg(user ORDER BY getenv('X')) FROM exec", reason: FUNCTION },
  { name: 'function in GROUP BY', sql: "SELECT count(*) FROM exec GROUP BY current_setting('threads')", reason: FUNCTION },
  { name: 'function in HAVING', sql: "SELECT count(*) FROM exec HAVING getenv('X') IS NULL", reason: FUNCTION },
  { name: 'function in a join condition', sql: "SELECT 1 FROM exec a JOIN exec b ON getenv('X') = a.user", reason: FUNCTION },
  { name: 'function in LIMIT', sql: "SELECT * FROM exec LIMIT length(getenv('HOME'))", reason: FUNCTION },
  { name: 'function in VALUES', sql: "SELECT * FROM (VALUES (getenv('HOME'))) AS t(x)", reason: FUNCTION },
  { name: 'DuckDB system function', sql: 'SELECT * FROM exec WHERE pg_typeof(user) IS NOT NULL', reason: FUNCTION },
  { name: 'base table through JOIN USING', sql: 'SELECT * FROM exec JOIN "events" USING (uid)', reason: NOT_A_VIEW },
  { name: 'base table in a CTE of a subquery in WHERE', sql: 'SELECT * FROM exec WHERE user IN (WITH e AS (SELECT * FROM events) SELECT user FROM e)', reason: NOT_A_VIEW },
  { name: 'session user', sql: 'SELECT current_user', reason: /current_user is not available/ },
  { name: 'session_user', sql: 'SELECT session_user FROM exec', reason: /session_user is not available/ },
  // DuckDB-only clauses
  { name: 'TABLESAMPLE', sql: 'SELECT * FROM exec TABLESAMPLE 10%', reason: /SAMPLE/ },
  { name: 'USING SAMPLE', sql: 'SELECT * FROM exec USING SAMPLE 10', reason: /SAMPLE/ },
  { name: 'PIVOT in FROM', sql: 'SELECT * FROM (PIVOT exec ON proto USING count(*))', reason: /PIVOT/ },
  { name: 'DESCRIBE in FROM', sql: 'SELECT * FROM (DESCRIBE exec)', reason: /SHOW \/ DESCRIBE/ },
  { name: 'SHOW TABLES', sql: 'SHOW TABLES', reason: /SHOW \/ DESCRIBE/ },
  { name: 'SUMMARIZE', sql: 'SUMMARIZE exec', reason: /SHOW \/ DESCRIBE|Only a single/ },
  { name: 'prepared-statement parameter', sql: 'SELECT * FROM exec WHERE user = $1', reason: /parameters/ },
  { name: 'COLUMNS(*)', sql: "SELECT COLUMNS('.*') FROM exec", reason: /COLUMNS/ },
  { name: 'QUALIFY', sql: 'SELECT * FROM exec QUALIFY row_number() OVER () = 1', reason: /QUALIFY/ },
  // size and nesting
  { name: 'oversized text', sql: `SELECT 1 ${' '.repeat(101 * 1024)}`, reason: /too long/ },
  { name: 'absurd nesting', sql: `SELECT ${'('.repeat(500)}1${')'.repeat(500)}`, reason: /nested too deeply/ },
  { name: 'empty text', sql: '   ', reason: /empty/ },
  { name: 'syntax error', sql: 'SELEC * FROM exec', reason: /syntax error/ },
];
