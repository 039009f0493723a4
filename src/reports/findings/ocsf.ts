// A finding change as an OCSF Detection Finding event (class 2004, category 2 Findings), so Splunk,
// Sentinel, Elastic and Amazon Security Lake take it without a mapping of their own. The mapping is
// documented in the README ("Findings as OCSF"); the tests check every required and recommended
// attribute of the class and its objects, with their types, as the OCSF schema defines them.
import { readFileSync } from 'node:fs';
import type { Cell } from '../../engine/types';
import type { Finding, FindingChange, Severity, TriageStatus } from './types';

export const OCSF_VERSION = '1.4.0';
export const DETECTION_FINDING_CLASS_UID = 2004;
export const FINDINGS_CATEGORY_UID = 2;

const ACTIVITY: Record<FindingChange, { id: number; name: string }> = {
  NEW: { id: 1, name: 'Create' },
  UPDATED: { id: 2, name: 'Update' },
  REOPENED: { id: 2, name: 'Update' },
  RESOLVED: { id: 3, name: 'Close' },
  TRIAGED: { id: 2, name: 'Update' },
};

/** OCSF finding status_id for a person's triage: New, In Progress, Suppressed (false positive), Resolved. */
const TRIAGE_STATUS: Record<TriageStatus, { id: number; name: string }> = {
  open: { id: 1, name: 'New' },
  acknowledged: { id: 2, name: 'In Progress' },
  false_positive: { id: 3, name: 'Suppressed' },
  resolved: { id: 4, name: 'Resolved' },
};

const SEVERITY: Record<Severity, { id: number; name: string }> = {
  info: { id: 1, name: 'Informational' },
  low: { id: 2, name: 'Low' },
  medium: { id: 3, name: 'Medium' },
  high: { id: 4, name: 'High' },
  critical: { id: 5, name: 'Critical' },
};

const USER_COLUMN = /(^|_)(user|login|username|impersonator)$/;
const IP = /^(\d{1,3}\.){3}\d{1,3}(:\d+)?$|^\[?[0-9a-f:]+\]?(:\d+)?$/i;

let productVersion: string | undefined;
function version(): string {
  try {
    productVersion ??= (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    productVersion = '0.0.0';
  }
  return productVersion;
}

const text = (c: Cell) => (c === null ? '' : typeof c === 'object' ? JSON.stringify(c) : String(c));

/** Observables: the key fields, typed where OCSF has a type (User Name 4, IP Address 2), else Other (99). */
function observables(f: Finding) {
  return f.key
    .filter((k) => f.fields[k] !== null && f.fields[k] !== undefined)
    .map((k) => {
      const value = text(f.fields[k]!);
      const typeId = USER_COLUMN.test(k) ? 4 : IP.test(value) && /addr|ip/.test(k) ? 2 : 99;
      return { name: `unmapped.fields.${k}`, type_id: typeId, type: typeId === 4 ? 'User Name' : typeId === 2 ? 'IP Address' : 'Other', value };
    });
}

/** Affected resources: key fields that are not users; else the report query or detection itself. */
function resources(f: Finding) {
  const out = f.key
    .filter((k) => !USER_COLUMN.test(k) && f.fields[k] !== null && f.fields[k] !== undefined)
    .map((k) => ({ name: text(f.fields[k]!), type: k }));
  return out.length ? out : [{ name: f.source.report ? `${f.source.report}/${f.source.query}` : f.source.detection!, type: f.source.kind === 'report' ? 'Security Report Query' : 'Detection', uid: f.source.name }];
}

function summary(f: Finding): string {
  const keys = f.key.map((k) => `${k}=${text(f.fields[k] ?? null)}`).join(', ');
  const verb =
    f.change === 'TRIAGED' && f.triage
      ? `${f.triage.status.replace('_', ' ')} by ${f.triage.by}${f.triage.assignee ? `, assigned to ${f.triage.assignee}` : ''}`
      : f.change === 'RESOLVED' ? 'resolved' : f.change === 'NEW' ? 'found' : f.change === 'REOPENED' ? 'found again' : 'changed';
  return `${f.title}: ${verb}${keys ? ` (${keys})` : ''}`;
}

export function toOcsf(f: Finding, cursor?: string): Record<string, unknown> {
  const activity = ACTIVITY[f.change];
  const severity = SEVERITY[f.severity];
  const firstSeen = Date.parse(f.first_seen);
  const changed = Date.parse(f.changed_at);
  const resolved = f.status === 'RESOLVED';
  // A person's triage, once there is one, is the finding's status; before that, the runs decide it.
  const t = f.triage;
  const status = t ? TRIAGE_STATUS[t.status] : resolved ? TRIAGE_STATUS.resolved : TRIAGE_STATUS.open;
  const closed = t ? t.status === 'resolved' || t.status === 'false_positive' : resolved;
  return {
    activity_id: activity.id,
    activity_name: activity.name,
    category_uid: FINDINGS_CATEGORY_UID,
    category_name: 'Findings',
    class_uid: DETECTION_FINDING_CLASS_UID,
    class_name: 'Detection Finding',
    type_uid: DETECTION_FINDING_CLASS_UID * 100 + activity.id,
    type_name: `Detection Finding: ${activity.name}`,
    severity_id: severity.id,
    severity: severity.name,
    time: firstSeen,
    timezone_offset: 0,
    message: summary(f),
    status_id: status.id,
    status: status.name,
    status_code: t ? t.status.toUpperCase() : f.change,
    status_detail: t
      ? `${t.status} by ${t.by} at ${t.at}${t.assignee ? `, assignee ${t.assignee}` : ''}${t.comment ? `: ${t.comment}` : ''}`
      : resolved ? `no longer found by run ${f.run_id}` : `found by run ${f.run_id}`,
    ...(t?.comment ? { comment: t.comment } : {}),
    confidence_id: 3,
    confidence: 'High',
    is_alert: !closed,
    finding_info: {
      uid: f.id,
      title: f.title,
      desc: f.description || f.title,
      types: [f.source.kind === 'report' ? 'Security Report' : 'Detection'],
      created_time: firstSeen,
      first_seen_time: firstSeen,
      last_seen_time: Date.parse(f.last_seen),
      modified_time: changed,
      data_sources: ['Teleport audit log'],
      analytic: {
        name: f.source.report ? `${f.source.report}.${f.source.query}` : f.source.detection!,
        uid: f.source.name,
        type_id: 1,
        type: 'Rule',
        desc: f.description || f.title,
      },
    },
    metadata: {
      version: OCSF_VERSION,
      product: { name: 'amctl Access Monitoring', vendor_name: 'amctl', uid: 'amctl', version: version(), lang: 'en' },
      uid: t && f.change === 'TRIAGED' ? `${f.id}:${f.version}:triage:${t.version}` : `${f.id}:${f.version}`,
      log_name: 'findings',
      log_provider: 'amctl',
      original_time: f.changed_at,
      logged_time: changed,
      modified_time: changed,
      labels: [`source:${f.source.kind}`, `days:${f.source.days}`],
    },
    observables: observables(f),
    resources: resources(f),
    evidences: [{ data: f.fields }],
    ...(f.suggestion ? { remediation: { desc: f.suggestion } } : {}),
    ...(resolved && f.resolved_at ? { end_time: Date.parse(f.resolved_at) } : {}),
    unmapped: {
      finding_version: f.version,
      source: f.source,
      key: f.key,
      columns: f.columns,
      fields: f.fields,
      ...(t ? { triage: t } : {}),
      ...(cursor ? { cursor } : {}),
    },
  };
}
