// deploy/Dockerfile, built without Docker: its final stage is assembled in an empty folder the way
// its lines say (COPY from the build context minus .dockerignore, its RUN lines run as written, the
// console stage's output taken from the test set-up's console build), and its ENTRYPOINT is started
// there with a config for the embedded engine. What the image would lack, this run lacks too: a
// module outside the copied paths, a dependency only installed for development, the built console.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateAuditLog } from '../../src/demo';
import { freePort } from '../support/net';
import { newSigningKey, signToken, TEST_AUDIENCE, TEST_ISSUER, type SigningKey } from '../support/gateway';

const ROOT = resolve(import.meta.dirname, '../..');

interface Instruction {
  op: string;
  args: string;
}

/** The Dockerfile's stages: instructions by stage name (the last one is '' too). */
function parseDockerfile(text: string): Map<string, Instruction[]> {
  const stages = new Map<string, Instruction[]>();
  let current: Instruction[] = [];
  for (const line of text.replace(/\\\n/g, ' ').split('\n')) {
    const m = /^\s*([A-Z]+)\s+(.*)$/.exec(line);
    if (!m || line.trim().startsWith('#')) continue;
    const [, op, args] = m as unknown as [string, string, string];
    if (op === 'FROM') {
      current = [];
      const name = / AS (\S+)/i.exec(args)?.[1];
      if (name) stages.set(name, current);
      stages.set('', current);
    }
    current.push({ op, args: args.trim() });
  }
  return stages;
}

function ignored(patterns: string[], path: string): boolean {
  return patterns.some((p) => path === p || path.startsWith(`${p}/`));
}

let dir: string;
let child: ChildProcess | undefined;
let output = '';
let origin: string;
let key: SigningKey;
let imageUser: string | undefined;
let env: Record<string, string> = {};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'amctl-image-'));
  const app = join(dir, 'app');
  const stages = parseDockerfile(readFileSync(join(ROOT, 'deploy/Dockerfile'), 'utf8'));
  const ignore = readFileSync(join(ROOT, '.dockerignore'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  let workdir = '/app';
  let entrypoint: string[] = [];
  for (const { op, args } of stages.get('')!) {
    if (op === 'WORKDIR') workdir = args;
    else if (op === 'ENV') {
      const [k, v] = args.split('=');
      env[k!] = v!;
    } else if (op === 'USER') imageUser = args;
    else if (op === 'ENTRYPOINT') entrypoint = JSON.parse(args);
    else if (op === 'COPY') {
      const parts = args.split(/\s+/);
      const from = parts.find((p) => p.startsWith('--from='))?.slice(7);
      const paths = parts.filter((p) => !p.startsWith('--'));
      const dest = paths.pop()!;
      const target = join(app, relative('/app', resolve(workdir, dest)));
      for (const src of paths) {
        if (from) {
          // The console stage builds console/dist as the test set-up (test/global/console.ts) did.
          expect(stages.get(from)!.some((i) => i.op === 'RUN' && i.args.includes('console/build.ts'))).toBe(true);
          cpSync(join(ROOT, relative('/app', src)), target, { recursive: true });
          continue;
        }
        // Several sources go into the destination folder; one source is copied to it.
        const to = paths.length > 1 || dest.endsWith('/') ? join(target, src.split('/').pop()!) : target;
        cpSync(join(ROOT, src), to, { recursive: true, filter: (p) => !ignored(ignore, relative(ROOT, p)) });
      }
    } else if (op === 'RUN') {
      // npm's cache holds what `npm ci` at the root fetched: no second download.
      try {
        execFileSync('bash', ['-c', args], { cwd: join(app, relative('/app', workdir)), env: { ...process.env, ...env, npm_config_prefer_offline: 'true' }, stdio: 'pipe' });
      } catch (e) {
        throw new Error(`RUN ${args} failed:\n${String((e as { stderr?: Buffer }).stderr ?? e)}`);
      }
    }
  }
  expect(workdir).toBe('/app');

  // A config for the embedded engine, where the image's CMD would read the mounted one.
  const logDir = join(dir, 'log');
  await generateAuditLog({ outDir: logDir, days: 3, events: 1000, seed: 3 });
  key = await newSigningKey('ES256');
  writeFileSync(join(dir, 'jwks.json'), JSON.stringify({ keys: [key.publicJwk] }));
  const port = await freePort();
  writeFileSync(
    join(dir, 'amctl.yaml'),
    [
      'engine: embedded',
      `data_dir: ${join(dir, 'data')}`,
      `embedded: { audit_log: ${logDir} }`,
      `server: { listen: 127.0.0.1:${port} }`,
      `auth: { jwks_file: ${join(dir, 'jwks.json')}, issuer: ${TEST_ISSUER}, audience: '${TEST_AUDIENCE}' }`,
    ].join('\n'),
  );
  origin = `http://127.0.0.1:${port}`;
  const [cmd, ...rest] = entrypoint;
  expect(cmd).toBe('node');
  // Only the image's own environment: nothing of the test run's (NODE_ENV=test, module paths).
  child = spawn(process.execPath, [...rest, 'serve', '--config', join(dir, 'amctl.yaml')], {
    cwd: app,
    env: { PATH: process.env.PATH!, HOME: dir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (c) => (output += c));
  child.stderr!.on('data', (c) => (output += c));
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the image's entrypoint exited with ${child.exitCode}:\n${output}`);
    const ok = await fetch(`${origin}/readyz`).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`the image's gateway was not ready after 90 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}, 300_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child!.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the gateway image (deploy/Dockerfile)', () => {
  it('holds production dependencies only, and runs as an unprivileged user in production mode', () => {
    const modules = join(dir, 'app', 'node_modules');
    for (const dep of ['tsx', 'graphql', 'graphql-jit', '@duckdb/node-api', '@apollo/server']) expect(existsSync(join(modules, dep)), dep).toBe(true);
    for (const dev of ['vite', 'vitest', 'autocannon', 'playwright-core']) expect(existsSync(join(modules, dev)), dev).toBe(false);
    expect(existsSync(join(dir, 'app', 'test'))).toBe(false);
    expect(imageUser).toBe('node');
    expect(env.NODE_ENV).toBe('production');
  });

  it('answers GraphQL over the embedded engine with a token', async () => {
    const token = await signToken(key, { user: 'ops', roles: ['auditor'] });
    const post = async (query: string, variables: Record<string, unknown> = {}) =>
      (await (
        await fetch(`${origin}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query, variables }),
        })
      ).json()) as { data: any; errors?: unknown };
    const run = await post('mutation { runQuery(sql: "SELECT count(*) AS n FROM session_start", days: 7) { id } }');
    expect(run.errors).toBeUndefined();
    const wait = await post('query ($id: ID!) { waitForQuery(id: $id, timeoutSeconds: 30) { state } }', { id: run.data.runQuery.id });
    expect(wait.data.waitForQuery.state).toBe('SUCCEEDED');
    const page = await post('query ($id: ID!) { queryResults(id: $id) { rows { data } } }', { id: run.data.runQuery.id });
    expect(Number(page.data.queryResults.rows[0].data[0])).toBeGreaterThan(0);
  });

  it('serves the built web console at /', async () => {
    const res = await fetch(`${origin}/`, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/<script type="module"[^>]*src="\/assets\//);
  });
});
