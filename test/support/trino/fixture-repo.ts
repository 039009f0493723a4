// A small Maven repository of made-up Trino releases for the install tests: the layout, metadata,
// checksums and archive shapes of the real io.trino artifacts (server-core/server tarballs with one
// top folder, the trino-hive plugin zip, trino-root POMs with project.build.targetJdk), a few KB each,
// and a loopback HTTP server that serves such folders as a Maven repository does.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, normalize } from 'node:path';

export interface FixtureRelease {
  version: number;
  /** project.build.targetJdk of its trino-root POM. */
  java: number;
  /** Publishes trino-server-core + trino-hive (default) and/or the full trino-server. */
  core?: boolean;
  hive?: boolean;
  full?: boolean;
}

const sha1 = (b: Buffer | string) => createHash('sha1').update(b).digest('hex');

function put(file: string, content: Buffer | string): void {
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, content);
  writeFileSync(`${file}.sha1`, sha1(content));
}

function metadata(artifactId: string, versions: number[]): string {
  const sorted = [...versions].sort((a, b) => a - b);
  return `<?xml version="1.0" encoding="UTF-8"?>
<metadata>
  <groupId>io.trino</groupId>
  <artifactId>${artifactId}</artifactId>
  <versioning>
    <latest>${sorted.at(-1)}</latest>
    <release>${sorted.at(-1)}</release>
    <versions>
${sorted.map((v) => `      <version>${v}</version>`).join('\n')}
    </versions>
    <lastUpdated>20250101000000</lastUpdated>
  </versioning>
</metadata>
`;
}

/** A server tarball: <name>/bin/launcher, lib/, plugin/ (with hive for the full server). */
function serverTarball(scratch: string, name: string, version: number, withHive: boolean): Buffer {
  const top = join(scratch, name);
  mkdirSync(join(top, 'bin'), { recursive: true });
  mkdirSync(join(top, 'lib'), { recursive: true });
  mkdirSync(join(top, 'plugin', withHive ? 'hive' : 'geospatial'), { recursive: true });
  writeFileSync(join(top, 'bin', 'launcher'), '#!/bin/sh\nexit 0\n');
  chmodSync(join(top, 'bin', 'launcher'), 0o755);
  writeFileSync(join(top, 'lib', 'release.txt'), `${name} ${version}\n`);
  if (withHive) writeFileSync(join(top, 'plugin', 'hive', 'release.txt'), `hive in ${name}\n`);
  const tgz = join(scratch, `${name}.tar.gz`);
  execFileSync('tar', ['czf', tgz, '-C', scratch, name]);
  return readFileSync(tgz);
}

function hiveZip(scratch: string, version: number): Buffer {
  const top = join(scratch, `trino-hive-${version}`);
  mkdirSync(top, { recursive: true });
  writeFileSync(join(top, 'release.txt'), `trino-hive ${version}\n`);
  const zip = join(scratch, `trino-hive-${version}.zip`);
  execFileSync('python3', ['-m', 'zipfile', '-c', zip, top]);
  return readFileSync(zip);
}

/** Writes the releases into dir in Maven's repository layout (with .sha1 files and maven-metadata.xml). */
export function makeTrinoRepository(dir: string, releases: FixtureRelease[]): void {
  const scratch = mkdtempSync(join(tmpdir(), 'amctl-fixture-trino-'));
  const base = join(dir, 'io', 'trino');
  const lists: Record<string, number[]> = { 'trino-root': [], 'trino-server-core': [], 'trino-hive': [], 'trino-server': [] };
  try {
    for (const r of releases) {
      const v = r.version;
      const path = (a: string, ext: string) => join(base, a, String(v), `${a}-${v}.${ext}`);
      put(path('trino-root', 'pom'), `<project>\n  <artifactId>trino-root</artifactId>\n  <version>${v}</version>\n  <properties>\n    <project.build.targetJdk>${r.java}</project.build.targetJdk>\n  </properties>\n</project>\n`);
      lists['trino-root']!.push(v);
      if (r.core ?? true) {
        put(path('trino-server-core', 'tar.gz'), serverTarball(scratch, `trino-server-core-${v}`, v, false));
        put(path('trino-server-core', 'pom'), `<project><artifactId>trino-server-core</artifactId><version>${v}</version></project>\n`);
        lists['trino-server-core']!.push(v);
      }
      if (r.hive ?? r.core ?? true) {
        put(path('trino-hive', 'zip'), hiveZip(scratch, v));
        put(path('trino-hive', 'pom'), `<project><artifactId>trino-hive</artifactId><version>${v}</version></project>\n`);
        lists['trino-hive']!.push(v);
      }
      if (r.full) {
        put(path('trino-server', 'tar.gz'), serverTarball(scratch, `trino-server-${v}`, v, true));
        put(path('trino-server', 'pom'), `<project><artifactId>trino-server</artifactId><version>${v}</version></project>\n`);
        lists['trino-server']!.push(v);
      }
    }
    for (const [a, vs] of Object.entries(lists)) if (vs.length) put(join(base, a, 'maven-metadata.xml'), metadata(a, vs));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

export interface ServedRepository {
  url: string;
  /** Paths asked for, in order. */
  requests: string[];
  close(): Promise<void>;
}

/**
 * Serves folders as one Maven repository over loopback HTTP: a path is looked up in each root in turn;
 * a missing .sha1 is computed from its file (a local repository does not always keep them), and a
 * local repository's maven-metadata-<repository id>.xml answers for maven-metadata.xml.
 */
export async function serveRepository(roots: string[]): Promise<ServedRepository> {
  const requests: string[] = [];
  const isFile = (p: string) => existsSync(p) && statSync(p).isFile();
  const find = (rel: string): string | undefined => {
    const hit = roots.map((r) => join(r, rel)).find(isFile);
    if (hit || !rel.endsWith('/maven-metadata.xml')) return hit;
    const dir = rel.slice(0, -'maven-metadata.xml'.length);
    for (const r of roots) {
      const names = existsSync(join(r, dir)) ? readdirSync(join(r, dir)).filter((n) => /^maven-metadata-.+\.xml$/.test(n)) : [];
      if (names[0]) return join(r, dir, names[0]);
    }
    return undefined;
  };
  const server = createServer((req, res) => {
    const rel = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.(\/|$))+/, '');
    requests.push(rel);
    let body: Buffer | string | undefined;
    const file = find(rel);
    if (file) body = readFileSync(file);
    else if (rel.endsWith('.sha1')) {
      const of = find(rel.slice(0, -'.sha1'.length));
      if (of) body = sha1(readFileSync(of));
    }
    if (body === undefined) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-length': Buffer.byteLength(body) });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
