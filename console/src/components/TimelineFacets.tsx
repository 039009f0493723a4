// The distinct IPs, hosts, logins and roles of an entity's timeline, with how many events carry each.
// An IP or a host opens its own timeline over the same range; a login or a role, which is no timeline
// entity, opens the query editor on every event that used it.
import { useState } from 'react';
import type { EntityKind } from '../lib/entities';
import { timelineHref } from '../lib/entities';
import { loginSql, queryHref, roleSql } from '../lib/pivots';
import { formatCount } from '../lib/units';
import { Link } from '../router';

interface Facet {
  value: string;
  events: number;
}

const SHOWN = 8;

function FacetList({ title, facets, href, hrefTitle }: { title: string; facets: readonly Facet[]; href(v: string): string; hrefTitle(v: string): string }) {
  const id = `facet-${title.toLowerCase().replace(/\W+/g, '-')}`;
  const [all, setAll] = useState(false);
  const shown = all ? facets : facets.slice(0, SHOWN);
  return (
    <section className="facet" aria-labelledby={id}>
      <h3 id={id}>
        {title} <span className="count">{facets.length}</span>
      </h3>
      {facets.length === 0 ? (
        <p className="hint">none</p>
      ) : (
        <ul>
          {shown.map((f) => (
            <li key={f.value}>
              <Link href={href(f.value)} title={hrefTitle(f.value)} className="mono">
                {f.value}
              </Link>
              <span className="count">{formatCount(f.events)}</span>
            </li>
          ))}
          {facets.length > SHOWN && (
            <li>
              <button type="button" className="link-button more" onClick={() => setAll(!all)}>
                {all ? 'show fewer' : `show all ${facets.length}`}
              </button>
            </li>
          )}
        </ul>
      )}
    </section>
  );
}

export function TimelineFacets({
  ips,
  hosts,
  logins,
  roles,
  range,
  days,
}: {
  ips: readonly Facet[];
  hosts: readonly Facet[];
  logins: readonly Facet[];
  roles: readonly Facet[];
  range: { from: string; to?: string; preset: string };
  days: number;
}) {
  const pivot = (kind: EntityKind) => (value: string) =>
    timelineHref(range.preset === 'custom' ? { kind, value, from: range.from, to: range.to } : { kind, value, range: range.preset });
  return (
    <div className="facets">
      <FacetList title="IP addresses" facets={ips} href={pivot('ip')} hrefTitle={(v) => `Timeline of IP ${v}`} />
      <FacetList title="Hosts" facets={hosts} href={pivot('host')} hrefTitle={(v) => `Timeline of host ${v}`} />
      <FacetList title="Logins" facets={logins} href={(v) => queryHref(loginSql(v), days)} hrefTitle={(v) => `Every event as login ${v}, in the query editor`} />
      <FacetList title="Roles" facets={roles} href={(v) => queryHref(roleSql(v), days)} hrefTitle={(v) => `Every event with role ${v}, in the query editor`} />
    </div>
  );
}
