// A real S3 and STS for tests: moto_server on 127.0.0.1, one per test file. The tests fail loudly
// when moto_server is not installed (pip install "moto[server]"), never skip silently.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { freePort } from './net';

export interface MotoServer {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

export const MOTO_CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' };


function findMoto(): string {
  const bin = process.env.MOTO_SERVER ?? 'moto_server';
  const probe = spawnSync(bin, ['--help'], { stdio: 'ignore' });
  if (probe.error || probe.status !== 0) {
    throw new Error(
      `moto_server is required for the S3/STS tests but "${bin}" could not be run (${probe.error?.message ?? `exit ${probe.status}`}). ` +
        'Install it with: pip install "moto[server]" (or set MOTO_SERVER to its path).',
    );
  }
  return bin;
}

async function waitUntilUp(endpoint: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`moto_server exited with ${child.exitCode} before it was ready:\n${output()}`);
    try {
      const res = await fetch(`${endpoint}/moto-api/`);
      if (res.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`moto_server did not answer on ${endpoint} within 30 s:\n${output()}`);
}

export async function startMoto(): Promise<MotoServer> {
  const bin = findMoto();
  const port = await freePort();
  const child = spawn(bin, ['-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const keep = (b: Buffer) => {
    log = (log + b.toString()).slice(-4000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await waitUntilUp(endpoint, child, () => log);
  } catch (e) {
    child.kill('SIGKILL');
    throw e;
  }
  return {
    endpoint,
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 3000).unref();
      }),
  };
}
