// Why a page offers less than it could: the viewer's roles lack verbs on a resource. One wording
// everywhere, naming the roles, the verbs and the resource, so the reader knows what to ask for.
import { Fragment, type ReactNode } from 'react';

export function RoleNotice({
  roles,
  action,
  verbs,
  resource,
  children,
}: {
  roles: readonly string[];
  /** What the roles do not allow, e.g. "running queries". */
  action: string;
  verbs: readonly string[];
  resource: string;
  /** What to do instead, after the sentence. */
  children?: ReactNode;
}) {
  return (
    <p className="notice" role="note">
      Your roles ({roles.join(', ') || 'none'}) do not allow {action}: that needs{' '}
      {verbs.map((v, i) => (
        <Fragment key={v}>
          {i > 0 && ' and '}
          <code>{v}</code>
        </Fragment>
      ))}{' '}
      on <code>{resource}</code>.{children && <> {children}</>}
    </p>
  );
}
