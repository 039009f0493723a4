// Date and time functions of zoned timestamps and the other cases of src/sql/zoned-time.ts and
// src/sql/datetime-functions.ts, on the embedded engine. Expected answers are real Trino's (asked by hand),
// written here as text.
import { describe, expect, it } from 'vitest';
import { engineForFile, query } from '../support/engine';
import { cellText } from '../support/function-check/batch';

const file = engineForFile('amctl-zoned-time-');

/** The value of one expression as Trino's text, with its type. */
async function value(expr: string): Promise<string> {
  const r = await query(file.engine, `SELECT ${expr} AS v`, 7);
  const type = r.columns[0]!.type;
  return `${cellText(r.rows[0]![0] ?? null, type)} :: ${type}`;
}

async function failure(expr: string): Promise<string> {
  try {
    await query(file.engine, `SELECT ${expr} AS v`, 7);
  } catch (err) {
    return (err as Error).message;
  }
  return 'no error';
}

const NY = "TIMESTAMP '2024-03-10 01:59:59.999 America/New_York'";
const ODD = "TIMESTAMP '2024-01-01 03:00:00.000 +07:09'";

describe('functions of a timestamp with time zone work in its zone', () => {
  it('fields are those of the local wall time', async () => {
    expect(await value(`hour(${NY})`)).toBe('1 :: bigint');
    expect(await value(`day(${ODD})`)).toBe('1 :: bigint');
    expect(await value(`year(TIMESTAMP '1969-12-31 23:00:00.000 -05:00')`)).toBe('1969 :: bigint');
    expect(await value(`day_of_week(TIMESTAMP '1969-12-31 23:00:00.000 -05:00')`)).toBe('3 :: bigint');
    expect(await value(`last_day_of_month(${ODD})`)).toBe('2024-01-31 :: date');
    expect(await value(`EXTRACT(HOUR FROM ${ODD})`)).toBe('3 :: bigint');
    expect(await value(`hour(TIMESTAMP '2024-06-01 10:00:00 UTC' AT TIME ZONE 'America/Los_Angeles')`)).toBe('3 :: bigint');
  });

  it('the zone offset at the instant, with its sign', async () => {
    expect(await value(`timezone_hour(${NY})`)).toBe('-5 :: bigint');
    expect(await value(`timezone_minute(${ODD})`)).toBe('9 :: bigint');
    expect(await value(`timezone_hour(TIMESTAMP '2024-01-01 03:00:00.000 -07:30')`)).toBe('-7 :: bigint');
    expect(await value(`timezone_minute(TIMESTAMP '2024-01-01 03:00:00.000 -07:30')`)).toBe('-30 :: bigint');
    expect(await value(`timezone_minute(TIMESTAMP '2024-07-01 03:00:00.000 Asia/Kolkata')`)).toBe('30 :: bigint');
    expect(await value(`EXTRACT(TIMEZONE_HOUR FROM ${NY})`)).toBe('-5 :: bigint');
  });

  it('formats show the local time and the zone', async () => {
    expect(await value(`date_format(${ODD}, '%Y-%m-%d %H:%i:%s')`)).toBe('2024-01-01 03:00:00 :: varchar');
    expect(await value(`format_datetime(${NY}, 'yyyy-MM-dd HH:mm:ss.SSS Z')`)).toBe('2024-03-10 01:59:59.999 -0500 :: varchar');
    expect(await value(`format_datetime(TIMESTAMP '2024-07-01 03:00:00.000 America/New_York', 'yyyy-MM-dd HH:mm Z ZZ ZZZ')`)).toBe(
      '2024-07-01 03:00 -0400 -04:00 America/New_York :: varchar',
    );
    expect(await value(`format_datetime(TIMESTAMP '2024-06-01 12:00:00.000 UTC', 'ZZ z zzzz ZZZ')`)).toBe('+00:00 UTC Coordinated Universal Time UTC :: varchar');
    expect(await value(`format_datetime(${ODD}, 'ZZ z zzzz ZZZ')`)).toBe('+07:09 +07:09 +07:09 +07:09 :: varchar');
    expect(await value(`format_datetime(CAST(NULL AS timestamp(3) with time zone), 'Z')`)).toBe('null :: varchar');
  });

  it('truncation keeps the zone; a day is the local day', async () => {
    expect(await value(`date_trunc('day', ${NY})`)).toBe('2024-03-10 00:00:00.000 America/New_York :: timestamp(3) with time zone');
    expect(await value(`date_trunc('week', ${NY})`)).toBe('2024-03-04 00:00:00.000 America/New_York :: timestamp(3) with time zone');
    expect(await value(`date_trunc('hour', TIMESTAMP '2024-01-01 03:20:00.000 +07:09')`)).toBe('2024-01-01 03:00:00.000 +07:09 :: timestamp(3) with time zone');
    expect(await value(`date_trunc('hour', TIMESTAMP '2024-07-01 03:50:00.000 Asia/Kolkata')`)).toBe('2024-07-01 03:00:00.000 Asia/Kolkata :: timestamp(3) with time zone');
    expect(await value(`date_trunc('hour', TIMESTAMP '2024-11-03 01:30:00.000 America/New_York')`)).toBe('2024-11-03 01:00:00.000 America/New_York :: timestamp(3) with time zone');
  });

  it('adds days on the local calendar and hours to the instant, across a DST change', async () => {
    expect(await value(`date_add('day', 2, ${NY})`)).toBe('2024-03-12 01:59:59.999 America/New_York :: timestamp(3) with time zone');
    expect(await value(`date_add('hour', 1, TIMESTAMP '2024-03-10 01:30:00.000 America/New_York')`)).toBe('2024-03-10 03:30:00.000 America/New_York :: timestamp(3) with time zone');
    expect(await value(`date_diff('day', TIMESTAMP '2024-03-09 12:00:00.000 America/New_York', TIMESTAMP '2024-03-10 12:00:00.000 America/New_York')`)).toBe('1 :: bigint');
    expect(await value(`date_diff('hour', TIMESTAMP '2024-03-09 12:00:00.000 America/New_York', TIMESTAMP '2024-03-10 12:00:00.000 America/New_York')`)).toBe('23 :: bigint');
  });
});

describe('other date and time cases', () => {
  it('formats round a timestamp(6) to milliseconds', async () => {
    expect(await value(`date_format(TIMESTAMP '2024-02-29 23:59:59.999999', '%Y-%m-%d %H:%i:%s')`)).toBe('2024-03-01 00:00:00 :: varchar');
    expect(await value(`format_datetime(TIMESTAMP '2024-02-29 23:59:59.999999', 'EEE MMM d')`)).toBe('Fri Mar 1 :: varchar');
  });

  it('parse_datetime is a timestamp with time zone', async () => {
    expect(await value(`parse_datetime('2024-03-10 02:30:00', 'yyyy-MM-dd HH:mm:ss')`)).toBe('2024-03-10 02:30:00.000 UTC :: timestamp(3) with time zone');
    expect(await value(`to_iso8601(parse_datetime('2024-03-10 02:30:00', 'yyyy-MM-dd HH:mm:ss'))`)).toBe('2024-03-10T02:30:00.000Z :: varchar');
  });

  it('date() of text reads a date only', async () => {
    expect(await value(`date(' 2024-3-1 ')`)).toBe('2024-03-01 :: date');
    expect(await value(`date('+2024-03-10')`)).toBe('2024-03-10 :: date');
    expect(await failure(`date('2024-03-10 02:30:00')`)).toMatch('Value cannot be cast to date: 2024-03-10 02:30:00');
  });

  it('date_diff of dates by a sub-day unit fails', async () => {
    expect(await failure(`date_diff('hour', DATE '2024-02-29', DATE '2024-02-29')`)).toMatch("'hour' is not a valid DATE field");
    expect(await value(`date_diff('day', DATE '2024-02-29', DATE '2024-03-10')`)).toBe('10 :: bigint');
  });

  it('from_unixtime rounds to milliseconds and reads NaN as the epoch', async () => {
    expect(await value('from_unixtime(nan())')).toBe('1970-01-01 00:00:00.000 UTC :: timestamp(3) with time zone');
    expect(await value('from_unixtime(1.0005e0)')).toBe('1970-01-01 00:00:01.001 UTC :: timestamp(3) with time zone');
    expect(await value('from_unixtime(-1.5e0)')).toBe('1969-12-31 23:59:58.500 UTC :: timestamp(3) with time zone');
  });

  it('human_readable_seconds rounds the absolute value', async () => {
    expect(await value('human_readable_seconds(2.5e0)')).toBe('3 seconds :: varchar');
    expect(await value('human_readable_seconds(-1e0)')).toBe('1 second :: varchar');
    expect(await value('human_readable_seconds(0.4e0)')).toBe('0 seconds :: varchar');
    expect(await value('human_readable_seconds(1e308)')).toBe('15250284452471 weeks, 3 days, 15 hours, 30 minutes, 7 seconds :: varchar');
    expect(await failure('human_readable_seconds(nan())')).toMatch('Invalid argument found: NaN');
  });

  it('from_iso8601_timestamp reads texts as Joda does', async () => {
    expect(await value(`from_iso8601_timestamp('123')`)).toBe('0123-01-01 00:00:00.000 UTC :: timestamp(3) with time zone');
    expect(await value(`from_iso8601_timestamp('2024-03-01T')`)).toBe('2024-03-01 00:00:00.000 UTC :: timestamp(3) with time zone');
    expect(await value(`from_iso8601_timestamp('2024-03-01T+01:00')`)).toBe('2024-03-01 00:00:00.000 +01:00 :: timestamp(3) with time zone');
    expect(await value(`from_iso8601_timestamp('2024-03-01T10:05:07,5')`)).toBe('2024-03-01 10:05:07.500 UTC :: timestamp(3) with time zone');
    expect(await value(`from_iso8601_timestamp('T10:05')`)).toBe('1970-01-01 10:05:00.000 UTC :: timestamp(3) with time zone');
    expect(await failure(`from_iso8601_timestamp('2024-03-10 02:30:00')`)).toMatch('Invalid format: "2024-03-10 02:30:00" is malformed at " 02:30:00"');
    expect(await failure(`from_iso8601_timestamp('abc')`)).toMatch('Invalid format: "abc"');
  });

  it('to_milliseconds of a day-to-second interval', async () => {
    expect(await value(`to_milliseconds(INTERVAL '90061.234' SECOND)`)).toBe('90061234 :: bigint');
    expect(await value(`to_milliseconds(INTERVAL '-3' HOUR)`)).toBe('-10800000 :: bigint');
    expect(await value(`to_milliseconds(TIMESTAMP '2024-01-02 00:00:00 UTC' - TIMESTAMP '2024-01-01 00:00:00.5 UTC')`)).toBe('86399500 :: bigint');
    expect(await value(`to_milliseconds(parse_duration('1.5s'))`)).toBe('1500 :: bigint');
  });

  it('current_date takes no parentheses', async () => {
    expect(await failure('current_date()')).toMatch("mismatched input '('");
    expect(await value('current_date = current_date')).toBe('true :: boolean');
  });
});
