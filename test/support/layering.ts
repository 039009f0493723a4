// The folders of src/ as layers: which folder imports which (static, type-only and dynamic imports
// alike), and which of those imports run against the layer order. Used by test/repo/layering.test.ts.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/** One import between two folders of src/: `file` (relative to src/) names `specifier`. */
export interface FolderImport {
  from: string;
  to: string;
  file: string;
  specifier: string;
}

/** Layers, lowest first; folders in one layer are peers and may not import each other. */
export type Layers = readonly (readonly string[])[];

const SPECIFIER = /\b(?:from|import)\s*\(?\s*(['"])(\.{1,2}\/[^'"]*)\1/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sourceFiles(p) : /\.tsx?$/.test(name) ? [p] : [];
  });
}

/** The top folder of a path relative to src/ ('' for a file at the top of src/ itself). */
function topFolder(rel: string): string {
  const parts = rel.split(sep);
  return parts.length > 1 ? parts[0]! : '';
}

/** Imports in `text` (a file at `file` inside `srcDir`) that land in another top folder of src/. */
export function folderImportsOf(srcDir: string, file: string, text: string): FolderImport[] {
  const out: FolderImport[] = [];
  const rel = relative(srcDir, file);
  for (const m of text.matchAll(SPECIFIER)) {
    const specifier = m[2]!;
    const target = relative(srcDir, resolve(dirname(file), specifier));
    if (target.startsWith('..')) continue;
    const from = topFolder(rel);
    // '../config' names a folder's index: the folder is the first part either way
    const to = target.split(sep)[0]!;
    if (from !== to) out.push({ from, to, file: rel, specifier });
  }
  return out;
}

/** Every import between two top folders of `srcDir`. */
export function folderImports(srcDir: string): FolderImport[] {
  return sourceFiles(srcDir).flatMap((f) => folderImportsOf(srcDir, f, readFileSync(f, 'utf8')));
}

/**
 * What breaks the layer order, one line each: an import of a higher layer or of a peer in the same
 * layer, a folder the layer list does not place, and a layer listed that has no folder.
 */
export function layerViolations(imports: readonly FolderImport[], layers: Layers, folders: readonly string[]): string[] {
  const rank = new Map<string, number>();
  layers.forEach((layer, i) => layer.forEach((f) => rank.set(f, i)));
  const out: string[] = [];
  for (const f of folders) if (!rank.has(f)) out.push(`src/${f}/ is in no layer: add it to the layer list (docs/DESIGN.md and test/repo/layering.test.ts)`);
  for (const f of rank.keys()) if (!folders.includes(f)) out.push(`layer list names src/${f}/, which does not exist`);
  for (const imp of imports) {
    const a = rank.get(imp.from);
    const b = rank.get(imp.to);
    if (a === undefined || b === undefined) continue;
    if (b > a) out.push(`src/${imp.file} imports '${imp.specifier}': ${imp.from} sits below ${imp.to}`);
    else if (b === a) out.push(`src/${imp.file} imports '${imp.specifier}': ${imp.from} and ${imp.to} are peers in one layer`);
  }
  return out;
}

/** Pairs of folders that import each other (whatever the layer list says). */
export function mutualImports(imports: readonly FolderImport[]): string[] {
  const edges = new Set(imports.map((i) => `${i.from} -> ${i.to}`));
  const out = new Set<string>();
  for (const i of imports) if (edges.has(`${i.to} -> ${i.from}`)) out.add([i.from, i.to].sort().join(' <-> '));
  return [...out].sort();
}

/** The top folders of `srcDir` (a file directly in src/ counts as the folder ''). */
export function topFolders(srcDir: string): string[] {
  return readdirSync(srcDir)
    .filter((n) => statSync(join(srcDir, n)).isDirectory() || /\.tsx?$/.test(n))
    .map((n) => (statSync(join(srcDir, n)).isDirectory() ? n : ''))
    .filter((n, i, all) => all.indexOf(n) === i);
}
