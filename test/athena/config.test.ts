import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { parseAthenaConfig, parseAthenaUri, parseByteSize } from '../../src/athena/config';

const DATA_DIR = '/var/lib/amctl';

/** teleport.yaml as the Teleport docs show it, plus our own optional athena: section. */
function doc(yaml: string): Record<string, unknown> {
  return parseYaml(yaml) as Record<string, unknown>;
}

const TELEPORT_YAML = `
teleport:
  storage:
    type: dynamodb
    audit_events_uri:
      - 'athena://audit_db.audit_table?region=eu-central-1&queryResultsS3=s3://audit-transient/results&workgroup=wg_from_uri&topicArn=arn:aws:sns:eu-central-1:123456789012:audit&largeEventsS3=s3://audit-long-term/large'
auth_service:
  access_monitoring:
    enabled: true
    role_arn: arn:aws:iam::123456789012:role/AccessMonitoringRole
    report_results: s3://audit-long-term/report_results
    workgroup: access_monitoring_workgroup
`;

describe('parseAthenaConfig', () => {
  it('reads the Teleport blocks: table and region from the URI, workgroup from access_monitoring', () => {
    const c = parseAthenaConfig(doc(TELEPORT_YAML), DATA_DIR);
    expect(c).toMatchObject({
      enabled: true,
      roleArn: 'arn:aws:iam::123456789012:role/AccessMonitoringRole',
      database: 'audit_db',
      table: 'audit_table',
      region: 'eu-central-1',
      queryResults: 's3://audit-transient/results/',
      reportResults: 's3://audit-long-term/report_results/',
      workgroup: 'access_monitoring_workgroup',
      concurrency: 10,
      ledgerFile: '/var/lib/amctl/athena/scanned-bytes.jsonl',
    });
    expect(c.resultReuseMaxAgeMinutes).toBeUndefined();
    expect(c.budget).toEqual({ userBytes: undefined, roleBytes: undefined, windowDays: 30 });
    expect(c.endpoints).toEqual({ athena: undefined, s3: undefined, sts: undefined });
    expect(c.s3ForcePathStyle).toBe(false);
  });

  it('takes the workgroup from the URI, then "primary", when access_monitoring has none', () => {
    const noWg = TELEPORT_YAML.replace('    workgroup: access_monitoring_workgroup\n', '');
    expect(parseAthenaConfig(doc(noWg), DATA_DIR).workgroup).toBe('wg_from_uri');
    const neither = noWg.replace('&workgroup=wg_from_uri', '');
    expect(parseAthenaConfig(doc(neither), DATA_DIR).workgroup).toBe('primary');
  });

  it('accepts audit_events_uri as a single string, and at the top level', () => {
    const single = doc(`
audit_events_uri: athena://db1.t1?region=us-east-1&queryResultsS3=s3://bucket-a/prefix/
auth_service:
  access_monitoring: { enabled: true, role_arn: 'arn:aws:iam::123456789012:role/R' }
`);
    expect(parseAthenaConfig(single, DATA_DIR)).toMatchObject({ database: 'db1', table: 't1', region: 'us-east-1', queryResults: 's3://bucket-a/prefix/' });
  });

  it('lets access_monitoring database, table and query_results override the URI; data_limit as a size', () => {
    const y = TELEPORT_YAML.replace(
      '    workgroup: access_monitoring_workgroup\n',
      '    workgroup: access_monitoring_workgroup\n    database: other_db\n    table: other_table\n    query_results: s3://other-bucket/q\n    data_limit: 2GB\n',
    );
    expect(parseAthenaConfig(doc(y), DATA_DIR)).toMatchObject({
      database: 'other_db',
      table: 'other_table',
      queryResults: 's3://other-bucket/q/',
      dataLimitBytes: 2_000_000_000,
    });
  });

  it('reads our athena: section (endpoints, polling, concurrency, reuse, timeout, budget, encryption)', () => {
    const y =
      TELEPORT_YAML +
      `
athena:
  endpoints: { athena: 'http://127.0.0.1:4000', s3: 'http://127.0.0.1:5000/', sts: 'http://127.0.0.1:5000' }
  polling: { initial_ms: 100, factor: 2, max_ms: 3000 }
  concurrency: 4
  result_reuse_max_age_minutes: 60
  query_timeout_ms: 120000
  budget: { per_user: 10GiB, per_role: 1TB }
  result_encryption: { option: SSE_KMS, kms_key: 'arn:aws:kms:eu-central-1:123456789012:key/abc' }
`;
    const c = parseAthenaConfig(doc(y), DATA_DIR);
    expect(c.endpoints).toEqual({ athena: 'http://127.0.0.1:4000', s3: 'http://127.0.0.1:5000', sts: 'http://127.0.0.1:5000' });
    expect(c.s3ForcePathStyle).toBe(true);
    expect(c.polling).toEqual({ initialMs: 100, factor: 2, maxMs: 3000 });
    expect(c.concurrency).toBe(4);
    expect(c.resultReuseMaxAgeMinutes).toBe(60);
    expect(c.queryTimeoutMs).toBe(120_000);
    expect(c.budget).toEqual({ userBytes: 10 * 1024 ** 3, roleBytes: 1e12, windowDays: 30 });
    expect(c.encryption).toEqual({ option: 'SSE_KMS', kmsKey: 'arn:aws:kms:eu-central-1:123456789012:key/abc' });
  });

  // Each missing or malformed value: the message names the key and says what to do.
  const cases: Array<[string, (y: string) => string, RegExp]> = [
    ['no access_monitoring block', (y) => y.replace(/auth_service:[\s\S]*$/, ''), /needs auth_service\.access_monitoring/],
    ['access_monitoring not a mapping', (y) => y.replace(/auth_service:[\s\S]*$/, 'auth_service:\n  access_monitoring: yes\n'), /auth_service\.access_monitoring must be a mapping/],
    ['enabled false', (y) => y.replace('enabled: true', 'enabled: false'), /enabled must be true/],
    ['enabled not a boolean', (y) => y.replace('enabled: true', 'enabled: "maybe"'), /enabled must be true or false/],
    ['role_arn missing', (y) => y.replace(/ {4}role_arn: .*\n/, ''), /role_arn is required/],
    ['role_arn malformed', (y) => y.replace('arn:aws:iam::123456789012:role/AccessMonitoringRole', 'AccessMonitoringRole'), /role_arn must be an IAM role ARN/],
    ['no athena URI', (y) => y.replace(/ {6}- 'athena:\/\/.*\n/, "      - 'dynamodb://events'\n"), /Athena audit table is not configured/],
    ['URI without table', (y) => y.replace('audit_db.audit_table', 'audit_db'), /must name the Glue database and table/],
    ['URI not a URI', (y) => y.replace(/'athena:\/\/.*'/, "'athena://'"), /database and table|not a URI/],
    ['region missing', (y) => y.replace('region=eu-central-1&', ''), /region is not configured/],
    ['region malformed', (y) => y.replace('region=eu-central-1', 'region=Frankfurt'), /not a region name/],
    ['queryResultsS3 missing', (y) => y.replace('&queryResultsS3=s3://audit-transient/results', ''), /queryResultsS3=s3/],
    ['queryResultsS3 malformed', (y) => y.replace('queryResultsS3=s3://audit-transient/results', 'queryResultsS3=audit-transient'), /must be an S3 location/],
    ['report_results malformed', (y) => y.replace('s3://audit-long-term/report_results', '/local/dir'), /report_results must be an S3 location/],
    ['workgroup malformed', (y) => y.replace('access_monitoring_workgroup', 'bad workgroup!'), /workgroup "bad workgroup!"/],
    ['two athena URIs', (y) => y.replace(/( {6}- 'athena:\/\/.*\n)/, '$1$1'), /more than one athena:\/\/ URI/],
    ['audit_events_uri item not a string', (y) => y.replace(/ {6}- 'athena:\/\/.*\n/, '      - 42\n'), /audit_events_uri\[0\] must be a URI string/],
    ['data_limit malformed', (y) => y.replace('    workgroup: access', '    data_limit: lots\n    workgroup: access'), /data_limit must be a size/],
    ['concurrency zero', (y) => `${y}athena: { concurrency: 0 }\n`, /athena\.concurrency must be a whole number >= 1/],
    ['endpoint with a path', (y) => `${y}athena: { endpoints: { athena: 'http://x/y' } }\n`, /athena\.endpoints\.athena must be an http\(s\) URL/],
    ['polling max below initial', (y) => `${y}athena: { polling: { initial_ms: 500, max_ms: 100 } }\n`, /max_ms must be >= /],
    ['reuse over 7 days', (y) => `${y}athena: { result_reuse_max_age_minutes: 20000 }\n`, /at most 10080/],
    ['budget malformed', (y) => `${y}athena: { budget: { per_user: -5 } }\n`, /athena\.budget\.per_user must be a size/],
    ['SSE_KMS without a key', (y) => `${y}athena: { result_encryption: { option: SSE_KMS } }\n`, /kms_key is required with SSE_KMS/],
    ['unknown encryption', (y) => `${y}athena: { result_encryption: { option: AES } }\n`, /must be SSE_S3, SSE_KMS or CSE_KMS/],
    ['credential duration over 12 h', (y) => `${y}athena: { credential_duration_seconds: 50000 }\n`, /at most 43200/],
  ];
  for (const [what, edit, message] of cases) {
    it(`refuses: ${what}`, () => {
      const text = edit(TELEPORT_YAML);
      expect(text).not.toBe(TELEPORT_YAML);
      expect(() => parseAthenaConfig(doc(text), DATA_DIR)).toThrow(message);
    });
  }
});

describe('parseAthenaUri', () => {
  it('reads database, table and query parameters', () => {
    expect(parseAthenaUri('athena://db.tbl?region=ap-southeast-2&queryResultsS3=s3://b/p&workgroup=wg')).toEqual({
      database: 'db',
      table: 'tbl',
      region: 'ap-southeast-2',
      queryResultsS3: 's3://b/p',
      workgroup: 'wg',
    });
  });
  it('refuses other schemes', () => {
    expect(() => parseAthenaUri('dynamodb://x.y')).toThrow(/not an athena:\/\/ URI/);
  });
  it('reads where Teleport writes the table\'s Parquet (locationS3), which the intake writes to on Athena', () => {
    expect(parseAthenaUri('athena://db.tbl?region=eu-central-1&locationS3=s3://audit-long-term/events').locationS3).toBe('s3://audit-long-term/events');
    const withLocation = TELEPORT_YAML.replace('&largeEventsS3=', '&locationS3=s3://audit-long-term/events&largeEventsS3=');
    expect(parseAthenaConfig(doc(withLocation), DATA_DIR).eventsLocation).toBe('s3://audit-long-term/events/');
    expect(parseAthenaConfig(doc(TELEPORT_YAML), DATA_DIR).eventsLocation).toBeUndefined();
    expect(() => parseAthenaConfig(doc(TELEPORT_YAML.replace('&largeEventsS3=', '&locationS3=audit-long-term&largeEventsS3=')), DATA_DIR)).toThrow(/locationS3 must be an S3 location/);
  });
});

describe('parseByteSize', () => {
  it('reads decimal and binary units and plain numbers', () => {
    expect(parseByteSize('1KB', 'x')).toBe(1000);
    expect(parseByteSize('1.5 MiB', 'x')).toBe(1.5 * 1024 * 1024);
    expect(parseByteSize(123, 'x')).toBe(123);
    expect(parseByteSize(undefined, 'x')).toBeUndefined();
    expect(() => parseByteSize('12 parsecs', 'the.key')).toThrow(/the\.key must be a size/);
  });
});
