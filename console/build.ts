// Builds the web console into console/dist when it is missing or older than its sources. Run by
// `npm start` (prestart), the test set-up, and `npm run build:console` (which always builds).
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = join(ROOT, 'console', 'dist');
const STAMP = join(DIST, '.built');
const SOURCES = ['console/src', 'console/public', 'console/index.html', 'console/vite.config.ts', 'package-lock.json', 'src/sql/trino-functions.ts'];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return readdirSync(path).reduce((m, name) => Math.max(m, newestMtime(join(path, name))), st.mtimeMs);
}

export function consoleIsStale(): boolean {
  if (!existsSync(STAMP) || !existsSync(join(DIST, 'index.html'))) return true;
  const built = statSync(STAMP).mtimeMs;
  return SOURCES.some((s) => newestMtime(join(ROOT, s)) > built);
}

export async function buildConsole(opts: { force?: boolean; quiet?: boolean } = {}): Promise<boolean> {
  if (!opts.force && !consoleIsStale()) return false;
  const started = Date.now();
  if (!opts.quiet) process.stderr.write('building the web console (console/dist) ...\n');
  const { build } = await import('vite');
  // Vite takes NODE_ENV from the environment (vitest sets it to "test"): that would ship React's
  // development build. The console is always built for production.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: join(ROOT, 'console', 'vite.config.ts'), mode: 'production', logLevel: opts.quiet ? 'error' : 'warn' });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  writeFileSync(STAMP, `${new Date().toISOString()}\n`);
  process.stderr.write(`web console built in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await buildConsole({ force: process.argv.includes('--force') });
}
