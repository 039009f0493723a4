/// <reference lib="dom" />
// The web console in Debian's chromium (playwright-core), over a gateway on the embedded engine and
// generated events, each run in a fresh browser context (nothing cached): how long from navigation
// until the first page is usable, and from Run until the first page of rows is on screen.
//   node --import tsx bench/console.ts [--runs 7]
// Times are the page's own clock (performance.now(), from the start of navigation), median and worst.
import { pathToFileURL } from 'node:url';
import { launchBrowser } from '../test/support/browser';
import { startBenchServers } from './gateway-server';

const SQL = 'SELECT event_time, user, login, server_hostname FROM session_start ORDER BY event_time DESC LIMIT 1000';

interface Run {
  domContentLoadedMs: number;
  /** The navigation and the views sidebar are on screen: the page answers clicks and keys. */
  shellMs: number;
  /** The SQL editor (loaded after the shell) takes input and Run is enabled. */
  editorMs: number;
  /** From the Run click to the first rows of the result on screen. */
  firstRowsMs: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (n: number) => Math.round(n);

export async function runConsoleBench(opts: { runs?: number } = {}): Promise<Record<string, unknown>> {
  const runs = opts.runs ?? 7;
  const servers = await startBenchServers({ precompile: true });
  const browser = await launchBrowser();
  const token = servers.headers.authorization.replace(/^Bearer /, '');
  const origin = new URL(servers.gateway).origin;
  const results: Run[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const ctx = await browser.context();
      await ctx.addInitScript((t) => sessionStorage.setItem('amctl.token', t), token);
      const page = await ctx.newPage();
      await page.goto(`${origin}/query?${new URLSearchParams({ sql: SQL, days: '30' })}`, { waitUntil: 'commit' });
      // Functions, not strings: the console's CSP refuses eval.
      const at = (ready: () => boolean) =>
        page.waitForFunction(ready, undefined, { polling: 'raf', timeout: 20_000 }).then(() => page.evaluate(() => performance.now()));
      const shellMs = await at(() => !!document.querySelector('nav[aria-label=Main] a') && !!document.querySelector('aside[aria-label="Views and queries"]'));
      const editorMs = await at(
        () =>
          !!document.querySelector('.cm-content[contenteditable=true]') &&
          [...document.querySelectorAll('button')].some((b) => /^Run/.test(b.textContent ?? '') && !b.disabled),
      );
      const domContentLoadedMs = await page.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).domContentLoadedEventEnd);
      const clicked = await page.evaluate(() => performance.now());
      await page.getByRole('button', { name: /^Run/ }).click();
      const rowsAt = await at(() => document.querySelectorAll('[role=table] [role=rowgroup] + [role=rowgroup] [role=row]').length > 0);
      results.push({ domContentLoadedMs, shellMs, editorMs, firstRowsMs: rowsAt - clicked });
      await ctx.close();
    }
  } finally {
    await browser.close();
    await servers.close();
  }
  const stat = (k: keyof Run) => ({ medianMs: round(median(results.map((r) => r[k]))), worstMs: round(Math.max(...results.map((r) => r[k]))) });
  return {
    what: `/query in a fresh context (cold cache), ${runs} runs; then Run of a 1,000-row query (first 100-row page)`,
    domContentLoaded: stat('domContentLoadedMs'),
    shellInteractive: stat('shellMs'),
    editorReady: stat('editorMs'),
    firstRowsAfterRun: stat('firstRowsMs'),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const i = process.argv.indexOf('--runs');
  process.stdout.write(`${JSON.stringify(await runConsoleBench({ runs: i >= 0 ? Number(process.argv[i + 1]) : undefined }), null, 2)}\n`);
}
