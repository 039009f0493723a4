// Trino's text form of a result cell, as its CLI and tctl print it: the cell alone cannot say whether
// 11 is an integer or the double 11.0, so the column's Trino type guides the rendering, nested types too.
import type { Cell } from '../engine/types';

export interface TrinoTypeNode {
  /** Lower-case base name: integer, double, array, map, row, timestamp, ... */
  name: string;
  /** Type parameters (array element, map key and value, row fields). */
  params: TrinoTypeNode[];
  /** Row field names ('' for anonymous fields). */
  fields: string[];
}

/** Parses a Trino type name (`array(row(a integer, b varchar))`, `map(varchar, double)`, ...). */
export function parseTrinoType(text: string): TrinoTypeNode {
  let i = 0;
  const s = text.trim();
  const node = (): TrinoTypeNode => {
    while (s[i] === ' ') i++;
    const start = i;
    while (i < s.length && s[i] !== '(' && s[i] !== ',' && s[i] !== ')') i++;
    const head = s.slice(start, i).trim().toLowerCase();
    const out: TrinoTypeNode = { name: head.split(' ')[0] ?? head, params: [], fields: [] };
    if (s[i] !== '(') return out;
    i++; // (
    const structural = out.name === 'array' || out.name === 'map' || out.name === 'row';
    while (i < s.length && s[i] !== ')') {
      if (structural) {
        let field = '';
        if (out.name === 'row') {
          // "name type" or just "type": a field name is a word followed by a space and more type text
          const m = /^\s*("(?:[^"]|"")*"|[A-Za-z_][A-Za-z0-9_]*)\s+(?=[A-Za-z])/.exec(s.slice(i));
          const rest = s.slice(i + (m?.[0].length ?? 0));
          if (m && !/^(with|without)\b/i.test(rest) && !/^(time|zone|precision)\b/i.test(m[1]!)) {
            field = m[1]!.startsWith('"') ? m[1]!.slice(1, -1).replace(/""/g, '"') : m[1]!;
            i += m[0].length;
          }
        }
        out.params.push(node());
        out.fields.push(field);
      } else {
        // numeric parameters (precision, scale, length): skip them
        while (i < s.length && s[i] !== ',' && s[i] !== ')') i++;
      }
      while (s[i] === ' ') i++;
      if (s[i] === ',') i++;
    }
    i++; // )
    // a trailing "with time zone" after timestamp(p)
    const tail = /^\s*with time zone/i.exec(s.slice(i));
    if (tail) i += tail[0].length;
    return out;
  };
  return node();
}

/** Java's Double.toString: 11.0, 0.1, 1.0E10, 1.234E-5. */
export function javaDoubleText(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? 'Infinity' : '-Infinity';
  if (n === 0) return Object.is(n, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(n);
  if (abs >= 1e-3 && abs < 1e7) {
    const t = String(n);
    return t.includes('.') || t.includes('e') ? t : `${t}.0`;
  }
  const [mantissa, exp] = n.toExponential().split('e');
  return `${mantissa!.includes('.') ? mantissa : `${mantissa}.0`}E${Number(exp)}`;
}

/** Java's Float.toString for a value that is a float widened to a double. */
export function javaFloatText(n: number): string {
  if (!Number.isFinite(n) || n === 0) return javaDoubleText(n);
  for (let p = 1; p <= 9; p++) {
    const candidate = Number(n.toPrecision(p));
    if (Math.fround(candidate) === Math.fround(n)) return javaDoubleText(candidate);
  }
  return javaDoubleText(n);
}

/** A cell as Trino prints it; `nested` cells print NULL as null (inside arrays, maps and rows). */
export function trinoCellText(c: Cell, type?: TrinoTypeNode, nested = false): string {
  if (c === null) return nested ? 'null' : '';
  const name = type?.name;
  if (Array.isArray(c)) {
    if (name === 'row') return `{${c.map((x, i) => trinoCellText(x, type?.params[i], true)).join(', ')}}`;
    return `[${c.map((x) => trinoCellText(x, type?.params[0], true)).join(', ')}]`;
  }
  if (typeof c === 'object') {
    if (name === 'row') {
      return `{${Object.entries(c)
        .map(([k, v], i) => (type?.fields[i] ? `${k}=` : '') + trinoCellText(v, type?.params[i], true))
        .join(', ')}}`;
    }
    const valueType = name === 'map' ? type?.params[1] : undefined;
    return `{${Object.entries(c).map(([k, v]) => `${k}=${trinoCellText(v, valueType, true)}`).join(', ')}}`;
  }
  if (typeof c === 'number') {
    if (name === 'double') return javaDoubleText(c);
    if (name === 'real') return javaFloatText(c);
  }
  return String(c);
}
