// Configuration from the environment (container deployments): AMCTL_DATA_DIR, AMCTL_AUDIT_LOG,
// AMCTL_LISTEN and AMCTL_<SECTION>__<KEY> for every other key; order flag > env > file > default.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config';
import { parseServerConfig } from '../../src/server/config';
import { tempDir } from '../support/engine';

const ROOT = resolve(import.meta.dirname, '../..');

describe('configuration from the environment', () => {
  let dir: string;
  let cleanup: () => void;
  beforeAll(() => {
    ({ dir, cleanup } = tempDir());
    mkdirSync(join(dir, 'etc'));
    writeFileSync(join(dir, 'etc', 'amctl.yaml'), 'data_dir: from-file\nserver:\n  listen: 127.0.0.1:7000\n  max_body_bytes: 4096\nembedded:\n  audit_log: file-logs\n');
  });
  afterAll(() => cleanup());

  const file = () => join(dir, 'etc', 'amctl.yaml');

  it('reads AMCTL_DATA_DIR, AMCTL_AUDIT_LOG and AMCTL_LISTEN, relative paths against the working directory', () => {
    const env = { AMCTL_DATA_DIR: 'state', AMCTL_AUDIT_LOG: '/var/lib/teleport/log', AMCTL_LISTEN: '0.0.0.0:9000' };
    const c = loadConfig({ cwd: dir, env });
    expect(c.dataDir).toBe(join(dir, 'state'));
    expect(c.auditLog).toBe('/var/lib/teleport/log');
    expect(parseServerConfig(c).listen).toEqual({ host: '0.0.0.0', port: 9000 });
    expect(parseServerConfig(loadConfig({ cwd: dir, env: { AMCTL_LISTEN: '9001' } })).listen.port).toBe(9001);
  });

  it('takes flag > env > file > default', () => {
    const env = { AMCTL_DATA_DIR: '/srv/env-data' };
    expect(loadConfig({ cwd: dir, env, configFile: file(), dataDir: '/srv/flag-data' }).dataDir).toBe('/srv/flag-data');
    expect(loadConfig({ cwd: dir, env, configFile: file() }).dataDir).toBe('/srv/env-data');
    expect(loadConfig({ cwd: dir, env: {}, configFile: file() }).dataDir).toBe(join(dir, 'etc', 'from-file'));
    expect(loadConfig({ cwd: join(dir, 'etc', '..'), env: {} }).dataDir).toBe(join(dir, '.amctl'));
    // The same order for the audit log (--audit-log is the flag).
    const logEnv = { AMCTL_AUDIT_LOG: '/env/log' };
    expect(loadConfig({ cwd: dir, env: logEnv, configFile: file(), auditLog: '/flag/log' }).auditLog).toBe('/flag/log');
    expect(loadConfig({ cwd: dir, env: logEnv, configFile: file() }).auditLog).toBe('/env/log');
    expect(loadConfig({ cwd: dir, env: {}, configFile: file() }).auditLog).toBe(join(dir, 'etc', 'file-logs'));
  });

  it('sets any key as AMCTL_<SECTION>__<KEY>, typed as in the file, over the file and beside its other keys', () => {
    const env = {
      AMCTL_SERVER__MAX_BODY_BYTES: '2048',
      AMCTL_SERVER__INTROSPECTION: 'true',
      AMCTL_EMBEDDED__LIMITS__MEMORY: '2GB',
      AMCTL_EMBEDDED__LIMITS__THREADS: '4',
      AMCTL_AUTH__ISSUER: 'teleport.example.com',
    };
    const c = loadConfig({ cwd: dir, env, configFile: file() });
    const server = parseServerConfig(c);
    expect(server.maxBodyBytes).toBe(2048);
    expect(server.introspection).toBe(true);
    expect(server.listen).toEqual({ host: '127.0.0.1', port: 7000 }); // from the file, untouched
    expect(c.limits.memoryLimit).toBe('2GB');
    expect(c.limits.threads).toBe(4);
    expect((c.raw.auth as { issuer: string }).issuer).toBe('teleport.example.com');
    // An explicit AMCTL_SERVER__LISTEN wins over the short AMCTL_LISTEN.
    const both = loadConfig({ cwd: dir, env: { AMCTL_LISTEN: '1.1.1.1:1', AMCTL_SERVER__LISTEN: '2.2.2.2:2' } });
    expect(parseServerConfig(both).listen).toEqual({ host: '2.2.2.2', port: 2 });
  });

  it('leaves the CLI variables alone and names the variable behind a bad value', () => {
    const ok = loadConfig({ cwd: dir, env: { AMCTL_TOKEN: 'x.y.z', AMCTL_DEBUG: '1', AMCTL_CONFIG: file(), AMCTL_SERVER: 'http://gw' } });
    expect(ok.raw).not.toHaveProperty('token');
    expect(ok.raw).not.toHaveProperty('debug');
    expect(() => loadConfig({ cwd: dir, env: { AMCTL_EMBEDDED__LIMITS__THREADS: 'many' } })).toThrow(
      new ConfigError('embedded.limits.threads must be a whole number >= 1, got "many" (from AMCTL_EMBEDDED__LIMITS__THREADS)'),
    );
    expect(() => loadConfig({ cwd: dir, env: { AMCTL_ENGINE: 'postgres' } })).toThrow(/engine must be .* \(from AMCTL_ENGINE\)/);
    writeFileSync(join(dir, 'scalar.yaml'), 'server: 8080\n');
    expect(() => loadConfig({ cwd: dir, env: { AMCTL_SERVER__LISTEN: ':1' }, configFile: join(dir, 'scalar.yaml') })).toThrow(
      /AMCTL_SERVER__LISTEN sets server.listen, but server is not a section/,
    );
  });

  it('drives the CLI: `amctl ingest` with only environment variables', () => {
    const logDir = join(dir, 'log');
    mkdirSync(logDir);
    writeFileSync(join(logDir, '2026-01-01.log'), JSON.stringify({ event: 'user.login', code: 'T1000I', time: '2026-01-01T00:00:00Z', uid: 'u1', user: 'alice', success: true }) + '\n');
    const r = spawnSync(process.execPath, [join(ROOT, 'bin/amctl'), 'ingest', '--quiet'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, AMCTL_AUDIT_LOG: 'log', AMCTL_DATA_DIR: 'env-data' },
    });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(r.stdout.match(/^ingested 1 event from 1 of 1 file in [\d.]+ s\n$/)?.[0]);
    expect(r.status).toBe(0);
  });
});
