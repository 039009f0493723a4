// Trino's canonical JSON: json_parse (and a JSON literal) keeps a value with its object keys sorted, so
// json_format, json_extract and equality see them sorted. DuckDB keeps the keys as written; these macros
// rebuild objects with sorted keys, nested up to JSON_SORT_DEPTH levels (deeper objects are refused), and
// refuse text beyond the BMP, which Trino writes as \uXXXX escapes.
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
