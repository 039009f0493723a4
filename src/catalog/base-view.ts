// `audit_events`: every event of the window, one row each, straight off the base table (SPEC section 1:
// uid, session_id, event_type, event_time, user, event_data, event_date). Not one of the typed views:
// it is for questions across all event types at once (an entity's timeline), which would otherwise be
// one query per view. Both engine kinds serve it through the same SQL, restricted to the window.
import type { AuditView } from './types';

export const BASE_VIEW_NAME = 'audit_events';

const col = (name: string, description: string) => ({ name, type: 'varchar', path: [] as string[], description });

export const BASE_VIEW: AuditView = {
  name: BASE_VIEW_NAME,
  eventType: '*',
  codes: [],
  base: true,
  description: 'Every audit event of the window, untyped: the event type, its ids, its user and the whole event as JSON text.',
  columns: [
    col('event_type', 'Teleport event type, e.g. session.start.'),
    col('uid', 'Unique id of the event.'),
    col('session_id', 'Session the event belongs to, if any.'),
    col('user', 'Teleport user the event is about.'),
    col('event_data', 'The whole event as JSON text (use json_extract_scalar).'),
  ],
};
