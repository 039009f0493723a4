// A report window's run state: badge, when, and what started it.
import type { ReportStateFieldsFragment } from '../gql/graphql';
import { formatWhen } from '../lib/units';

export function StateBadge({ state }: { state?: ReportStateFieldsFragment | null }) {
  if (!state) return <span className="badge">NEVER RUN</span>;
  return <span className={`badge ${state.status}`}>{state.status}</span>;
}

export function StateLine({ state }: { state?: ReportStateFieldsFragment | null }) {
  if (!state) return <span className="state-cell">not run yet</span>;
  const when = state.status === 'RUNNING' ? `since ${formatWhen(state.startedAt)}` : formatWhen(state.completedAt ?? state.updatedAt);
  const by = state.trigger === 'user' ? `run by ${state.triggeredBy ?? 'a user'}` : state.trigger === 'scheduler' ? 'scheduled run' : state.trigger === 'recovery' ? 'resumed after a restart' : '';
  return (
    <span className="state-cell">
      <span>
        <StateBadge state={state} />
      </span>
      <span>{when}</span>
      {by && <span>{by}</span>}
      {state.status === 'FAILED' && state.error && <span className="error-text">{state.error}</span>}
    </span>
  );
}
