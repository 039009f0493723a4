// Trino prints a map as `{k=v, k2=v2}` in no fixed order: tests compare maps with their entries sorted.

/** Splits `{a=1, b=[1, 2]}`'s top-level entries. */
export function topLevelEntries(text: string): string[] {
  const inner = text.slice(1, -1);
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < inner.length; i++) {
    const ch = inner[i];
    if (ch === '[' || ch === '{' || ch === '(') depth++;
    else if (ch === ']' || ch === '}' || ch === ')') depth--;
    else if (ch === ',' && inner[i + 1] === ' ' && depth === 0) {
      out.push(inner.slice(start, i));
      start = i + 2;
    }
  }
  if (inner.length) out.push(inner.slice(start));
  return out;
}

/** A map's text with its entries in sorted order. */
export const sortedMapText = (text: string): string => `{${topLevelEntries(text).sort().join(', ')}}`;
