// Investigate: the timeline of a user, host, IP or session over a time range (the entityTimeline
// query): activity histogram, distinct IPs, hosts, logins and roles to pivot on, and every event
// newest first, paged, each opening whole. The URL holds what is investigated, so links lead here
// from findings, result grids and report cards.
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { request, type ApiError } from '../api/client';
import { EntityTimelineQuery } from '../api/operations';
import { useRequest } from '../api/use-request';
import { can, type Viewer } from '../api/viewer';
import { ActivityHistogram } from '../components/ActivityHistogram';
import { RoleNotice } from '../components/RoleNotice';
import { TimelineEvents, type TimelineEventRow } from '../components/TimelineEvents';
import { TimelineFacets } from '../components/TimelineFacets';
import { ENTITY_KINDS, type EntityKind } from '../lib/entities';
import { fromLocalInput, RANGE_PRESETS, rangeOf, toLocalInput, type Range } from '../lib/time-range';
import { formatCount, formatWhen } from '../lib/units';
import { Link, navigate, useLocation } from '../router';

const PAGE = 50;
const KIND_LABEL: Record<EntityKind, string> = { user: 'User', host: 'Host', ip: 'IP address', session: 'Session id' };
/** The kind in a sentence. */
const KIND_NOUN: Record<EntityKind, string> = { user: 'user', host: 'host', ip: 'IP address', session: 'session' };
const TWO_DAYS = 2 * 86_400_000;

function hrefOf(kind: string, value: string, range: Range): string {
  const p = new URLSearchParams({ kind, value });
  if (range.preset === 'custom') {
    p.set('from', range.from);
    if (range.to) p.set('to', range.to);
  } else p.set('range', range.preset);
  return `/investigate?${p}`;
}

function PickForm({ kind, value, range }: { kind: EntityKind; value: string; range: Range }) {
  const [k, setK] = useState<EntityKind>(kind);
  const [v, setV] = useState(value);
  const [preset, setPreset] = useState(range.preset);
  const [from, setFrom] = useState(toLocalInput(range.preset === 'custom' ? range.from : undefined));
  const [to, setTo] = useState(toLocalInput(range.to));
  const [error, setError] = useState<string>();

  useEffect(() => {
    setK(kind);
    setV(value);
    setPreset(range.preset);
    if (range.preset === 'custom') {
      setFrom(toLocalInput(range.from));
      setTo(toLocalInput(range.to));
    }
  }, [kind, value, range.preset, range.from, range.to]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    if (!v.trim()) return setError(`Give the ${KIND_NOUN[k] === 'session' ? 'session id' : KIND_NOUN[k]} to investigate.`);
    if (preset !== 'custom') return navigate(hrefOf(k, v.trim(), { from: '', preset }));
    const f = fromLocalInput(from);
    const t = fromLocalInput(to);
    if (!f) return setError('Give the start of the range (UTC).');
    if (t && Date.parse(t) <= Date.parse(f)) return setError('The end of the range must be after its start.');
    navigate(hrefOf(k, v.trim(), { from: f, to: t, preset: 'custom' }));
  };

  return (
    <form className="pick-form card" onSubmit={submit} aria-label="What to investigate">
      <label>
        Kind
        <select value={k} onChange={(e) => setK(e.target.value as EntityKind)}>
          {ENTITY_KINDS.map((x) => (
            <option key={x} value={x}>
              {KIND_LABEL[x]}
            </option>
          ))}
        </select>
      </label>
      <label className="grow">
        {KIND_LABEL[k]}
        <input value={v} onChange={(e) => setV(e.target.value)} placeholder={k === 'ip' ? '203.0.113.7' : k === 'host' ? 'web-1' : k === 'session' ? 'session id' : 'alice'} />
      </label>
      <label>
        Time range
        <select value={preset} onChange={(e) => setPreset(e.target.value)}>
          {RANGE_PRESETS.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
          <option value="custom">custom (UTC)</option>
        </select>
      </label>
      {preset === 'custom' && (
        <>
          <label>
            From (UTC)
            <input type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} />
          </label>
          <label>
            To (UTC, empty: now)
            <input type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} />
          </label>
        </>
      )}
      <button type="submit" className="button primary">
        Show timeline
      </button>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

function Timeline({ kind, value, range }: { kind: EntityKind; value: string; range: Range }) {
  const vars = { kind, value, from: range.from, to: range.to, first: PAGE };
  const loaded = useRequest(EntityTimelineQuery, vars);
  const [more, setMore] = useState<{ events: TimelineEventRow[]; endCursor: string | null; hasNextPage: boolean }>();
  const [moreError, setMoreError] = useState<ApiError>();
  const [loadingMore, setLoadingMore] = useState(false);
  useEffect(() => setMore(undefined), [loaded.data]);

  if (loaded.error) return <p className="error-text" role="alert">The timeline could not be read: {loaded.error.message}</p>;
  const t = loaded.data?.entityTimeline;
  if (!t) return <p className="hint" role="status">Reading every event of {KIND_NOUN[kind]} {value}…</p>;

  const events = [...t.events, ...(more?.events ?? [])];
  const hasNext = more ? more.hasNextPage : t.pageInfo.hasNextPage;
  const cursor = more ? more.endCursor : t.pageInfo.endCursor;
  const total = t.histogram.reduce((a, b) => a + b.events, 0);
  const title = `Activity of ${KIND_NOUN[kind]} ${value}`;
  // The gateway buckets by hour up to two days, else by day.
  const unit = t.histogram[0]?.unit ?? (Date.parse(t.to) - Date.parse(t.from) <= TWO_DAYS ? 'hour' : 'day');

  const loadMore = async () => {
    setLoadingMore(true);
    setMoreError(undefined);
    try {
      const { entityTimeline } = await request(EntityTimelineQuery, { ...vars, after: cursor });
      setMore((m) => ({ events: [...(m?.events ?? []), ...entityTimeline.events], endCursor: entityTimeline.pageInfo.endCursor, hasNextPage: entityTimeline.pageInfo.hasNextPage }));
    } catch (e) {
      setMoreError(e as ApiError);
    } finally {
      setLoadingMore(false);
    }
  };

  return (
    <>
      <div className="timeline-head">
        <h2>
          {KIND_LABEL[kind]} <span className="mono">{t.value}</span>
        </h2>
        <span className="hint">
          {formatWhen(t.from)} to {range.to ? formatWhen(t.to) : 'now'} · {formatCount(total)} {total === 1 ? 'event' : 'events'}
        </span>
        <span className="spacer" />
        <Link href={`/findings?${new URLSearchParams({ entity: t.value, status: 'any' })}`}>Findings naming {t.value}</Link>
      </div>
      {total > 0 && (
        <div className="timeline-summary">
          <section className="card histogram" aria-labelledby="activity-h">
            <h3 id="activity-h">Activity (events per {unit}, UTC)</h3>
            <ActivityHistogram buckets={t.histogram} from={t.from} to={t.to} unit={unit} title={title} />
          </section>
          <TimelineFacets ips={t.ips} hosts={t.hosts} logins={t.logins} roles={t.roles} range={range} days={t.days} />
        </div>
      )}
      <section aria-labelledby="events-h" className="events-section">
        <h3 id="events-h">
          Events {total > 0 && <span className="hint">({formatCount(events.length)} of {formatCount(total)} shown, newest first; open one to see it whole)</span>}
        </h3>
        {events.length === 0 ? (
          <p className="empty-state">
            No events of {KIND_NOUN[kind]} {t.value} in this range. Try a longer range{kind === 'ip' ? ', or the address without its port' : ''}.
          </p>
        ) : (
          <TimelineEvents events={events} range={{ from: t.from, to: range.to }} entity={{ kind, value: t.value }} />
        )}
        {hasNext && (
          <button type="button" className="button load-more" onClick={() => void loadMore()} disabled={loadingMore}>
            {loadingMore ? 'Loading…' : `Load ${PAGE} more events`}
          </button>
        )}
        {moreError && <p className="error-text" role="alert">{moreError.message}</p>}
      </section>
    </>
  );
}

export default function InvestigatePage({ viewer }: { viewer: Viewer }) {
  const { params } = useLocation();
  const search = params.toString();
  // Presets are counted from when the URL was opened, so the query does not move with the clock.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const range = useMemo(() => rangeOf(params, Date.now()), [search]);
  const k = params.get('kind');
  const kind: EntityKind = (ENTITY_KINDS as readonly string[]).includes(k ?? '') ? (k as EntityKind) : 'user';
  const value = params.get('value')?.trim() ?? '';

  if (!can(viewer, 'audit_query', 'use')) {
    return (
      <div className="page">
        <h1>Investigate</h1>
        <RoleNotice roles={viewer.roles} action="reading timelines" verbs={['use']} resource="audit_query">
          A timeline runs audit queries over every event.
        </RoleNotice>
      </div>
    );
  }

  return (
    <div className="page investigate-page">
      <div className="page-head">
        <h1>Investigate</h1>
        <span className="hint">Everything a user, host, IP address or session did, across every event type.</span>
      </div>
      <PickForm kind={kind} value={value} range={range} />
      {value ? (
        <Timeline key={`${kind}:${value}:${search}`} kind={kind} value={value} range={range} />
      ) : (
        <p className="empty-state">Pick a user, host, IP address or session id, or follow one from a finding, a query result or a report.</p>
      )}
    </div>
  );
}
