// Loads a GraphQL query when its variables change; `reload` fetches again.
import { useCallback, useEffect, useState } from 'react';
import type { TypedDocumentString } from '../gql/graphql';
import { ApiError, request } from './client';

export interface Loaded<R> {
  data?: R;
  error?: ApiError;
  loading: boolean;
  reload(): void;
}

export function useRequest<R, V>(doc: TypedDocumentString<R, V>, variables: V, enabled = true): Loaded<R> {
  const key = JSON.stringify(variables);
  const [state, setState] = useState<{ data?: R; error?: ApiError; loading: boolean }>({ loading: enabled });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    request(doc, variables as never).then(
      (data) => live && setState({ data, loading: false }),
      (error: ApiError) => live && setState({ error, loading: false }),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [doc, key, tick, enabled]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}
