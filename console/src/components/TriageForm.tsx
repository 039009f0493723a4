// Triage actions for one finding: the actions its status allows (Acknowledge, Resolve, False positive,
// Reopen), an assignee and a comment, sent as one triageFinding mutation at the triage version the
// page shows (a change someone made meanwhile is refused, not overwritten).
import { useEffect, useState, type FormEvent } from 'react';
import { request, type ApiError } from '../api/client';
import { TriageFindingMutation } from '../api/operations';
import type { FindingDetailFieldsFragment, TriageStatus } from '../gql/graphql';
import { STATUS_LABEL, triageActions } from '../lib/findings';

export function TriageForm({ item, user, onTriaged }: { item: FindingDetailFieldsFragment; user: string; onTriaged(next: FindingDetailFieldsFragment): void }) {
  const [assignee, setAssignee] = useState(item.assignee ?? '');
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState<TriageStatus>();
  const [error, setError] = useState<ApiError>();
  const [done, setDone] = useState<string>();

  useEffect(() => {
    setAssignee(item.assignee ?? '');
    setError(undefined);
  }, [item.id, item.assignee]);
  useEffect(() => setDone(undefined), [item.id]);

  const send = async (to: TriageStatus) => {
    setBusy(to);
    setError(undefined);
    setDone(undefined);
    try {
      const { triageFinding } = await request(TriageFindingMutation, {
        input: { id: item.id, status: to, assignee: assignee.trim(), comment: comment.trim(), expectedVersion: item.finding.triage?.version ?? 0 },
      });
      setComment('');
      setDone(to === item.status ? 'Saved.' : `Marked ${STATUS_LABEL[to].toLowerCase()}.`);
      onTriaged(triageFinding);
    } catch (e) {
      setError(e as ApiError);
    } finally {
      setBusy(undefined);
    }
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void send(item.status);
  };

  return (
    <form className="triage-form" onSubmit={submit} aria-labelledby="triage-h">
      <h3 id="triage-h">Triage</h3>
      <div className="triage-fields">
        <label>
          Assignee
          <span className="with-button">
            <input value={assignee} onChange={(e) => setAssignee(e.target.value)} placeholder="nobody" maxLength={200} />
            {assignee !== user && (
              <button type="button" className="link-button" onClick={() => setAssignee(user)}>
                me
              </button>
            )}
          </span>
        </label>
        <label>
          Comment
          <textarea value={comment} onChange={(e) => setComment(e.target.value)} rows={2} maxLength={2000} placeholder="Why: kept in the history and sent in the findings feed" />
        </label>
      </div>
      <div className="triage-actions">
        {triageActions(item.status).map((a) => (
          <button key={a.to} type="button" className={`button ${a.to === 'resolved' ? 'primary' : ''}`} disabled={!!busy} onClick={() => void send(a.to)}>
            {busy === a.to ? `${a.label}…` : a.label}
          </button>
        ))}
        <button type="submit" className="button" disabled={!!busy || (comment.trim() === '' && assignee.trim() === (item.assignee ?? ''))}>
          {busy === item.status ? 'Saving…' : 'Save assignee and comment'}
        </button>
      </div>
      <div role="status" aria-live="polite" className="hint">
        {done}
      </div>
      {error && (
        <p className="error-text" role="alert">
          Not changed: {error.message}
        </p>
      )}
    </form>
  );
}
