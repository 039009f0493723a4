// Test set-up: the console's browser tests drive Debian's chromium package through playwright-core
// (Playwright's own browser download is not used). Where it is missing, install it once with apt-get.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CHROMIUM = process.env.AMCTL_CHROMIUM ?? '/usr/bin/chromium';

function sh(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (r.error || r.status !== 0) {
    throw new Error(
      `test set-up: \`${cmd} ${args.join(' ')}\` failed (${r.error?.message ?? `exit ${r.status}`}): ${r.stderr?.slice(-2000) ?? ''}\n` +
        `The console's browser tests need chromium: install it (apt-get install chromium) or set AMCTL_CHROMIUM to a Chromium binary.`,
    );
  }
}

export default function setup(): void {
  if (existsSync(CHROMIUM)) return;
  console.log(`test set-up: ${CHROMIUM} is missing; installing Debian's chromium package with apt-get (once)`);
  sh('apt-get', ['update']);
  sh('apt-get', ['install', '-y', '--no-install-recommends', 'chromium']);
  if (!existsSync(CHROMIUM)) throw new Error(`test set-up: chromium was installed but ${CHROMIUM} does not exist; set AMCTL_CHROMIUM`);
}
