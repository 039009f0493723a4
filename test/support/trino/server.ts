// Starts one single-node Trino for a test run: a coordinator that also executes the work, on a free
// loopback port, a 2 GB heap, the JVM in UTC, and a Hive catalog `hive` over the local file system
// with a file metastore (any local directory can be a table's external location: `local:///abs/path`).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TrinoInstall } from './install';

export interface RunningTrino {
  url: string;
  pid: number;
  dir: string;
  /** Resolves once Trino answers and has finished starting; rejects with the reason otherwise. */
  ready: Promise<void>;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
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
  return { url, pid: child.pid!, dir, ready, stop };
}
