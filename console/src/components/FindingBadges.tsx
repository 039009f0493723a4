// A finding's severity and triage status as badges: one look on the inbox and in the detail pane.
import type { FindingSeverity, TriageStatus } from '../gql/graphql';
import { STATUS_LABEL } from '../lib/findings';

export function SeverityBadge({ severity }: { severity: FindingSeverity }) {
  return <span className={`badge sev sev-${severity}`}>{severity}</span>;
}

export function TriageBadge({ status }: { status: TriageStatus }) {
  return <span className={`badge triage triage-${status}`}>{STATUS_LABEL[status]}</span>;
}
