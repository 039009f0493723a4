// Test set-up: the S3/STS tests need moto_server. Where it is not on PATH (and MOTO_SERVER does not
// name one), provision it once into an ignored virtualenv under .cache/, so that `npm ci && npm test`
// needs nothing but Node and python3.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
const VENV = join(ROOT, '.cache', 'moto-venv');
const VENV_BIN = join(VENV, 'bin', 'moto_server');

function runs(bin: string): boolean {
  const probe = spawnSync(bin, ['--help'], { stdio: 'ignore' });
  return !probe.error && probe.status === 0;
}

function sh(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    throw new Error(`test set-up: \`${cmd} ${args.join(' ')}\` failed (${r.error?.message ?? `exit ${r.status}`}): ${r.stderr?.slice(-2000) ?? ''}`);
  }
}

export default function setup(): void {
  if (process.env.MOTO_SERVER ? runs(process.env.MOTO_SERVER) : runs('moto_server')) return;
  if (!existsSync(VENV_BIN) || !runs(VENV_BIN)) {
    console.log(`test set-up: moto_server is not on PATH; installing moto[server] into ${VENV} (once)`);
    sh('python3', ['-m', 'venv', VENV]);
    sh(join(VENV, 'bin', 'pip'), ['install', '--quiet', 'moto[server]']);
  }
  process.env.MOTO_SERVER = VENV_BIN;
}
