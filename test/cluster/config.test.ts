// The `cluster:` section and what a replica deployment needs, validated at the edge with errors that
// name the key; and the example Kubernetes manifest, whose config must validate as shipped.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAllDocuments, parse as parseYaml } from 'yaml';
import { parseAthenaConfig } from '../../src/athena/config';
import { parseAuthConfig } from '../../src/auth/config';
import { parseClusterConfig } from '../../src/cluster/config';
import { checkClusterDeployment } from '../../src/cluster/deployment';
import { parseCoreConfig } from '../../src/config';
import { parseReportsConfig } from '../../src/reports/config';
import { parseServerConfig } from '../../src/server/config';

const dir = mkdtempSync(join(tmpdir(), 'amctl-cluster-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const KEY = 'k'.repeat(48);
const keyFile = join(dir, 'key');
writeFileSync(keyFile, `${KEY}\n`);

const athena = {
  engine: 'athena',
  teleport: { storage: { audit_events_uri: 'athena://db.tbl?region=eu-central-1&queryResultsS3=s3://res/q' } },
  auth_service: { access_monitoring: { enabled: true, role_arn: 'arn:aws:iam::123456789012:role/R', report_results: 's3://long/reports' } },
  store: { location: 's3://long/queries' },
};
const core = (raw: Record<string, unknown>) => parseCoreConfig(raw, { cwd: dir, dataDir: join(dir, 'data'), file: join(dir, 'amctl.yaml') });

describe('cluster config', () => {
  it('is off with nothing set: a single gateway, as before', () => {
    expect(parseClusterConfig(core({}))).toBeUndefined();
    expect(parseClusterConfig(core({ cluster: null }))).toBeUndefined();
    expect(checkClusterDeployment(core(athena))).toBeUndefined();
  });

  it('reads the key from a file (relative to the config) or inline, and the state location', () => {
    const c = parseClusterConfig(core({ ...athena, cluster: { shared_key_file: 'key', state: 's3://long/cluster/' } }))!;
    expect(c.sharedKey.toString()).toBe(KEY);
    expect(c.state).toEqual({ bucket: 'long', prefix: 'cluster', uri: 's3://long/cluster' });
    expect(c.pollIntervalMs).toBe(2000);
    const inline = parseClusterConfig(core({ ...athena, cluster: { shared_key: KEY, state: 's3://long', poll_interval_ms: 500 } }))!;
    expect(inline.state.prefix).toBe('');
    expect(inline.pollIntervalMs).toBe(500);
  });

  const cases: Array<[string, Record<string, unknown>, RegExp]> = [
    ['embedded engine', { cluster: { shared_key: KEY, state: 's3://long/c' } }, /replicas need engine: athena; the embedded engine is single-node/],
    ['short key', { ...athena, cluster: { shared_key: 'short', state: 's3://long/c' } }, /cluster\.shared_key must be at least 32 characters/],
    ['two keys', { ...athena, cluster: { shared_key: KEY, shared_key_file: 'key', state: 's3://long/c' } }, /cluster\.shared_key and cluster\.shared_key_file are both set/],
    ['missing key file', { ...athena, cluster: { shared_key_file: 'nope', state: 's3://long/c' } }, /cluster\.shared_key_file .*nope cannot be read: ENOENT/],
    ['state without key', { ...athena, cluster: { state: 's3://long/c' } }, /cluster\.state is set but no key is/],
    ['key without state', { ...athena, cluster: { shared_key: KEY } }, /cluster\.state is not/],
    ['bad state', { ...athena, cluster: { shared_key: KEY, state: '/var/lib/state' } }, /cluster\.state must look like s3:\/\/bucket\/prefix/],
    ['unknown key', { ...athena, cluster: { shared_key: KEY, state: 's3://long/c', sharedkey: 1 } }, /cluster\.sharedkey is not a setting/],
    ['poll too fast', { ...athena, cluster: { shared_key: KEY, state: 's3://long/c', poll_interval_ms: 5 } }, /cluster\.poll_interval_ms must be a whole number >= 100/],
    ['not a mapping', { ...athena, cluster: 'yes' }, /cluster must be a mapping/],
  ];
  for (const [what, raw, error] of cases) {
    it(`refuses: ${what}`, () => {
      expect(() => checkClusterDeployment(core(raw))).toThrow(error);
    });
  }

  it('needs report results and saved queries on S3, naming the keys', () => {
    const cluster = { shared_key: KEY, state: 's3://long/c' };
    const localReports = { ...athena, cluster, auth_service: { access_monitoring: { ...athena.auth_service.access_monitoring, report_results: undefined } } };
    expect(() => checkClusterDeployment(core(localReports))).toThrow(/report_results \(or reports\.report_results\) to s3:\/\//);
    expect(() => checkClusterDeployment(core({ ...athena, cluster, store: undefined }))).toThrow(/set store\.location to s3:\/\//);
    expect(checkClusterDeployment(core({ ...athena, cluster }))).toBeDefined();
  });
});

describe('the example Kubernetes manifest', () => {
  const docs = parseAllDocuments(readFileSync(resolve(import.meta.dirname, '../../deploy/kubernetes/amctl.yaml'), 'utf8')).map((d) => d.toJS());
  const byKind = (kind: string) => docs.find((d) => d.kind === kind);

  it('parses, and its config validates as a replica of an Athena deployment', () => {
    expect(docs.map((d) => d.kind)).toEqual(['ServiceAccount', 'ConfigMap', 'Deployment', 'Service', 'PodDisruptionBudget']);
    const raw = parseYaml(byKind('ConfigMap').data['amctl.yaml']) as Record<string, unknown>;
    // The key comes from the Secret mounted in the pod; here a file stands in for it.
    const cluster = raw.cluster as Record<string, unknown>;
    expect(cluster.shared_key_file).toBe('/etc/amctl/cluster/key');
    const config = core({ ...raw, cluster: { ...cluster, shared_key_file: keyFile } });
    const c = checkClusterDeployment(config)!;
    expect(c.state.uri).toBe('s3://audit-long-term/amctl_cluster');
    expect(parseAthenaConfig(config.raw, config.dataDir).budget.userBytes).toBe(1e12);
    expect(parseAuthConfig(config).jwksUrl).toMatch(/^https:/);
    expect(parseReportsConfig(config).reportResults).toBe('s3://audit-long-term/report_results');
    expect(parseServerConfig(config).listen).toEqual({ host: '0.0.0.0', port: 8080 });
  });

  it('runs several replicas with probes on the health endpoints and the key mounted where the config reads it', () => {
    const deployment = byKind('Deployment');
    expect(deployment.spec.replicas).toBeGreaterThanOrEqual(2);
    const pod = deployment.spec.template.spec;
    const container = pod.containers[0];
    expect(container.args).toEqual(['serve', '--config', '/etc/amctl/amctl.yaml']);
    expect(container.ports[0].containerPort).toBe(8080);
    expect(container.livenessProbe.httpGet.path).toBe('/healthz');
    expect(container.readinessProbe.httpGet.path).toBe('/readyz');
    const mounts = Object.fromEntries(container.volumeMounts.map((m: { name: string; mountPath: string }) => [m.name, m.mountPath]));
    expect(mounts['cluster-key']).toBe('/etc/amctl/cluster');
    expect(mounts.config).toBe('/etc/amctl/amctl.yaml');
    expect(pod.volumes.find((v: { name: string }) => v.name === 'cluster-key').secret.secretName).toBe('amctl-cluster-key');
    expect(byKind('Service').spec.sessionAffinity ?? 'None').toBe('None');
    expect(byKind('Service').spec.selector).toEqual(deployment.spec.selector.matchLabels);
  });
});
