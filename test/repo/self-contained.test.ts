// A clone of the repository must pass its tests alone: nothing in src/, test/, bench/, bin/ or .ci/
// may name a path above the repository root (a sibling folder that only exists on a developer's
// machine, or an absolute path of one).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const FOLDERS = ['src', 'test', 'bench', 'bin', '.ci', 'schema', 'console'];

function files(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.cache')) return [];
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : /\.(ts|tsx|js|mjs|cjs|sh|sql|json|yaml)$|^[^.]+$/.test(name) ? [p] : [];
  });
}

/** Relative paths in string literals ('../x', "../../y"), resolved from the file that names them. */
function escapingPaths(file: string, text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/['"`]((?:\.\.\/)+[^'"`\s]*)['"`]/g)) {
    const target = resolve(dirname(file), m[1]!);
    if (relative(ROOT, target).startsWith('..')) out.push(m[1]!);
  }
  // join(process.cwd(), '..', ...) and absolute paths into the workspace around the clone.
  if (/process\.cwd\(\),\s*['"]\.\.['"]/.test(text)) out.push("process.cwd(), '..'");
  for (const m of text.matchAll(/['"`](\/work\/[^'"`]*)['"`]/g)) out.push(m[1]!);
  if (/\bshared\/spec\b/.test(text)) out.push('shared/spec');
  return out;
}

describe('the repository stands alone', () => {
  const all = FOLDERS.flatMap((f) => files(join(ROOT, f)));

  it('reads its own files', () => {
    expect(all.length).toBeGreaterThan(50);
    expect(all.some((f) => f.endsWith(join('schema', 'examples', 'queries.sql')))).toBe(true);
  });

  it('names no path above the repository root', () => {
    const offenders = all
      .filter((f) => f !== import.meta.filename)
      .flatMap((f) => escapingPaths(f, readFileSync(f, 'utf8')).map((p) => `${relative(ROOT, f)}: ${p}`));
    expect(offenders).toEqual([]);
  });

  it('the check itself catches an escaping path', () => {
    expect(escapingPaths(join(ROOT, 'test', 'x.test.ts'), "new URL('../../shared/spec/queries.sql', import.meta.url)")).not.toEqual([]);
    expect(escapingPaths(join(ROOT, 'test', 'x.test.ts'), "new URL('../schema/examples/queries.sql', import.meta.url)")).toEqual([]);
  });
});
