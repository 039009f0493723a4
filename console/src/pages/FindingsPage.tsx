// The findings inbox: every finding newest first (severity, rule, entity, first and last seen, count,
// triage status), filtered by severity, rule, status and entity (kept in the URL), and a detail pane
// with the selected finding's history and its triage actions.
import { useEffect, useState, type FormEvent } from 'react';
import { request, type ApiError } from '../api/client';
import { FindingsInboxQuery } from '../api/operations';
import { useInboxRules } from '../api/use-inbox-rules';
import { useRequest } from '../api/use-request';
import { can, type Viewer } from '../api/viewer';
import { EntityLinks } from '../components/EntityLinks';
import { SeverityBadge, TriageBadge } from '../components/FindingBadges';
import { FindingDetail } from '../components/FindingDetail';
import { RoleNotice } from '../components/RoleNotice';
import type { FindingSeverity, InboxFindingFieldsFragment } from '../gql/graphql';
import { DEFAULT_STATUS_FILTER, isSeverity, SEVERITIES, STATUS_FILTERS, statusesOf } from '../lib/findings';
import { findingTimelineFrom } from '../lib/time-range';
import { formatCount } from '../lib/units';
import { Link, navigate, useLocation } from '../router';

const PAGE = 50;

interface Filters {
  severity: string;
  rule: string;
  status: string;
  entity: string;
}

function filtersOf(params: URLSearchParams): Filters {
  const status = params.get('status') ?? DEFAULT_STATUS_FILTER;
  return {
    severity: isSeverity(params.get('severity')) ? params.get('severity')! : '',
    rule: params.get('rule') ?? '',
    status: STATUS_FILTERS.some((s) => s.id === status) ? status : DEFAULT_STATUS_FILTER,
    entity: params.get('entity') ?? '',
  };
}

function hrefOf(f: Filters, id?: string | null): string {
  const p = new URLSearchParams();
  if (f.severity) p.set('severity', f.severity);
  if (f.rule) p.set('rule', f.rule);
  if (f.status !== DEFAULT_STATUS_FILTER) p.set('status', f.status);
  if (f.entity) p.set('entity', f.entity);
  if (id) p.set('id', id);
  const q = p.toString();
  return `/findings${q ? `?${q}` : ''}`;
}

/** `2026-03-20T12:12:03Z` as two lines: the date, then the time (UTC). */
function When({ iso }: { iso: string }) {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  return m ? (
    <time dateTime={iso} className="when-cell">
      {m[1]}
      <br />
      {m[2]}
    </time>
  ) : (
    <>{iso}</>
  );
}

export default function FindingsPage({ viewer }: { viewer: Viewer }) {
  const { params } = useLocation();
  const filters = filtersOf(params);
  const selected = params.get('id');
  const mayRead = can(viewer, 'security_report', 'read', 'use');
  const filter = {
    severities: filters.severity ? [filters.severity as FindingSeverity] : undefined,
    rules: filters.rule ? [filters.rule] : undefined,
    statuses: statusesOf(filters.status),
    entity: filters.entity || undefined,
  };
  const inbox = useRequest(FindingsInboxQuery, { filter, first: PAGE }, mayRead);
  const rules = useInboxRules(mayRead);
  const [more, setMore] = useState<{ nodes: InboxFindingFieldsFragment[]; endCursor: string | null; hasNextPage: boolean }>();
  const [moreError, setMoreError] = useState<ApiError>();
  const [entityText, setEntityText] = useState(filters.entity);

  useEffect(() => setEntityText(filters.entity), [filters.entity]);
  useEffect(() => setMore(undefined), [inbox.data]);

  if (!mayRead) {
    return (
      <div className="page">
        <h1>Findings</h1>
        <RoleNotice roles={viewer.roles} action="reading findings" verbs={['read', 'use']} resource="security_report" />
      </div>
    );
  }

  const page = inbox.data?.findingsInbox;
  const nodes = [...(page?.nodes ?? []), ...(more?.nodes ?? [])];
  const hasNext = more ? more.hasNextPage : page?.pageInfo.hasNextPage;
  const endCursor = more ? more.endCursor : page?.pageInfo.endCursor;
  const ruleNames = [...new Set([...rules, ...(filters.rule ? [filters.rule] : [])])].sort();
  const set = (patch: Partial<Filters>) => navigate(hrefOf({ ...filters, ...patch }, selected));
  const filtered = filters.severity || filters.rule || filters.entity || filters.status !== DEFAULT_STATUS_FILTER;

  const loadMore = async () => {
    setMoreError(undefined);
    try {
      const { findingsInbox } = await request(FindingsInboxQuery, { filter, first: PAGE, after: endCursor });
      setMore((m) => ({ nodes: [...(m?.nodes ?? []), ...findingsInbox.nodes], endCursor: findingsInbox.pageInfo.endCursor, hasNextPage: findingsInbox.pageInfo.hasNextPage }));
    } catch (e) {
      setMoreError(e as ApiError);
    }
  };

  const applyEntity = (e: FormEvent) => {
    e.preventDefault();
    set({ entity: entityText.trim() });
  };

  return (
    <div className="page findings-page">
      <div className="page-head">
        <h1>Findings</h1>
        <span className="hint">{page ? `${formatCount(page.totalCount)} ${page.totalCount === 1 ? 'finding' : 'findings'}` : ''}</span>
      </div>
      <form className="filters" role="search" aria-label="Filter findings" onSubmit={applyEntity}>
        <label className="field-inline">
          Severity
          <select value={filters.severity} onChange={(e) => set({ severity: e.target.value })}>
            <option value="">any</option>
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label className="field-inline">
          Rule
          <select value={filters.rule} onChange={(e) => set({ rule: e.target.value })}>
            <option value="">any</option>
            {ruleNames.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </label>
        <label className="field-inline">
          Status
          <select value={filters.status} onChange={(e) => set({ status: e.target.value })}>
            {STATUS_FILTERS.map((s) => (
              <option key={s.id} value={s.id}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
        <label className="field-inline">
          Entity
          <input type="search" value={entityText} onChange={(e) => setEntityText(e.target.value)} onBlur={() => entityText.trim() !== filters.entity && set({ entity: entityText.trim() })} placeholder="user, host, IP or session" />
        </label>
        <button type="submit" className="button">
          Apply
        </button>
        {filtered && (
          <Link href={hrefOf({ severity: '', rule: '', status: DEFAULT_STATUS_FILTER, entity: '' }, selected)} className="clear-filters">
            Clear filters
          </Link>
        )}
      </form>
      <div className={`inbox-layout ${selected ? 'with-detail' : ''}`}>
        <section className="inbox-list" aria-label="Findings list">
          {inbox.error && <p className="error-text" role="alert">{inbox.error.message}</p>}
          {page && nodes.length === 0 && (
            <div className="empty-state">
              {filtered ? (
                <p>No finding matches these filters.</p>
              ) : (
                <>
                  <p>No findings yet.</p>
                  <p className="hint">
                    Findings come from the detection rules the background service runs, and from report runs (<Link href="/reports">run a report</Link>).
                  </p>
                </>
              )}
            </div>
          )}
          {nodes.length > 0 && (
            <table className="table inbox-table">
              <colgroup>
                <col className="col-sev" />
                <col />
                <col className="col-entity" />
                <col className="col-first" />
                <col className="col-last" />
                <col className="col-count" />
                <col className="col-status" />
              </colgroup>
              <thead>
                <tr>
                  <th scope="col">Severity</th>
                  <th scope="col">Finding</th>
                  <th scope="col">Entity</th>
                  <th scope="col" className="col-first">
                    First seen
                  </th>
                  <th scope="col">Last seen</th>
                  <th scope="col" className="num col-count">
                    Count
                  </th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {nodes.map((n) => (
                  <tr key={n.id} className={n.id === selected ? 'selected' : undefined} aria-current={n.id === selected ? 'true' : undefined} data-finding={n.id}>
                    <td>
                      <SeverityBadge severity={n.finding.severity} />
                    </td>
                    <td className="finding-cell">
                      <Link href={hrefOf(filters, n.id)} className="finding-title">
                        {n.finding.title}
                      </Link>
                      <div className="mono rule-name" title={n.rule}>
                        {n.rule}
                      </div>
                    </td>
                    <td className="entity-cell">
                      <EntityLinks entities={n.entities} from={findingTimelineFrom(n.finding, Date.now())} compact />
                    </td>
                    <td className="col-first">
                      <When iso={n.finding.firstSeen} />
                    </td>
                    <td>
                      <When iso={n.finding.lastSeen} />
                    </td>
                    <td className="num col-count">{n.count}</td>
                    <td>
                      <TriageBadge status={n.status} />
                      {n.assignee && <div className="hint assignee">{n.assignee}</div>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {hasNext && (
            <button type="button" className="button load-more" onClick={() => void loadMore()}>
              Load more findings
            </button>
          )}
          {moreError && <p className="error-text" role="alert">{moreError.message}</p>}
        </section>
        {selected && (
          <aside className="inbox-detail card" aria-label="Finding detail">
            <Link href={hrefOf(filters)} className="close-detail" aria-label="Close the finding" title="Close">
              ×
            </Link>
            <FindingDetail key={selected} id={selected} viewer={viewer} onTriaged={inbox.reload} />
          </aside>
        )}
      </div>
    </div>
  );
}
