// What a finding is about: its users, hosts, IPs and sessions, each a link to its timeline, and the
// database, Kubernetes cluster or resource of a rule finding (no timeline follows those: plain text).
import { ENTITY_KINDS, timelineHref, type EntityKind } from '../lib/entities';
import { Link } from '../router';

export interface EntityRef {
  kind: string;
  value: string;
}

const KIND_LABEL: Record<string, string> = { user: 'user', host: 'host', ip: 'IP', session: 'session', database: 'database', kube_cluster: 'cluster', resource: 'resource' };

const followed = (kind: string): kind is EntityKind => (ENTITY_KINDS as readonly string[]).includes(kind);

export function EntityLinks({ entities, from, compact = false }: { entities: readonly EntityRef[]; from?: string; compact?: boolean }) {
  if (entities.length === 0) return <span className="hint">—</span>;
  const shown = compact ? entities.slice(0, 2) : entities;
  return (
    <ul className={`entity-links ${compact ? 'compact' : ''}`}>
      {shown.map((e) => {
        const label = KIND_LABEL[e.kind] ?? e.kind;
        return (
          <li key={`${e.kind}:${e.value}`} title={`${label} ${e.value}`}>
            <span className="entity-kind">{label}</span>{' '}
            {followed(e.kind) ? (
              <Link href={timelineHref({ kind: e.kind, value: e.value, from })} title={`Timeline of ${label} ${e.value}`}>
                {e.value}
              </Link>
            ) : (
              <span className="mono">{e.value}</span>
            )}
          </li>
        );
      })}
      {shown.length < entities.length && <li className="hint">+{entities.length - shown.length} more</li>}
    </ul>
  );
}
