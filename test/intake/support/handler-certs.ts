// The files `teleport-event-handler configure` writes (integrations/event-handler/mtls_certs.go,
// configure_cmd.go): a CA ("CA"), a server certificate ("Server", serverAuth) and a client certificate
// ("Client", clientAuth), RSA keys, SANs for the given DNS names and IPs; ca.key and client.key as
// plain PKCS#1 ("RSA PRIVATE KEY"), server.key PKCS#1 encrypted with a passphrase (AES-256-CBC,
// the legacy PEM encryption of x509.EncryptPEMBlock). Keys from node:crypto, signatures by openssl.
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface HandlerCerts {
  dir: string;
  caCrt: string;
  serverCrt: string;
  serverKey: string;
  clientCrt: string;
  clientKey: string;
  passphrase: string;
}

function rsaKey(path: string, passphrase?: string): void {
  const { privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'pkcs1', format: 'pem' },
    privateKeyEncoding: passphrase
      ? { type: 'pkcs1', format: 'pem', cipher: 'aes-256-cbc', passphrase }
      : { type: 'pkcs1', format: 'pem' },
  });
  writeFileSync(path, privateKey, { mode: 0o600 });
}

export function generateHandlerCerts(dir: string, opts: { dnsNames?: string[]; ips?: string[]; days?: number } = {}): HandlerCerts {
  mkdirSync(dir, { recursive: true });
  const p = (n: string) => join(dir, n);
  // configure generates a 32-byte random hex passphrase when none comes on stdin.
  const passphrase = randomBytes(32).toString('hex');
  const days = String(opts.days ?? 365);
  const san = [...(opts.dnsNames ?? ['localhost']).map((d) => `DNS:${d}`), ...(opts.ips ?? ['127.0.0.1']).map((i) => `IP:${i}`)].join(',');
  rsaKey(p('ca.key'));
  rsaKey(p('server.key'), passphrase);
  rsaKey(p('client.key'));
  const ssl = (...args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  ssl('req', '-x509', '-new', '-key', p('ca.key'), '-subj', '/CN=CA', '-days', days, '-sha256', '-out', p('ca.crt'),
    '-addext', 'basicConstraints=critical,CA:TRUE,pathlen:0', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  const leaf = (name: string, cn: string, eku: string, keyArgs: string[]) => {
    writeFileSync(p(`${name}.ext`), `keyUsage=critical,digitalSignature\nextendedKeyUsage=${eku}\nsubjectAltName=${san}\n`);
    ssl('req', '-new', '-key', p(`${name}.key`), ...keyArgs, '-subj', `/CN=${cn}`, '-out', p(`${name}.csr`));
    ssl('x509', '-req', '-in', p(`${name}.csr`), '-CA', p('ca.crt'), '-CAkey', p('ca.key'), '-set_serial', `0x${randomBytes(16).toString('hex')}`,
      '-days', days, '-sha256', '-extfile', p(`${name}.ext`), '-out', p(`${name}.crt`));
  };
  leaf('server', 'Server', 'serverAuth', ['-passin', `pass:${passphrase}`]);
  leaf('client', 'Client', 'clientAuth', []);
  return { dir, caCrt: p('ca.crt'), serverCrt: p('server.crt'), serverKey: p('server.key'), clientCrt: p('client.crt'), clientKey: p('client.key'), passphrase };
}
