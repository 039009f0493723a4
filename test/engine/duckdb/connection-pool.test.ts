// The engine's pool of connections with the macros in place: a finished query's connection serves the
// next one; an interrupted one, or one past the bound, is closed.
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionPool } from '../../../src/engine/duckdb/connection-pool';

let db: DuckDBInstance;

beforeAll(async () => {
  db = await DuckDBInstance.create(':memory:');
});

afterAll(() => db?.closeSync());

const SETUP = ['CREATE OR REPLACE TEMP MACRO twice(x) AS 2 * x'];
const twice = async (c: Awaited<ReturnType<ConnectionPool['acquire']>>) => Number((await c.runAndReadAll('SELECT twice(21)')).getRows()[0]![0]);

describe('connection pool', () => {
  it('gives connections with the set-up done, and the same one again once released', async () => {
    const pool = new ConnectionPool(db, SETUP, 2);
    const a = await pool.acquire();
    expect(await twice(a)).toBe(42);
    pool.release(a, true);
    expect(pool.size).toBe(1);
    const b = await pool.acquire();
    expect(b).toBe(a);
    expect(await twice(b)).toBe(42);
    pool.release(b, true);
    pool.close();
  });

  it('closes a connection released as not reusable (an interrupted statement), and those past the bound', async () => {
    const pool = new ConnectionPool(db, SETUP, 1);
    const a = await pool.acquire();
    pool.release(a, false);
    expect(pool.size).toBe(0);
    await expect(a.run('SELECT 1')).rejects.toThrow();
    const [b, c] = [await pool.acquire(), await pool.acquire()];
    expect(b).not.toBe(c);
    pool.release(b, true);
    pool.release(c, true);
    expect(pool.size).toBe(1);
    await expect(c.run('SELECT 1')).rejects.toThrow();
    pool.close();
    expect(pool.size).toBe(0);
    await expect(b.run('SELECT 1')).rejects.toThrow();
  });

  it('a set-up that fails leaves no connection behind and says why', async () => {
    const pool = new ConnectionPool(db, ['CREATE MACRO broken( AS 1'], 1);
    await expect(pool.acquire()).rejects.toThrow(/syntax error/i);
    expect(pool.size).toBe(0);
  });
});
