// test/ mirrors the repository: tests of src/<folder> live in test/<folder>, tests of the console,
// deploy/ and examples/ in test/console, test/deploy and test/examples; shared fixtures in
// test/support, the provisioning of the test set-up in test/global. Nothing loose at the top.
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const TEST = join(ROOT, 'test');
const isDir = (p: string) => statSync(p).isDirectory();
const foldersOf = (dir: string) => readdirSync(dir).filter((n) => isDir(join(dir, n)));

describe('test/ layout', () => {
  it('has no files at its top but the vitest set-up file', () => {
    expect(readdirSync(TEST).filter((n) => !isDir(join(TEST, n)))).toEqual(['setup.ts']);
  });

  it('has a folder only for a folder of src/, a top folder of the repository, or the shared fixtures', () => {
    const known = new Set([...foldersOf(join(ROOT, 'src')), ...foldersOf(ROOT), 'support', 'global', 'repo']);
    expect(foldersOf(TEST).filter((f) => !known.has(f))).toEqual([]);
  });
});
