// A fresh checkout (the files git would commit, with node_modules as `npm ci` leaves them and no console/dist):
// `./bin/amctl serve --demo` builds the web console itself and serves it at / and /graphiql.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/net';

const ROOT = resolve(import.meta.dirname, '../..');

describe('amctl serve in a fresh checkout', () => {
  let dir: string;
  let child: ChildProcess | undefined;
  let output = '';
  let origin = '';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'amctl-checkout-'));
    const tracked = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard', 'bin', 'src', 'schema', 'console', 'package.json', 'package-lock.json', 'tsconfig.json'], { cwd: ROOT, encoding: 'utf8' })
      .split('\0')
      .filter((f) => f && existsSync(join(ROOT, f)));
    for (const f of tracked) {
      mkdirSync(dirname(join(dir, f)), { recursive: true });
      cpSync(join(ROOT, f), join(dir, f));
    }
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
    expect(existsSync(join(dir, 'console', 'dist'))).toBe(false);

    const port = await freePort();
    child = spawn(join(dir, 'bin', 'amctl'), ['--data-dir', join(dir, 'data'), 'serve', '--demo', '--listen', `127.0.0.1:${port}`], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, AMCTL_LOG_LEVEL: 'warn', NODE_ENV: '' },
    });
    child.stdout!.on('data', (b) => (output += b));
    child.stderr!.on('data', (b) => (output += b));
    const exited = new Promise<never>((_, reject) => child!.once('exit', (code) => reject(new Error(`amctl serve exited (${code}):\n${output}`))));
    const ready = new Promise<void>((done) => {
      const check = () => (/Web console: +(\S+)\//.test(output) ? done() : setTimeout(check, 100));
      check();
    });
    await Promise.race([ready, exited]);
    origin = /Web console: +(\S+)\//.exec(output)![1]!;
  }, 180_000);

  afterAll(() => {
    child?.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  it('built the console before serving', () => {
    expect(output).toMatch(/building the web console/);
    expect(existsSync(join(dir, 'console', 'dist', 'index.html'))).toBe(true);
  });

  it('serves the console and GraphiQL, not the "not built" page', async () => {
    for (const path of ['/', '/graphiql']) {
      const res = await fetch(`${origin}${path}`, { headers: { accept: 'text/html' } });
      const body = await res.text();
      expect(res.status, path).toBe(200);
      expect(body, path).not.toMatch(/has not been built/);
      expect(body, path).toMatch(/<script[^>]+src="\/assets\//);
    }
  });
});
