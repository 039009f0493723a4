// `engine: trino` configuration: validated once at the edge, every error naming the key.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, parseCoreConfig } from '../../src/config';
import { createEngine } from '../../src/cli/compose/engine';
import { parseTrinoConfig } from '../../src/trino';

const dir = mkdtempSync(join(tmpdir(), 'amctl-trino-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const base = { server: 'https://trino.example.com:8443', catalog: 'hive', schema: 'teleport_audit', table: 'audit_events' };
const parse = (trino: unknown) => parseTrinoConfig({ engine: 'trino', trino } as Record<string, unknown>, dir);
// A syntactically valid (unsigned) JWT: header.payload.signature.
const JWT = `${Buffer.from('{"alg":"RS256"}').toString('base64url')}.${Buffer.from('{"sub":"amctl"}').toString('base64url')}.c2ln`;

describe('trino: configuration', () => {
  it('takes server, catalog, schema and table, with defaults for the rest', () => {
    const c = parse(base);
    expect(c).toMatchObject({
      server: 'https://trino.example.com:8443',
      catalog: 'hive',
      schema: 'teleport_audit',
      table: 'audit_events',
      user: 'amctl',
      auth: { type: 'none' },
      concurrency: 10,
      queryTimeoutMs: 1_800_000,
      maxResultRows: 1_000_000,
      session: {},
      source: 'amctl',
    });
  });

  it('engine: trino is accepted at the top level, and the factory builds the Trino engine without connecting', async () => {
    const core = parseCoreConfig({ engine: 'trino', trino: { ...base, server: 'http://127.0.0.1:1' } }, { cwd: dir, dataDir: join(dir, 'data') });
    expect(core.engine).toBe('trino');
    const engine = await createEngine(core);
    expect(engine.kind).toBe('trino');
    await engine.close();
    expect(() => parseCoreConfig({ engine: 'presto' }, { cwd: dir })).toThrow(/engine must be "embedded", "athena" or "trino"/);
  });

  it.each([
    [undefined, /engine trino needs a trino: section/],
    [{ ...base, server: undefined }, /trino\.server is required/],
    [{ ...base, catalog: undefined }, /trino\.catalog is required/],
    [{ ...base, schema: 'a-b' }, /trino\.schema must be a plain identifier/],
    [{ ...base, table: '' }, /trino\.table must be a non-empty string/],
    [{ ...base, server: 'trino.example.com' }, /trino\.server must be a URL/],
    [{ ...base, server: 'ftp://trino.example.com' }, /trino\.server must be http:\/\/ or https:\/\//],
    [{ ...base, server: 'https://trino.example.com/ui' }, /trino\.server is the coordinator's address only/],
    [{ ...base, colour: 'blue' }, /trino\.colour is not a setting/],
    [{ ...base, concurrency: 0 }, /trino\.concurrency must be a whole number >= 1/],
    [{ ...base, query_timeout_ms: 'soon' }, /trino\.query_timeout_ms must be a whole number/],
    [{ ...base, session: { 'Bad Key': 1 } }, /trino\.session\.Bad Key is not a session property name/],
    [{ ...base, session: { query_max_run_time: ['1h'] } }, /trino\.session\.query_max_run_time must be a string, number or boolean/],
    [{ ...base, auth: { type: 'kerberos' } }, /trino\.auth\.type must be none, basic or jwt/],
    [{ ...base, server: 'http://trino:8080', auth: { type: 'basic', user: 'a', password: 'p' } }, /trino\.auth\.type basic needs an https:\/\/ trino\.server/],
    [{ ...base, server: 'http://trino:8080', auth: { type: 'jwt', token: JWT } }, /trino\.auth\.type jwt needs an https:\/\/ trino\.server/],
    [{ ...base, auth: { type: 'basic', password: 'p' } }, /trino\.auth\.user is required/],
    [{ ...base, auth: { type: 'basic', user: 'a', password: 'p', password_file: 'x' } }, /give password or password_file, not both/],
    [{ ...base, auth: { type: 'basic', user: 'a', password_file: 'missing.txt' } }, /trino\.auth\.password_file: cannot read .*missing\.txt/],
    [{ ...base, auth: { type: 'jwt', token: 'not-a-jwt' } }, /trino\.auth\.token is not a JWT/],
    [{ ...base, tls: { ca_file: 'missing.pem' } }, /trino\.tls\.ca_file: cannot read/],
    [{ ...base, server: 'http://trino:8080', tls: { ca_file: 'x.pem' } }, /trino\.tls\.ca_file is set but trino\.server is not https/],
    [{ ...base, tls: { insecure: 'yes' } }, /trino\.tls\.insecure must be true or false/],
  ])('refuses %j with an error naming the key', (trino, message) => {
    const run = () => parse(trino);
    expect(run).toThrow(ConfigError);
    expect(run).toThrow(message);
  });

  it('reads secrets from files (relative to the config file), and the CA bundle', () => {
    writeFileSync(join(dir, 'password'), 's3cret\n');
    writeFileSync(join(dir, 'token'), `${JWT}\n`);
    writeFileSync(join(dir, 'ca.pem'), '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    const basic = parse({ ...base, auth: { type: 'basic', user: 'svc-amctl', password_file: 'password' }, tls: { ca_file: 'ca.pem' } });
    expect(basic.auth).toEqual({ type: 'basic', user: 'svc-amctl', password: 's3cret' });
    expect(basic.user).toBe('svc-amctl');
    expect(basic.tls.ca).toContain('BEGIN CERTIFICATE');
    expect(parse({ ...base, auth: { type: 'jwt', token_file: 'token' } }).auth).toEqual({ type: 'jwt', token: JWT });
    writeFileSync(join(dir, 'not-pem'), 'hello');
    expect(() => parse({ ...base, tls: { ca_file: 'not-pem' } })).toThrow(/holds no PEM certificate/);
  });
});
