// Every saved query, paged through the cursor (the API serves at most 100 a page).
import { useCallback, useEffect, useState } from 'react';
import type { SavedQueriesQuery as SavedQueriesData } from '../gql/graphql';
import { request, type ApiError } from './client';
import { SavedQueriesQuery } from './operations';

export type SavedQuery = SavedQueriesData['auditQueries']['nodes'][number];

export function useSavedQueries(enabled: boolean) {
  const [state, setState] = useState<{ data?: SavedQuery[]; error?: ApiError; loading: boolean }>({ loading: enabled });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    (async () => {
      const all: SavedQuery[] = [];
      let after: string | null | undefined = null;
      for (;;) {
        const { auditQueries: page }: SavedQueriesData = await request(SavedQueriesQuery, { after });
        all.push(...page.nodes);
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      return all;
    })().then(
      (data) => live && setState({ data, loading: false }),
      (error: ApiError) => live && setState({ error, loading: false }),
    );
    return () => {
      live = false;
    };
  }, [enabled, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}
