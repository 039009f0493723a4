// Measures the memory an export takes: a gateway over the embedded engine runs a query with `rows`
// rows, then the whole result is downloaded from /v1/executions/{id}/results while the process's RSS
// is sampled. Run in a child process of its own (`node --expose-gc --import tsx <this file> <rows>
// <format>`) so nothing else shares the heap; it prints one JSON line.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCoreConfig } from '../../src/config';
import { createEngine } from '../../src/cli/compose/engine';
import { startTestGateway } from './gateway';
import { numbersFrom } from './numbers';

export interface ExportMemoryResult {
  rows: number;
  format: string;
  bytes: number;
  seconds: number;
  baselineRssMb: number;
  peakRssMb: number;
  growthMb: number;
}

const mb = (b: number) => Math.round((b / 2 ** 20) * 10) / 10;

export async function measureExportMemory(rows: number, format = 'csv'): Promise<ExportMemoryResult> {
  const dir = mkdtempSync(join(tmpdir(), 'amctl-export-mem-'));
  const config = parseCoreConfig({ embedded: { limits: { max_result_rows: rows, threads: 2 } } }, { cwd: dir, dataDir: join(dir, 'engine') });
  const engine = await createEngine(config, { ingest: false });
  const gw = await startTestGateway({ engine });
  try {
    const token = await gw.token({ user: 'alice' });
    const run = await gw.gql('mutation($sql: String!) { runQuery(sql: $sql, days: 7) { id } }', {
      sql: `SELECT x, 'user-' || CAST(x % 1000 AS varchar) AS user, x % 7 = 0 AS flagged, date_add('day', x % 365, DATE '2024-01-01') AS day FROM ${numbersFrom(rows)}`,
    }, token);
    const id = run.data.runQuery.id as string;
    for (;;) {
      const s = await gw.gql('query($id: ID!) { queryExecution(id: $id) { state error { message } } }', { id }, token);
      const state = s.data.queryExecution.state;
      if (state === 'SUCCEEDED') break;
      if (state === 'FAILED' || state === 'CANCELLED') throw new Error(`query ${state}: ${s.data.queryExecution.error?.message}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    (globalThis as { gc?: () => void }).gc?.();
    await new Promise((r) => setTimeout(r, 200));
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 10);
    const started = Date.now();
    const res = await fetch(`${gw.gateway.origin}/v1/executions/${id}/results?format=${format}`, { headers: { authorization: `Bearer ${token}` } });
    if (res.status !== 200) throw new Error(`export answered ${res.status}: ${await res.text()}`);
    let bytes = 0;
    let newlines = 0;
    const reader = res.body!.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      for (let i = 0; i < value.length; i++) if (value[i] === 10) newlines++;
      peak = Math.max(peak, process.memoryUsage().rss);
    }
    clearInterval(sampler);
    const seconds = (Date.now() - started) / 1000;
    const dataRows = format === 'csv' ? newlines - 1 : format === 'ndjson' ? newlines : newlines - 2;
    return { rows: dataRows, format, bytes, seconds, baselineRssMb: mb(baseline), peakRssMb: mb(peak), growthMb: mb(peak - baseline) };
  } finally {
    await gw.close();
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const rows = Number(process.argv[2] ?? 100_000);
  const format = process.argv[3] ?? 'csv';
  measureExportMemory(rows, format).then(
    (r) => {
      process.stdout.write(JSON.stringify(r) + '\n');
      process.exit(0);
    },
    (e) => {
      process.stderr.write(`${(e as Error).stack}\n`);
      process.exit(1);
    },
  );
}
