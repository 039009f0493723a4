// Trino JSONPath (the subset json_extract / json_extract_scalar accept: `$.a.b`, `$["a.b"]["c"]`,
// `$['a']`, `$.a[0]`) -> a JSON pointer (`/a.b/c`), which DuckDB's JSON functions read without any
// ambiguity about dots or quotes inside keys.

/** Returns the JSON pointer for a Trino JSONPath, or undefined when the path uses a feature we do not map. */
export function trinoJsonPathToPointer(path: string): string | undefined {
  const p = path.trim();
  if (!p.startsWith('$')) return undefined;
  const keys: string[] = [];
  let i = 1;
  while (i < p.length) {
    const ch = p[i];
    if (ch === '.') {
      let j = i + 1;
      while (j < p.length && p[j] !== '.' && p[j] !== '[') j++;
      const key = p.slice(i + 1, j);
      if (key === '' || key === '*') return undefined;
      keys.push(key);
      i = j;
    } else if (ch === '[') {
      const quote = p[i + 1];
      if (quote === '"' || quote === "'") {
        let j = i + 2;
        let key = '';
        while (j < p.length && p[j] !== quote) {
          if (p[j] === '\\' && j + 1 < p.length) j++;
          key += p[j++];
        }
        if (p[j] !== quote || p[j + 1] !== ']') return undefined;
        keys.push(key);
        i = j + 2;
      } else {
        const close = p.indexOf(']', i);
        if (close === -1) return undefined;
        const index = p.slice(i + 1, close).trim();
        if (!/^\d+$/.test(index)) return undefined;
        keys.push(String(Number(index)));
        i = close + 1;
      }
    } else {
      return undefined;
    }
  }
  if (keys.length === 0) return '$';
  return keys.map((k) => `/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}
