// The time windows every query and report runs over.
export const WINDOWS = [7, 30, 90, 120] as const;
export type WindowDays = (typeof WINDOWS)[number];

export function parseWindow(v: string | null | undefined, fallback: WindowDays = 7): WindowDays {
  const n = Number(v);
  return (WINDOWS as readonly number[]).includes(n) ? (n as WindowDays) : fallback;
}
