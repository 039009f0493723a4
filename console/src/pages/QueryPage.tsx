// The query editor: views, examples, saved and recent queries beside the editor; Run / Cancel with the
// live state; the error marked where it points; the results grid with paging and downloads.
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { request, type ApiError } from '../api/client';
import { AuditViewsQuery, DeleteQueryMutation, ExampleQueriesQuery, SaveQueryMutation } from '../api/operations';
import { useSavedQueries } from '../api/use-saved-queries';
import { TERMINAL, useExecution } from '../api/use-execution';
import { useRequest } from '../api/use-request';
import { can, type Viewer } from '../api/viewer';
import { ResultsGrid } from '../components/ResultsGrid';
import { RoleNotice } from '../components/RoleNotice';
import { Tabs } from '../components/Tabs';
import { ViewsList } from '../components/ViewsList';
import type { EditorHandle } from '../editor/SqlEditor';
import { errorRange, lineColumn } from '../lib/error-position';
import { toCsv, toJson } from '../lib/export';
import { addRecent, readRecent, type RecentQuery } from '../lib/recent';
import { formatBytes, formatCount, formatDuration } from '../lib/units';
import { parseWindow } from '../lib/windows';
import { navigate, useLocation } from '../router';
import { WindowOptions } from '../components/WindowOptions';

const SqlEditor = lazy(() => import('../editor/SqlEditor'));

const DRAFT_KEY = 'amctl.draft';
const DEFAULT_SQL = 'SELECT event_time, user, login, server_hostname\nFROM session_start\nORDER BY event_time DESC\nLIMIT 100';

function download(name: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function Elapsed({ since, running }: { since?: number; running: boolean }) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (!running) return;
    const t = setInterval(() => setNow(Date.now()), 100);
    return () => clearInterval(t);
  }, [running]);
  if (!since) return null;
  return <span className="elapsed">{formatDuration(now - since)}</span>;
}

export function QueryPage({ viewer }: { viewer: Viewer }) {
  const { params } = useLocation();
  const mayRun = can(viewer, 'audit_query', 'use');
  const mayBrowseSaved = can(viewer, 'audit_query', 'list', 'read');
  const maySave = can(viewer, 'audit_query', 'create', 'update');
  const mayDelete = can(viewer, 'audit_query', 'delete');

  const [sql, setSql] = useState(() => params.get('sql') ?? localStorage.getItem(DRAFT_KEY) ?? DEFAULT_SQL);
  const [days, setDays] = useState(() => parseWindow(params.get('days')));
  const [tab, setTab] = useState('views');
  const [recent, setRecent] = useState<RecentQuery[]>(() => readRecent(localStorage));
  const [saving, setSaving] = useState(false);
  const [notice, setNotice] = useState<string>();
  const editor = useRef<EditorHandle>(undefined);
  const { state, run, cancel, loadMore, fetchAll } = useExecution();

  const views = useRequest(AuditViewsQuery, {}, mayRun);
  const examples = useRequest(ExampleQueriesQuery, {}, mayRun);
  const saved = useSavedQueries(mayBrowseSaved);
  const viewInfo = useMemo(() => views.data?.auditViews ?? [], [views.data]);

  // A shared link (or the back button) sets the text and window.
  useEffect(() => {
    const s = params.get('sql');
    if (s !== null) setSql(s);
    setDays(parseWindow(params.get('days'), days));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [params.toString()]);

  const onChange = useCallback((v: string) => {
    setSql(v);
    localStorage.setItem(DRAFT_KEY, v);
  }, []);

  const ex = state.execution;
  const running = state.submitting || (ex !== undefined && !TERMINAL.has(ex.state));

  const start = useCallback(async () => {
    if (!mayRun || running || !sql.trim()) return;
    const link = `/query?${new URLSearchParams({ sql, days: String(days) })}`;
    navigate(link, { replace: true });
    await run(sql, days);
  }, [mayRun, running, sql, days, run]);

  // Remember finished runs in this browser.
  useEffect(() => {
    if (ex && TERMINAL.has(ex.state)) setRecent(addRecent(localStorage, { sql: ex.sql, days: ex.days, at: ex.submittedAt, state: ex.state, rowCount: ex.rowCount }));
  }, [ex?.id, ex?.state]); // eslint-disable-line react-hooks/exhaustive-deps

  const failure: { message: string; code?: string } | undefined =
    state.error ? { message: state.error.message, code: state.error.code } : ex?.state === 'FAILED' && ex.error ? ex.error : undefined;
  const failedSql = ex?.sql ?? sql;
  const range = failure && failedSql === sql ? errorRange(sql, failure.message) : undefined;
  const where = range ? lineColumn(sql, range.from) : undefined;
  const editorError = useMemo(() => (range && failure ? { ...range, message: failure.message } : undefined), [range?.from, range?.to, failure?.message]); // eslint-disable-line react-hooks/exhaustive-deps

  const open = (text: string, d?: number) => {
    setSql(text);
    localStorage.setItem(DRAFT_KEY, text);
    if (d) setDays(parseWindow(String(d)));
    editor.current?.focus();
  };

  const save = async (form: HTMLFormElement) => {
    const data = new FormData(form);
    try {
      const input = { name: String(data.get('name')).trim(), title: String(data.get('title') ?? '').trim() || undefined, description: String(data.get('description') ?? '').trim() || undefined, query: sql };
      await request(SaveQueryMutation, { input });
      setSaving(false);
      setNotice(`Saved as ${input.name}.`);
      saved.reload();
      setTab('saved');
    } catch (e) {
      setNotice(`Not saved: ${(e as ApiError).message}`);
    }
  };

  const remove = async (name: string) => {
    if (!confirm(`Delete the saved query ${name}?`)) return;
    try {
      await request(DeleteQueryMutation, { name });
      setNotice(`Deleted ${name}.`);
      saved.reload();
    } catch (e) {
      setNotice(`Not deleted: ${(e as ApiError).message}`);
    }
  };

  const exportAs = async (kind: 'csv' | 'json') => {
    try {
      const all = await fetchAll();
      const base = `amctl-${ex?.id ?? 'result'}`;
      if (kind === 'csv') download(`${base}.csv`, 'text/csv', toCsv(all.columns, all.rows));
      else download(`${base}.json`, 'application/json', toJson(all.columns, all.rows));
    } catch (e) {
      setNotice(`Download failed: ${(e as ApiError).message}`);
    }
  };

  const tabs = [
    ...(mayRun ? [{ id: 'views', label: 'Views' }, { id: 'examples', label: 'Examples' }] : []),
    ...(mayBrowseSaved ? [{ id: 'saved', label: 'Saved' }] : []),
    { id: 'recent', label: 'Recent' },
  ];
  const activeTab = tabs.some((t) => t.id === tab) ? tab : tabs[0]!.id;

  return (
    <div className="query-page">
      <aside className="side-panel" aria-label="Views and queries">
        <Tabs tabs={tabs} active={activeTab} onChange={setTab} label="Views and queries">
          {activeTab === 'views' &&
            (views.error ? <p className="error-text">{views.error.message}</p> : views.loading ? <p className="hint">Loading views…</p> : <ViewsList views={viewInfo} onInsert={(t) => editor.current?.insert(t)} />)}
          {activeTab === 'examples' && (
            <ul className="query-list">
              {examples.error && <li className="error-text">{examples.error.message}</li>}
              {examples.data?.exampleQueries.map((q) => (
                <li key={q.id}>
                  <button type="button" className="query-item" onClick={() => open(q.sql)} title={q.description}>
                    <span className="item-title">{q.title}</span>
                    <span className="item-meta">{q.id}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
          {activeTab === 'saved' && (
            <ul className="query-list">
              {saved.error && <li className="error-text">{saved.error.message}</li>}
              {saved.data?.length === 0 && <li className="hint">No saved queries yet{maySave ? ': write one and press Save.' : '.'}</li>}
              {saved.data?.map((q) => (
                <li key={q.name} className="with-actions">
                  <button type="button" className="query-item" onClick={() => open(q.query)} title={q.description}>
                    <span className="item-title">{q.title || q.name}</span>
                    <span className="item-meta">{q.name}</span>
                  </button>
                  {mayDelete && (
                    <button type="button" className="icon-button" aria-label={`Delete ${q.name}`} onClick={() => void remove(q.name)}>
                      ✕
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
          {activeTab === 'recent' && (
            <ul className="query-list">
              {recent.length === 0 && <li className="hint">Queries you run appear here (kept in this browser).</li>}
              {recent.map((r) => (
                <li key={`${r.at}-${r.days}`}>
                  <button type="button" className="query-item" onClick={() => open(r.sql, r.days)} title={r.sql}>
                    <span className="item-title mono">{r.sql.replace(/\s+/g, ' ').slice(0, 90)}</span>
                    <span className="item-meta">
                      {r.days} days · {r.state?.toLowerCase()} {r.rowCount !== undefined && r.rowCount !== null ? `· ${formatCount(r.rowCount)} rows` : ''}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </Tabs>
      </aside>

      <section className="work-area" aria-label="Query">
        <div className="toolbar">
          <h1>Query editor</h1>
          <label className="field-inline">
            Window
            <select value={days} onChange={(e) => setDays(parseWindow(e.target.value))}>
              <WindowOptions />
            </select>
          </label>
          {mayRun ? (
            running && ex ? (
              <button type="button" className="button danger" onClick={() => void cancel()}>
                Cancel
              </button>
            ) : (
              <button type="button" className="button primary" onClick={() => void start()} disabled={state.submitting} aria-keyshortcuts="Control+Enter Meta+Enter">
                Run{' '}
                <span className="shortcut" aria-hidden="true">
                  <kbd>Ctrl</kbd>+<kbd>Enter</kbd>
                </span>
              </button>
            )
          ) : null}
          {maySave && (
            <button type="button" className="button" onClick={() => setSaving((s) => !s)} aria-expanded={saving}>
              Save…
            </button>
          )}
          <div className="run-status" role="status" aria-live="polite">
            {state.submitting && <span className="badge RUNNING">SUBMITTING</span>}
            {ex && <span className={`badge ${ex.state}`}>{ex.state}</span>}
            {ex?.state === 'QUEUED' && ex.queuePosition != null && (
              <span className="hint">
                {ex.queuePosition === 1 ? 'next to run' : `${ex.queuePosition - 1} ahead`}
                {ex.lane === 'heavy' ? ' in the heavy-query lane' : ''}
              </span>
            )}
            {ex && <Elapsed since={state.startedAt} running={running} />}
          </div>
        </div>
        {!mayRun && (
          <RoleNotice roles={viewer.roles} action="running queries" verbs={['use']} resource="audit_query">
            Ask a Teleport administrator, or open a report you may read.
          </RoleNotice>
        )}
        {saving && (
          <form
            className="save-form"
            onSubmit={(e) => {
              e.preventDefault();
              void save(e.currentTarget);
            }}
          >
            <label>
              Name <input name="name" required pattern="[a-z0-9][a-z0-9_\-]*" title="lower-case letters, digits, - and _" />
            </label>
            <label>
              Title <input name="title" />
            </label>
            <label className="grow">
              Description <input name="description" />
            </label>
            <button className="button primary" type="submit">
              Save query
            </button>
          </form>
        )}
        {notice && (
          <p className="notice" role="status">
            {notice}{' '}
            <button type="button" className="link-button" onClick={() => setNotice(undefined)}>
              dismiss
            </button>
          </p>
        )}
        <div className="editor-wrap">
          <Suspense fallback={<pre className="editor-fallback">{sql}</pre>}>
            <SqlEditor handle={editor} value={sql} onChange={onChange} onRun={() => void start()} views={viewInfo} error={editorError} />
          </Suspense>
        </div>
        {failure && (
          <div className="error-panel" role="alert">
            <strong>{ex?.state === 'FAILED' ? 'The query failed' : 'The query was refused'}</strong>
            {where && (
              <span className="where">
                {' '}
                at line {where.line}, column {where.column}
              </span>
            )}
            <p>{failure.message}</p>
          </div>
        )}
        <div className="results">
          {ex?.state === 'SUCCEEDED' && (
            <div className="results-bar">
              <span>
                <strong>{formatCount(ex.rowCount)}</strong> rows{state.rows.length < (ex.rowCount ?? 0) ? ` (${formatCount(state.rows.length)} shown)` : ''}
              </span>
              <span>{formatBytes(ex.bytesScanned)} scanned</span>
              <span>{formatDuration(ex.executionMs)}</span>
              <span className="spacer" />
              {state.hasNextPage && (
                <button type="button" className="button" onClick={loadMore} disabled={state.loadingPage}>
                  {state.loadingPage ? 'Loading…' : 'Load more rows'}
                </button>
              )}
              <button type="button" className="button" onClick={() => void exportAs('csv')}>
                Download CSV
              </button>
              <button type="button" className="button" onClick={() => void exportAs('json')}>
                Download JSON
              </button>
            </div>
          )}
          {ex?.state === 'CANCELLED' && <p className="hint">The query was cancelled.</p>}
          {running && <p className="hint">Running over the last {ex?.days ?? days} days…</p>}
          {ex?.state === 'SUCCEEDED' && state.columns.length > 0 && <ResultsGrid columns={state.columns} rows={state.rows} label="Query results" days={ex.days} />}
          {ex?.state === 'SUCCEEDED' && state.columns.length > 0 && state.rows.length === 0 && <p className="hint">No rows.</p>}
          {!ex && !state.submitting && !failure && mayRun && <p className="hint empty-results">Write a query and press Run (Ctrl+Enter). Results appear here.</p>}
        </div>
      </section>
    </div>
  );
}
