// Where an error points in the SQL, and which views a query reads (for completion).
import { describe, expect, it } from 'vitest';
import { errorRange, lineColumn } from '../../console/src/lib/error-position';
import { viewsInQuery } from '../../console/src/lib/sql-context';

const at = (sql: string, message: string) => {
  const r = errorRange(sql, message);
  return r && { text: sql.slice(r.from, r.to), ...lineColumn(sql, r.from) };
};

describe('error positions', () => {
  it('uses the character position of a syntax error', () => {
    expect(at('SELEC 1', 'SQL syntax error (at character 1): syntax error at or near "SELEC"')).toEqual({ text: 'SELEC', line: 1, column: 1 });
    expect(at('SELECT 1\nFROM exec WHERE WHERE', 'SQL syntax error (at character 26): syntax error at or near "WHERE"')).toEqual({ text: 'WHERE', line: 2, column: 17 });
  });

  it("uses Trino's line:column", () => {
    expect(at('SELECT\n  foo\nFROM exec', "line 2:3: Column 'foo' cannot be resolved")).toEqual({ text: 'foo', line: 2, column: 3 });
  });

  it('finds the named column, table or function as a whole word', () => {
    expect(at('SELECT food, foo FROM exec', 'Binder Error: Referenced column "foo" not found in FROM clause!')).toEqual({ text: 'foo', line: 1, column: 14 });
    expect(at('select * from nope', 'Table "nope" is not an audit view: query the views ...')).toEqual({ text: 'nope', line: 1, column: 15 });
    expect(at('SELECT date_foo(1) FROM exec', 'Function "date_foo" is not allowed: ...')).toMatchObject({ text: 'date_foo' });
  });

  it('gives no position when the message names none', () => {
    expect(errorRange('SELECT 1', 'the engine failed')).toBeUndefined();
    expect(errorRange('SELECT 1', 'column "zzz" not found')).toBeUndefined();
  });
});

describe('views a query reads', () => {
  const known = new Set(['exec', 'session_start', 'cert_create']);

  it('names the views after FROM and JOIN, with aliases', () => {
    expect(viewsInQuery('SELECT * FROM exec e JOIN session_start AS s ON e.sid = s.sid WHERE 1=1', known)).toEqual([
      { view: 'exec', alias: 'e' },
      { view: 'session_start', alias: 's' },
    ]);
  });

  it('ignores unknown tables, keywords after the name, comments and strings', () => {
    expect(viewsInQuery("SELECT 'from cert_create' FROM exec WHERE x -- from cert_create\n", known)).toEqual([{ view: 'exec', alias: undefined }]);
    expect(viewsInQuery('WITH t AS (SELECT 1) SELECT * FROM t', known)).toEqual([]);
    expect(viewsInQuery('select * from "session_start"', known)).toEqual([{ view: 'session_start', alias: undefined }]);
  });
});
