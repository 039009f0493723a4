// Trino's canonical JSON: json_parse (and a JSON literal) keeps a value with its object keys sorted, so
// json_format and equality see them sorted. DuckDB keeps the keys as written; these macros rebuild objects
// with sorted keys, nested up to JSON_SORT_DEPTH levels (deeper objects are refused), and refuse text beyond
// the BMP, which Trino writes as \uXXXX escapes. Applied where the order shows (json_format, equality):
// binding them costs, so json_parse itself keeps DuckDB's order.
import { refusalSql } from './refusal';

const M = (sql: string) => `CREATE OR REPLACE TEMP MACRO ${sql}`;

/** Nesting levels of arrays and objects sorted; a value nested deeper that holds an object is refused. */
export const JSON_SORT_DEPTH = 4;

// One reference to the level below per level (object members and array elements go through one lambda),
// so the expanded macro grows linearly with the depth.
function sortLevel(n: number): string {
  return M(`__am_json_sort${n}(j) AS CASE WHEN json_type(j) IN ('OBJECT', 'ARRAY') THEN CAST(
      CASE json_type(j) WHEN 'OBJECT' THEN '{' ELSE '[' END ||
      array_to_string(list_transform(
        CASE json_type(j) WHEN 'OBJECT' THEN list_sort(map_entries(CAST(j AS MAP(VARCHAR, JSON))))
          ELSE list_transform(CAST(j AS JSON[]), lambda __x${n}: {'key': CAST(NULL AS VARCHAR), 'value': __x${n}}) END,
        lambda __e${n}: CASE WHEN __e${n}.key IS NULL THEN '' ELSE CAST(to_json(__e${n}.key) AS VARCHAR) || ':' END
          || coalesce(CAST(__am_json_sort${n - 1}(__e${n}.value) AS VARCHAR), 'null')), ',') ||
      CASE json_type(j) WHEN 'OBJECT' THEN '}' ELSE ']' END AS JSON) ELSE j END`);
}

export const JSON_CANONICAL_MACROS: readonly string[] = [
  M(`__am_json_sort0(j) AS CASE WHEN json_type(j) IN ('OBJECT', 'ARRAY') AND CAST(j AS VARCHAR) LIKE '%{%'
      THEN ${refusalSql(`JSON objects nested more than ${JSON_SORT_DEPTH} levels deep (Trino sorts their keys)`)} ELSE j END`),
  ...Array.from({ length: JSON_SORT_DEPTH }, (_, i) => sortLevel(i + 1)),
  M(`__am_json_canonical(j) AS list_transform([j], lambda __j: CASE
      WHEN regexp_matches(CAST(__j AS VARCHAR), '[\\x{10000}-\\x{10FFFF}]')
      THEN ${refusalSql('JSON text with characters beyond the BMP (Trino writes them as \\uXXXX escapes)')}
      WHEN CAST(__j AS VARCHAR) NOT LIKE '%{%' THEN __j
      ELSE __am_json_sort${JSON_SORT_DEPTH}(__j) END)[1]`),
];

type JsonToken = { raw: string } | { items: JsonToken[] } | { members: [string, JsonToken][] };

/**
 * Trino's text of a JSON value the engine returns: object keys sorted (by UTF-16 code units, as Java sorts
 * them), characters beyond the BMP as \uXXXX surrogate escapes; numbers and strings keep DuckDB's text.
 * Malformed text is returned as it is.
 */
export function canonicalJsonText(text: string): string {
  let i = 0;
  const ws = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  const string = (): string => {
    const start = i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return text.slice(start, i);
  };
  const value = (): JsonToken => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const members: [string, JsonToken][] = [];
      ws();
      if (text[i] === '}') return i++, { members };
      for (;;) {
        ws();
        const key = string();
        ws();
        if (text[i++] !== ':') throw new Error('malformed');
        members.push([key, value()]);
        ws();
        const sep = text[i++];
        if (sep === '}') return { members };
        if (sep !== ',') throw new Error('malformed');
      }
    }
    if (c === '[') {
      i++;
      const items: JsonToken[] = [];
      ws();
      if (text[i] === ']') return i++, { items };
      for (;;) {
        items.push(value());
        ws();
        const sep = text[i++];
        if (sep === ']') return { items };
        if (sep !== ',') throw new Error('malformed');
      }
    }
    if (c === '"') return { raw: string() };
    const start = i;
    while (i < text.length && !/[\s,\]}]/.test(text[i]!)) i++;
    if (i === start) throw new Error('malformed');
    return { raw: text.slice(start, i) };
  };
  const escape = (raw: string) =>
    raw.replace(/[\u{10000}-\u{10FFFF}]/gu, (ch) => [...ch.split('')].map((u) => `\\u${u.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`).join(''));
  const write = (t: JsonToken): string => {
    if ('raw' in t) return escape(t.raw);
    if ('items' in t) return `[${t.items.map(write).join(',')}]`;
    const keyed = t.members.map(([k, v]) => ({ k, key: JSON.parse(k) as string, v }));
    keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return `{${keyed.map((m) => `${escape(m.k)}:${write(m.v)}`).join(',')}}`;
  };
  try {
    const out = write(value());
    ws();
    return i === text.length ? out : text;
  } catch {
    return text;
  }
}
