// The folders of src/ are layers: a folder imports only folders of lower layers, so no two folders
// import each other. The order is the one written in docs/DESIGN.md ("Layers, lowest first").
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { folderImports, folderImportsOf, layerViolations, mutualImports, topFolders, type FolderImport, type Layers } from '../support/layering';

const ROOT = resolve(import.meta.dirname, '../..');
const SRC = join(ROOT, 'src');

const LAYERS: Layers = [
  ['errors'],
  ['config'],
  ['demo'],
  ['catalog'],
  ['sql'],
  ['engine'],
  ['intake', 'investigation'],
  ['auth'],
  ['store'],
  ['executions'],
  ['exports'],
  ['athena', 'trino'],
  ['reports'],
  ['cluster'],
  ['automation'],
  ['resolvers'],
  ['server'],
  ['cli'],
];

/** The layer line of docs/DESIGN.md: `errors < config < ... < athena, trino < ...`. */
function designLayers(): string[][] {
  const design = readFileSync(join(ROOT, 'docs/DESIGN.md'), 'utf8');
  const line = /^Layers, lowest first[^:]*:\s*(.+)$/m.exec(design)?.[1];
  if (!line) throw new Error('docs/DESIGN.md has no "Layers, lowest first: ..." line');
  return line
    .replace(/`/g, '')
    .split('<')
    .map((layer) => layer.split(',').map((f) => f.trim()));
}

const edge = (from: string, to: string, file = `${from}/x.ts`): FolderImport => ({ from, to, file, specifier: `../${to}/y` });

describe('layering checker', () => {
  const layers: Layers = [['errors'], ['sql'], ['engine'], ['athena', 'trino'], ['cli']];
  const folders = ['errors', 'sql', 'engine', 'athena', 'trino', 'cli'];

  it('accepts imports that only go down', () => {
    expect(layerViolations([edge('sql', 'errors'), edge('engine', 'sql'), edge('athena', 'engine'), edge('cli', 'trino')], layers, folders)).toEqual([]);
  });

  it('refuses a planted upward import, naming the file and both folders', () => {
    const v = layerViolations([edge('engine', 'sql'), edge('sql', 'engine', 'sql/guard.ts')], layers, folders);
    expect(v).toEqual(["src/sql/guard.ts imports '../engine/y': sql sits below engine"]);
  });

  it('refuses an import between peers of one layer', () => {
    expect(layerViolations([edge('athena', 'trino')], layers, folders)).toEqual(["src/athena/x.ts imports '../trino/y': athena and trino are peers in one layer"]);
  });

  it('refuses a folder the list does not place, and a listed folder that is gone', () => {
    expect(layerViolations([], layers, [...folders.filter((f) => f !== 'trino'), 'newthing'])).toEqual([
      'src/newthing/ is in no layer: add it to the layer list (docs/DESIGN.md and test/repo/layering.test.ts)',
      'layer list names src/trino/, which does not exist',
    ]);
  });

  it('finds folders that import each other', () => {
    expect(mutualImports([edge('a', 'b'), edge('b', 'c'), edge('c', 'b'), edge('b', 'a')])).toEqual(['a <-> b', 'b <-> c']);
  });

  it('reads static, type-only, re-exported and dynamic imports, and folder index imports', () => {
    const text = [
      "import { a } from '../../engine/errors';",
      "import type { B } from '../../catalog/types';",
      "export { c } from '../../athena';",
      "const { d } = await import('../../trino');",
      "import './local';",
      "import { s } from '../sibling';",
      "import 'reflect-metadata';",
      "import {\n  e,\n  f,\n} from '../../store/x';",
    ].join('\n');
    const got = folderImportsOf(SRC, join(SRC, 'sql', 'deep', 'file.ts'), text).map((i) => `${i.to} ${i.specifier}`);
    expect(got).toEqual(['engine ../../engine/errors', 'catalog ../../catalog/types', 'athena ../../athena', 'trino ../../trino', 'store ../../store/x']);
  });
});

describe('src/ layers', () => {
  it('docs/DESIGN.md lists the same layers in the same order', () => {
    expect(designLayers()).toEqual(LAYERS.map((l) => [...l]));
  });

  it('no folder imports a higher layer or a peer', () => {
    const imports = folderImports(SRC);
    // the scan sees the real tree: the engines, the SQL layer and the server all import something
    expect(imports.length).toBeGreaterThan(100);
    expect(layerViolations(imports, LAYERS, topFolders(SRC))).toEqual([]);
  });

  it('no two folders import each other', () => {
    expect(mutualImports(folderImports(SRC))).toEqual([]);
  });
});
