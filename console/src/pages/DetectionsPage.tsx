// Detections: saved queries on a schedule with a condition and a destination (signed webhook or
// Slack). List with last run and recent deliveries, create from a saved query, run now, delete.
import { useState, type FormEvent } from 'react';
import { request, type ApiError } from '../api/client';
import { CreateDetectionMutation, DeleteDetectionMutation, DetectionsQuery, RunDetectionMutation } from '../api/operations';
import { useSavedQueries } from '../api/use-saved-queries';
import { useRequest } from '../api/use-request';
import { can, type Viewer } from '../api/viewer';
import type { DetectionsQuery as DetectionsData } from '../gql/graphql';
import { formatWhen } from '../lib/units';
import { Link } from '../router';
import { WindowOptions } from '../components/WindowOptions';
import { RoleNotice } from '../components/RoleNotice';

type Detection = DetectionsData['detections'][number];

const INTERVALS = [
  { s: 300, label: 'every 5 minutes' },
  { s: 900, label: 'every 15 minutes' },
  { s: 3600, label: 'every hour' },
  { s: 6 * 3600, label: 'every 6 hours' },
  { s: 86400, label: 'every day' },
];

function every(seconds: number): string {
  return INTERVALS.find((i) => i.s === seconds)?.label ?? `every ${seconds} s`;
}

function conditionText(d: Detection): string {
  const c = d.condition;
  return c.kind === 'column' ? `a row has ${c.column} ${c.op} ${JSON.stringify(c.value)}` : `rows ${c.op} ${String(c.value)}`;
}

function CreateForm({ onCreated }: { onCreated(name: string): void }) {
  const saved = useSavedQueries(true);
  const [kind, setKind] = useState('row_count');
  const [type, setType] = useState('webhook');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const get = (k: string) => String(f.get(k) ?? '').trim();
    const raw = get('value');
    const value = kind === 'row_count' || /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
    setBusy(true);
    setError(undefined);
    try {
      await request(CreateDetectionMutation, {
        input: {
          name: get('name'),
          description: get('description') || undefined,
          query: get('query'),
          days: Number(get('days')),
          intervalSeconds: Number(get('interval')),
          dedupeWindowSeconds: Number(get('dedupe')),
          enabled: true,
          condition: { kind, op: get('op'), value, column: kind === 'column' ? get('column') : undefined },
          actions: [{ type, url: get('url'), secret: type === 'webhook' ? get('secret') || undefined : undefined }],
        },
      });
      onCreated(get('name'));
    } catch (err) {
      setError((err as ApiError).message);
    } finally {
      setBusy(false);
    }
  };

  const queries = saved.data ?? [];
  return (
    <form className="card" onSubmit={(e) => void submit(e)} aria-labelledby="create-h">
      <h2 id="create-h">New detection</h2>
      {saved.error && <p className="error-text">Saved queries cannot be listed: {saved.error.message}</p>}
      {saved.data && queries.length === 0 && (
        <p className="notice">
          A detection runs a saved query. <Link href="/query">Write and save one in the query editor</Link> first.
        </p>
      )}
      <div className="form-grid">
        <label>
          Name
          <input name="name" required pattern="[A-Za-z0-9][A-Za-z0-9_.\-]*" />
        </label>
        <label>
          Saved query
          <select name="query" required>
            {queries.map((q) => (
              <option key={q.name} value={q.name}>
                {q.title || q.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Window
          <select name="days" defaultValue="7">
            <WindowOptions />
          </select>
        </label>
        <label>
          Schedule
          <select name="interval" defaultValue="3600">
            {INTERVALS.map((i) => (
              <option key={i.s} value={i.s}>
                {i.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Fires when
          <select value={kind} onChange={(e) => setKind(e.target.value)}>
            <option value="row_count">the number of rows</option>
            <option value="column">some row&apos;s column</option>
          </select>
        </label>
        {kind === 'column' && (
          <label>
            Column
            <input name="column" required />
          </label>
        )}
        <label>
          Comparison
          <select name="op" defaultValue=">">
            {['>', '>=', '<', '<=', '==', '!='].map((o) => (
              <option key={o}>{o}</option>
            ))}
          </select>
        </label>
        <label>
          Value
          <input name="value" defaultValue="0" required />
        </label>
        <label>
          Destination
          <select value={type} onChange={(e) => setType(e.target.value)}>
            <option value="webhook">Webhook (signed JSON)</option>
            <option value="slack">Slack incoming webhook</option>
          </select>
        </label>
        <label>
          URL
          <input name="url" type="url" required placeholder="https://…" />
        </label>
        {type === 'webhook' && (
          <label>
            Signing secret (16+ characters)
            <input name="secret" type="password" minLength={16} autoComplete="off" />
          </label>
        )}
        <label>
          Do not repeat a finding for
          <select name="dedupe" defaultValue="86400">
            <option value="0">no deduplication</option>
            <option value="3600">1 hour</option>
            <option value="86400">1 day</option>
            <option value="604800">7 days</option>
          </select>
        </label>
        <label>
          Description
          <input name="description" />
        </label>
      </div>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      <p>
        <button type="submit" className="button primary" disabled={busy || queries.length === 0}>
          Create detection
        </button>
      </p>
    </form>
  );
}

export default function DetectionsPage({ viewer }: { viewer: Viewer }) {
  const mayList = can(viewer, 'audit_query', 'list', 'read');
  const mayUse = can(viewer, 'audit_query', 'use');
  const list = useRequest(DetectionsQuery, {}, mayList);
  const [creating, setCreating] = useState(false);
  const [notice, setNotice] = useState<string>();

  const runNow = async (name: string) => {
    setNotice(`Running ${name}…`);
    try {
      const { runDetection: o } = await request(RunDetectionMutation, { name });
      const sent = o.deliveries.length ? `; ${o.deliveries.filter((d) => d.ok).length} of ${o.deliveries.length} deliveries succeeded` : '';
      setNotice(`${name}: ${o.status} (${o.rowCount} rows)${o.error ? `: ${o.error}` : ''}${sent}.`);
    } catch (e) {
      setNotice(`${name} did not run: ${(e as ApiError).message}`);
    }
    list.reload();
  };

  const remove = async (name: string) => {
    if (!confirm(`Delete the detection ${name}? Its delivery log stays.`)) return;
    try {
      await request(DeleteDetectionMutation, { name });
      setNotice(`Deleted ${name}.`);
    } catch (e) {
      setNotice(`Not deleted: ${(e as ApiError).message}`);
    }
    list.reload();
  };

  if (!mayList) {
    return (
      <div className="page">
        <h1>Detections</h1>
        <RoleNotice roles={viewer.roles} action="listing detections" verbs={['list', 'read']} resource="audit_query" />
      </div>
    );
  }

  return (
    <div className="page">
      <div className="page-head">
        <h1>Detections</h1>
        <span className="spacer" />
        {mayUse && (
          <button type="button" className="button primary" aria-expanded={creating} onClick={() => setCreating((c) => !c)}>
            {creating ? 'Close' : 'New detection'}
          </button>
        )}
      </div>
      <p className="lead">A detection re-runs a saved query on a schedule and sends what it finds to a webhook or Slack, once per finding within its deduplication window.</p>
      {creating && (
        <CreateForm
          onCreated={(name) => {
            setCreating(false);
            setNotice(`Created ${name}.`);
            list.reload();
          }}
        />
      )}
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {list.error && <p className="error-text" role="alert">{list.error.message}</p>}
      {list.data && list.data.detections.length === 0 && <p className="hint">No detections yet.</p>}
      {list.data && list.data.detections.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Detection</th>
              <th scope="col">Schedule and condition</th>
              <th scope="col">Destination</th>
              <th scope="col">Last run</th>
              <th scope="col">Recent deliveries</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.data.detections.map((d) => (
              <tr key={d.name}>
                <td>
                  <strong>{d.name}</strong>
                  {!d.enabled && <span className="badge">DISABLED</span>}
                  <div className="hint">
                    query <code>{d.query}</code>
                    {d.description ? ` · ${d.description}` : ''}
                  </div>
                </td>
                <td>
                  {every(d.intervalSeconds)} over {d.days} days
                  <div className="hint">fires when {conditionText(d)}</div>
                </td>
                <td>
                  {d.actions.map((a, i) => (
                    <div key={i}>
                      {a.type} <span className="hint">{a.url}</span>
                    </div>
                  ))}
                </td>
                <td>
                  {d.lastStatus ? <span className={`badge ${d.lastStatus}`}>{d.lastStatus}</span> : <span className="hint">never</span>}
                  <div className="hint">{d.lastRunAt ? formatWhen(d.lastRunAt) : ''}</div>
                  {d.lastError && <div className="error-text">{d.lastError}</div>}
                </td>
                <td>
                  {d.deliveries.length === 0 ? (
                    <span className="hint">none</span>
                  ) : (
                    <ul className="deliveries">
                      {d.deliveries.slice(0, 5).map((x) => {
                        const last = x.attempts[x.attempts.length - 1];
                        return (
                          <li key={x.id} className={x.ok ? 'ok' : 'bad'}>
                            {x.ok ? 'delivered' : 'failed'} {last ? formatWhen(last.at) : ''}
                            {last?.status ? ` · HTTP ${last.status}` : ''}
                            {last?.error ? ` · ${last.error}` : ''} ({x.attempts.length} attempt{x.attempts.length === 1 ? '' : 's'})
                          </li>
                        );
                      })}
                    </ul>
                  )}
                </td>
                <td>
                  {mayUse && (
                    <div style={{ display: 'flex', gap: 6 }}>
                      <button type="button" className="button" onClick={() => void runNow(d.name)}>
                        Run now
                      </button>
                      <button type="button" className="button" onClick={() => void remove(d.name)} aria-label={`Delete ${d.name}`}>
                        Delete
                      </button>
                    </div>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
