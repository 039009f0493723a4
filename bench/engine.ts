// Embedded-engine benchmark phases. Each phase runs in its own process (see run.ts) so its peak RSS
// is its own. Usage: node --import tsx bench/engine.ts <generate|ingest|readjson|report> <events> <workdir>
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { loadCatalog } from '../src/catalog';
import { parseCoreConfig } from '../src/config';
import { EmbeddedEngine } from '../src/engine/duckdb/engine';
import { runToCompletion } from '../src/cli/local-client';
import { generateAuditLog } from '../src/demo';
import { buildViewStatement } from '../src/engine/view-sql';
import { DUCKDB_MACROS, translateToDuckDb } from '../src/sql';
import { documentedQueriesText } from '../test/support/documented-queries';

const [phase, eventsArg, work] = process.argv.slice(2);
const events = Number(eventsArg);
const logDir = join(work!, `logs-${events}`);
const dataDir = join(work!, `data-${events}`);

function reportQueries(): { title: string; sql: string }[] {
  const text = documentedQueriesText();
  const out: { title: string; sql: string }[] = [];
  for (const block of text.split(/\n(?=-- report \d+:)/).slice(1)) {
    const title = /^-- report \d+: (.*)$/m.exec(block)![1]!;
    const sql = block.split('\n').filter((l) => !l.startsWith('--')).join('\n').trim().replace(/;\s*$/, '');
    out.push({ title, sql });
  }
  return out;
}

function rssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

async function main(): Promise<Record<string, unknown>> {
  switch (phase) {
    case 'generate': {
      if (existsSync(join(logDir, '.complete'))) return { cached: true };
      rmSync(logDir, { recursive: true, force: true });
      const t0 = performance.now();
      await generateAuditLog({ outDir: logDir, days: 30, events, seed: 42 });
      writeFileSync(join(logDir, '.complete'), '');
      return { seconds: (performance.now() - t0) / 1000 };
    }
    case 'ingest': {
      rmSync(dataDir, { recursive: true, force: true });
      const config = parseCoreConfig({ data_dir: dataDir, embedded: { audit_log: logDir } });
      const t0 = performance.now();
      const engine = await EmbeddedEngine.open(config, loadCatalog());
      const s = await engine.ingest();
      await engine.close();
      const seconds = (performance.now() - t0) / 1000;
      return { seconds, events: s.events, eventsPerSecond: Math.round(s.events / seconds), badLines: s.badLines, peakRssMb: rssMb() };
    }
    case 'readjson': {
      const dir = join(work!, `readjson-${events}`);
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      const t0 = performance.now();
      const db = await DuckDBInstance.create(join(dir, 'raw.duckdb'), { threads: '2', memory_limit: '2GB' });
      const c = await db.connect();
      // sample_size = -1: the schema is inferred from every record, not the first ones. On the 10M log a
      // field changes shape past DuckDB's default sample, and the load then failed halfway.
      await c.run(
        `CREATE TABLE raw AS SELECT * FROM read_json('${logDir}/*.log', format = 'newline_delimited', union_by_name = true, sample_size = -1)`,
      );
      const n = Number((await c.runAndReadAll('SELECT count(*) FROM raw')).getRows()[0]![0]);
      c.closeSync();
      db.closeSync();
      const seconds = (performance.now() - t0) / 1000;
      rmSync(dir, { recursive: true, force: true });
      return { seconds, rows: n, eventsPerSecond: Math.round(n / seconds), peakRssMb: rssMb() };
    }
    case 'report': {
      const config = parseCoreConfig({ data_dir: dataDir, embedded: {} });
      const engine = await EmbeddedEngine.open(config, loadCatalog());
      const queries: Record<string, number> = {};
      let total = 0;
      const all0 = performance.now();
      for (const q of reportQueries()) {
        const times: number[] = [];
        for (let i = 0; i < 3; i++) {
          const t0 = performance.now();
          await runToCompletion(engine, q.sql, 120);
          times.push(performance.now() - t0);
        }
        const median = times.sort((a, b) => a - b)[1]!;
        queries[q.title] = Math.round(median);
        total += median;
      }
      const wall = performance.now() - all0;
      await engine.close();
      return { queryMs: queries, reportMs: Math.round(total), allRunsMs: Math.round(wall), peakRssMb: rssMb() };
    }
    case 'report-untyped': {
      // What the typed tables buy: the same 9 queries with each view computed from the raw events at
      // query time (JSON extraction per row, as Athena and Trino do it), on the same database.
      const catalog = loadCatalog();
      const db = await DuckDBInstance.create(join(dataDir, 'engine', 'audit.duckdb'), { threads: '2', memory_limit: '1GB', access_mode: 'READ_ONLY' });
      const c = await db.connect();
      for (const m of DUCKDB_MACROS) await c.run(m);
      const queries: Record<string, number> = {};
      let total = 0;
      for (const q of reportQueries()) {
        const views = catalog.views.filter((v) => new RegExp(`\\b${v.name}\\b`, 'i').test(q.sql));
        const statement = buildViewStatement(q.sql, views, { database: 'main', table: 'events' }, 120);
        const sql = (await translateToDuckDb(statement)).sql;
        // One run each: at 10M events a query over the raw JSON takes seconds, not milliseconds.
        const t0 = performance.now();
        await c.runAndReadAll(sql);
        const ms = performance.now() - t0;
        queries[q.title] = Math.round(ms);
        total += ms;
      }
      c.closeSync();
      db.closeSync();
      return { queryMs: queries, reportMs: Math.round(total), peakRssMb: rssMb() };
    }
    default:
      throw new Error(`unknown phase ${phase}`);
  }
}

main().then(
  (r) => process.stdout.write(JSON.stringify(r) + '\n'),
  (e) => {
    process.stderr.write(String(e?.stack ?? e) + '\n');
    process.exit(1);
  },
);
