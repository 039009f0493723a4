// Pivots from a timeline's logins and roles, which are no timeline entity of their own: the query
// editor with SQL over every event (`audit_events`) that used that login or carried that role, with
// the user and host columns the results grid links to their timelines.
const str = (s: string) => `'${s.replace(/'/g, "''")}'`;

export function loginSql(login: string): string {
  return [
    `SELECT event_time, event_type, "user", json_extract_scalar(event_data, '$.server_hostname') AS server_hostname,`,
    `  json_extract_scalar(event_data, '$["addr.remote"]') AS addr_remote`,
    'FROM audit_events',
    `WHERE json_extract_scalar(event_data, '$.login') = ${str(login)}`,
    'ORDER BY event_time DESC',
    'LIMIT 1000',
  ].join('\n');
}

export function roleSql(role: string): string {
  return [
    'SELECT event_time, event_type, "user"',
    'FROM audit_events',
    `WHERE json_array_contains(json_extract(event_data, '$.roles'), ${str(role)})`,
    'ORDER BY event_time DESC',
    'LIMIT 1000',
  ].join('\n');
}

export function queryHref(sql: string, days: number): string {
  return `/query?${new URLSearchParams({ sql, days: String(days) })}`;
}
