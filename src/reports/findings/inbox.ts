// The findings inbox: every finding's latest state (from the scope states) with its triage, newest
// first, filtered by severity, rule, triage status and entity. The feed is the change log for
// machines; this is the queue for people.
import type { Cell } from '../../engine/types';
import { ReportError } from '../errors';
import type { FindingStore } from './store';
import type { TriageRecord, TriageStore } from './triage';
import { SEVERITIES, type Finding, type Severity, type TriageStatus } from './types';

/** What an investigation timeline can follow. */
export type EntityKind = 'user' | 'host' | 'ip' | 'session';
/** What a rule finding can also be about (a detection rule's entity kinds), shown but not followed. */
export type RuleEntityKind = EntityKind | 'database' | 'kube_cluster' | 'resource';

export interface Entity {
  kind: RuleEntityKind;
  value: string;
  /** The field it was read from. */
  field: string;
}

// Column names as the catalogue and the report queries spell them, for the values a timeline follows.
// `login` is the OS or database login a session ran as (root, postgres), not a Teleport user;
// `server_addr` / `addr_local` are the server's own address and `server_id` its UUID, not what the
// timeline matches a host or a client IP by; so they name no entity.
const KINDS: [EntityKind, RegExp][] = [
  ['user', /(^|_)(user|username|impersonator)$/],
  ['session', /(^|_)(sid|session_id)$/],
  ['ip', /(^|_)(addr_remote|remote_addr|client_ip|ip)$/],
  ['host', /(^|_)(server_hostname|hostname|host|node_name)$/],
];

export function entityKindOf(column: string): EntityKind | undefined {
  return KINDS.find(([, re]) => re.test(column.toLowerCase()))?.[0];
}

const RULE_ENTITY_KINDS: readonly string[] = ['user', 'host', 'ip', 'session', 'database', 'kube_cluster', 'resource'];

/**
 * The entities a finding names: a rule finding's own entity (its `entity` field, of `entity_kind`: also a
 * database, Kubernetes cluster or resource), then its key fields (then its other fields) that read as
 * a user, host, IP or session.
 */
export function entitiesOf(f: Finding): Entity[] {
  const out: Entity[] = [];
  const ruleKind = f.fields.entity_kind;
  const ruleEntity = f.fields.entity;
  if (f.source.rule && typeof ruleKind === 'string' && RULE_ENTITY_KINDS.includes(ruleKind) && typeof ruleEntity === 'string' && ruleEntity) {
    // A host entity written as an account on it (`ubuntu@web-1`, the shared-account rule) is that host.
    const value = ruleKind === 'host' ? ruleEntity.replace(/^[^@]*@(?=.)/, '') : ruleEntity;
    out.push({ kind: ruleKind as RuleEntityKind, value, field: 'entity' });
  }
  const names = [...f.key, ...Object.keys(f.fields).filter((k) => !f.key.includes(k))];
  for (const field of names) {
    const kind = entityKindOf(field);
    const v: Cell | undefined = f.fields[field];
    if (!kind || v === null || v === undefined || typeof v === 'object') continue;
    const value = kind === 'ip' ? String(v).replace(/:\d+$/, '') : String(v);
    if (value && !out.some((e) => e.kind === kind && e.value === value)) out.push({ kind, value, field });
  }
  return out;
}

export interface InboxFilter {
  /** At least this severity. */
  minSeverity?: Severity;
  severities?: Severity[];
  /** Matches the source name, report, query, report.query or detection. */
  rules?: string[];
  statuses?: TriageStatus[];
  /** An entity value (exact, case-insensitive), e.g. a user name or an IP. */
  entity?: string;
  /** Also findings runs no longer find (default true). */
  includeInactive?: boolean;
}

export interface InboxItem {
  finding: Finding;
  triage?: TriageRecord;
  entities: Entity[];
}

export function ruleOf(f: Finding): string {
  return f.source.report ? `${f.source.report}.${f.source.query}` : (f.source.detection ?? f.source.name);
}

function matchesRule(f: Finding, rules: string[]): boolean {
  const names = [f.source.name, ruleOf(f), f.source.report, f.source.query, f.source.detection].filter(Boolean);
  return rules.some((r) => names.includes(r));
}

export function inboxMatches(item: InboxItem, filter: InboxFilter): boolean {
  const f = item.finding;
  if (filter.minSeverity && SEVERITIES.indexOf(f.severity) < SEVERITIES.indexOf(filter.minSeverity)) return false;
  if (filter.severities?.length && !filter.severities.includes(f.severity)) return false;
  if (filter.rules?.length && !matchesRule(f, filter.rules)) return false;
  if (filter.statuses?.length && !filter.statuses.includes(item.triage?.current.status ?? 'open')) return false;
  if (filter.entity) {
    const want = filter.entity.trim().toLowerCase();
    if (!item.entities.some((e) => e.value.toLowerCase() === want)) return false;
  }
  if (filter.includeInactive === false && f.status !== 'ACTIVE') return false;
  return true;
}

export interface InboxPage {
  items: InboxItem[];
  total: number;
  endCursor: string | null;
  hasNextPage: boolean;
}

const CURSOR = 'i1.';
const encode = (n: number) => CURSOR + Buffer.from(String(n)).toString('base64url');
function decode(c: string): number {
  const n = c.startsWith(CURSOR) ? Number(Buffer.from(c.slice(CURSOR.length), 'base64url').toString()) : NaN;
  if (!Number.isInteger(n) || n < 0 || encode(n) !== c) throw new ReportError('BAD_INPUT', `after: ${JSON.stringify(c.slice(0, 80))} is not an inbox cursor; pass endCursor from a previous page`);
  return n;
}

/** Every finding with its triage, newest last_seen first (then id, so pages are stable). */
export async function listInbox(store: FindingStore, triage: TriageStore): Promise<InboxItem[]> {
  const records = await triage.all();
  const items: InboxItem[] = [];
  for (const scope of await store.scopes()) {
    const { state } = await store.scope(scope);
    for (const f of Object.values(state.findings)) {
      const t = records.get(f.id);
      items.push({ finding: t ? { ...f, triage: t.current } : f, triage: t, entities: entitiesOf(f) });
    }
  }
  return items.sort((a, b) => (a.finding.last_seen < b.finding.last_seen ? 1 : a.finding.last_seen > b.finding.last_seen ? -1 : a.finding.id < b.finding.id ? -1 : 1));
}

export function pageInbox(all: InboxItem[], filter: InboxFilter, first: number, after?: string): InboxPage {
  const matching = all.filter((i) => inboxMatches(i, filter));
  const start = after ? decode(after) : 0;
  const items = matching.slice(start, start + first);
  const end = start + items.length;
  return { items, total: matching.length, endCursor: items.length ? encode(end) : after ?? null, hasNextPage: end < matching.length };
}
