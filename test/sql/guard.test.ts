// The SQL guard: the hostile corpus is refused with the right reason, the legitimate Trino corpus (every
// documented query plus the dialect features users rely on) is accepted with the views it reads.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog';
import { SqlRejectedError } from '../../src/errors/engine-error';
import { checkQuery } from '../../src/sql';
import { HOSTILE_SQL } from '../support/hostile-sql';
import { documentedQueriesText } from '../support/documented-queries';

const catalog = loadCatalog();

function documentedQueries(): string[] {
  const text = documentedQueriesText();
  return text
    .replace(/--[^\n]*/g, '')
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** Legitimate Trino queries and the views each reads. */
const LEGIT: readonly { sql: string; views: string[] }[] = [
  { sql: 'SELECT 1', views: [] },
  { sql: 'SELECT count(*) FROM exec', views: ['exec'] },
  { sql: 'select * from EXEC', views: ['exec'] },
  { sql: 'SELECT * FROM "exec" AS e', views: ['exec'] },
  { sql: "SELECT CARDINALITY(access_requests), CONTAINS(kubernetes_groups, 'system:masters') FROM kube_request", views: ['kube_request'] },
  {
    sql: "SELECT from_iso8601_timestamp(identity_expires) - from_iso8601_timestamp(time) > INTERVAL '1' DAY FROM cert_create",
    views: ['cert_create'],
  },
  { sql: "SELECT json_extract_scalar('{\"a\":1}', '$.a'), json_extract('{}', '$[\"a.b\"]'), json_parse('[1]'), json_format(json_parse('{}')), json_array_length('[1]')", views: [] },
  { sql: "SELECT date_trunc('day', event_time), date_format(event_time, '%Y-%m-%d'), date_diff('day', event_time, now()), date_add('hour', 1, event_time) FROM exec", views: ['exec'] },
  { sql: 'SELECT approx_distinct(user), approx_percentile(1.0, 0.5) FROM exec', views: ['exec'] },
  { sql: "SELECT * FROM exec WHERE regexp_like(command, '^sudo') AND element_at(ARRAY[1, 2], -1) = 2", views: ['exec'] },
  { sql: "SELECT array_join(roles, ', ') FROM access_request_create", views: ['access_request_create'] },
  { sql: 'SELECT user, role FROM access_request_create CROSS JOIN UNNEST(roles) AS t(role)', views: ['access_request_create'] },
  { sql: 'SELECT r.user, role FROM access_request_create AS r, UNNEST(r.roles) AS t(role)', views: ['access_request_create'] },
  { sql: 'SELECT x, n FROM UNNEST(ARRAY[1, 2]) WITH ORDINALITY AS t(x, n)', views: [] },
  {
    sql: 'SELECT user, row_number() OVER (PARTITION BY user ORDER BY event_time DESC) AS rn, lag(event_time) OVER (ORDER BY event_time) FROM session_start',
    views: ['session_start'],
  },
  { sql: 'SELECT a.user FROM session_start a, session_join b WHERE a.sid = b.sid', views: ['session_join', 'session_start'] },
  { sql: 'SELECT a.user FROM session_start a LEFT JOIN session_join b ON a.sid = b.sid', views: ['session_join', 'session_start'] },
  { sql: 'SELECT 5 / 2, 5 % 2, -x FROM (VALUES (1)) AS t(x)', views: [] },
  {
    sql: 'WITH daily AS (SELECT event_date, count(*) AS n FROM exec GROUP BY 1), top AS (SELECT * FROM daily WHERE n > 1) SELECT * FROM top ORDER BY n DESC LIMIT 10',
    views: ['exec'],
  },
  { sql: 'SELECT * FROM (WITH x AS (SELECT user FROM exec) SELECT * FROM x) AS y', views: ['exec'] },
  { sql: 'SELECT user FROM exec UNION SELECT user FROM session_start INTERSECT SELECT user FROM exec', views: ['exec', 'session_start'] },
  { sql: 'SELECT user FROM exec WHERE EXISTS (SELECT 1 FROM session_start s WHERE s.user = exec.user)', views: ['exec', 'session_start'] },
  { sql: "SELECT CASE WHEN proto = 'ssh' THEN 'ssh' ELSE 'other' END, coalesce(login, '-'), nullif(login, ''), if(true, 1, 0), try(CAST(login AS integer)) FROM session_start", views: ['session_start'] },
  { sql: "SELECT CAST(json_extract(event_time_text, '$[\"a\"]') AS array(row(name varchar, n bigint))) FROM (SELECT '{}' AS event_time_text) t", views: [] },
  { sql: 'SELECT count(*) FILTER (WHERE with_mfa IS NULL), count_if(with_mfa IS NULL), max_by(user, event_time) FROM session_start', views: ['session_start'] },
  { sql: "SELECT lower(user) LIKE '%admin%', user NOT LIKE 'bot-%', substr(user, 1, 3), split_part(user, '@', 1), strpos(user, '@') FROM exec", views: ['exec'] },
  { sql: "SELECT url_extract_host('https://x.example.com/p'), year(event_time), day_of_week(event_time), EXTRACT(hour FROM event_time) FROM exec", views: ['exec'] },
  { sql: "SELECT event_time AT TIME ZONE 'UTC', current_date - INTERVAL '6' DAY, current_timestamp FROM exec", views: ['exec'] },
  { sql: "SELECT filter(ARRAY[1, 2], x -> x > 1), transform(ARRAY['a'], s -> upper(s)), any_match(ARRAY[1], x -> x = 1)", views: [] },
  { sql: 'SELECT * FROM exec ORDER BY event_time DESC OFFSET 5 LIMIT 10', views: ['exec'] },
  { sql: 'SELECT * FROM exec FETCH FIRST 3 ROWS ONLY', views: ['exec'] },
  { sql: '/* why */ SELECT -- because\n 1', views: [] },
  { sql: 'SELECT 1;', views: [] },
  { sql: "SELECT 'DROP TABLE events; SELECT getenv(1)' AS harmless_text", views: [] },
];

describe('hostile SQL is refused before it reaches an engine', () => {
  it('has a corpus of at least 40 cases', () => {
    expect(HOSTILE_SQL.length).toBeGreaterThanOrEqual(40);
  });

  for (const c of HOSTILE_SQL) {
    it(`refuses: ${c.name}`, async () => {
      const err = await checkQuery(c.sql, catalog).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err, c.sql.slice(0, 200)).toBeInstanceOf(SqlRejectedError);
      expect((err as Error).message).toMatch(c.reason);
    });
  }
});

describe('legitimate Trino SQL is accepted', () => {
  const docs = documentedQueries();

  it('accepts all 15 documented queries, naming the views they read', async () => {
    expect(docs).toHaveLength(15);
    const views = [];
    for (const sql of docs) views.push((await checkQuery(sql, catalog)).views);
    expect(views).toEqual([
      ['exec'],
      ['cert_create'],
      ['cert_create'],
      ['cert_create'],
      ['access_request_create', 'access_request_review'],
      ['access_request_create', 'access_request_review'],
      ['db_session_start'],
      ['session_start'],
      ['kube_request'],
      ['db_session_start'],
      ['exec'],
      ['cert_create'],
      ['instance_join'],
      ['session_start'],
      ['kube_request'],
    ]);
  });

  for (const c of LEGIT) {
    it(`accepts: ${c.sql.slice(0, 90)}`, async () => {
      const checked = await checkQuery(c.sql, catalog);
      expect(checked.views).toEqual(c.views);
      expect(checked.sql).toBe(c.sql);
    });
  }

  it('a CTE may reuse the name of a table that is not a view, and later CTEs see earlier ones', async () => {
    const checked = await checkQuery('WITH events AS (SELECT user FROM exec), b AS (SELECT * FROM events) SELECT * FROM b', catalog);
    expect(checked.views).toEqual(['exec']);
  });

  it('a CTE is not visible outside the query that defines it', async () => {
    await expect(checkQuery('SELECT * FROM (WITH x AS (SELECT 1 AS a) SELECT * FROM x) AS y, x', catalog)).rejects.toThrow(
      /Table 'x' does not exist: it is not an audit view/,
    );
  });
});
