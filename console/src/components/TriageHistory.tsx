// A finding's triage history, oldest first: when, who, from which status to which, the assignee and why.
import type { FindingDetailFieldsFragment } from '../gql/graphql';
import { STATUS_LABEL } from '../lib/findings';
import { formatWhen } from '../lib/units';

export function TriageHistory({ history }: { history: FindingDetailFieldsFragment['history'] }) {
  if (history.length === 0) return <p className="hint">Nobody has triaged it yet.</p>;
  return (
    <ol className="triage-history" aria-label="Triage history">
      {history.map((h) => (
        <li key={h.version}>
          <div className="when">
            {formatWhen(h.at)} · <strong>{h.by}</strong>
          </div>
          <div>
            {h.from === h.status ? (
              <>kept {STATUS_LABEL[h.status].toLowerCase()}</>
            ) : (
              <>
                {STATUS_LABEL[h.from]} → <strong>{STATUS_LABEL[h.status]}</strong>
              </>
            )}
            {h.assignee ? <> · assigned to {h.assignee}</> : null}
          </div>
          {h.comment && <blockquote>{h.comment}</blockquote>}
        </li>
      ))}
    </ol>
  );
}
