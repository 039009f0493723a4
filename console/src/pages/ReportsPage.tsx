// Security reports: each report with the state of every window (READY / RUNNING / FAILED, when, and
// what started it), updated live through reportStateChanged.
import { useEffect, useState } from 'react';
import { subscribe } from '../api/client';
import { ReportStateChangedSubscription, ReportsQuery } from '../api/operations';
import { useRequest } from '../api/use-request';
import { can, type Viewer } from '../api/viewer';
import { StateLine } from '../components/ReportState';
import { RoleNotice } from '../components/RoleNotice';
import type { ReportStateFieldsFragment } from '../gql/graphql';
import { WINDOWS } from '../lib/windows';
import { Link } from '../router';

export default function ReportsPage({ viewer }: { viewer: Viewer }) {
  const allowed = can(viewer, 'security_report', 'list', 'read');
  const { data, error, loading } = useRequest(ReportsQuery, {}, allowed);
  const [states, setStates] = useState<Map<string, ReportStateFieldsFragment>>(new Map());

  useEffect(() => {
    if (data) setStates(new Map(data.reportStates.map((s) => [s.name, s])));
  }, [data]);

  useEffect(() => {
    if (!allowed) return;
    const sub = subscribe(ReportStateChangedSubscription, {}, (d) => setStates((m) => new Map(m).set(d.reportStateChanged.name, d.reportStateChanged)), () => undefined);
    return () => sub.unsubscribe();
  }, [allowed]);

  if (!allowed) {
    return (
      <div className="page">
        <h1>Reports</h1>
        <RoleNotice roles={viewer.roles} action="listing security reports" verbs={['list', 'read']} resource="security_report" />
      </div>
    );
  }

  return (
    <div className="page">
      <div className="page-head">
        <h1>Reports</h1>
      </div>
      <p className="lead">Pre-built security reports: each runs its queries over a window and keeps the result. Open one to see its charts, rows and suggestions.</p>
      {error && <p className="error-text" role="alert">{error.message}</p>}
      {loading && !data && <p className="hint">Loading reports…</p>}
      {data && (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Report</th>
              {WINDOWS.map((d) => (
                <th scope="col" key={d}>
                  {d} days
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {data.reports.length === 0 && (
              <tr>
                <td colSpan={5} className="hint">
                  No reports are installed.
                </td>
              </tr>
            )}
            {data.reports.map((r) => (
              <tr key={r.name}>
                <td>
                  <Link href={`/reports/${encodeURIComponent(r.name)}?days=30`}>
                    <strong>{r.title}</strong>
                  </Link>
                  <div className="hint">
                    {r.description} ({r.auditQueries.length} queries, v{r.version})
                  </div>
                </td>
                {WINDOWS.map((d) => (
                  <td key={d}>
                    <Link href={`/reports/${encodeURIComponent(r.name)}?days=${d}`}>
                      <span className="sr-only">
                        {r.title}, {d} days:{' '}
                      </span>
                      <StateLine state={states.get(`${r.name}_${d}_days`)} />
                    </Link>
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
