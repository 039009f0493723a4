/// <reference lib="dom" />
// The web console in a real browser (Debian's chromium through playwright-core) over a real gateway
// on a generated audit log: sign-in, the query editor, reports, the findings inbox and triage, the
// investigation timeline, RBAC, token expiry and accessibility. One browser for the whole file (and so
// for the run: no other test file launches one). Every flow saves a screenshot under
// test-results/screenshots/ for review; AMCTL_TEST_DOCS_SCREENSHOTS=1 also writes the README's under docs/.
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configuredReports } from '../../src/reports/local';
import { REPORTS_EXTENSION, type ReportsRuntime } from '../../src/reports/runtime';
import { OneTimeSignIn } from '../../src/server/sign-in-link';
import { docsScreenshot, launchBrowser, screenshot, type TestBrowser } from '../support/browser';
import { ENDLESS_SQL, newSigningKey, signToken, startTestGateway, type SigningKey, type TestGateway } from '../support/gateway';
import { demoEngine, type DemoEngine } from '../support/reports';

const AMCTL = fileURLToPath(new URL('../../bin/amctl', import.meta.url));
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const ROLES = `
kind: role
metadata: { name: editor }
spec:
  allow:
    rules:
    - resources: [audit_query, security_report]
      verbs: [list, read, use, create, update, delete]
---
kind: role
metadata: { name: query-reader }
spec:
  allow:
    rules:
    - resources: [audit_query, security_report]
      verbs: [list, read]
---
kind: role
metadata: { name: queries-only }
spec:
  allow:
    rules:
    - resources: [audit_query]
      verbs: [list, read, use]
---
kind: role
metadata: { name: reports-only }
spec:
  allow:
    rules:
    - resources: [security_report]
      verbs: [list, read, use]
`;

let demo: DemoEngine;
let runtime: ReportsRuntime;
let key: SigningKey;
let gw: TestGateway;
let browser: TestBrowser;
let signIn: OneTimeSignIn;
let origin: string;

beforeAll(async () => {
  demo = await demoEngine({ events: 3000, days: 30, raw: { reports: { scheduler: { enabled: false }, webhooks: { allow_private_networks: true } } } });
  runtime = configuredReports(demo.config, demo.engine);
  await runtime.start({ scheduler: false });
  key = await newSigningKey();
  signIn = new OneTimeSignIn(async () => ({
    token: await signToken(key, { user: 'alice', roles: ['auditor', 'editor'], expiresIn: '1h' }),
    expiresAt: new Date(Date.now() + 3600_000).toISOString(),
  }));
  gw = await startTestGateway({
    engine: demo.engine,
    roles: ROLES,
    dataDir: demo.config.dataDir,
    keys: [key],
    gateway: { extensions: new Map([[REPORTS_EXTENSION, runtime]]), signIn, server: { introspection: true } },
  });
  origin = gw.gateway.origin;
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await gw?.close();
  await runtime?.stop();
  await demo?.cleanup();
});

/** A browser context already holding a token (as after signing in). */
async function signedIn(token: string, opts: Parameters<TestBrowser['context']>[0] = {}): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await browser.context(opts);
  await ctx.addInitScript((t) => sessionStorage.setItem('amctl.token', t), token);
  const page = await ctx.newPage();
  return { ctx, page };
}

const editorToken = () => signToken(key, { user: 'alice', roles: ['auditor', 'editor'], expiresIn: '30m' });

/** Replaces the editor's text by typing, as a user would. */
async function typeSql(page: Page, sql: string): Promise<void> {
  await page.locator('.cm-content').click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(sql);
}

async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.targets.join(', ')}`);
}

/** What `amctl audit query exec` prints for the same SQL and window, as rows of strings. */
async function cliRows(sql: string, days: number): Promise<{ header: string[]; rows: string[][] }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'amctl-console-cli-'));
  try {
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, [AMCTL, '--data-dir', dataDir, '--audit-log', demo.logDir, 'audit', 'query', 'exec', '--days', String(days), sql], {
        env: { ...process.env, AMCTL_CONFIG: '', AMCTL_DEBUG: '' },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('close', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`amctl exited ${code}: ${stderr}`))));
    });
    const [header, ...rows] = (JSON.parse(out) as { data: string[] }[]).map((r) => r.data);
    return { header: header!, rows };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(field), (field = '');
    else if (ch === '\n') row.push(field), rows.push(row), (row = []), (field = '');
    else if (ch !== '\r') field += ch;
  }
  return rows;
}

const sortRows = (rows: string[][]) => rows.map((r) => JSON.stringify(r)).sort();

describe('signing in', () => {
  it('the one-time link signs in without a token being pasted, and works only once', async () => {
    const code = signIn.issue();
    const ctx = await browser.context();
    const page = await ctx.newPage();
    await page.goto(`${origin}/sign-in#code=${code}`);
    await expect.poll(() => page.url()).toBe(`${origin}/query`);
    await page.getByRole('navigation', { name: 'Main' }).getByText('alice').waitFor();
    await page.locator('.cm-editor').waitFor();
    await screenshot(page, '01-signed-in-by-link');

    const again = await ctx.newPage();
    await again.goto(`${origin}/sign-in#code=${code}`);
    await again.getByText(/this sign-in link is not valid/).waitFor();
    await again.getByLabel('Token').waitFor();
    await ctx.close();
  });

  it('the sign-in page takes a token', async () => {
    const ctx = await browser.context();
    const page = await ctx.newPage();
    await page.goto(`${origin}/reports`);
    await page.getByRole('heading', { name: 'Access Monitoring' }).waitFor();
    await screenshot(page, '02-sign-in-page');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel('Token').fill(await editorToken());
    await page.getByRole('button', { name: 'Sign in' }).click();
    // Back where the user was going.
    await page.getByRole('heading', { name: 'Reports', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/reports');
    await ctx.close();
  });
});

describe('behind Teleport application access', () => {
  it('needs no sign-in: the Teleport-Jwt-Assertion header on every request (subscriptions included) is enough', async () => {
    const ctx = await browser.context();
    await ctx.setExtraHTTPHeaders({ 'Teleport-Jwt-Assertion': await signToken(key, { user: 'tele-user', roles: ['auditor'] }) });
    const page = await ctx.newPage();
    await page.goto(`${origin}/query?${new URLSearchParams({ sql: 'SELECT count(*) AS n FROM session_start', days: '30' })}`);
    await page.getByRole('navigation', { name: 'Main' }).getByText('tele-user').waitFor();
    await page.getByRole('button', { name: /^Run/ }).click();
    await page.locator('.badge.SUCCEEDED').waitFor();
    await page.getByRole('table', { name: 'Query results' }).waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem('amctl.token'))).toBeNull();
    await ctx.close();
  });
});

describe('the query editor', () => {
  it('finds a column in the views sidebar', async () => {
    const { ctx, page } = await signedIn(await editorToken());
    await page.goto(`${origin}/query`);
    await page.getByRole('searchbox', { name: 'Search views and columns' }).fill('identity_client_ip');
    const list = page.getByRole('list', { name: 'Columns of cert_create' });
    await list.getByRole('button', { name: 'identity_client_ip' }).waitFor();
    await expect.poll(() => page.locator('.tree > li').count()).toBeGreaterThan(0);
    // Only views with that column are left.
    const views = await page.locator('.tree .view-name').allTextContents();
    expect(views).toContain('cert_create');
    expect(views).not.toContain('exec');
    await screenshot(page, '03-sidebar-search');
    await ctx.close();
  });

  it('completes columns of the view the FROM names, with their type', async () => {
    const { ctx, page } = await signedIn(await editorToken());
    await page.goto(`${origin}/query`);
    await page.locator('.cm-editor').waitFor();
    await typeSql(page, 'SELECT  FROM cert_create');
    await page.keyboard.press('Home');
    for (let i = 0; i < 'SELECT '.length; i++) await page.keyboard.press('ArrowRight');
    await page.keyboard.type('identity_cl');
    const option = page.locator('.cm-tooltip-autocomplete li').filter({ hasText: 'identity_client_ip' }).first();
    await option.waitFor();
    expect(await option.textContent()).toContain('cert_create');
    await screenshot(page, '04-completion');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.cm-content').textContent()).toBe('SELECT identity_client_ip FROM cert_create');

    // With another view in FROM, its own columns come first.
    await typeSql(page, 'SELECT  FROM exec');
    await page.keyboard.press('Home');
    for (let i = 0; i < 'SELECT '.length; i++) await page.keyboard.press('ArrowRight');
    await page.keyboard.type('comm');
    const first = page.locator('.cm-tooltip-autocomplete li').first();
    await first.waitFor();
    expect(await first.textContent()).toMatch(/^command.*exec/);
    await ctx.close();
  });

  it('runs a documented example with Ctrl+Enter and shows the rows `amctl audit query exec` prints', async () => {
    const { ctx, page } = await signedIn(await editorToken());
    await page.goto(`${origin}/query`);
    await page.getByRole('tab', { name: 'Examples' }).click();
    await page.getByRole('button', { name: /distinct IP addresses behind each user/ }).click();
    await page.getByLabel('Window').selectOption('30');
    await page.locator('.cm-content').click();
    await page.keyboard.press('Control+Enter');
    await page.locator('.badge.SUCCEEDED').waitFor();
    await page.getByRole('table', { name: 'Query results' }).waitFor();

    const sql = (await gw.gql('{ exampleQueries { id sql } }')).data.exampleQueries.find((q: { id: string }) => q.id === 'example-2').sql;
    const cli = await cliRows(sql, 30);
    expect(cli.rows.length).toBeGreaterThan(10);
    await expect.poll(() => page.locator('.results-bar strong').textContent()).toBe(cli.rows.length.toLocaleString('en-US'));

    // Header and the rows in view are the CLI's.
    const headers = await page.locator('[role=columnheader] .col-name').allTextContents();
    expect(headers).toEqual(cli.header);
    const shown = await page.locator('[role=rowgroup] + [role=rowgroup] [role=row]').evaluateAll((rows) =>
      rows.map((r) => [...r.querySelectorAll('[role=cell]')].map((c) => c.textContent ?? '')),
    );
    expect(shown.length).toBeGreaterThan(5);
    const cliSet = new Set(sortRows(cli.rows));
    for (const row of shown) expect(cliSet.has(JSON.stringify(row)), JSON.stringify(row)).toBe(true);
    // Numbers are right-aligned.
    expect(await page.locator('[role=cell].num').first().evaluate((el) => getComputedStyle(el).textAlign)).toBe('right');

    // The whole result as CSV is the CLI's output, row for row.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
    const csv = parseCsv(readFileSync((await download.path())!, 'utf8'));
    expect(csv[0]).toEqual(cli.header);
    expect(sortRows(csv.slice(1))).toEqual(sortRows(cli.rows));

    // The URL holds the query and window; the run is in Recent.
    const url = new URL(page.url());
    expect(url.searchParams.get('sql')).toBe(sql);
    expect(url.searchParams.get('days')).toBe('30');
    await screenshot(page, '05-query-results');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('tab', { name: 'Recent' }).click();
    await page.locator('.query-list .item-meta').filter({ hasText: '30 days · succeeded' }).first().waitFor();
    await ctx.close();
  });

  it('pages a large result through the cursor, renders only the rows in view, and downloads all of it', async () => {
    const { ctx, page } = await signedIn(await editorToken());
    await page.goto(`${origin}/query?${new URLSearchParams({ sql: 'SELECT x, CAST(NULL AS varchar) AS nothing, \'\' AS blank FROM UNNEST(sequence(1, 1234)) AS t(x) ORDER BY x', days: '7' })}`);
    await page.getByRole('button', { name: /^Run/ }).click();
    await page.locator('.badge.SUCCEEDED').waitFor();
    await page.getByText('(500 shown)').waitFor();
    expect(await page.locator('.results-bar strong').textContent()).toBe('1,234');
    // Virtualised: a few dozen row elements for 500 rows.
    expect(await page.locator('[role=table] [role=rowgroup] + [role=rowgroup] [role=row]').count()).toBeLessThan(80);
    // NULL and '' look different.
    const first = page.locator('[role=row][aria-rowindex="2"] [role=cell]');
    expect(await first.nth(1).textContent()).toBe('NULL');
    expect(await first.nth(1).getAttribute('class')).toContain('null');
    expect(await first.nth(2).getAttribute('class')).toContain('empty');
    await page.getByRole('button', { name: 'Load more rows' }).click();
    await page.getByText('(1,000 shown)').waitFor();
    await page.getByRole('region', { name: 'Query results' }).evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await page.locator('[role=row][aria-rowindex="1001"] [role=cell]').first().getByText('1000', { exact: true }).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download JSON' }).click()]);
    // Cells as the API types them: a bigint is a string (64-bit), NULL is null.
    const all = JSON.parse(readFileSync((await download.path())!, 'utf8')) as { x: string; nothing: null; blank: string }[];
    expect(all).toHaveLength(1234);
    expect(all[1233]).toEqual({ x: '1234', nothing: null, blank: '' });
    expect(all.map((r) => r.x)).toEqual(Array.from({ length: 1234 }, (_, i) => String(i + 1)));
    await ctx.close();
  });

  it('cancels a long query', async () => {
    const { ctx, page } = await signedIn(await editorToken());
    await page.goto(`${origin}/query?${new URLSearchParams({ sql: ENDLESS_SQL, days: '30' })}`);
    await expect.poll(() => page.locator('.cm-content').textContent()).toBe(ENDLESS_SQL);
    await page.getByRole('button', { name: /^Run/ }).click();
    await page.locator('.badge.RUNNING').waitFor();
    await page.locator('.elapsed').waitFor();
    await screenshot(page, '06-running');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.locator('.badge.CANCELLED').waitFor();
    await page.getByText('The query was cancelled.').waitFor();
    await ctx.close();
  });

  it('shows an error at the place in the SQL it points to', async () => {
    const { ctx, page } = await signedIn(await editorToken());
    await page.goto(`${origin}/query?${new URLSearchParams({ sql: 'SELECT user,\n  foo\nFROM exec', days: '7' })}`);
    await page.locator('.cm-editor').waitFor();
    await page.getByRole('button', { name: /^Run/ }).click();
    const alert = page.getByRole('alert');
    await alert.getByText('The query failed').waitFor();
    expect(await alert.textContent()).toContain('at line 2, column 3');
    expect(await alert.textContent()).toContain("Column 'foo' cannot be resolved");
    await expect.poll(() => page.locator('.cm-lintRange-error').textContent()).toBe('foo');
    await screenshot(page, '07-error-position');

    // A syntax error the guard refuses before any engine runs it.
    await typeSql(page, 'SELECT count(*)\nFROM exec\nWHERE WHERE');
    await page.keyboard.press('Control+Enter');
    await alert.getByText('The query was refused').waitFor();
    expect(await alert.textContent()).toContain('at line 3, column 7');
    await expect.poll(() => page.locator('.cm-lintRange-error').textContent()).toBe('WHERE');
    await ctx.close();
  });

  it('shows no Run button to a user without use on audit_query, and says why', async () => {
    const { ctx, page } = await signedIn(await signToken(key, { user: 'pat', roles: ['query-reader'] }));
    await page.goto(`${origin}/query`);
    await page.getByRole('note').getByText(/do not allow running queries/).waitFor();
    expect(await page.getByRole('button', { name: /^Run/ }).count()).toBe(0);
    await screenshot(page, '08-no-use');
    await page.goto(`${origin}/reports/privilege_access_report?days=30`);
    await page.getByRole('note').getByText(/do not allow running this report/).waitFor();
    expect(await page.getByRole('button', { name: 'Run report' }).count()).toBe(0);
    await ctx.close();
  });

  it('says on each page which roles, verbs and resource are missing', async () => {
    const noteOn = async (page: Page, path: string, text: RegExp) => {
      await page.goto(`${origin}${path}`);
      const note = page.getByRole('note').filter({ hasText: text });
      await note.waitFor();
      return (await note.textContent())!.replace(/\s+/g, ' ').trim();
    };
    const queries = await signedIn(await signToken(key, { user: 'quinn', roles: ['queries-only'] }));
    expect(await noteOn(queries.page, '/reports', /listing security reports/)).toBe(
      'Your roles (queries-only) do not allow listing security reports: that needs list and read on security_report.',
    );
    await screenshot(queries.page, '08b-no-reports');
    expect(await noteOn(queries.page, '/reports/privilege_access_report?days=30', /reading reports/)).toBe(
      'Your roles (queries-only) do not allow reading reports: that needs read on security_report.',
    );
    await queries.ctx.close();
    const reports = await signedIn(await signToken(key, { user: 'rory', roles: ['reports-only'] }));
    expect(await noteOn(reports.page, '/detections', /listing detections/)).toBe(
      'Your roles (reports-only) do not allow listing detections: that needs list and read on audit_query.',
    );
    expect(await noteOn(reports.page, '/query', /running queries/)).toBe(
      'Your roles (reports-only) do not allow running queries: that needs use on audit_query. Ask a Teleport administrator, or open a report you may read.',
    );
    await screenshot(reports.page, '08c-no-queries');
    await reports.ctx.close();
  });

  it('goes back to sign-in when the token expires, keeping the editor text', async () => {
    const { ctx, page } = await signedIn(await signToken(key, { user: 'alice', roles: ['auditor'], expiresIn: '3s' }));
    await page.goto(`${origin}/query`);
    await page.locator('.cm-editor').waitFor();
    const text = 'SELECT user, count(*) AS n FROM exec GROUP BY user';
    await typeSql(page, text);
    await page.waitForTimeout(3500);
    await page.keyboard.press('Control+Enter');
    await page.getByText(/session has ended/).waitFor();
    await screenshot(page, '09-expired');
    await page.getByLabel('Token').fill(await editorToken());
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.locator('.cm-content').textContent()).toBe(text);
    await ctx.close();
  });
});

describe('reports', () => {
  it('the Privileged Access report at 30 days shows 9 cards, each with a chart or an empty-state message', async () => {
    const { ctx, page } = await signedIn(await editorToken());
    await page.goto(`${origin}/reports`);
    await page.getByRole('link', { name: 'Privileged Access Report' }).first().waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('link', { name: 'Privileged Access Report', exact: true }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('days')).toBe('30');
    await page.getByRole('button', { name: 'Run report' }).click();
    // Live state through reportStateChanged, then the result.
    await page.locator('.query-card').first().waitFor({ timeout: 50_000 });
    const cards = page.locator('.query-card');
    expect(await cards.count()).toBe(9);
    const names = (await gw.gql('{ report(name: "privilege_access_report") { auditQueries { title } } }')).data.report.auditQueries.map((q: { title: string }) => q.title);
    expect(await cards.locator('h2').allTextContents()).toEqual(names);
    let drawn = 0;
    for (let i = 0; i < 9; i++) {
      const card = cards.nth(i);
      await expect.poll(async () => (await card.locator('.chart svg path').count()) > 0 || (await card.locator('[data-empty-chart]').count()) === 1).toBe(true);
      if ((await card.locator('.chart svg path').count()) > 0) drawn++;
      expect(await card.locator('.suggestion').textContent()).toMatch(/^Suggestion: \S/);
      expect(await card.getByRole('link', { name: 'Open in query editor' }).getAttribute('href')).toMatch(/^\/query\?sql=.+&days=30$/);
    }
    // The demo data plants findings for most queries: most cards draw a chart.
    expect(drawn).toBeGreaterThanOrEqual(5);
    await page.getByRole('heading', { name: /Run history/ }).waitFor();
    await page.getByRole('status').getByText('run by alice').waitFor();
    await screenshot(page, '10-report');
    expect(await axeViolations(page)).toEqual([]);
    // A second run within the throttle says when it may run again.
    await page.getByRole('button', { name: 'Run report' }).click();
    await page.getByRole('alert').getByText(/^Not run yet: .*try again in \d+ s/).waitFor();
    await ctx.close();
  });

  it('reads well in the dark theme at 1024 px', async () => {
    const { ctx, page } = await signedIn(await editorToken(), { width: 1024, height: 768, colorScheme: 'dark' });
    await page.goto(`${origin}/reports/privilege_access_report?days=30`);
    await page.locator('.query-card .chart svg').first().waitFor({ timeout: 30_000 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1024);
    await screenshot(page, '11-report-dark-1024');
    expect(await axeViolations(page)).toEqual([]);
    await page.goto(`${origin}/query`);
    await page.locator('.cm-editor').waitFor();
    await screenshot(page, '12-query-dark-1024');
    expect(await axeViolations(page)).toEqual([]);
    await ctx.close();
  });
});

describe('saved queries and detections', () => {
  it('saves a query from the editor, makes a detection of it, runs it and shows the delivery', async () => {
    const received: { body: string; signature?: string }[] = [];
    const receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        received.push({ body, signature: req.headers['x-amctl-signature'] as string | undefined });
        res.end('ok');
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    try {
      const { ctx, page } = await signedIn(await editorToken());
      await page.goto(`${origin}/query?${new URLSearchParams({ sql: 'SELECT user, count(*) AS n FROM exec GROUP BY user', days: '30' })}`);
      await page.getByRole('button', { name: 'Save…' }).click();
      await page.getByLabel('Name').fill('exec-users');
      await page.getByLabel('Title').fill('Users running commands');
      await page.getByRole('button', { name: 'Save query' }).click();
      await page.getByText('Saved as exec-users.').waitFor();
      await page.getByRole('button', { name: /Users running commands/ }).waitFor();
      expect((await gw.gql('{ auditQuery(name: "exec-users") { query } }')).data.auditQuery.query).toBe('SELECT user, count(*) AS n FROM exec GROUP BY user');

      await page.getByRole('link', { name: 'Detections' }).click();
      await page.getByRole('button', { name: 'New detection' }).click();
      await page.getByLabel('Name').fill('exec-watch');
      await page.getByLabel('Saved query').selectOption('exec-users');
      await page.getByLabel('Window').selectOption('30');
      await page.getByLabel('URL').fill(url);
      await page.getByLabel(/Signing secret/).fill('a-long-enough-signing-secret');
      await page.getByRole('button', { name: 'Create detection' }).click();
      await page.getByText('Created exec-watch.').waitFor();
      const row = page.getByRole('row').filter({ hasText: 'exec-watch' });
      await row.getByText('every hour over 30 days').waitFor();
      await row.getByRole('button', { name: 'Run now' }).click();
      await page.getByText(/exec-watch: FIRED \(\d+ rows\); 1 of 1 deliveries succeeded/).waitFor();
      await row.locator('.deliveries li.ok').first().waitFor();
      expect(received).toHaveLength(1);
      expect(received[0]!.signature).toBeTruthy();
      await screenshot(page, '13-detections');
      expect(await axeViolations(page)).toEqual([]);
      await ctx.close();
    } finally {
      receiver.close();
    }
  });
});

describe('the GraphQL IDE', () => {
  it('opens from the navigation with the signed-in token and runs an operation', async () => {
    const { ctx, page } = await signedIn(await editorToken());
    const refused: string[] = [];
    page.on('response', (r) => r.url().endsWith('/graphql') && r.status() !== 200 && refused.push(`${r.status()}`));
    await page.goto(`${origin}/query`);
    await page.getByRole('link', { name: 'GraphQL IDE' }).click();
    await page.locator('.graphiql-query-editor .monaco-editor').waitFor();
    const answer = page.waitForResponse((r) => r.url().endsWith('/graphql') && (r.request().postData() ?? '').includes('viewer'));
    await page.locator('.graphiql-execute-button').click();
    expect(((await (await answer).json()) as { data: { viewer: { user: string } } }).data.viewer.user).toBe('alice');
    await expect.poll(() => page.locator('.graphiql-response').textContent(), { timeout: 10_000 }).toContain('alice');
    // The schema loaded (introspection carried the token): the docs list the root types.
    await page.getByRole('button', { name: /Show Documentation Explorer/i }).click();
    await page.getByText('Query', { exact: true }).first().waitFor();
    expect(refused).toEqual([]);
    await screenshot(page, '14-graphiql');
    await ctx.close();
  });
});

describe('keyboard', () => {
  it('reaches the navigation, the editor and Run with the keyboard alone', async () => {
    const { ctx, page } = await signedIn(await editorToken());
    await page.goto(`${origin}/query`);
    await page.locator('.cm-editor').waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    const reached = new Set<string>();
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      reached.add(await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        return el?.getAttribute('aria-label') ?? el?.textContent?.trim() ?? '';
      }));
    }
    expect([...reached]).toEqual(expect.arrayContaining(['Query editor', 'Reports', 'Detections', 'Views']));
    await ctx.close();
  });
});

interface LogEvent {
  uid: string;
  event: string;
  time: string;
  user?: string;
  [k: string]: unknown;
}

/** The demo log's events, read straight from its files (not through any engine). */
function logEvents(): LogEvent[] {
  const out: LogEvent[] = [];
  for (const f of readdirSync(demo.logDir).filter((n) => n.endsWith('.log')).sort()) {
    for (const line of readFileSync(join(demo.logDir, f), 'utf8').split('\n')) {
      try {
        const e = JSON.parse(line) as LogEvent;
        if (e && typeof e === 'object' && typeof e.event === 'string' && e.event && Number.isFinite(Date.parse(e.time))) out.push(e);
      } catch {
        // not an event line: the demo plants some, the ingest skips them
      }
    }
  }
  return out;
}

interface FeedLine {
  id: string;
  change: string;
  severity: string;
  last_seen: string;
  source: { rule?: string };
  fields: Record<string, unknown>;
  triage?: { status: string; by: string; comment: string; assignee?: string };
}

/** The findings feed (NDJSON), every line from the start, as a SIEM reads it. */
async function feed(token: string, query = ''): Promise<FeedLine[]> {
  const lines: FeedLine[] = [];
  let after = '';
  for (;;) {
    const r = await fetch(`${origin}/v1/findings?limit=1000${query}${after ? `&after=${after}` : ''}`, { headers: { authorization: `Bearer ${token}` } });
    expect(r.status).toBe(200);
    const page = (await r.text()).split('\n').filter(Boolean).map((l) => JSON.parse(l) as FeedLine);
    lines.push(...page);
    after = r.headers.get('amctl-next-cursor') ?? '';
    if (r.headers.get('amctl-has-more') !== 'true') return lines;
  }
}

describe('the findings inbox and the investigation timeline', () => {
  beforeAll(async () => {
    // The detection rules run as the background service runs them on its first pass (`serve --demo`
    // at start) and as `amctl audit detection run --all` does: every enabled rule over the look-back.
    const outcomes = await runtime.rules.runAll();
    expect(outcomes.filter((o) => o.status === 'FAILED').map((o) => `${o.rule}: ${o.error}`)).toEqual([]);
    await runtime.findings.idle();
  });

  it('lists findings newest first, filters them, acknowledges and resolves one; the feed has the triage in order', async () => {
    const token = await editorToken();
    // What the inbox must show, from the feed: each finding's latest change, newest last seen first.
    const latest = new Map<string, FeedLine>();
    for (const l of await feed(token)) latest.set(l.id, l);
    const open = [...latest.values()].sort((a, b) => (a.last_seen < b.last_seen ? 1 : a.last_seen > b.last_seen ? -1 : a.id < b.id ? -1 : 1));
    expect(open.length).toBeGreaterThan(5);
    // The newest finding of a rule with several user findings, about a user busy enough for a timeline
    // of several pages from the day before the finding's first event (where its link starts): filter
    // to its rule, then to its user.
    const events = logEvents();
    const now = Date.now();
    const DAY = 86_400_000;
    const busy = (f: FeedLine) => {
      const from = Math.floor(Date.parse(String(f.fields.first_event)) / DAY) * DAY - DAY;
      return events.filter((e) => e.user === f.fields.entity && Date.parse(e.time) >= from && Date.parse(e.time) < now).length > 50;
    };
    const ofRule = (rule: string | undefined) => open.filter((g) => g.source.rule === rule);
    const target = open.find((f) => f.source.rule && f.fields.entity_kind === 'user' && ofRule(f.source.rule).length > 1 && busy(f))!;
    expect(target).toBeDefined();
    const rule = target.source.rule!;
    const ruleFindings = ofRule(rule);
    const user = String(target.fields.entity);

    const { ctx, page } = await signedIn(token);
    await page.goto(`${origin}/reports`);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Findings' }).click();
    await page.getByRole('heading', { name: 'Findings', level: 1 }).waitFor();
    const rows = page.locator('.inbox-table tbody tr');
    await rows.first().waitFor();
    await page.getByText(`${open.length} findings`).waitFor();
    const shown = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-finding')));
    expect(shown).toEqual(open.slice(0, 50).map((f) => f.id));
    expect(await axeViolations(page)).toEqual([]);

    // Severity, then rule, then entity.
    const filters = page.getByRole('search', { name: 'Filter findings' });
    const severity = target.severity;
    await filters.getByLabel('Severity').selectOption(severity);
    await expect.poll(() => rows.count()).toBe(Math.min(50, open.filter((f) => f.severity === severity).length));
    expect(new Set(await rows.locator('.badge.sev').allTextContents())).toEqual(new Set([severity]));
    await filters.getByLabel('Rule').selectOption(rule);
    await expect.poll(() => rows.count()).toBe(ruleFindings.filter((f) => f.severity === severity).length);
    expect(new Set(await rows.locator('.rule-name').allTextContents())).toEqual(new Set([rule]));
    await filters.getByLabel('Entity').fill(user.toUpperCase());
    await filters.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().getAttribute('data-finding')).toBe(target.id);
    const url = new URL(page.url());
    expect([url.searchParams.get('severity'), url.searchParams.get('rule'), url.searchParams.get('entity')]).toEqual([severity, rule, user.toUpperCase()]);

    // Open it, acknowledge (assigned to me), then resolve.
    await rows.first().locator('.finding-title').click();
    const detail = page.getByRole('complementary', { name: 'Finding detail' });
    await detail.getByRole('heading', { level: 2 }).waitFor();
    await detail.getByText('Nobody has triaged it yet.').waitFor();
    await detail.getByRole('button', { name: 'me', exact: true }).click();
    await detail.getByLabel('Comment').fill('looking into it');
    await detail.getByRole('button', { name: 'Acknowledge' }).click();
    await detail.getByText('Marked acknowledged.').waitFor();
    await detail.locator('.detail-head .badge.triage').getByText('Acknowledged').waitFor();
    await rows.first().locator('.badge.triage').getByText('Acknowledged').waitFor();
    expect(await detail.getByRole('button', { name: 'Acknowledge' }).count()).toBe(0);
    await detail.getByLabel('Comment').fill('planned maintenance, confirmed with the team');
    await detail.getByRole('button', { name: 'Resolve' }).click();
    await detail.getByText('Marked resolved.').waitFor();
    const history = detail.getByRole('list', { name: 'Triage history' }).locator('li');
    await expect.poll(() => history.count()).toBe(2);
    expect((await history.allTextContents()).map((t) => t.replace(/^\d{4}-\d\d-\d\d \d\d:\d\d UTC · /, ''))).toEqual([
      'aliceOpen → Acknowledged · assigned to alicelooking into it',
      'aliceAcknowledged → Resolved · assigned to aliceplanned maintenance, confirmed with the team',
    ]);
    // Resolved leaves the queue (open or acknowledged) but is one filter away.
    await expect.poll(() => rows.count()).toBe(0);
    await page.getByText('No finding matches these filters.').waitFor();
    await filters.getByLabel('Status').selectOption('resolved');
    await rows.first().locator('.badge.triage').getByText('Resolved').waitFor();
    expect(await rows.count()).toBe(1);

    // The feed carries the two triage changes, in order, after the run's change; OCSF status follows.
    const mine = (await feed(token)).filter((l) => l.id === target.id);
    expect(mine.map((l) => [l.change, l.triage?.status, l.triage?.by, l.triage?.assignee, l.triage?.comment])).toEqual([
      ['NEW', undefined, undefined, undefined, undefined],
      ['TRIAGED', 'acknowledged', 'alice', 'alice', 'looking into it'],
      ['TRIAGED', 'resolved', 'alice', 'alice', 'planned maintenance, confirmed with the team'],
    ]);
    const ocsf = (await (await fetch(`${origin}/v1/findings?format=ocsf&change=TRIAGED&limit=1000`, { headers: { authorization: `Bearer ${token}` } })).text())
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { finding_info: { uid: string }; status: string })
      .filter((e) => e.finding_info.uid === target.id);
    expect(ocsf.map((e) => e.status)).toEqual(['In Progress', 'Resolved']);

    await ctx.close();

    // The README's inbox, on a desktop screen: every finding, this one open in the pane.
    const wide = await signedIn(token, { width: 1440, height: 900 });
    await wide.page.goto(`${origin}/findings?status=any&id=${target.id}`);
    await wide.page.getByRole('list', { name: 'Triage history' }).waitFor();
    await wide.page.locator('.inbox-table tbody tr.selected').waitFor();
    await docsScreenshot(wide.page, '15-findings', 'console-findings');
    expect(await axeViolations(wide.page)).toEqual([]);
    await wide.ctx.close();
  });

  it('shows no triage buttons to a user without update on security_report, and says why', async () => {
    const target = (await gw.gql('{ findingsInbox(first: 1, filter: { statuses: [resolved] }) { nodes { id } } }', {}, await editorToken())).data.findingsInbox.nodes[0];
    // On a small screen in the dark theme: the pane above the list, nothing wider than the window.
    const { ctx, page } = await signedIn(await signToken(key, { user: 'pat', roles: ['auditor'] }), { width: 1024, height: 768, colorScheme: 'dark' });
    await page.goto(`${origin}/findings?status=any&id=${target.id}`);
    const detail = page.getByRole('complementary', { name: 'Finding detail' });
    const note = detail.getByRole('note');
    await note.waitFor();
    expect((await note.textContent())!.replace(/\s+/g, ' ').trim()).toBe(
      'Your roles (auditor) do not allow triaging findings: that needs update on security_report. You can read the finding and its history.',
    );
    // The history is there to read; nothing to press.
    await expect.poll(() => detail.getByRole('list', { name: 'Triage history' }).locator('li').count()).toBe(2);
    for (const name of ['Acknowledge', 'Resolve', 'False positive', 'Reopen', 'Save assignee and comment']) expect(await page.getByRole('button', { name }).count(), name).toBe(0);
    expect(await detail.getByLabel('Comment').count()).toBe(0);
    await page.locator('.inbox-table tbody tr').first().waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1024);
    await screenshot(page, '16-findings-no-triage-dark-1024');
    expect(await axeViolations(page)).toEqual([]);
    await ctx.close();
  });

  it("follows a finding to its user's timeline: events newest first, paged, one opened whole, with activity and facets", async () => {
    const token = await editorToken();
    const target = (await gw.gql('{ findingsInbox(first: 1, filter: { statuses: [resolved] }) { nodes { id entities { kind value } } } }', {}, token)).data.findingsInbox.nodes[0];
    const user = target.entities[0].value as string;
    const { ctx, page } = await signedIn(token);
    await page.goto(`${origin}/findings?status=any&id=${target.id}`);
    const detail = page.getByRole('complementary', { name: 'Finding detail' });
    const answer = page.waitForResponse((r) => r.url().endsWith('/graphql') && (r.request().postData() ?? '').includes('EntityTimeline'));
    await detail.locator('.facts').getByRole('link', { name: user, exact: true }).click();
    await page.getByRole('heading', { name: 'Investigate', level: 1 }).waitFor();
    const t = ((await (await answer).json()) as { data: { entityTimeline: { from: string; to: string } } }).data.entityTimeline;
    const url = new URL(page.url());
    expect([url.searchParams.get('kind'), url.searchParams.get('value')]).toEqual(['user', user]);
    await page.getByRole('heading', { name: `User ${user}`, level: 2 }).waitFor();

    // Every event of the user in the range, from the log files themselves, newest first.
    const [fromMs, toMs] = [Date.parse(t.from), Date.parse(t.to)];
    const expected = logEvents()
      .filter((e) => e.user === user && Date.parse(e.time) >= fromMs && Date.parse(e.time) < toMs)
      .sort((a, b) => Date.parse(b.time) - Date.parse(a.time) || (a.uid < b.uid ? 1 : a.uid > b.uid ? -1 : 0));
    expect(expected.length).toBeGreaterThan(50);
    await page.getByText(`${expected.length.toLocaleString('en-US')} events`, { exact: false }).first().waitFor();
    const eventRows = page.getByRole('list', { name: 'Events, newest first' }).locator(':scope > li');
    await expect.poll(() => eventRows.count()).toBe(50);
    const typesShown = async () => eventRows.locator('.event-type').allTextContents();
    expect(await typesShown()).toEqual(expected.slice(0, 50).map((e) => e.event));
    expect(await eventRows.locator('time').evaluateAll((ts) => ts.map((x) => x.getAttribute('datetime')))).toEqual(expected.slice(0, 50).map((e) => new Date(Date.parse(e.time)).toISOString()));
    // Histogram drawn; facets hold the user's IPs, each a pivot to that IP's timeline.
    await page.locator('.histogram .chart svg').waitFor();
    await expect.poll(() => page.locator('.histogram .chart svg path').count()).toBeGreaterThan(3);
    const ips = [...new Set(expected.map((e) => e['addr.remote']).filter((v): v is string => typeof v === 'string' && v !== '').map((v) => v.replace(/:\d+$/, '')))].sort();
    const ipFacet = page.getByRole('region', { name: /IP addresses/ });
    expect(await ipFacet.locator('h3 .count').textContent()).toBe(String(ips.length));
    const ipLinks = await ipFacet.locator('a').allTextContents();
    expect(ipLinks.length).toBe(Math.min(ips.length, 8));
    for (const ip of ipLinks) expect(ips).toContain(ip);
    await screenshot(page, '17-investigate');
    expect(await axeViolations(page)).toEqual([]);

    // Open the third event whole: the JSON is the log line.
    await eventRows.nth(2).getByRole('button').click();
    const raw = eventRows.nth(2).locator('pre');
    await raw.waitFor();
    expect(JSON.parse((await raw.textContent())!)).toEqual(expected[2]);
    await screenshot(page, '18-investigate-event');

    // The README's timeline, on a desktop screen.
    const wide = await signedIn(token, { width: 1440, height: 900 });
    await wide.page.goto(page.url());
    await wide.page.locator('.histogram .chart svg').waitFor();
    await wide.page.getByRole('list', { name: 'Events, newest first' }).locator(':scope > li').nth(1).getByRole('button').click();
    await wide.page.locator('.event-raw pre').waitFor();
    await docsScreenshot(wide.page, '19-investigate-wide', 'console-investigate');
    await wide.ctx.close();

    // The next page continues where the first ended.
    await page.getByRole('button', { name: 'Load 50 more events' }).click();
    await expect.poll(() => eventRows.count()).toBe(Math.min(100, expected.length));
    expect(await typesShown()).toEqual(expected.slice(0, 100).map((e) => e.event));

    // Pivot: an IP of the user opens that IP's timeline over the same range.
    await ipFacet.locator('a').first().click();
    await page.getByRole('heading', { name: /^IP address / }).waitFor();
    expect(new URL(page.url()).searchParams.get('kind')).toBe('ip');
    await ctx.close();
  });

  it('picks an entity by hand, and says so when it has no events in the range', async () => {
    const { ctx, page } = await signedIn(await editorToken());
    await page.goto(`${origin}/investigate`);
    await page.getByText('Pick a user, host, IP address or session id').waitFor();
    const form = page.getByRole('form', { name: 'What to investigate' });
    await form.getByLabel('Kind').selectOption('ip');
    await form.getByLabel('IP address', { exact: true }).fill('203.0.113.254');
    await form.getByLabel('Time range').selectOption('24h');
    await form.getByRole('button', { name: 'Show timeline' }).click();
    await page.getByText('No events of IP address 203.0.113.254 in this range.').waitFor();
    expect(await page.locator('.histogram').count()).toBe(0);
    expect(Object.fromEntries(new URL(page.url()).searchParams)).toEqual({ kind: 'ip', value: '203.0.113.254', range: '24h' });
    await screenshot(page, '20-investigate-empty');
    expect(await axeViolations(page)).toEqual([]);
    await ctx.close();
  });

  it('links user, host and IP cells of a result grid to their timelines', async () => {
    const { ctx, page } = await signedIn(await editorToken());
    await page.goto(`${origin}/query?${new URLSearchParams({ sql: 'SELECT server_hostname, "user", login, count(*) AS n FROM session_start GROUP BY 1, 2, 3 ORDER BY n DESC, 1, 2, 3', days: '30' })}`);
    await page.getByRole('button', { name: /^Run/ }).click();
    const grid = page.getByRole('table', { name: 'Query results' });
    const first = grid.locator('[role=row][aria-rowindex="2"] [role=cell]');
    await first.first().waitFor();
    // The host and the user link; the OS login and the count do not.
    expect(await first.nth(0).locator('a').count()).toBe(1);
    expect(await first.nth(1).locator('a').count()).toBe(1);
    expect(await first.nth(2).locator('a').count()).toBe(0);
    expect(await first.nth(3).locator('a').count()).toBe(0);
    const host = (await first.nth(0).textContent())!;
    await first.nth(0).locator('a').click();
    await page.getByRole('heading', { name: `Host ${host}`, level: 2 }).waitFor();
    expect(new URL(page.url()).searchParams.get('range')).toBe('30d');
    await ctx.close();
  });
});
