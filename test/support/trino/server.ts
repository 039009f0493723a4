// Starts one single-node Trino for a test run: a coordinator that also executes the work, on a free
// loopback port, a 2 GB heap, the JVM in UTC, and a Hive catalog `hive` over the local file system
// with a file metastore (any local directory can be a table's external location: `local:///abs/path`).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, pbkdf2Sync, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TrinoInstall } from './install';
import { freePort } from '../net';
export { freePort };

/** The same server over HTTPS with password (file) and JWT authentication, for the auth tests. */
export interface TrinoTls {
  httpsUrl: string;
  /** PEM of the server's self-signed certificate (the "CA" a client must trust). */
  caFile: string;
  user: string;
  password: string;
  /** PEM (PKCS#8) of the key whose public half Trino trusts for JWTs (RS256). */
  jwtPrivateKeyFile: string;
}

export interface RunningTrino {
  url: string;
  tls: TrinoTls;
  pid: number;
  dir: string;
  /** Resolves once Trino answers and has finished starting; rejects with the reason otherwise. */
  ready: Promise<void>;
  stop(): Promise<void>;
}


/**
 * A self-signed certificate for 127.0.0.1 (keytool, from the JDK that runs Trino), a password file
 * (PBKDF2, the format Trino's file authenticator reads) and an RSA key pair for JWTs.
 */
function writeSecurity(dir: string, install: TrinoInstall, httpsPort: number): TrinoTls {
  const keytool = join(install.jdk.home, 'bin', 'keytool');
  const keystore = join(dir, 'keystore.p12');
  const caFile = join(dir, 'ca.pem');
  const storepass = randomBytes(12).toString('hex');
  const kt = (args: string[]) => {
    const r = spawnSync(keytool, args, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`keytool ${args[0]} failed: ${r.stderr || r.stdout}`);
  };
  kt(['-genkeypair', '-alias', 'trino', '-keyalg', 'RSA', '-keysize', '2048', '-validity', '7', '-dname', 'CN=127.0.0.1', '-ext', 'SAN=ip:127.0.0.1,dns:localhost', '-keystore', keystore, '-storetype', 'PKCS12', '-storepass', storepass]);
  kt(['-exportcert', '-rfc', '-alias', 'trino', '-keystore', keystore, '-storepass', storepass, '-file', caFile]);
  const user = 'amctl-tls';
  const password = randomBytes(12).toString('hex');
  const salt = randomBytes(16);
  // PBKDF2WithHmacSHA1, which every Trino release's file authenticator accepts.
  const hash = pbkdf2Sync(password, salt, 1000, 64, 'sha1');
  writeFileSync(join(dir, 'password.db'), `${user}:1000:${salt.toString('hex')}:${hash.toString('hex')}\n`);
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  writeFileSync(join(dir, 'jwt-public.pem'), publicKey.export({ type: 'spki', format: 'pem' }));
  const jwtPrivateKeyFile = join(dir, 'jwt-private.pem');
  writeFileSync(jwtPrivateKeyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }));
  writeFileSync(join(dir, 'etc', 'password-authenticator.properties'), ['password-authenticator.name=file', `file.password-file=${join(dir, 'password.db')}`, ''].join('\n'));
  writeFileSync(join(dir, 'etc', 'https.properties.part'), [
    'http-server.https.enabled=true',
    `http-server.https.port=${httpsPort}`,
    `http-server.https.keystore.path=${keystore}`,
    `http-server.https.keystore.key=${storepass}`,
    'http-server.authentication.type=PASSWORD,JWT',
    `http-server.authentication.jwt.key-file=${join(dir, 'jwt-public.pem')}`,
    // Plain HTTP stays open (no authentication) for every other test.
    'http-server.authentication.allow-insecure-over-http=true',
    `internal-communication.shared-secret=${randomBytes(32).toString('base64')}`,
    '',
  ].join('\n'));
  return { httpsUrl: `https://127.0.0.1:${httpsPort}`, caFile, user, password, jwtPrivateKeyFile };
}

function writeConfig(dir: string, port: number, heap: string): void {
  const etc = join(dir, 'etc');
  mkdirSync(join(etc, 'catalog'), { recursive: true });
  mkdirSync(join(dir, 'metastore'), { recursive: true });
  writeFileSync(join(etc, 'node.properties'), ['node.environment=amctl_test', 'node.id=amctl-test-node', `node.data-dir=${join(dir, 'data')}`, 'node.internal-address=127.0.0.1', ''].join('\n'));
  writeFileSync(
    join(etc, 'jvm.config'),
    [
      '-server',
      `-Xmx${heap}`,
      '-XX:+UseG1GC',
      '-XX:+ExitOnOutOfMemoryError',
      '-Djdk.attach.allowAttachSelf=true',
      // Athena runs in UTC; current_date and timestamp text must not depend on the machine's zone.
      '-Duser.timezone=UTC',
      '-Dfile.encoding=UTF-8',
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(etc, 'config.properties'),
    [
      'coordinator=true',
      'node-scheduler.include-coordinator=true',
      `http-server.http.port=${port}`,
      `discovery.uri=http://127.0.0.1:${port}`,
      'query.max-memory=1GB',
      'query.max-memory-per-node=1GB',
      // Two cores: keep the worker pools small so start-up and tests stay light.
      'task.concurrency=2',
      'http-server.log.enabled=false',
      // Each test file makes its own catalog over its own Parquet folder (CREATE CATALOG ... USING hive).
      'catalog.management=dynamic',
      'catalog.store=file',
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(etc, 'catalog', 'hive.properties'),
    [
      'connector.name=hive',
      'hive.metastore=file',
      `hive.metastore.catalog.dir=local://${join(dir, 'metastore')}`,
      'fs.native-local.enabled=true',
      'local.location=/',
      // Teleport's layout is <prefix>/<YYYY-MM-DD>/, not Hive's event_date=<date>/: partitions are registered.
      'hive.allow-register-partition-procedure=true',
      '',
    ].join('\n'),
  );
}

async function waitReady(url: string, child: ChildProcess, logFile: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const tail = () => {
    try {
      const lines = readFileSync(logFile, 'utf8').split('\n');
      const errors = lines.filter((l) => /\bERROR\b|Error:|Exception/.test(l)).slice(0, 8);
      return (errors.length ? errors : lines.slice(-20)).join('\n');
    } catch {
      return '(no log)';
    }
  };
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`Trino exited (${child.exitCode ?? child.signalCode}) before it was ready; its log ${logFile} says:\n${tail()}`);
    }
    try {
      const info = (await (await fetch(`${url}/v1/info`)).json()) as { starting?: boolean };
      if (info.starting === false) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`Trino did not finish starting within ${Math.round(timeoutMs / 1000)} s; its log ${logFile} says:\n${tail()}`);
}

export async function startTrino(install: TrinoInstall, opts: { port?: number; heap?: string; readyTimeoutMs?: number } = {}): Promise<RunningTrino> {
  const dir = mkdtempSync(join(tmpdir(), 'amctl-trino-'));
  const port = opts.port ?? (await freePort());
  writeConfig(dir, port, opts.heap ?? '2G');
  const tls = writeSecurity(dir, install, await freePort());
  const etc = join(dir, 'etc');
  writeFileSync(join(etc, 'config.properties'), readFileSync(join(etc, 'config.properties'), 'utf8') + readFileSync(join(etc, 'https.properties.part'), 'utf8'));
  rmSync(join(etc, 'https.properties.part'));
  const logFile = join(dir, 'server.log');
  const out = openSync(logFile, 'a');
  const child = spawn(join(install.home, 'bin', 'launcher'), ['run', `--etc-dir=${join(dir, 'etc')}`, `--data-dir=${join(dir, 'data')}`], {
    cwd: dir,
    // Its own process group, so that stop() ends the launcher and the JVM together.
    detached: true,
    stdio: ['ignore', out, out],
    env: { ...process.env, JAVA_HOME: install.jdk.home, PATH: `${join(install.jdk.home, 'bin')}:${process.env.PATH ?? ''}` },
  });
  child.unref();
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        // already gone
      }
      // A test server keeps nothing worth a graceful shutdown; vitest gives teardown 10 s in all.
      const killed = await Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 3_000))]);
      if (!killed) {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const ready = waitReady(url, child, logFile, opts.readyTimeoutMs ?? 300_000);
  ready.catch(() => undefined);
  return { url, tls, pid: child.pid!, dir, ready, stop };
}
