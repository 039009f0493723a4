// The console's first page stays light: the scripts and styles index.html loads (not the editor or
// the charts, which load after) are under 500 KB gzipped, React is the production build, and nothing
// is fetched from another origin.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const DIST = fileURLToPath(new URL('../../console/dist/', import.meta.url));

describe('the console build', () => {
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const refs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);

  it('loads everything from its own origin', () => {
    expect(refs.length).toBeGreaterThan(1);
    for (const r of refs) expect(r).toMatch(/^\/[\w./-]+$/);
    expect(html).not.toMatch(/https?:\/\//);
  });

  it('keeps the initial JavaScript and CSS under 500 KB gzipped, the editor and charts out of it', () => {
    const initial = refs.filter((r) => r.startsWith('/assets/'));
    const files = initial.map((r) => readFileSync(join(DIST, r.slice(1))));
    const gz = files.reduce((a, f) => a + gzipSync(f).length, 0);
    expect(gz).toBeLessThan(500 * 1024);
    const text = files.map((f) => f.toString('utf8')).join('\n');
    // CodeMirror and ECharts are separate chunks, loaded when a page needs them.
    expect(text).not.toContain('cm-activeLine');
    expect(text).not.toContain('echarts');
  });

  it('ships the production build of React', () => {
    const main = refs.find((r) => /\/assets\/index-.*\.js$/.test(r))!;
    expect(readFileSync(join(DIST, main.slice(1)), 'utf8')).not.toContain('react-devtools');
  });
});
