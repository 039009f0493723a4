// Durations in rule files and flags: 30s, 15m, 1h, 7d (one number, one unit).
const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export function parseDuration(v: unknown): number | undefined {
  if (typeof v !== 'string') return undefined;
  const m = /^(\d{1,6})\s*([smhd])$/.exec(v.trim());
  return m ? Number(m[1]) * UNITS[m[2]!]! : undefined;
}

export function formatDuration(ms: number): string {
  for (const [u, n] of [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000]] as const) if (ms >= n && ms % n === 0) return `${ms / n}${u}`;
  return `${Math.round(ms / 1000)}s`;
}
