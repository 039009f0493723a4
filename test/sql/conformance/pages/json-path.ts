import { type ConformancePage, rows } from '../table';

// The examples of the SQL/JSON path functions over the page's `customers` table, given as VALUES.
// Not in the table: the json_table PLAN examples (the page's stated results contradict each other) and the
// `SELECT j.*` simplified accessor (a Trino extension newer than Athena engine v3).
const CUSTOMERS = `(VALUES (101, '{"comment" : "nice", "children" : [10, 13, 16]}'),
  (102, '{"comment" : "problematic", "children" : [8, 11]}'),
  (103, '{"comment" : "knows best", "children" : [2]}')) AS customers(id, description)`;

export const jsonPathPage: ConformancePage = {
  source: 'docs/src/main/sphinx/functions/json.md (json_exists, json_query, json_value, json_table)',
  cases: [
    rows(`SELECT id, json_exists(description, 'lax $.children[*]?(@ > 10)') AS children_above_ten FROM ${CUSTOMERS}`, [['101', 'true'], ['102', 'true'], ['103', 'false']], [
      'integer',
      'boolean',
    ]),
    rows(
      `SELECT id, json_exists(description, 'strict $.children[2]?(@ > 10)' UNKNOWN ON ERROR) AS child_3_above_ten FROM ${CUSTOMERS}`,
      [['101', 'true'], ['102', null], ['103', null]],
      ['integer', 'boolean'],
    ),
    rows(`SELECT id, json_query(description, 'lax $.children') AS children FROM ${CUSTOMERS}`, [['101', '[10,13,16]'], ['102', '[8,11]'], ['103', '[2]']], [
      'integer',
      'varchar',
    ]),
    rows(
      `SELECT id, json_query(description, 'lax $.children[*]' WITHOUT ARRAY WRAPPER NULL ON ERROR) AS children FROM ${CUSTOMERS}`,
      [['101', null], ['102', null], ['103', '2']],
      ['integer', 'varchar'],
    ),
    rows(`SELECT id, json_query(description, 'lax $.children[last]' WITH ARRAY WRAPPER) AS last_child FROM ${CUSTOMERS}`, [['101', '[16]'], ['102', '[11]'], ['103', '[2]']], [
      'integer',
      'varchar',
    ]),
    rows(
      `SELECT id, json_query(description, 'strict $.children[*]?(@ > 12)' WITH ARRAY WRAPPER EMPTY ARRAY ON EMPTY) AS children FROM ${CUSTOMERS}`,
      [['101', '[13,16]'], ['102', '[]'], ['103', '[]']],
      ['integer', 'varchar'],
    ),
    rows(
      `SELECT id, json_query(description, 'strict $.comment' KEEP QUOTES) AS quoted_comment, json_query(description, 'strict $.comment' OMIT QUOTES) AS unquoted_comment FROM ${CUSTOMERS}`,
      [['101', '"nice"', 'nice'], ['102', '"problematic"', 'problematic'], ['103', '"knows best"', 'knows best']],
      ['integer', 'varchar', 'varchar'],
    ),
    rows(
      `SELECT id, json_value(description, 'lax $.comment' RETURNING char(12)) AS comment FROM ${CUSTOMERS}`,
      [['101', 'nice        '], ['102', 'problematic '], ['103', 'knows best  ']],
      ['integer', 'char(12)'],
    ),
    rows(`SELECT id, json_value(description, 'lax $.children[0]' RETURNING tinyint) AS child FROM ${CUSTOMERS}`, [['101', '10'], ['102', '8'], ['103', '2']], [
      'integer',
      'tinyint',
    ]),
    rows(`SELECT id, json_value(description, 'strict $.children[2]' DEFAULT 'err' ON ERROR) AS child FROM ${CUSTOMERS}`, [['101', '16'], ['102', 'err'], ['103', 'err']], [
      'integer',
      'varchar',
    ]),
    rows(
      `SELECT id, json_value(description, 'lax $.children[2]' DEFAULT 'missing' ON EMPTY) AS child FROM ${CUSTOMERS}`,
      [['101', '16'], ['102', 'missing'], ['103', 'missing']],
      ['integer', 'varchar'],
    ),
    rows(
      `SELECT * FROM json_table('[
          {"id":1,"name":"Africa","wikiDataId":"Q15"},
          {"id":2,"name":"Americas","wikiDataId":"Q828"},
          {"id":3,"name":"Asia","wikiDataId":"Q48"},
          {"id":4,"name":"Europe","wikiDataId":"Q51"}
        ]', 'strict $' COLUMNS (NESTED PATH 'strict $[*]' COLUMNS (
          id integer PATH 'strict $.id', name varchar PATH 'strict $.name', wiki_data_id varchar PATH 'strict $."wikiDataId"')))`,
      [['1', 'Africa', 'Q15'], ['2', 'Americas', 'Q828'], ['3', 'Asia', 'Q48'], ['4', 'Europe', 'Q51']],
      ['integer', 'varchar', 'varchar'],
      { note: "the page's result table names the second column child and prints Q1 for Africa's Q15" },
    ),
    rows(
      `SELECT * FROM json_table('[
          {"continent": "Asia", "countries": [{"name": "Japan", "population": 125.7}, {"name": "Thailand", "population": 71.6}]},
          {"continent": "Europe", "countries": [{"name": "France", "population": 67.4}, {"name": "Germany", "population": 83.2}]}
        ]', 'lax $' COLUMNS (NESTED PATH 'lax $[*]' COLUMNS (continent varchar PATH 'lax $.continent',
          NESTED PATH 'lax $.countries[*]' COLUMNS (country varchar PATH 'lax $.name', population double PATH 'lax $.population'))))`,
      [['Asia', 'Japan', '125.7'], ['Asia', 'Thailand', '71.6'], ['Europe', 'France', '67.4'], ['Europe', 'Germany', '83.2']],
      ['varchar', 'varchar', 'double'],
    ),
  ],
};
