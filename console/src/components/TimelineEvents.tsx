// The events of a timeline, newest first: time, type and a one-line summary; opening one shows the
// whole event as Teleport wrote it (JSON), with links to its session's and user's timelines.
import { useState } from 'react';
import type { EntityTimelineQuery } from '../gql/graphql';
import { readableTimestamp } from '../lib/cells';
import { timelineHref } from '../lib/entities';
import { Link } from '../router';

export type TimelineEventRow = EntityTimelineQuery['entityTimeline']['events'][number];

/** The summary without the event type it starts with (the row shows the type beside it). */
function summaryText(e: TimelineEventRow): string {
  return e.summary.startsWith(`${e.type} `) ? e.summary.slice(e.type.length + 1).replace(/^: /, '') : e.summary;
}

export function TimelineEvents({
  events,
  range,
  entity,
}: {
  events: readonly TimelineEventRow[];
  range: { from: string; to?: string };
  /** The entity the timeline is of: its own link is left out of each event. */
  entity: { kind: string; value: string };
}) {
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const toggle = (uid: string) =>
    setOpen((s) => {
      const next = new Set(s);
      if (!next.delete(uid)) next.add(uid);
      return next;
    });
  return (
    <ol className="timeline" aria-label="Events, newest first">
      {events.map((e) => {
        const isOpen = open.has(e.uid);
        const rawId = `raw-${e.uid}`;
        return (
          <li key={e.uid} className={isOpen ? 'open' : undefined}>
            <button type="button" className="event-row" aria-expanded={isOpen} aria-controls={rawId} onClick={() => toggle(e.uid)}>
              <span className="disclosure" aria-hidden="true">
                {isOpen ? '▾' : '▸'}
              </span>
              <time dateTime={e.time} className="event-time">
                {readableTimestamp(e.time)}
              </time>
              <span className="event-type mono">{e.type}</span>
              <span className="event-summary" title={e.summary}>
                {summaryText(e)}
              </span>
            </button>
            {isOpen && (
              <div className="event-raw" id={rawId}>
                <div className="event-links">
                  <span className="hint">uid {e.uid}</span>
                  {e.sessionId && !(entity.kind === 'session' && entity.value === e.sessionId) && <Link href={timelineHref({ kind: 'session', value: e.sessionId, from: range.from, to: range.to })}>Session {e.sessionId} timeline</Link>}
                  {e.user && !(entity.kind === 'user' && entity.value === e.user) && <Link href={timelineHref({ kind: 'user', value: e.user, from: range.from, to: range.to })}>User {e.user} timeline</Link>}
                </div>
                <pre aria-label={`The whole ${e.type} event`}>{JSON.stringify(e.raw, null, 2)}</pre>
              </div>
            )}
          </li>
        );
      })}
    </ol>
  );
}
