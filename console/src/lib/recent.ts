// Recent queries, kept in this browser (newest first, same text once).
export interface RecentQuery {
  sql: string;
  days: number;
  at: string;
  state?: string;
  rowCount?: number | null;
}

export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

const KEY = 'amctl.recent';
export const MAX_RECENT = 30;

export function readRecent(store: KeyValueStore): RecentQuery[] {
  try {
    const v = JSON.parse(store.getItem(KEY) ?? '[]') as unknown;
    return Array.isArray(v) ? (v as RecentQuery[]).filter((r) => typeof r?.sql === 'string') : [];
  } catch {
    return [];
  }
}

export function addRecent(store: KeyValueStore, entry: RecentQuery): RecentQuery[] {
  const list = [entry, ...readRecent(store).filter((r) => r.sql.trim() !== entry.sql.trim() || r.days !== entry.days)].slice(0, MAX_RECENT);
  store.setItem(KEY, JSON.stringify(list));
  return list;
}
