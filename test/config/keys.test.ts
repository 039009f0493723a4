// The configuration is checked whole: a key no subsystem declares, in the file or in an AMCTL_*
// variable, stops the start with the key, where it was set and the closest known key. The declared
// keys are checked against what the parsers really read, and against the configs the docs ship.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse as parseYaml, parseAllDocuments } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAthenaConfig } from '../../src/athena/config';
import { parseAuthConfig } from '../../src/auth/config';
import { CONFIG_KEYS } from '../../src/cli/compose/config-keys';
import { parseClusterConfig } from '../../src/cluster/config';
import { ConfigError, loadConfig, parseCoreConfig, type CoreConfig } from '../../src/config';
import { mergeConfigKeys, unknownKeys, type ConfigKeys } from '../../src/config/keys';
import { parseReportsConfig } from '../../src/reports/config';
import { parseFindingsConfig } from '../../src/reports/findings/config';
import { parseServerConfig } from '../../src/server/config';
import { parseApiConfig } from '../../src/server/v1/config';
import { loadTrustedDocuments } from '../../src/server/trusted-documents';
import { parseStoreConfig } from '../../src/store/config';
import { parseTrinoConfig } from '../../src/trino/config';
import { tempDir } from '../support/engine';

const ROOT = resolve(import.meta.dirname, '../..');

describe('unknown keys', () => {
  const check = (doc: Record<string, unknown>, sources?: Map<string, string>) => unknownKeys(doc, CONFIG_KEYS, { file: '/etc/amctl.yaml', sources });

  it('names a misspelt key, the file, and the key meant', () => {
    expect(check({ auth: { jwks_url: 'https://t.example.com/jwks', isuer: 'teleport.example.com' } })).toEqual([
      'auth.isuer: did you mean auth.issuer? (unknown key, in /etc/amctl.yaml)',
    ]);
  });

  it('points a key put at the wrong level to where it belongs', () => {
    expect(check({ audit_log: '/var/lib/teleport/log' })).toEqual(['audit_log: did you mean embedded.audit_log? (unknown key, in /etc/amctl.yaml)']);
    expect(check({ server: { jwks_url: 'x' } })).toEqual(['server.jwks_url: did you mean auth.jwks_url? (unknown key, in /etc/amctl.yaml)']);
  });

  it('checks every level, and lists the keys of the section when nothing is close', () => {
    expect(check({ embedded: { limits: { memroy: '2GB' } } })).toEqual(['embedded.limits.memroy: did you mean embedded.limits.memory? (unknown key, in /etc/amctl.yaml)']);
    expect(check({ store: { zzzzzzzz: 1 } })).toEqual(['store.zzzzzzzz: unknown key (in /etc/amctl.yaml); store takes location, s3_endpoint, s3_region']);
    expect(check({ qqqqqqqq: 1 })).toEqual(["qqqqqqqq: unknown top-level key (in /etc/amctl.yaml), neither amctl's nor a Teleport section"]);
  });

  it('names the variable that set a key', () => {
    expect(check({ auth: { isuer: 'x' } }, new Map([['auth.isuer', 'AMCTL_AUTH__ISUER']]))).toEqual([
      'auth.isuer: did you mean auth.issuer? (unknown key, set by AMCTL_AUTH__ISUER)',
    ]);
  });

  it("leaves Teleport's own sections, free-form mappings and scalar sections alone", () => {
    expect(
      check({
        version: 'v3',
        teleport: { nodename: 'auth-1', storage: { type: 'dynamodb', audit_events_uri: ['athena://a.b?region=eu-central-1'] } },
        auth_service: { enabled: true, cluster_name: 'x', access_monitoring: { enabled: true, role_arn: 'arn:aws:iam::1:role/R' } },
        proxy_service: { enabled: false },
        trino: { server: 'http://t:8080', session: { query_max_run_time: '10m', 'hive.x': 1 } },
        reports: { scheduler: false },
        embedded: { parquet: ['/a', '/b'] },
      }),
    ).toEqual([]);
  });

  it('refuses one key declared two ways by two subsystems, and merges their keys of one section', () => {
    expect(() => mergeConfigKeys({ api: { a: 'value' } }, { api: 'value' })).toThrow(/api is declared twice/);
    expect(mergeConfigKeys({ api: { a: 'value' } }, { api: { b: { c: 'value' } } })).toEqual({ api: { a: 'value', b: { c: 'value' } } });
  });
});

/** `doc` behind proxies that note every key path a parser reads. */
function recording(doc: Record<string, unknown>): { doc: Record<string, unknown>; read: Set<string> } {
  const read = new Set<string>();
  const wrap = (node: Record<string, unknown>, at: string): Record<string, unknown> =>
    new Proxy(node, {
      get(target, key, receiver) {
        const v = Reflect.get(target, key, receiver);
        if (typeof key !== 'string' || (key in Object.prototype && !Object.hasOwn(target, key))) return v;
        const path = at ? `${at}.${key}` : key;
        read.add(path);
        return v !== null && typeof v === 'object' && !Array.isArray(v) ? wrap(v as Record<string, unknown>, path) : v;
      },
    });
  return { doc: wrap(doc, ''), read };
}

/** Paths the declaration does not cover (a path inside a 'value' or 'teleport' key is covered). */
function undeclared(paths: Iterable<string>, keys: ConfigKeys): string[] {
  return [...paths].filter((p) => {
    let spec: ConfigKeys | string = keys;
    for (const part of p.split('.')) {
      if (typeof spec !== 'object') return false;
      spec = spec[part] as ConfigKeys | string;
      if (spec === undefined) return true;
    }
    return false;
  });
}

describe('the declared keys', () => {
  let dir: string;
  let cleanup: () => void;
  beforeAll(() => ({ dir, cleanup } = tempDir()));
  afterAll(() => cleanup());

  it('cover every key the parsers read', () => {
    writeFileSync(join(dir, 'cluster-key'), 'k'.repeat(48));
    const base = {
      engine: 'athena',
      embedded: { limits: {}, budget: {} },
      auth: {},
      server: {},
      api: {},
      store: {},
      reports: { scheduler: {}, s3: {}, webhooks: {} },
      access_monitoring: {},
      findings: {},
      cluster: { shared_key_file: join(dir, 'cluster-key'), state: 's3://bucket/state' },
      teleport: { storage: { audit_events_uri: 'athena://db.tbl?region=eu-central-1&queryResultsS3=s3://bucket/results' } },
      auth_service: { access_monitoring: { enabled: true, role_arn: 'arn:aws:iam::123456789012:role/AccessMonitoringRole' } },
      athena: { result_encryption: {}, endpoints: {}, polling: {}, throttle_retry: {}, budget: {} },
      trino: { server: 'https://trino.example.com:8443', catalog: 'c', schema: 's', table: 't', auth: { type: 'basic', user: 'u', password: 'p' }, tls: {}, session: {} },
    };
    const { doc, read } = recording(base);
    const core: CoreConfig = { ...parseCoreConfig(doc, { dataDir: dir, cwd: dir }), raw: doc };
    parseAuthConfig(core);
    parseServerConfig(core);
    parseApiConfig(core);
    loadTrustedDocuments(core);
    parseStoreConfig(core);
    parseReportsConfig(core);
    parseFindingsConfig(core);
    parseClusterConfig(core);
    parseAthenaConfig(doc, dir);
    parseTrinoConfig(doc, dir);
    // the recording works: it saw keys of every section
    for (const k of ['engine', 'embedded.limits.threads', 'embedded.budget.per_user', 'auth.issuer', 'server.listen', 'api.public_url', 'store.location', 'reports.keep_runs', 'findings.retention_days', 'cluster.state', 'athena.budget.per_user', 'trino.auth.password_file']) {
      expect(read, k).toContain(k);
    }
    expect(undeclared(['embedded.limits.threadz', 'teleport.anything', 'trino.session.x'], CONFIG_KEYS)).toEqual(['embedded.limits.threadz']);
    expect(undeclared(read, CONFIG_KEYS)).toEqual([]);
  });

  it("accept the configs the README and the Kubernetes manifest show", () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    // A block titled with a file name (a rule, overrides.yaml) is not the configuration.
    const blocks = [...readme.matchAll(/```ya?ml\n([\s\S]*?)```/g)].map((m) => m[1]!);
    expect(blocks.length).toBeGreaterThan(3);
    const manifests = parseAllDocuments(readFileSync(join(ROOT, 'deploy/kubernetes/amctl.yaml'), 'utf8')).map((d) => d.toJS() as { data?: Record<string, string> });
    const shipped = manifests.flatMap((m) => (m?.data?.['amctl.yaml'] ? [m.data['amctl.yaml']] : []));
    expect(shipped).toHaveLength(1);
    for (const text of [...blocks, ...shipped]) expect(unknownKeys(parseYaml(text) as Record<string, unknown>, CONFIG_KEYS), text).toEqual([]);
  });
});

describe('loadConfig with the declared keys', () => {
  let dir: string;
  let cleanup: () => void;
  beforeAll(() => ({ dir, cleanup } = tempDir()));
  afterAll(() => cleanup());

  it('refuses the file and the variables alike, all keys in one error', () => {
    const file = join(dir, 'amctl.yaml');
    writeFileSync(file, 'auth:\n  jwks_url: https://t.example.com/jwks\n  isuer: teleport.example.com\naudit_log: /x\n');
    expect(() => loadConfig({ configFile: file, cwd: dir, env: {}, keys: CONFIG_KEYS })).toThrow(
      new ConfigError(`auth.isuer: did you mean auth.issuer? (unknown key, in ${file}); audit_log: did you mean embedded.audit_log? (unknown key, in ${file})`),
    );
    mkdirSync(join(dir, 'none'));
    expect(() => loadConfig({ cwd: join(dir, 'none'), env: { AMCTL_SERVER__LISTN: ':9' }, keys: CONFIG_KEYS })).toThrow(/^server\.listn: did you mean server\.listen\? \(unknown key, set by AMCTL_SERVER__LISTN\)$/);
    // the test set-up's and the example scripts' variables are not configuration
    expect(() => loadConfig({ cwd: join(dir, 'none'), env: { AMCTL_TEST_TRINO_URL: 'http://x', AMCTL_URL: 'http://gw', AMCTL_LOG_LEVEL: 'warn' }, keys: CONFIG_KEYS })).not.toThrow();
  });
});

describe('a refused start', () => {
  let dir: string;
  let cleanup: () => void;
  beforeAll(() => {
    ({ dir, cleanup } = tempDir());
    mkdirSync(join(dir, 'log'));
  });
  afterAll(() => cleanup());

  const amctl = (args: string[], env: Record<string, string> = {}) =>
    spawnSync(join(ROOT, 'bin', 'amctl'), args, { cwd: dir, encoding: 'utf8', timeout: 60_000, env: { ...process.env, AMCTL_DEBUG: '', ...env } });

  it('exits non-zero with one line for a misspelt key, in the file or a variable', () => {
    writeFileSync(join(dir, 'typo.yaml'), `embedded:\n  audit_log: ${join(dir, 'log')}\nauth:\n  jwks_url: https://t.example.com/jwks\n  isuer: teleport.example.com\n`);
    const r = amctl(['--config', 'typo.yaml', '--data-dir', join(dir, 'd1'), 'serve', '--listen', '127.0.0.1:0']);
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([`amctl: error: auth.isuer: did you mean auth.issuer? (unknown key, in ${join(dir, 'typo.yaml')})`]);
    const e = amctl(['--data-dir', join(dir, 'd1'), '--audit-log', join(dir, 'log'), 'ingest'], { AMCTL_AUTH__ISUER: 'x' });
    expect(e.status).toBe(1);
    expect(e.stderr.trim()).toBe('amctl: error: auth.isuer: did you mean auth.issuer? (unknown key, set by AMCTL_AUTH__ISUER)');
  });

  it('exits non-zero with one line when no token keys are configured, before opening the engine', () => {
    const r = amctl(['--data-dir', join(dir, 'd2'), '--audit-log', join(dir, 'log'), 'serve', '--listen', '127.0.0.1:0']);
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^amctl: error: auth: no token keys configured; set auth\.jwks_url/)]);
    expect(r.stdout).not.toMatch(/opening the/);
  });
});
