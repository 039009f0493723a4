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
});
