// Trino's string, varbinary and URL functions on the embedded engine, in the cases the generated function
// check does not feed (overlapping strpos instances, split limits, split_to_map entries, URL query
// parameters, varbinary in nested results). Expected answers are the shared real Trino's for the same text.
import { describe, expect, it } from 'vitest';
import { engineForFile, query } from '../support/engine';

const file = engineForFile('amctl-string-functions-');

const one = async (sql: string) => {
  const r = await query(file.engine, `SELECT ${sql}`, 7);
  return r.rows[0]?.[0];
};

const fails = async (sql: string) => {
  await expect(query(file.engine, `SELECT ${sql}`, 7)).rejects.toThrow();
};

describe('string functions as Trino answers them', () => {
  it('varbinary values are base64 text, also inside arrays', async () => {
    expect(await one("to_utf8('abc')")).toBe('YWJj');
    expect(await one("ARRAY[X'00ff']")).toEqual(['AP8=']);
    expect(await one("md5(to_utf8('abc'))")).toBe('kAFQmDzST7DWlj99KOF/cg==');
    expect(await one("crc32(to_utf8('hello'))")).toBe('907060870');
    // a backslash byte is a byte like any other (DuckDB's own text of it is ambiguous)
    expect(await one("from_hex('5C78')")).toBe('XHg=');
  });

  it('strpos counts overlapping occurrences, from the end for a negative instance', async () => {
    expect(await one("strpos('aaaa', 'aa', 2)")).toBe('2');
    expect(await one("strpos('aaaa', 'aa', -1)")).toBe('3');
    expect(await one("strpos('abcab', 'ab', -1)")).toBe('4');
    expect(await one("strpos('abcabc', 'b', 3)")).toBe('0');
    await fails("strpos('abcabc', 'b', 0)");
  });

  it('split with a limit keeps the rest of the text in the last piece', async () => {
    expect(await one("split('a,b,c', ',', 2)")).toEqual(['a', 'b,c']);
    await fails("split('a,b,c', ',', 0)");
    await fails("split('a,b,c', '')");
  });

  it('split_to_map: a trailing delimiter ends the last entry; bad entries and duplicate keys fail', async () => {
    expect(await one("split_to_map('a=1,b=2,', ',', '=')")).toEqual({ a: '1', b: '2' });
    expect(await one("split_to_map('', ',', '=')")).toEqual({});
    await fails("split_to_map('a=1,,b=2', ',', '=')");
    await fails("split_to_map('a=1,a=2', ',', '=')");
  });

  it('url_extract_parameter: the first value, decoded; empty without =; not from the fragment', async () => {
    expect(await one("url_extract_parameter('http://x/?a=1&a=2&b', 'a')")).toBe('1');
    expect(await one("url_extract_parameter('http://x/?a=1&a=2&b', 'b')")).toBe('');
    expect(await one("url_extract_parameter('http://x/?a=%20x+y', 'a')")).toBe(' x y');
    expect(await one("url_extract_parameter('http://x/p?q=1#a=2', 'a')")).toBeNull();
    expect(await one("url_extract_parameter('not a url', 'a')")).toBeNull();
  });

  it('concat of arrays and elements, reverse and substr of arrays and varbinary', async () => {
    expect(await one('concat(0, ARRAY[1, 2])')).toEqual([0, 1, 2]);
    expect(await one('concat(ARRAY[1, 2], 3)')).toEqual([1, 2, 3]);
    await fails('concat(0, ARRAY[1, 2], 3)');
    // of a value whose type the text does not show: two arrays concatenate, an element is refused
    expect(await one('concat(ARRAY[1], x) FROM (SELECT ARRAY[2] AS x)')).toEqual([1, 2]);
    await expect(query(file.engine, 'SELECT concat(ARRAY[1], x) FROM (SELECT 2 AS x)', 7)).rejects.toThrow(/not supported by the embedded engine/);
    expect(await one('concat(ARRAY[1], CAST(NULL AS integer))')).toBeNull();
    expect(await one("concat_ws('-', ARRAY['a', NULL, 'b'])")).toBe('a-b');
    expect(await one('reverse(ARRAY[1, 2])')).toEqual([2, 1]);
    expect(await one("reverse(X'0102')")).toBe('AgE=');
    expect(await one("substr(X'010203', -2, 1)")).toBe('Ag==');
    expect(await one("lpad(X'0102', 5, X'aabb')")).toBe('qruqAQI=');
    expect(await one("substr('abc', 0)")).toBe('');
    expect(await one("substr('abc', 2, 9223372036854775807)")).toBe('bc');
    // Trino's varbinary slice ends at start + length in a 32-bit int (its answers, from a real Trino)
    expect(await one("substr(X'68656c6c6f', 1, 2147483647)")).toBe('aGVsbG8=');
    await expect(query(file.engine, "SELECT substr(X'68656c6c6f', 2, 2147483647)", 7)).rejects.toThrow('Range [1, 1 + 2147483647) out of bounds for length 5');
    await expect(query(file.engine, "SELECT substr(X'68656c6c6f', -2, 9223372036854775807)", 7)).rejects.toThrow('Range [3, 3 + 2147483647) out of bounds for length 5');
  });

  it("replace with '' puts the replacement around every character", async () => {
    expect(await one("replace('abc', '', '-')")).toBe('-a-b-c-');
    expect(await one("replace('', '', '-')")).toBe('-');
  });

  it('levenshtein_distance counts code points; luhn_check of non-digits fails', async () => {
    expect(await one("levenshtein_distance('ÄöÜ', 'aou')")).toBe('3');
    expect(await one("levenshtein_distance('Äkitten', 'sittingÖ')")).toBe('5');
    expect(await one("luhn_check('')")).toBe(false);
    await fails("luhn_check('7992 7398 713')");
  });

  it('from_utf8 replaces bytes no UTF-8 sequence starts with, one replacement each', async () => {
    expect(await one("from_utf8(X'61ff62')")).toBe('a\uFFFDb');
    expect(await one("from_utf8(X'ff80fe')")).toBe('\uFFFD\uFFFD\uFFFD');
    expect(await one("from_utf8(X'61ff62', '')")).toBe('ab');
    expect(await one("from_utf8(X'61ff62', 65)")).toBe('aAb');
    await fails("from_utf8(X'61ff62', 'xy')");
  });

  it('regexp_extract of a group that did not take part in the match is NULL', async () => {
    expect(await one("regexp_extract('ab', 'a(x)?', 1)")).toBeNull();
    expect(await one("regexp_extract('ab', 'a(x*)', 1)")).toBe('');
    expect(await one("regexp_extract('zab', '(a|b)+', 1)")).toBe('b');
  });
});
