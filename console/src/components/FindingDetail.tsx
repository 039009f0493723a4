// The detail pane of the findings inbox: what a finding is (rule, severity, entities as links to their
// timelines, when it was seen, its fields and runbook), its triage history, and the triage actions,
// or, for a viewer whose roles may not triage, which right that needs.
import { useEffect, useState } from 'react';
import { FindingQuery } from '../api/operations';
import { useRequest } from '../api/use-request';
import { can, type Viewer } from '../api/viewer';
import type { FindingDetailFieldsFragment } from '../gql/graphql';
import { showCell } from '../lib/cells';
import { entityOfCell, timelineHref } from '../lib/entities';
import { findingTimelineFrom } from '../lib/time-range';
import { formatWhen } from '../lib/units';
import { Link } from '../router';
import { EntityLinks } from './EntityLinks';
import { SeverityBadge, TriageBadge } from './FindingBadges';
import { RoleNotice } from './RoleNotice';
import { TriageForm } from './TriageForm';
import { TriageHistory } from './TriageHistory';

function Fields({ item, from }: { item: FindingDetailFieldsFragment; from: string }) {
  const fields = (item.finding.fields ?? {}) as Record<string, unknown>;
  const types = new Map(item.finding.columns.map((c) => [c.name, c.type]));
  const names = Object.keys(fields);
  if (names.length === 0) return null;
  return (
    <dl className="fields">
      {names.map((name) => {
        const cell = showCell(fields[name], types.get(name) ?? 'varchar');
        const entity = entityOfCell(name, fields[name]);
        return (
          <div key={name} className={item.finding.key.includes(name) ? 'key' : undefined}>
            <dt>{name}</dt>
            <dd className={cell.kind}>{entity ? <Link href={timelineHref({ ...entity, from })}>{cell.text}</Link> : cell.text}</dd>
          </div>
        );
      })}
    </dl>
  );
}

/** A rule finding's events: how many, from the first to the last (its fields say). */
function ruleEvents(fields: unknown): string | undefined {
  const f = (fields ?? {}) as Record<string, unknown>;
  if (f.event_count === undefined || f.event_count === null) return undefined;
  const n = Number(f.event_count);
  const span = typeof f.first_event === 'string' && typeof f.last_event === 'string' ? `, ${formatWhen(f.first_event)} to ${formatWhen(f.last_event)}` : '';
  return `${n} ${n === 1 ? 'event' : 'events'}${span}`;
}

export function FindingDetail({ id, viewer, onTriaged }: { id: string; viewer: Viewer; onTriaged(): void }) {
  const loaded = useRequest(FindingQuery, { id });
  const [item, setItem] = useState<FindingDetailFieldsFragment | null>();
  useEffect(() => setItem(loaded.data?.finding), [loaded.data]);
  const mayTriage = can(viewer, 'security_report', 'read', 'update');

  if (loaded.error) return <p className="error-text" role="alert">{loaded.error.message}</p>;
  if (item === undefined) return <p className="hint">Loading…</p>;
  if (item === null) return <p className="hint">There is no finding {id} (findings runs no longer find are dropped after the retention period).</p>;

  const f = item.finding;
  const from = findingTimelineFrom(f, Date.now());
  const events = ruleEvents(f.fields);
  return (
    <article className="finding-detail" aria-labelledby="finding-h">
      <div className="detail-head">
        <SeverityBadge severity={f.severity} />
        <TriageBadge status={item.status} />
        {item.assignee && <span className="hint">assigned to {item.assignee}</span>}
      </div>
      <h2 id="finding-h">{f.title}</h2>
      <p className="mono rule-name">{item.rule}</p>
      {f.description && <p className="desc">{f.description}</p>}
      <dl className="facts">
        <div>
          <dt>Entity</dt>
          <dd>
            <EntityLinks entities={item.entities} from={from} />
          </dd>
        </div>
        <div>
          <dt>First seen</dt>
          <dd>{formatWhen(f.firstSeen)}</dd>
        </div>
        <div>
          <dt>Last seen</dt>
          <dd>{formatWhen(f.lastSeen)}</dd>
        </div>
        <div>
          <dt>Count</dt>
          <dd>{item.count === 1 ? 'found once' : `found or changed ${item.count} times`}</dd>
        </div>
        {events && (
          <div>
            <dt>Events</dt>
            <dd>{events}</dd>
          </div>
        )}
        <div>
          <dt>State</dt>
          <dd>{f.status === 'ACTIVE' ? 'active: runs still find it' : `gone: runs no longer find it (since ${formatWhen(f.resolvedAt)})`}</dd>
        </div>
      </dl>
      {mayTriage ? (
        <TriageForm
          item={item}
          user={viewer.user}
          onTriaged={(next) => {
            setItem(next);
            onTriaged();
          }}
        />
      ) : (
        <RoleNotice roles={viewer.roles} action="triaging findings" verbs={['update']} resource="security_report">
          You can read the finding and its history.
        </RoleNotice>
      )}
      <section aria-labelledby="history-h">
        <h3 id="history-h">History</h3>
        <TriageHistory history={item.history} />
      </section>
      {f.suggestion && (
        <section aria-labelledby="runbook-h">
          <h3 id="runbook-h">What to do</h3>
          <div className="suggestion">
            {/* The runbook's paragraphs; its lines are wrapped where the rule file wraps them. */}
            {f.suggestion.split(/\n\s*\n/).map((para, i) => (
              <p key={i}>{para.replace(/\s*\n\s*/g, ' ')}</p>
            ))}
          </div>
        </section>
      )}
      <details>
        <summary>Fields</summary>
        <Fields item={item} from={from} />
      </details>
    </article>
  );
}
