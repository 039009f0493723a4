// Messages about unknown names, worded as Trino words them (`line L:C: Column 'x' cannot be
// resolved`), with the position in the user's text and the closest name. Positions and suggestions
// are written out by hand.
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog';
import { checkQuery } from '../../src/sql/guard';
import { closestName, columnNotFoundMessage, editDistance, findName } from '../../src/sql/diagnostics';

const catalog = loadCatalog();

describe('positions', () => {
  it('finds the first identifier, 1-based line and column, skipping strings, comments and other words', () => {
    expect(findName('select foo from exec', 'foo')).toEqual({ line: 1, column: 8 });
    expect(findName("select 'foo', food, -- foo\n /* foo */ FOO from exec", 'foo')).toEqual({ line: 2, column: 12 });
    expect(findName('SELECT\n  event_date,\n  usr\nFROM session_start', 'usr')).toEqual({ line: 3, column: 3 });
    expect(findName('select "Foo" from exec', 'foo')).toEqual({ line: 1, column: 8 });
  });

  it('points a qualified reference at its qualifier, as Trino does', () => {
    const sql = "select logn, x.logn from session_start x where x . logn = 'a'";
    expect(findName(sql, 'logn', 'x')).toEqual({ line: 1, column: 14 });
    expect(findName(sql, 'logn', 'y')).toBeUndefined();
  });
});

describe('suggestions', () => {
  it('measures edits, with transpositions', () => {
    expect(editDistance('login', 'login')).toBe(0);
    expect(editDistance('logn', 'login')).toBe(1);
    expect(editDistance('lgoin', 'login')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });

  it('suggests a close name, a flattened column by its last parts, and nothing far', () => {
    expect(closestName('usr', ['user', 'login', 'event_date'])).toBe('user');
    expect(closestName('client_ip', ['identity_client_ip', 'identity_user'])).toBe('identity_client_ip');
    expect(closestName('sesion_start', catalog.byName.keys())).toBe('session_start');
    expect(closestName('completely_unrelated', ['user', 'login'])).toBeUndefined();
  });

  it('words an unknown column as Trino, naming the closest column of the views the query reads', () => {
    expect(columnNotFoundMessage('select usr from session_start', 'usr', undefined, ['session_start'], catalog)).toBe(
      "line 1:8: Column 'usr' cannot be resolved; did you mean 'user'?",
    );
    expect(columnNotFoundMessage('select zzzzzz from exec', 'zzzzzz', undefined, ['exec'], catalog)).toBe(
      "line 1:8: Column 'zzzzzz' cannot be resolved (columns of exec are listed by `amctl audit schema`)",
    );
  });

  it('words an unknown view with its position and the closest view, at the guard', async () => {
    await expect(checkQuery('SELECT count(*)\nFROM sesion_start', catalog)).rejects.toThrow(
      "line 2:6: Table 'sesion_start' does not exist: it is not an audit view; did you mean 'session_start'?",
    );
  });
});
