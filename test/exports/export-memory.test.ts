// Exports stream with flat memory: a child process (its own heap, nothing else in it) serves and
// downloads a 200,000-row result; its RSS may not grow by more than 100 MB over what it held once the
// result was ready. `npm run bench` runs the same measurement with 1,000,000 rows (BENCHMARKS.md).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const CHILD = fileURLToPath(new URL('../support/export-memory.ts', import.meta.url));
const ROWS = 200_000;

function measure(format: string) {
  const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', CHILD, String(ROWS), format], { encoding: 'utf8', timeout: 240_000 });
  return JSON.parse(out.trim().split('\n').pop()!) as { rows: number; bytes: number; growthMb: number; peakRssMb: number };
}

describe('export memory', () => {
  it(`streams ${ROWS.toLocaleString('en')} rows as CSV with RSS growth under 100 MB`, () => {
    const r = measure('csv');
    expect(r.rows).toBe(ROWS);
    expect(r.growthMb).toBeLessThan(100);
  }, 300_000);

  it(`streams ${ROWS.toLocaleString('en')} rows as JSON with RSS growth under 100 MB`, () => {
    const r = measure('json');
    expect(r.rows).toBe(ROWS);
    expect(r.growthMb).toBeLessThan(100);
  }, 300_000);
});
