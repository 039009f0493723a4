// Finding and validating the configuration: --config, then $AMCTL_CONFIG, then ./amctl.yaml.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseCoreConfig } from '../../src/config';
import { tempDir } from '../support/engine';

describe('configuration', () => {
  let dir: string;
  let cleanup: () => void;
  beforeAll(() => {
    ({ dir, cleanup } = tempDir());
    mkdirSync(join(dir, 'etc'));
    writeFileSync(join(dir, 'amctl.yaml'), 'data_dir: from-cwd\n');
    writeFileSync(join(dir, 'etc', 'env.yaml'), 'data_dir: from-env\nembedded:\n  audit_log: logs\n');
    writeFileSync(join(dir, 'etc', 'flag.yaml'), 'data_dir: from-flag\n');
  });
  afterAll(() => cleanup());

  it('takes --config first, then AMCTL_CONFIG, then ./amctl.yaml', () => {
    const env = { AMCTL_CONFIG: join(dir, 'etc', 'env.yaml') };
    expect(loadConfig({ cwd: dir, env, configFile: 'etc/flag.yaml' }).dataDir).toBe(join(dir, 'etc', 'from-flag'));
    expect(loadConfig({ cwd: dir, env }).dataDir).toBe(join(dir, 'etc', 'from-env'));
    expect(loadConfig({ cwd: dir, env: {} }).dataDir).toBe(join(dir, 'from-cwd'));
  });

  it('resolves paths in a file against the file, and --audit-log against the working directory', () => {
    const env = { AMCTL_CONFIG: join(dir, 'etc', 'env.yaml') };
    expect(loadConfig({ cwd: dir, env }).auditLog).toBe(join(dir, 'etc', 'logs'));
    expect(loadConfig({ cwd: dir, env, auditLog: 'here' }).auditLog).toBe(join(dir, 'here'));
  });

  it('has working defaults without any file', () => {
    const c = loadConfig({ cwd: join(dir, 'etc'), env: {} });
    expect(c.engine).toBe('embedded');
    expect(c.dataDir).toBe(join(dir, 'etc', '.amctl'));
    expect(c.limits).toEqual({
      queryTimeoutMs: 300_000,
      memoryLimit: '1GB',
      threads: 2,
      maxResultRows: 1_000_000,
      querySlots: 2,
      heavyQuerySlots: 1,
      heavyEstimatedRows: 100_000_000,
      // what 2 threads get through in 300 s at 1e9 rows per thread-second
      maxEstimatedRows: 2 * 300 * 1e9,
    });
    expect(c.budget).toEqual({ windowHours: 24 });
  });

  it('reads the engine-time budget as engine-seconds or a duration, and derives the cost bound from threads and timeout', () => {
    const at = (embedded: Record<string, unknown>) => parseCoreConfig({ embedded }, { cwd: dir });
    expect(at({ budget: { per_user: '2h', window_hours: 12 } }).budget).toEqual({ perUserSeconds: 7200, windowHours: 12 });
    expect(at({ budget: { per_user: 90 } }).budget.perUserSeconds).toBe(90);
    expect(at({ budget: { per_user: '15m' } }).budget.perUserSeconds).toBe(900);
    expect(at({ limits: { threads: 4, query_timeout_ms: 60_000 } }).limits).toMatchObject({ querySlots: 4, maxEstimatedRows: 4 * 60 * 1e9 });
  });

  it('names the key and what it should be for each bad value', () => {
    const bad = (yaml: string) => {
      writeFileSync(join(dir, 'bad.yaml'), yaml);
      return () => loadConfig({ cwd: dir, env: {}, configFile: 'bad.yaml' });
    };
    expect(bad('engine: bigquery\n')).toThrow(/engine must be "embedded", "athena" or "trino"/);
    expect(bad('embedded:\n  limits:\n    threads: 0\n')).toThrow(/embedded\.limits\.threads must be a whole number >= 1/);
    expect(bad('embedded:\n  limits:\n    memory: lots\n')).toThrow(/embedded\.limits\.memory must look like/);
    expect(bad('embedded: [1]\n')).toThrow(/embedded must be a mapping/);
    expect(bad('embedded:\n  limits:\n    heavy_query_slots: 0\n')).toThrow(/embedded\.limits\.heavy_query_slots must be a whole number >= 1/);
    expect(bad('embedded:\n  limits:\n    heavy_estimated_rows: 1000\n    max_estimated_rows: 10\n')).toThrow(
      /embedded\.limits\.heavy_estimated_rows \(1000\) must not exceed embedded\.limits\.max_estimated_rows \(10\)/,
    );
    expect(bad('embedded:\n  budget:\n    per_user: lots\n')).toThrow(/embedded\.budget\.per_user must be engine-seconds .* like "2h"/);
    expect(bad('embedded:\n  budget:\n    window_hours: 0\n')).toThrow(/embedded\.budget\.window_hours must be a whole number >= 1/);
    expect(bad('embedded:\n  parquet: [""]\n')).toThrow(/embedded\.parquet\[0\]/);
    expect(bad('key: [unclosed\n')).toThrow(/not valid YAML/);
    expect(bad('engine: bigquery\n')).toThrow(ConfigError);
  });

  it('says which setting named a missing file', () => {
    expect(() => loadConfig({ cwd: dir, env: {}, configFile: 'nope.yaml' })).toThrow(/from --config/);
    expect(() => loadConfig({ cwd: dir, env: { AMCTL_CONFIG: 'nope.yaml' } })).toThrow(/from AMCTL_CONFIG/);
  });
});
