// The findings inbox's vocabulary: severities most severe first, triage statuses with their labels,
// and which triage actions a finding's status allows (as the gateway enforces: open -> acknowledged
// -> resolved or false positive, and back to open).
import type { FindingSeverity, TriageStatus } from '../gql/graphql';

export const SEVERITIES: readonly FindingSeverity[] = ['critical', 'high', 'medium', 'low', 'info'];
export const STATUSES: readonly TriageStatus[] = ['open', 'acknowledged', 'resolved', 'false_positive'];

export const STATUS_LABEL: Record<TriageStatus, string> = {
  open: 'Open',
  acknowledged: 'Acknowledged',
  resolved: 'Resolved',
  false_positive: 'False positive',
};

/** The status filter's choices: the queue (not yet closed) first, then each status, then all. */
export const STATUS_FILTERS: readonly { id: string; label: string; statuses?: TriageStatus[] }[] = [
  { id: 'unresolved', label: 'Open or acknowledged', statuses: ['open', 'acknowledged'] },
  ...STATUSES.map((s) => ({ id: s, label: STATUS_LABEL[s], statuses: [s] })),
  { id: 'any', label: 'Any status' },
];
export const DEFAULT_STATUS_FILTER = 'unresolved';

export function statusesOf(filterId: string | null): TriageStatus[] | undefined {
  const f = STATUS_FILTERS.find((s) => s.id === filterId) ?? STATUS_FILTERS.find((s) => s.id === DEFAULT_STATUS_FILTER)!;
  return f.statuses;
}

export function isSeverity(v: string | null): v is FindingSeverity {
  return v !== null && (SEVERITIES as readonly string[]).includes(v);
}

export interface TriageAction {
  to: TriageStatus;
  label: string;
}

/** The actions offered from a status, in the order a person takes them. */
export function triageActions(status: TriageStatus): TriageAction[] {
  switch (status) {
    case 'open':
      return [
        { to: 'acknowledged', label: 'Acknowledge' },
        { to: 'resolved', label: 'Resolve' },
        { to: 'false_positive', label: 'False positive' },
      ];
    case 'acknowledged':
      return [
        { to: 'resolved', label: 'Resolve' },
        { to: 'false_positive', label: 'False positive' },
        { to: 'open', label: 'Reopen' },
      ];
    case 'resolved':
    case 'false_positive':
      return [{ to: 'open', label: 'Reopen' }];
  }
}
