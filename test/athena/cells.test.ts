// Athena's text values -> engine-neutral cells, typed from ColumnInfo (src/engine/types.ts Cell rules).
import { describe, expect, it } from 'vitest';
import { parseComplexText, toCell, toColumnInfo } from '../../src/athena/cells';

describe('toCell', () => {
  it('types scalars from the column type', () => {
    expect(toCell(undefined, 'varchar')).toBeNull();
    expect(toCell('', 'varchar')).toBe('');
    expect(toCell('true', 'boolean')).toBe(true);
    expect(toCell('false', 'boolean')).toBe(false);
    expect(toCell('42', 'integer')).toBe(42);
    expect(toCell('-3', 'smallint')).toBe(-3);
    expect(toCell('1.5', 'double')).toBe(1.5);
    expect(toCell('1.0E7', 'double')).toBe(1e7);
    expect(toCell('NaN', 'double')).toBe('NaN');
    expect(toCell('-Infinity', 'real')).toBe('-Infinity');
    expect(toCell('9223372036854775807', 'bigint')).toBe('9223372036854775807');
    expect(toCell('12.50', 'decimal(10,2)')).toBe('12.50');
    expect(toCell('2024-03-20', 'date')).toBe('2024-03-20');
  });

  it('gives timestamps exactly milliseconds', () => {
    expect(toCell('2024-03-20 12:12:03.374', 'timestamp(3)')).toBe('2024-03-20 12:12:03.374');
    expect(toCell('2024-03-20 12:12:03', 'timestamp(3)')).toBe('2024-03-20 12:12:03.000');
    expect(toCell('2024-03-20 12:12:03.374123', 'timestamp(6)')).toBe('2024-03-20 12:12:03.374');
    expect(toCell('2024-03-20 12:12:03.374 UTC', 'timestamp(3) with time zone')).toBe('2024-03-20 12:12:03.374 UTC');
  });

  it('parses arrays, rows and maps from Athena text', () => {
    expect(toCell('[]', 'array')).toEqual([]);
    expect(toCell('[admin, auditor]', 'array')).toEqual(['admin', 'auditor']);
    expect(toCell('[a, null, c]', 'array')).toEqual(['a', null, 'c']);
    expect(toCell('[{cluster=c1, kind=node, name=web, sub_resource=null}]', 'array')).toEqual([
      { cluster: 'c1', kind: 'node', name: 'web', sub_resource: null },
    ]);
    expect(toCell('{env=prod, team=db}', 'map')).toEqual({ env: 'prod', team: 'db' });
    expect(toCell('[[a, b], [c]]', 'array')).toEqual([['a', 'b'], ['c']]);
    // Unbalanced text stays a string rather than being guessed at.
    expect(toCell('[a, b', 'array')).toBe('[a, b');
    expect(parseComplexText('{no equals sign}')).toBe('{no equals sign}');
  });
});

describe('toColumnInfo', () => {
  it('names types the Trino way', () => {
    expect(toColumnInfo({ Name: 'n', Type: 'bigint' })).toEqual({ name: 'n', type: 'bigint' });
    expect(toColumnInfo({ Name: 't', Type: 'timestamp', Precision: 3 })).toEqual({ name: 't', type: 'timestamp(3)' });
    expect(toColumnInfo({ Name: 'd', Type: 'decimal', Precision: 10, Scale: 2 })).toEqual({ name: 'd', type: 'decimal(10,2)' });
    expect(toColumnInfo({ Name: 'x', Label: 'X', Type: 'varchar' })).toEqual({ name: 'X', type: 'varchar' });
  });
});
