// Text-level helpers of the SQL package: Trino JSONPath -> JSON pointer, MySQL and Joda formats ->
// strftime, the Trino-syntax pre-pass and the statement counter.
import { describe, expect, it } from 'vitest';
import { jodaFormatToStrftime, mysqlFormatToStrftime } from '../../src/sql/datetime-format';
import { trinoJsonPathToPointer } from '../../src/sql/json-path';
import { countStatements, preprocessTrinoSyntax } from '../../src/sql/trino-syntax';

describe('Trino JSONPath -> JSON pointer', () => {
  it.each([
    ['$', '$'],
    ['$.a', '/a'],
    ['$.a.b', '/a/b'],
    ['$["identity"]["user"]', '/identity/user'],
    ['$["addr.local"]', '/addr.local'],
    ["$['a']['b c']", '/a/b c'],
    ['$.a[0]', '/a/0'],
    ['$[2].x', '/2/x'],
    ['$["a/b~c"]', '/a~1b~0c'],
    ['$["say \\"hi\\""]', '/say "hi"'],
  ])('%s -> %s', (path, pointer) => {
    expect(trinoJsonPathToPointer(path)).toBe(pointer);
  });

  it.each(['a.b', '$.a[*]', '$..a', '$.', '$["a"', '$[x]'])('does not map %s', (path) => {
    expect(trinoJsonPathToPointer(path)).toBeUndefined();
  });
});

describe('date formats', () => {
  it('MySQL specifiers (date_format) -> strftime', () => {
    expect(mysqlFormatToStrftime('%Y-%m-%d %H:%i:%s')).toBe('%Y-%m-%d %H:%M:%S');
    expect(mysqlFormatToStrftime('%W, %M %e %r %%')).toBe('%A, %B %-d %I:%M:%S %p %%');
    expect(() => mysqlFormatToStrftime('%D')).toThrow('%D not supported in date format string');
    // any other character after % is itself (Trino: date_format(ts, '%Q') is 'Q')
    expect(mysqlFormatToStrftime('%Q')).toBe('Q');
    expect(() => mysqlFormatToStrftime('abc%')).toThrow(/lone %/);
  });

  it('Joda patterns (format_datetime) -> strftime', () => {
    expect(jodaFormatToStrftime('yyyy-MM-dd HH:mm:ss.SSS')).toBe('%Y-%m-%d %H:%M:%S.%g');
    expect(jodaFormatToStrftime("EEEE d MMMM yy 'at' h a, 100%")).toBe('%A %-d %B %y at %-I %p, 100%%');
    expect(jodaFormatToStrftime("''")).toBe("'");
    expect(jodaFormatToStrftime('G yyyy')).toBe('AD %Y');
    expect(() => jodaFormatToStrftime('C')).toThrow(/not supported by the embedded engine: .*letter C/);
  });
});

describe('Trino syntax pre-pass', () => {
  it('rewrites array(T) types, nested, and leaves strings, identifiers and comments alone', () => {
    expect(preprocessTrinoSyntax('CAST(x AS array(varchar))')).toBe('CAST(x AS varchar[])');
    expect(preprocessTrinoSyntax('CAST(x AS ARRAY ( row(a array(bigint), b varchar) ))')).toBe('CAST(x AS row(a bigint[], b varchar)[])');
    expect(preprocessTrinoSyntax("SELECT 'array(x)', \"array(y)\" -- array(z)\n")).toBe("SELECT 'array(x)', \"array(y)\" -- array(z)\n");
    expect(preprocessTrinoSyntax('SELECT ARRAY[1, 2]')).toBe('SELECT ARRAY[1, 2]');
  });

  it('moves listagg ... WITHIN GROUP (ORDER BY ...) inside the call', () => {
    expect(preprocessTrinoSyntax("SELECT listagg(u, ',') WITHIN GROUP (ORDER BY u DESC) FROM t")).toBe(
      "SELECT listagg(u, ',' ORDER BY u DESC) FROM t",
    );
  });

  it('counts statements, ignoring semicolons in strings and comments and empty statements', () => {
    expect(countStatements('SELECT 1')).toBe(1);
    expect(countStatements('SELECT 1;')).toBe(1);
    expect(countStatements("SELECT ';' -- ;\n /* ; */ ;  ;")).toBe(1);
    expect(countStatements('SELECT 1; DROP TABLE x')).toBe(2);
    expect(countStatements('  ')).toBe(0);
  });
});
