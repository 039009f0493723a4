// Cell formatting of the console's results grid and downloads.
import { describe, expect, it } from 'vitest';
import { plainCell, readableTimestamp, showCell } from '../../console/src/lib/cells';
import { toCsv, toJson } from '../../console/src/lib/export';

describe('result cells', () => {
  it('right-aligns numbers, including 64-bit integers and decimals sent as strings', () => {
    expect(showCell(42, 'integer')).toEqual({ text: '42', kind: 'number', align: 'right' });
    expect(showCell('9007199254740993', 'bigint')).toEqual({ text: '9007199254740993', kind: 'number', align: 'right' });
    expect(showCell('12.50', 'decimal(10,2)')).toMatchObject({ kind: 'number', align: 'right' });
    expect(showCell('12', 'varchar')).toMatchObject({ kind: 'text', align: 'left' });
  });

  it('shows NULL unlike the empty string', () => {
    const nul = showCell(null, 'varchar');
    const empty = showCell('', 'varchar');
    expect(nul).toEqual({ text: 'NULL', kind: 'null', align: 'left' });
    expect(empty).toEqual({ text: '', kind: 'empty', align: 'left' });
    expect(nul.kind).not.toBe(empty.kind);
  });

  it('shows timestamps as the CLI prints them (UTC, no T or Z)', () => {
    expect(readableTimestamp('2024-03-20T12:12:03.374Z')).toBe('2024-03-20 12:12:03.374');
    expect(showCell('2024-03-20T12:12:03.374Z', 'timestamp(3)')).toEqual({ text: '2024-03-20 12:12:03.374', kind: 'time', align: 'left' });
    expect(readableTimestamp('2024-03-20T12:12:03+02:00')).toBe('2024-03-20 12:12:03 +02:00');
    // A varchar that looks like a timestamp stays as it is.
    expect(showCell('2024-03-20T12:12:03.374Z', 'varchar').text).toBe('2024-03-20T12:12:03.374Z');
  });

  it('shows lists and rows as JSON, booleans as words', () => {
    expect(showCell(['a', 'b'], 'array(varchar)')).toEqual({ text: '["a","b"]', kind: 'json', align: 'left' });
    expect(showCell({ k: 1 }, 'row(k integer)').text).toBe('{"k":1}');
    expect(showCell(false, 'boolean')).toEqual({ text: 'false', kind: 'boolean', align: 'left' });
  });

  it('writes NULL as an empty field in plain text, as the CLI does', () => {
    expect(plainCell(null, 'varchar')).toBe('');
    expect(plainCell('2024-03-20T12:12:03.374Z', 'timestamp(3)')).toBe('2024-03-20 12:12:03.374');
  });
});

describe('downloads', () => {
  const columns = [
    { name: 'user', type: 'varchar' },
    { name: 'n', type: 'bigint' },
    { name: 'at', type: 'timestamp(3)' },
  ];
  const rows = [
    ['alice', '3', '2024-03-20T12:12:03.374Z'],
    ['bob, "the builder"', null, null],
  ];

  it('CSV quotes what needs quoting and has a header row', () => {
    expect(toCsv(columns, rows)).toBe('user,n,at\r\nalice,3,2024-03-20 12:12:03.374\r\n"bob, ""the builder""",,\r\n');
  });

  it('JSON keeps the typed cells, one object per row', () => {
    expect(JSON.parse(toJson(columns, rows))).toEqual([
      { user: 'alice', n: '3', at: '2024-03-20T12:12:03.374Z' },
      { user: 'bob, "the builder"', n: null, at: null },
    ]);
  });
});
