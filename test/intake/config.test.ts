// The intake: section: misspelt keys are errors naming them; the mTLS files are required and read.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseIntakeConfig } from '../../src/intake';
import { tempDir, testConfig } from '../support/engine';
import { generateHandlerCerts, type HandlerCerts } from './support/handler-certs';

let dir: string;
let cleanup: () => void;
let certs: HandlerCerts;
beforeAll(() => {
  ({ dir, cleanup } = tempDir('amctl-intake-config-'));
  certs = generateHandlerCerts(join(dir, 'certs'));
});
afterAll(() => cleanup());

const parse = (intake: unknown) => parseIntakeConfig(testConfig(dir, { intake }));
const fluentd = (extra: Record<string, unknown> = {}) => ({
  listen: ':8888', cert_file: certs.serverCrt, key_file: certs.serverKey, key_passphrase: certs.passphrase, client_ca_file: certs.caCrt, ...extra,
});

describe('intake config', () => {
  it('is off without the section', () => {
    expect(parse(undefined)).toMatchObject({ http: false, sessionEvents: 'views' });
    expect(parse(undefined).fluentd).toBeUndefined();
  });
  it('reads the files configure writes', () => {
    const c = parse({ fluentd: fluentd(), http: true });
    expect(c.fluentd?.listen).toEqual({ host: '127.0.0.1', port: 8888 });
    expect(c.fluentd?.requireClientCert).toBe(true);
    expect(c.fluentd?.key.toString()).toMatch(/Proc-Type: 4,ENCRYPTED/);
    expect(c.http).toBe(true);
  });
  it('names a misspelt key', () => {
    expect(() => parse({ fluentd: fluentd(), sesion_events: 'all' })).toThrow(/intake\.sesion_events is not a known key/);
    expect(() => parse({ fluentd: fluentd({ client_ca: 'x' }) })).toThrow(/intake\.fluentd\.client_ca is not a known key/);
  });
  it('says what is missing or wrong', () => {
    expect(() => parse({ fluentd: fluentd({ client_ca_file: undefined }) })).toThrow(/client_ca_file is required for mutual TLS/);
    expect(parse({ fluentd: fluentd({ client_ca_file: undefined, require_client_cert: false }) }).fluentd?.requireClientCert).toBe(false);
    expect(() => parse({ fluentd: fluentd({ key_file: join(dir, 'nope.key') }) })).toThrow(/intake\.fluentd\.key_file: cannot read .*nope\.key \(ENOENT\)/);
    expect(() => parse({ fluentd: fluentd({ listen: 'here' }) })).toThrow(/intake\.fluentd\.listen must look like host:port/);
    expect(() => parse({ session_events: 'some' })).toThrow(/intake\.session_events must be "views", "all" or "none"/);
  });
  it('reads intake.identities and refuses a name mapped to two people or a misspelt key', () => {
    const c = parse({ identities: { users: [{ teleport_user: 'alice', aws_role_session_names: ['alice', 'alice-admin'], okta_login: 'Alice@Example.com', github_login: 'alice-gh' }] } });
    expect([...c.identities.awsRoleSessions]).toEqual([['alice', 'alice'], ['alice-admin', 'alice']]);
    expect(c.identities.oktaLogins.get('alice@example.com')).toBe('alice');
    expect(() => parse({ identities: { users: [{ teleport_user: 'a', github_login: 'x' }, { teleport_user: 'b', github_login: 'X' }] } })).toThrow(/"x" is mapped to both a and b/);
    expect(() => parse({ identities: { users: [{ teleport_user: 'a', okta: 'x' }] } })).toThrow(/intake\.identities\.users\[0\]\.okta is not a known key/);
    expect(() => parse({ sources: { cloudtrial: dir } })).toThrow(/intake\.sources\.cloudtrial is not a known key/);
    expect(() => parse({ sources: { okta: join(dir, 'nope') } })).toThrow(/intake\.sources\.okta: directory .* does not exist/);
  });
});
