// `npm run bench`: runs every benchmark and writes the figures into BENCHMARKS.md.
// Options: --events 1000000,10000000   --only engine,load,gateway,athena,export,replicas,console,trino,differential,functions   --no-write
//          --differential-queries 5000
// Sections not run this time are kept from the previous BENCHMARKS.md.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// As `amctl serve` runs (src/cli/main.ts); the benchmarks load the libraries after this line.
process.env.NODE_ENV ??= 'production';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1]! : dflt;
};
const sizes = opt('events', '1000000,10000000').split(',').map(Number);
const only = new Set(opt('only', 'engine,load,gateway,athena,export,replicas,console,trino,differential,functions').split(','));
const work = join(root, 'bench', 'out');
mkdirSync(work, { recursive: true });

function phase(name: string, events: number): Record<string, any> {
  process.stderr.write(`bench: ${name} (${events.toLocaleString('en')} events)...\n`);
  const out = execFileSync(process.execPath, ['--import', 'tsx', join(root, 'bench/engine.ts'), name, String(events), work], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 24,
  });
  return JSON.parse(out.trim().split('\n').pop()!);
}

const sections: string[] = [];
const machine = `${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}, ${process.platform}`;
const date = new Date().toISOString().slice(0, 10);

if (only.has('engine')) {
  const rows: string[] = [];
  const queryRows: string[] = [];
  for (const n of sizes) {
    phase('generate', n);
    const ingest = phase('ingest', n);
    const raw = phase('readjson', n);
    const report = phase('report', n);
    const untyped = phase('report-untyped', n);
    const ratio = ingest.seconds / raw.seconds;
    rows.push(
      `| ${n.toLocaleString('en')} | ${ingest.seconds.toFixed(1)} s (${ingest.eventsPerSecond.toLocaleString('en')}/s) | ` +
        `${raw.seconds.toFixed(1)} s (${raw.eventsPerSecond.toLocaleString('en')}/s) | **${ratio.toFixed(2)}x** | ` +
        `${report.reportMs} ms (target < 3000 ms) | ${untyped.reportMs} ms | ingest ${ingest.peakRssMb} MB, report ${report.peakRssMb} MB, read_json ${raw.peakRssMb} MB (target < 2048 MB) |`,
    );
    for (const [title, ms] of Object.entries(report.queryMs as Record<string, number>)) {
      queryRows.push(`| ${n.toLocaleString('en')} | ${title} | ${ms} | ${(untyped.queryMs as Record<string, number>)[title]} |`);
    }
  }
  sections.push(
    [
      '## Embedded engine (DuckDB)',
      '',
      `_Measured ${date} on ${machine}, each phase run on its own (\`bench/engine.ts\`)._`,
      '',
      'Demo audit log from `amctl demo generate` (30 days, seed 42). Ingest = `EmbeddedEngine.open` + `ingest()` into a fresh',
      'data directory (base table + typed per-type tables). Raw = DuckDB `CREATE TABLE AS SELECT * FROM read_json(...,',
      'union_by_name = true, sample_size = -1)` of the same files into a fresh database file (the schema from every record). Report = the 9 Privileged Access queries, days=120, median of 3 runs each, summed.',
      'Without typed tables = the same 9 queries with every view computed from the raw events at query time (JSON',
      'extraction per row, the way Athena and Trino run them), on the same database, one run each: what the typed tables buy.',
      'Peak RSS is each phase\'s own process.',
      '',
      '| events | ingest | raw read_json | ratio | 9-query report | without typed tables | peak RSS |',
      '|---|---|---|---|---|---|---|',
      ...rows,
      '',
      '| events | query | median ms | without typed tables, ms |',
      '|---|---|---|---|',
      ...queryRows,
    ].join('\n'),
  );
}

async function optional(file: string, fn: string, title: string, ...fnArgs: unknown[]) {
  const path = join(root, 'bench', file);
  if (!existsSync(path)) return;
  process.stderr.write(`bench: ${title}...\n`);
  const mod = await import(path);
  const result = await mod[fn](...fnArgs);
  sections.push(`## ${title}\n\n_Measured ${date} on ${machine}._\n\n${typeof result === 'string' ? result : '```json\n' + JSON.stringify(result, null, 2) + '\n```'}`);
}
if (only.has('load')) await optional('load.ts', 'runLoadBench', 'Embedded engine under load', work);
if (only.has('gateway')) await optional('gateway.ts', 'runGatewayBench', 'GraphQL gateway');
if (only.has('athena')) await optional('athena.ts', 'runAthenaBench', 'Athena engine');
if (only.has('export')) await optional('export.ts', 'runExportBench', 'Result export (1M rows)');
if (only.has('replicas')) await optional('replicas.ts', 'runReplicaBench', 'Gateway replicas (Athena engine)');
if (only.has('console')) await optional('console.ts', 'runConsoleBench', 'Web console in a browser');
if (only.has('trino')) await optional('trino.ts', 'runTrinoReportBench', 'Trino engine vs embedded engine: the 9-query report', sizes, work);
if (only.has('differential')) {
  await optional('trino.ts', 'runDifferentialBench', 'Differential: Trino vs embedded engine', Number(opt('differential-queries', '5000')), work);
}
if (only.has('functions')) await optional('functions.ts', 'runFunctionCheckBench', 'Generated check of functions, operators and casts: Trino vs embedded engine', work);

// Hand-written analysis below the marker survives a re-run, and so do sections not run this time.
const NOTES = '<!-- notes: kept across runs -->';
const target = join(root, 'BENCHMARKS.md');
const previous = existsSync(target) ? readFileSync(target, 'utf8') : '';
const heading = (s: string) => s.split('\n')[0]!.trim();
const fresh = new Map(sections.map((s) => [heading(s), s]));
const before = previous.includes(NOTES) ? previous.slice(0, previous.indexOf(NOTES)) : previous;
const kept = before
  .split(/^(?=## )/m)
  .slice(1)
  .map((s) => s.trimEnd())
  .map((s) => fresh.get(heading(s)) ?? s);
const merged = [...kept, ...sections.filter((s) => !kept.includes(s))];
const doc = [
  '# Benchmarks',
  '',
  `Written by \`npm run bench\`; last run on ${date}. Machine: ${machine}.`,
  '',
  ...merged.map((s) => s + '\n'),
].join('\n');
const notes = previous.includes(NOTES) ? previous.slice(previous.indexOf(NOTES)) : `${NOTES}\n`;
if (!args.includes('--no-write')) {
  writeFileSync(target, `${doc}\n${notes}`);
  process.stderr.write('bench: wrote BENCHMARKS.md\n');
}
process.stdout.write(doc + '\n');
