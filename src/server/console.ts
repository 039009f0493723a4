// The web console: the built single-page app (console/dist) at `/`, on the same origin as /graphql,
// the GraphQL IDE at /graphiql when introspection is on, and the exchange of a one-time sign-in code
// for a token. Everything the browser loads comes from here: nothing from a CDN.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type { OneTimeSignIn } from './sign-in-link';

/** Where `npm run build:console` puts the app. */
export const CONSOLE_DIST = fileURLToPath(new URL('../../console/dist', import.meta.url));

export interface ConsoleOptions {
  /** Built console; default CONSOLE_DIST. */
  distDir?: string;
  /** Serve /graphiql (only where introspection is on). */
  graphiql: boolean;
  /** One-time sign-in codes (demo gateways). */
  signIn?: OneTimeSignIn;
}

/** Paths the console never answers: the API and operational endpoints keep their own 404s. */
const API_PATHS = /^\/(graphql|healthz|readyz|metrics|console\/)/;

// Styles: CodeMirror and the charts set inline styles. Scripts: only our own files.
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self' ws: wss:",
  "worker-src 'self' blob:",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

function pageHeaders(res: Response): void {
  res.setHeader('content-security-policy', CSP);
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('referrer-policy', 'no-referrer');
  res.setHeader('cache-control', 'no-cache');
}

function notBuilt(res: Response, dist: string): void {
  pageHeaders(res);
  res
    .status(503)
    .type('html')
    .send(
      `<!doctype html><meta charset="utf-8"><title>amctl console not built</title>` +
        `<p>The web console has not been built (no ${dist}/index.html). Run <code>npm run build:console</code> ` +
        `(<code>npm start</code> does it when needed) and reload. The GraphQL API is at <a href="/graphql">/graphql</a>.</p>`,
    );
}

export function mountConsole(app: Express, opts: ConsoleOptions): void {
  const dist = opts.distDir ?? CONSOLE_DIST;

  app.post('/console/sign-in', express.json({ limit: 4096 }), async (req: Request, res: Response, next: NextFunction) => {
    try {
      const code = typeof req.body?.code === 'string' ? req.body.code : '';
      const grant = code && opts.signIn ? await opts.signIn.redeem(code) : undefined;
      if (!grant) {
        res.status(401).json({
          error: 'this sign-in link is not valid (already used, expired, or from another start of the gateway): paste a token, or restart the demo for a new link',
        });
        return;
      }
      res.setHeader('cache-control', 'no-store');
      res.json(grant);
    } catch (e) {
      next(e);
    }
  });

  // Hashed file names: cached for good.
  app.use('/assets', express.static(join(dist, 'assets'), { immutable: true, maxAge: '365d', index: false, fallthrough: true }));

  if (opts.graphiql) {
    app.get('/graphiql', (_req, res) => {
      const page = join(dist, 'graphiql.html');
      if (!existsSync(page)) return notBuilt(res, dist);
      pageHeaders(res);
      res.sendFile(page);
    });
  }

  if (!opts.graphiql) {
    app.get('/graphiql', (req, res, next) => {
      if (!(req.headers.accept ?? '').includes('text/html')) return next();
      pageHeaders(res);
      res
        .status(404)
        .type('html')
        .send(
          `<!doctype html><meta charset="utf-8"><title>GraphQL IDE not served</title>` +
            `<p>The GraphQL IDE is served only where introspection is on (<code>server.introspection: true</code>). ` +
            `The API is at <a href="/graphql">/graphql</a>; the console at <a href="/">/</a>.</p>`,
        );
    });
  }

  // The app's own routes (/, /query, /reports/..., /detections, /sign-in): the single page.
  app.get(/.*/, (req: Request, res: Response, next: NextFunction) => {
    if (API_PATHS.test(req.path) || req.path.startsWith('/assets/') || req.path === '/graphiql') return next();
    if (/^\/[\w-]+\.(svg|png|ico)$/.test(req.path)) {
      // An icon at the top of dist; `root` keeps the lookup inside it.
      return res.sendFile(req.path.slice(1), { root: dist }, (err) => err && next());
    }
    // Page loads only: API clients asking for an unknown path keep getting the JSON 404.
    if (!(req.headers.accept ?? '').includes('text/html')) return next();
    const index = join(dist, 'index.html');
    if (!existsSync(index)) return notBuilt(res, dist);
    pageHeaders(res);
    res.sendFile(index);
  });
}
