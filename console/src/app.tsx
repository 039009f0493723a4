// The console shell: who is signed in (the `viewer` query), the left navigation, and the page for the
// current path. When the gateway refuses the credential the sign-in page takes over the same URL, so
// signing in again lands where the user was (the editor's text is kept in the browser).
import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { ApiError, request } from './api/client';
import { ViewerQuery } from './api/operations';
import { getToken, onSignedOut, redeemSignInCode, setToken, signedOut } from './api/session';
import type { Viewer } from './api/viewer';
import { QueryPage } from './pages/QueryPage';
import { SignInPage } from './pages/SignInPage';
import { Link, navigate, useLocation } from './router';

const ReportsPage = lazy(() => import('./pages/ReportsPage'));
const ReportPage = lazy(() => import('./pages/ReportPage'));
const DetectionsPage = lazy(() => import('./pages/DetectionsPage'));
const FindingsPage = lazy(() => import('./pages/FindingsPage'));
const InvestigatePage = lazy(() => import('./pages/InvestigatePage'));

type Auth = { status: 'loading' } | { status: 'signed-in'; viewer: Viewer } | { status: 'signed-out'; reason?: string } | { status: 'error'; message: string };

const NAV = [
  { href: '/query', label: 'Query editor' },
  { href: '/reports', label: 'Reports' },
  { href: '/findings', label: 'Findings' },
  { href: '/investigate', label: 'Investigate' },
  { href: '/detections', label: 'Detections' },
];

export function App() {
  const { path } = useLocation();
  const [auth, setAuth] = useState<Auth>({ status: 'loading' });
  const [graphiql, setGraphiql] = useState(false);

  // The IDE is served only where introspection is on.
  useEffect(() => {
    fetch('/graphiql', { method: 'HEAD', headers: { accept: 'text/html' } }).then(
      (r) => setGraphiql(r.ok),
      () => setGraphiql(false),
    );
  }, []);

  const loadViewer = useCallback(async (reason?: string) => {
    try {
      const { viewer } = await request(ViewerQuery);
      setAuth({ status: 'signed-in', viewer });
    } catch (e) {
      const err = e as ApiError;
      if (err.code === 'UNAUTHENTICATED') setAuth({ status: 'signed-out', reason: reason ?? (err.message.startsWith('no token') ? undefined : err.message) });
      else setAuth({ status: 'error', message: err.message });
    }
  }, []);

  useEffect(() => {
    // A one-time sign-in link: /sign-in#code=...
    const code = new URLSearchParams(location.hash.slice(1)).get('code');
    if (path === '/sign-in' && code) {
      history.replaceState(null, '', '/sign-in');
      redeemSignInCode(code).then(
        () => {
          navigate('/query', { replace: true });
          void loadViewer();
        },
        (e: Error) => setAuth({ status: 'signed-out', reason: e.message }),
      );
      return;
    }
    void loadViewer();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(
    () =>
      onSignedOut(() =>
        setAuth((a) => (a.status === 'signed-out' ? a : { status: 'signed-out', reason: 'Your session has ended (the token expired or was refused). Sign in again: your query text is kept.' })),
      ),
    [],
  );

  // Back to sign-in when our token expires, even on an idle page (the editor keeps its text). Behind
  // Teleport there is no token of ours: the proxy sends a fresh assertion with every request.
  const expiresAt = auth.status === 'signed-in' ? auth.viewer.expiresAt : undefined;
  useEffect(() => {
    if (!expiresAt || !getToken()) return;
    const delay = Date.parse(expiresAt) - Date.now();
    if (!(delay < 2 ** 31 - 1)) return;
    const t = setTimeout(signedOut, Math.max(delay, 0));
    return () => clearTimeout(t);
  }, [expiresAt]);

  useEffect(() => {
    if (path === '/' || (auth.status === 'signed-in' && path === '/sign-in')) navigate('/query', { replace: true });
  }, [path, auth.status]);

  if (auth.status === 'loading') return <p className="loading" role="status">Loading…</p>;
  if (auth.status === 'error') {
    return (
      <main className="sign-in" id="main">
        <div className="card">
          <h1>The gateway did not answer as expected</h1>
          <p role="alert">{auth.message}</p>
          <button type="button" className="button" onClick={() => void loadViewer()}>
            Try again
          </button>
        </div>
      </main>
    );
  }
  if (auth.status === 'signed-out') return <SignInPage reason={auth.reason} onSignedIn={() => void loadViewer('That token was not accepted.')} />;

  const { viewer } = auth;
  const reportMatch = /^\/reports\/([^/]+)$/.exec(path);
  let page;
  if (path.startsWith('/query') || path === '/' || path === '/sign-in') page = <QueryPage viewer={viewer} />;
  else if (path === '/reports') page = <ReportsPage viewer={viewer} />;
  else if (reportMatch) page = <ReportPage viewer={viewer} name={decodeURIComponent(reportMatch[1]!)} />;
  else if (path === '/detections') page = <DetectionsPage viewer={viewer} />;
  else if (path === '/findings') page = <FindingsPage viewer={viewer} />;
  else if (path === '/investigate') page = <InvestigatePage viewer={viewer} />;
  else
    page = (
      <div className="page">
        <h1>Not found</h1>
        <p>
          There is no page at <code>{path}</code>. <Link href="/query">Open the query editor</Link>.
        </p>
      </div>
    );

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <nav className="side-nav" aria-label="Main">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            ◆
          </span>{' '}
          Access Monitoring
        </div>
        <ul>
          {NAV.map((n) => (
            <li key={n.href}>
              <Link href={n.href} aria-current={path === n.href || path.startsWith(`${n.href}/`) ? 'page' : undefined}>
                {n.label}
              </Link>
            </li>
          ))}
          {graphiql && (
            <li>
              <a href="/graphiql">GraphQL IDE</a>
            </li>
          )}
        </ul>
        <div className="who">
          <div className="user">{viewer.user}</div>
          <div className="roles">{viewer.roles.join(', ') || 'no roles'}</div>
          <button
            type="button"
            className="link-button"
            onClick={() => {
              setToken(undefined);
              setAuth({ status: 'signed-out', reason: 'You signed out.' });
            }}
          >
            Sign out
          </button>
        </div>
      </nav>
      <main id="main" className="main" tabIndex={-1}>
        <Suspense fallback={<p className="loading">Loading…</p>}>{page}</Suspense>
      </main>
    </div>
  );
}
