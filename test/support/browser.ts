// A real browser for the console tests: Debian's chromium (test/global/chromium.ts installs it when
// missing) driven by playwright-core; each launch gets a fresh temporary profile from playwright. Screenshots go to
// test-results/screenshots/ (ignored) for review.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.AMCTL_CHROMIUM ?? '/usr/bin/chromium';
export const SCREENSHOTS = fileURLToPath(new URL('../../test-results/screenshots/', import.meta.url));
/** The README's screenshots, rewritten only when AMCTL_TEST_DOCS_SCREENSHOTS=1 (a run on purpose, then looked at). */
export const DOCS = fileURLToPath(new URL('../../docs/', import.meta.url));

export interface TestBrowser {
  browser: Browser;
  /** A new context (own storage) at 1280x800 unless told otherwise. */
  context(opts?: { width?: number; height?: number; colorScheme?: 'light' | 'dark' }): Promise<BrowserContext>;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<TestBrowser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    browser,
    async context(opts = {}) {
      const ctx = await browser.newContext({
        viewport: { width: opts.width ?? 1280, height: opts.height ?? 800 },
        colorScheme: opts.colorScheme ?? 'light',
        acceptDownloads: true,
      });
      ctx.setDefaultTimeout(20_000);
      return ctx;
    },
    async close() {
      await browser.close();
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: false });
  return file;
}

/** A screenshot for review, and with AMCTL_TEST_DOCS_SCREENSHOTS=1 also `docs/<docsName>.png` for the README. */
export async function docsScreenshot(page: Page, name: string, docsName: string): Promise<string> {
  const file = await screenshot(page, name);
  if (process.env.AMCTL_TEST_DOCS_SCREENSHOTS === '1') await page.screenshot({ path: join(DOCS, `${docsName}.png`), fullPage: false });
  return file;
}
