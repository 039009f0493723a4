// A 200k-row result paged through GetQueryResults: memory stays flat page after page (the engine
// never holds more than the page it returns). The stand-in serves a synthetic result so the size is
// exact; the engine path (SDK, NextToken, header row, typing) is the real one.
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { StubResult } from '../support/athena-stub/executor';
import { startHarness, type Harness } from '../support/athena-stub/harness';
import { waitTerminal } from '../support/athena-stub/run';

const ROWS = 200_000;

v8.setFlagsFromString('--expose_gc');
const gc = vm.runInNewContext('gc') as () => void;

function col(name: string, type: string) {
  return { CatalogName: 'hive', SchemaName: '', TableName: '', Name: name, Label: name, Type: type, Precision: 0, Scale: 0, Nullable: 'UNKNOWN', CaseSensitive: false } as const;
}

/** 200k rows: n bigint, user varchar, event_time timestamp, note varchar (NULL every 7th row). */
const synthetic = {
  async execute(): Promise<StubResult> {
    const rows: (string | undefined)[][] = [];
    for (let n = 0; n < ROWS; n++) {
      const t = new Date(Date.UTC(2024, 2, 20) + n * 1000).toISOString().replace('T', ' ').replace('Z', '');
      rows.push([String(n), `user-${n % 97}@example.com`, t, n % 7 === 0 ? undefined : `note ${n} ${'x'.repeat(20)}`]);
    }
    return { columns: [col('n', 'bigint'), col('user', 'varchar'), col('event_time', 'timestamp'), col('note', 'varchar')], rows };
  },
};

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ executor: synthetic });
}, 120_000);

afterAll(async () => {
  await h?.close();
});

function heapMb(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1e6;
}

it('pages 200k rows with flat memory, every row once, typed', async () => {
  const { id } = await h.engine.start({ sql: 'SELECT * FROM exec', days: 7 });
  expect((await waitTerminal(h.engine, id)).state).toBe('SUCCEEDED');

  let token: string | undefined;
  let pages = 0;
  let count = 0;
  let sum = 0n;
  let nulls = 0;
  let base = 0;
  const samples: number[] = [];
  do {
    const page = await h.engine.results(id, { nextToken: token, maxResults: 1000 });
    if (pages === 0) {
      expect(page.columns).toEqual([
        { name: 'n', type: 'bigint' },
        { name: 'user', type: 'varchar' },
        { name: 'event_time', type: 'timestamp(3)' },
        { name: 'note', type: 'varchar' },
      ]);
      expect(page.rows[0]).toEqual(['0', 'user-0@example.com', '2024-03-20 00:00:00.000', null]);
    }
    for (const r of page.rows) {
      expect(Number(r[0])).toBe(count);
      sum += BigInt(r[0] as string);
      if (r[3] === null) nulls++;
      count++;
    }
    token = page.nextToken;
    pages++;
    if (pages === 20) base = heapMb();
    if (pages > 20 && pages % 40 === 0) samples.push(heapMb());
  } while (token);

  expect(count).toBe(ROWS);
  expect(sum).toBe(BigInt(ROWS) * BigInt(ROWS - 1) / 2n);
  expect(nulls).toBe(Math.ceil(ROWS / 7));
  // 999 data rows on the first page (the header takes a slot), 1000 after.
  expect(pages).toBe(Math.ceil((ROWS + 1) / 1000));
  // Holding all rows as cells would take well over 50 MB; growth from page 20 to the end stays small.
  const growth = Math.max(...samples) - base;
  expect(growth).toBeLessThan(16);
}, 120_000);
