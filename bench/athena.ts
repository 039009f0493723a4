// Athena engine benchmark, against the local Athena-protocol stand-in and moto (the SDK path is the
// real one; Athena's own query time is scripted): status calls per query against query duration with
// the default polling, time from SUCCEEDED to the first row, and rows/s paged through GetQueryResults.
import type { StubResult } from '../test/support/athena-stub/executor';
import { startHarness } from '../test/support/athena-stub/harness';
import { sleep } from '../test/support/athena-stub/run';
import type { AthenaEngine } from '../src/athena/engine';
import { TERMINAL_STATES } from '../src/engine/types';

const PAGED_ROWS = 200_000;
const DEFAULT_POLLING = { initialMs: 200, factor: 1.5, maxMs: 5000 };

function col(name: string, type: string) {
  return { CatalogName: 'hive', SchemaName: '', TableName: '', Name: name, Label: name, Type: type, Precision: 0, Scale: 0, Nullable: 'UNKNOWN', CaseSensitive: false } as const;
}

/** `... FROM exec`: 200k rows; anything else: 10 rows. */
const executor = {
  async execute(sql: string): Promise<StubResult> {
    const n = sql.trimEnd().endsWith('FROM exec') ? PAGED_ROWS : 10;
    const rows: (string | undefined)[][] = [];
    for (let i = 0; i < n; i++) rows.push([String(i), `user-${i % 97}@example.com`, '2024-03-20 12:12:03.374', i % 7 ? `note ${i}` : undefined]);
    return { columns: [col('n', 'bigint'), col('user', 'varchar'), col('event_time', 'timestamp'), col('note', 'varchar')], rows };
  },
};

async function untilTerminal(engine: AthenaEngine, id: string): Promise<number> {
  for (;;) {
    const s = await engine.status(id);
    if (TERMINAL_STATES.has(s.state)) return Date.now();
    await sleep(2);
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function runAthenaBench(): Promise<string> {
  const h = await startHarness({ executor });
  try {
    const engine = await h.newEngine({ overrides: (c) => ({ ...c, polling: DEFAULT_POLLING }) });

    // 1. Status calls per query by duration: side by side, one engine each, so no query's polls are
    //    coalesced with another's (that is measured separately below).
    const durations = [1, 5, 15, 30];
    h.stub.resetCounters();
    h.stub.script(...durations.map((s) => ({ runningMs: s * 1000 })));
    const started = [];
    for (const s of durations) {
      const own = await h.newEngine({ overrides: (c) => ({ ...c, polling: DEFAULT_POLLING }) });
      const { id } = await own.start({ sql: 'SELECT * FROM cert_create', days: 7 });
      // Scripts are taken in arrival order: wait for this one to reach Athena before the next.
      while (!h.stub.byToken(id)) await sleep(1);
      started.push({ s, engine: own, id });
    }
    const latencies: number[] = [];
    await Promise.all(
      started.map(async ({ id, engine: own }) => {
        await untilTerminal(own, id);
        await own.results(id, { maxResults: 10 });
        const firstRowAt = Date.now();
        latencies.push(firstRowAt - h.stub.byToken(id)!.completed!);
      }),
    );
    const statusRows = started.map(({ s, id }) => {
      const calls = h.stub.byToken(id)!.statusLookups;
      return `| ${s} s | ${calls} | ${Math.round(s / 0.1)} |`;
    });

    // 2. Many at once: BatchGetQueryExecution.
    h.stub.resetCounters();
    const many = 20;
    h.stub.script(...Array.from({ length: many }, (_, i) => ({ runningMs: 3000 + (i % 5) * 500 })));
    const ids = await Promise.all(Array.from({ length: many }, () => engine.start({ sql: 'SELECT * FROM cert_create', days: 7 }).then((r) => r.id)));
    await Promise.all(ids.map((id) => untilTerminal(engine, id)));
    const lookups = ids.reduce((s, id) => s + h.stub.byToken(id)!.statusLookups, 0);
    const batchCalls = h.stub.calls.BatchGetQueryExecution ?? 0;
    const getCalls = h.stub.calls.GetQueryExecution ?? 0;
    const requests = batchCalls + getCalls;

    // 3. Time from SUCCEEDED to the first row, short queries (the poll delay dominates).
    for (let i = 0; i < 10; i++) {
      h.stub.script({ runningMs: 200 + i * 150 });
      const { id } = await engine.start({ sql: 'SELECT * FROM cert_create', days: 7 });
      await untilTerminal(engine, id);
      await engine.results(id, { maxResults: 10 });
      latencies.push(Date.now() - h.stub.byToken(id)!.completed!);
    }

    // 4. Paging 200k rows.
    const { id: big } = await engine.start({ sql: 'SELECT * FROM exec', days: 7 });
    await untilTerminal(engine, big);
    const t0 = performance.now();
    let token: string | undefined;
    let rows = 0;
    let pages = 0;
    do {
      const page = await engine.results(big, { nextToken: token, maxResults: 1000 });
      rows += page.rows.length;
      pages++;
      token = page.nextToken;
    } while (token);
    const secs = (performance.now() - t0) / 1000;

    return [
      'Against the local Athena-protocol stand-in and moto_server (test/support/athena-stub): the AWS SDK path,',
      'credentials, polling and paging are the real ones; Athena\'s query time is scripted. Default polling:',
      `first status call after ${DEFAULT_POLLING.initialMs} ms, then x${DEFAULT_POLLING.factor} up to ${DEFAULT_POLLING.maxMs} ms.`,
      '',
      '| Query duration | Status calls (this engine) | A fixed 100 ms loop |',
      '|---|---|---|',
      ...statusRows,
      '',
      `${many} queries running at once (3 to 5 s each): ${lookups} status lookups carried by ${requests} requests ` +
        `(BatchGetQueryExecution ${batchCalls}, GetQueryExecution ${getCalls}).`,
      '',
      `Time from SUCCEEDED (in Athena) to the first row in hand: median ${median(latencies)} ms, max ${Math.max(...latencies)} ms over ` +
        `${latencies.length} queries of 0.2 to 30 s (bounded by the current poll delay, at most ${DEFAULT_POLLING.maxMs} ms).`,
      '',
      `Paging: ${rows.toLocaleString('en')} rows in ${pages} GetQueryResults pages of 1000: ${secs.toFixed(1)} s, ` +
        `${Math.round(rows / secs).toLocaleString('en')} rows/s (local HTTP; on AWS each page is a network round trip).`,
    ].join('\n');
  } finally {
    await h.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runAthenaBench().then(
    (md) => process.stdout.write(md + '\n'),
    (e) => {
      process.stderr.write(`${(e as Error).stack}\n`);
      process.exit(1);
    },
  );
}
