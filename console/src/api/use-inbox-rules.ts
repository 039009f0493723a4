// The rules that have findings, for the inbox's rule filter: every page of the inbox, rule names only,
// read once when the page opens.
import { useEffect, useState } from 'react';
import { request } from './client';
import { InboxRulesQuery } from './operations';

const MAX_PAGES = 40;

export function useInboxRules(enabled: boolean): string[] {
  const [rules, setRules] = useState<string[]>([]);
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    void (async () => {
      const seen = new Set<string>();
      let after: string | null | undefined;
      for (let i = 0; i < MAX_PAGES; i++) {
        const { findingsInbox } = await request(InboxRulesQuery, { after });
        for (const n of findingsInbox.nodes) seen.add(n.rule);
        if (!findingsInbox.pageInfo.hasNextPage) break;
        after = findingsInbox.pageInfo.endCursor;
      }
      if (live) setRules([...seen].sort());
    })().catch(() => undefined);
    return () => {
      live = false;
    };
  }, [enabled]);
  return rules;
}
