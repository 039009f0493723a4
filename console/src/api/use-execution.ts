// One ad-hoc query at a time: start it, follow its state through the queryStatus subscription (no
// polling), page its rows through the cursor, cancel it, fetch the whole result for downloads.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ExecutionFieldsFragment } from '../gql/graphql';
import { ApiError, request, subscribe, type Subscription } from './client';
import { CancelQueryMutation, QueryResultsQuery, QueryStatusSubscription, RunQueryMutation } from './operations';

export const PAGE_SIZE = 500;
const EXPORT_PAGE = 1000;
export const TERMINAL = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);

export interface Column {
  name: string;
  type: string;
}

export interface ExecutionState {
  execution?: ExecutionFieldsFragment;
  /** Refused before it ran (the SQL guard, RBAC, limits), or the live connection failed. */
  error?: ApiError;
  columns: Column[];
  rows: unknown[][];
  endCursor?: string | null;
  hasNextPage: boolean;
  loadingPage: boolean;
  /** Client clock when Run was pressed, for the elapsed time. */
  startedAt?: number;
  submitting: boolean;
}

const EMPTY: ExecutionState = { columns: [], rows: [], hasNextPage: false, loadingPage: false, submitting: false };

export function useExecution() {
  const [state, setState] = useState<ExecutionState>(EMPTY);
  const sub = useRef<Subscription>(undefined);
  const runSeq = useRef(0);

  useEffect(() => () => sub.current?.unsubscribe(), []);

  const loadPage = useCallback(async (id: string, after: string | null | undefined, seq: number) => {
    setState((s) => ({ ...s, loadingPage: true }));
    try {
      const { queryResults: page } = await request(QueryResultsQuery, { id, first: PAGE_SIZE, after });
      if (seq !== runSeq.current) return;
      setState((s) => ({
        ...s,
        columns: page.columns,
        rows: after ? [...s.rows, ...page.rows.map((r) => r.data)] : page.rows.map((r) => r.data),
        endCursor: page.pageInfo.endCursor,
        hasNextPage: page.pageInfo.hasNextPage,
        loadingPage: false,
      }));
    } catch (e) {
      if (seq === runSeq.current) setState((s) => ({ ...s, loadingPage: false, error: e as ApiError }));
    }
  }, []);

  const run = useCallback(
    async (sql: string, days: number) => {
      sub.current?.unsubscribe();
      const seq = ++runSeq.current;
      setState({ ...EMPTY, submitting: true, startedAt: Date.now() });
      let started: ExecutionFieldsFragment;
      try {
        started = (await request(RunQueryMutation, { sql, days })).runQuery;
      } catch (e) {
        if (seq === runSeq.current) setState((s) => ({ ...s, submitting: false, error: e as ApiError }));
        return undefined;
      }
      if (seq !== runSeq.current) return undefined;
      setState((s) => ({ ...s, submitting: false, execution: started }));
      const onUpdate = (ex: ExecutionFieldsFragment) => {
        if (seq !== runSeq.current) return;
        setState((s) => ({ ...s, execution: ex }));
        if (ex.state === 'SUCCEEDED') void loadPage(ex.id, undefined, seq);
      };
      if (TERMINAL.has(started.state)) onUpdate(started);
      else {
        sub.current = subscribe(
          QueryStatusSubscription,
          { id: started.id },
          (d) => onUpdate(d.queryStatus),
          (err) => {
            if (err && seq === runSeq.current) setState((s) => ({ ...s, error: err }));
          },
        );
      }
      return started.id;
    },
    [loadPage],
  );

  const cancel = useCallback(async () => {
    const id = state.execution?.id;
    if (!id) return;
    try {
      const { cancelQuery } = await request(CancelQueryMutation, { id });
      setState((s) => (s.execution?.id === id ? { ...s, execution: cancelQuery } : s));
    } catch (e) {
      setState((s) => ({ ...s, error: e as ApiError }));
    }
  }, [state.execution?.id]);

  const loadMore = useCallback(() => {
    if (state.execution && state.hasNextPage && !state.loadingPage) void loadPage(state.execution.id, state.endCursor, runSeq.current);
  }, [state.execution, state.hasNextPage, state.loadingPage, state.endCursor, loadPage]);

  /** Every row of the result, for downloads (the rows already shown are not fetched twice). */
  const fetchAll = useCallback(async (): Promise<{ columns: Column[]; rows: unknown[][] }> => {
    const id = state.execution?.id;
    if (!id) return { columns: [], rows: [] };
    if (!state.hasNextPage) return { columns: state.columns, rows: state.rows };
    const rows = [...state.rows];
    let after = state.endCursor;
    let columns = state.columns;
    for (;;) {
      const { queryResults: page } = await request(QueryResultsQuery, { id, first: EXPORT_PAGE, after });
      columns = page.columns;
      rows.push(...page.rows.map((r) => r.data));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    return { columns, rows };
  }, [state]);

  return { state, run, cancel, loadMore, fetchAll };
}
