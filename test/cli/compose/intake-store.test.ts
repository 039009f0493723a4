// Where the intake keeps events, picked from the engine: the embedded engine's spool, or on Athena
// Parquet under the table's locationS3 with claims in intake.state (default <cluster.state>/intake);
// what is missing for that is refused with what to set.
import { afterAll, describe, expect, it } from 'vitest';
import { createIntakeStore } from '../../../src/cli/compose/intake-store';
import { tempDir, testConfig } from '../../support/engine';

const { dir, cleanup } = tempDir('amctl-intake-store-');
afterAll(() => cleanup());

const URI = 'athena://audit_db.audit_table?region=eu-central-1&queryResultsS3=s3://audit-transient/results';
function athena(uri: string, extra: Record<string, unknown> = {}) {
  return testConfig(dir, {
    engine: 'athena',
    teleport: { storage: { audit_events_uri: uri } },
    auth_service: { access_monitoring: { enabled: true, role_arn: 'arn:aws:iam::123456789012:role/AccessMonitoringRole', report_results: 's3://audit-long-term/report_results' } },
    ...extra,
  });
}

describe('the intake store for the engine', () => {
  it('is the spool (none handed in) on the embedded engine', () => {
    expect(createIntakeStore(testConfig(dir, { intake: { http: true } }))).toBeUndefined();
  });

  it('on Athena needs the table\'s locationS3', () => {
    expect(() => createIntakeStore(athena(URI, { intake: { http: true, state: 's3://audit-long-term/amctl_intake' } }))).toThrow(
      /audit_events_uri has no locationS3: add Teleport's locationS3=s3:\/\/bucket\/prefix/,
    );
  });

  it('on Athena needs somewhere to keep its claims: intake.state, else cluster.state', async () => {
    const uri = `${URI}&locationS3=s3://audit-long-term/events`;
    expect(() => createIntakeStore(athena(uri, { intake: { http: true } }))).toThrow(/set intake\.state to s3:\/\/bucket\/prefix \(or configure cluster\.state\)/);
    expect(() => createIntakeStore(athena(uri, { intake: { http: true, state: 'audit-long-term' } }))).toThrow(/intake\.state must be an S3 location/);
    const withState = createIntakeStore(athena(uri, { intake: { http: true, state: 's3://audit-long-term/amctl_intake' } }));
    expect(withState).toBeDefined();
    await withState!.close();
    const withCluster = createIntakeStore(
      athena(uri, { intake: { http: true }, cluster: { shared_key: 'k'.repeat(40), state: 's3://audit-long-term/amctl_cluster' } }),
    );
    expect(withCluster).toBeDefined();
    await withCluster!.close();
  });

  it('is refused on Trino', () => {
    expect(() => createIntakeStore(testConfig(dir, { engine: 'trino', trino: { server: 'http://127.0.0.1:8080', user: 'amctl' }, intake: { http: true } }))).toThrow(
      /needs the embedded or the Athena engine \(engine is trino\)/,
    );
  });
});
