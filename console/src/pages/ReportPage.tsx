// One security report over a window: Run (with the throttle's message when it applies), the live state
// (reportStateChanged), a card per query, and the run history (any past run can be opened).
import { useEffect, useState } from 'react';
import { request, subscribe, type ApiError } from '../api/client';
import { ReportPageQuery, ReportResultQuery, ReportStateChangedSubscription, RunReportMutation } from '../api/operations';
import { useRequest } from '../api/use-request';
import { can, type Viewer } from '../api/viewer';
import { QueryCard } from '../components/QueryCard';
import { StateLine } from '../components/ReportState';
import { RoleNotice } from '../components/RoleNotice';
import type { ReportStateFieldsFragment } from '../gql/graphql';
import { formatCount, formatDuration, formatWhen } from '../lib/units';
import { parseWindow } from '../lib/windows';
import { Link, navigate, useLocation } from '../router';
import { WindowOptions } from '../components/WindowOptions';

export default function ReportPage({ viewer, name }: { viewer: Viewer; name: string }) {
  const { params } = useLocation();
  const days = parseWindow(params.get('days'), 30);
  const runId = params.get('run') ?? null;
  const mayRead = can(viewer, 'security_report', 'read');
  const mayUse = can(viewer, 'security_report', 'use');
  const page = useRequest(ReportPageQuery, { name, days }, mayRead);
  const result = useRequest(ReportResultQuery, { name, days, runId }, mayRead && mayUse);
  const [state, setState] = useState<ReportStateFieldsFragment | null>();
  const [runError, setRunError] = useState<ApiError>();

  useEffect(() => setState(page.data?.reportState), [page.data]);
  useEffect(() => setRunError(undefined), [name, days]);

  useEffect(() => {
    if (!mayRead) return;
    const sub = subscribe(
      ReportStateChangedSubscription,
      { name, days },
      (d) => {
        setState(d.reportStateChanged);
        if (d.reportStateChanged.status !== 'RUNNING') {
          page.reload();
          result.reload();
        }
      },
      () => undefined,
    );
    return () => sub.unsubscribe();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [name, days, mayRead]);

  const run = async () => {
    setRunError(undefined);
    try {
      const { runReport } = await request(RunReportMutation, { name, days });
      setState(runReport);
      if (runId) navigate(`/reports/${encodeURIComponent(name)}?days=${days}`);
    } catch (e) {
      setRunError(e as ApiError);
    }
  };

  if (!mayRead) {
    return (
      <div className="page">
        <h1>{name}</h1>
        <RoleNotice roles={viewer.roles} action="reading reports" verbs={['read']} resource="security_report" />
      </div>
    );
  }

  const report = page.data?.report;
  const res = result.data?.reportResult;
  const running = state?.status === 'RUNNING';

  return (
    <div className="page">
      <p className="hint">
        <Link href="/reports">Reports</Link> / {name}
      </p>
      <div className="page-head">
        <h1>{report?.title ?? name}</h1>
        <label className="field-inline">
          Window
          <select value={days} onChange={(e) => navigate(`/reports/${encodeURIComponent(name)}?days=${e.target.value}`)}>
            <WindowOptions />
          </select>
        </label>
        {mayUse && (
          <button type="button" className="button primary" onClick={() => void run()} disabled={running}>
            {running ? 'Running…' : 'Run report'}
          </button>
        )}
        <span className="spacer" />
        <div role="status" aria-live="polite">
          <StateLine state={state} />
        </div>
      </div>
      {report && <p className="lead">{report.description}</p>}
      {page.error && <p className="error-text" role="alert">{page.error.message}</p>}
      {runError && (
        <p className="notice" role="alert">
          {runError.code === 'LIMIT_EXCEEDED' ? 'Not run yet: ' : 'Not run: '}
          {runError.message}
        </p>
      )}
      {!mayUse && (
        <RoleNotice roles={viewer.roles} action="running this report or reading its results" verbs={['use']} resource="security_report" />
      )}
      {mayUse && result.error && <p className="error-text" role="alert">{result.error.message}</p>}
      {mayUse && result.data && !res && <p className="hint">This report has not finished a run over the last {days} days yet{running ? ': it is running now.' : '. Press Run report.'}</p>}
      {res && (
        <>
          <p className="hint">
            {runId ? 'Past run' : 'Last run'} {formatWhen(res.completedAt)} · {res.queries.length} queries
            {res.status === 'FAILED' && res.error ? ` · failed: ${res.error}` : ''}
            {runId && (
              <>
                {' · '}
                <Link href={`/reports/${encodeURIComponent(name)}?days=${days}`}>show the latest</Link>
              </>
            )}
          </p>
          <div className="cards">
            {res.queries.map((q) => (
              <QueryCard key={q.name} q={q} days={days} />
            ))}
          </div>
        </>
      )}
      {page.data && page.data.reportRuns.length > 0 && (
        <section className="runs" aria-labelledby="runs-h">
          <h2 id="runs-h">Run history ({days} days)</h2>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Started</th>
                <th scope="col">Finished</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">
                  Queries ok / failed
                </th>
                <th scope="col" className="num">
                  Rows
                </th>
                <th scope="col" className="num">
                  Engine time
                </th>
                <th scope="col">Result</th>
              </tr>
            </thead>
            <tbody>
              {page.data.reportRuns.map((r) => (
                <tr key={r.runId}>
                  <td>{formatWhen(r.startedAt)}</td>
                  <td>{formatWhen(r.completedAt)}</td>
                  <td>
                    <span className={`badge ${r.status}`}>{r.status}</span>
                    {r.error && <div className="error-text">{r.error}</div>}
                  </td>
                  <td className="num">
                    {r.totals.succeeded} / {r.totals.failed}
                  </td>
                  <td className="num">{formatCount(r.totals.rows)}</td>
                  <td className="num">{formatDuration(r.totals.executionMs)}</td>
                  <td>
                    {mayUse && (r.runId === (res?.runId ?? '') ? <span className="hint">shown</span> : <Link href={`/reports/${encodeURIComponent(name)}?days=${days}&run=${encodeURIComponent(r.runId)}`}>open</Link>)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </div>
  );
}
