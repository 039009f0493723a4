// Result export: 1,000,000 rows streamed from GET /v1/executions/{id}/results in each format, each in
// a child process of its own, with the RSS growth over what the process held once the result was ready.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CHILD = fileURLToPath(new URL('../test/support/export-memory.ts', import.meta.url));

export async function runExportBench(rows = 1_000_000): Promise<string> {
  const lines = ['| rows | format | bytes | seconds | RSS at start | peak RSS | growth (target < 100 MB) |', '|---|---|---|---|---|---|---|'];
  for (const format of ['csv', 'ndjson', 'json']) {
    const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', CHILD, String(rows), format], { encoding: 'utf8' });
    const r = JSON.parse(out.trim().split('\n').pop()!);
    lines.push(`| ${r.rows.toLocaleString('en')} | ${format} | ${(r.bytes / 2 ** 20).toFixed(1)} MB | ${r.seconds.toFixed(1)} | ${r.baselineRssMb} MB | ${r.peakRssMb} MB | **${r.growthMb} MB** |`);
  }
  return ['A gateway over the embedded engine and a client reading the export, in one child process per format.', '', ...lines].join('\n');
}
