// `amctl serve` from a checkout builds the web console when console/dist is missing or older than its
// sources, as `npm start` does, so `npm ci && ./bin/amctl serve` serves it. An image ships
// console/dist built and no console sources: nothing to do there.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const CONSOLE_SOURCES = fileURLToPath(new URL('../../console/src', import.meta.url));

export async function ensureConsoleBuilt(say: (line: string) => void): Promise<void> {
  if (!existsSync(CONSOLE_SOURCES)) return;
  const { buildConsole, consoleIsStale } = await import('../../console/build');
  if (!consoleIsStale()) return;
  try {
    createRequire(import.meta.url).resolve('vite');
  } catch {
    say('warning: console/dist is missing or older than its sources, and vite (a development dependency) is not installed: run `npm ci`, then `npm run build:console`');
    return;
  }
  try {
    await buildConsole();
  } catch (e) {
    // The API does not need the console: serve it anyway, saying why / answers 503.
    say(`warning: building the web console failed (${(e as Error).message.split('\n')[0]}); / answers 503 until \`npm run build:console\` succeeds`);
  }
}
