// Where the test set-up gets Trino's release artifacts (group io.trino) from. With `mvn` on PATH,
// Maven resolves them, so the user's settings.xml mirrors, proxies, credentials and local repository
// cache apply as for any build. Without it, a plain HTTP download from the repository named by
// AMCTL_TEST_MAVEN_REPOSITORY, else by the settings.xml mirror of Maven Central. No repository host is
// written here: the repository is always the user's.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { accessSync, constants, createReadStream, createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export const GROUP = 'io.trino';
/** Pinned so that a resolution does not depend on which plugin version Maven would pick by itself. */
export const DEPENDENCY_PLUGIN = 'org.apache.maven.plugins:maven-dependency-plugin:3.8.1';
export const HELP_PLUGIN = 'org.apache.maven.plugins:maven-help-plugin:3.5.1';
export const REPOSITORY_ENV = 'AMCTL_TEST_MAVEN_REPOSITORY';

export interface Artifact {
  artifactId: string;
  version: string | number;
  /** The Maven type, which is also the file extension: pom, tar.gz, zip. */
  type: string;
}

export interface TrinoRepository {
  /** One line for the set-up output: which way the artifacts come. */
  readonly describe: string;
  /** The numeric release versions of each io.trino artifact (none for one the repository lacks). */
  versions(artifactIds: string[]): Promise<Map<string, number[]>>;
  /** Copies the artifacts into dir; their paths, in order. Throws with the repository's reason. */
  copy(items: Artifact[], dir: string): Promise<string[]>;
}

/** The file name Maven gives an artifact: <artifactId>-<version>.<type>. */
export const fileName = (a: Artifact) => `${a.artifactId}-${a.version}.${a.type}`;

function releaseVersions(metadataXml: string): number[] {
  return [...metadataXml.matchAll(/<version>(\d+)<\/version>/g)].map((m) => Number(m[1]));
}

/** An executable `mvn` on the PATH of env, or undefined. */
export function findMvn(env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const p = join(dir, 'mvn');
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      // not here
    }
  }
  return undefined;
}

/**
 * The repository to use: Maven where `mvn` is on PATH, else HTTP from AMCTL_TEST_MAVEN_REPOSITORY or
 * the settings.xml mirror of Maven Central. Throws what to do when there is neither.
 */
export function trinoRepository(env: NodeJS.ProcessEnv = process.env): TrinoRepository {
  const mvn = findMvn(env);
  if (mvn) return new MavenCli(mvn, env);
  const fromEnv = env[REPOSITORY_ENV]?.trim();
  if (fromEnv) return new HttpRepository(fromEnv, `${REPOSITORY_ENV}`);
  const settings = join(env.HOME ?? homedir(), '.m2', 'settings.xml');
  const mirror = centralMirror(settings);
  if (mirror) return new HttpRepository(mirror.url, `the mirror '${mirror.id}' of central in ${settings}`);
  throw new Error(
    `the test set-up gets Trino from a Maven repository, and there is no \`mvn\` on PATH, no ${REPOSITORY_ENV} and no mirror of central in ${settings}: ` +
      `install Maven (it uses your settings.xml), or set ${REPOSITORY_ENV} to the URL of Maven Central or its mirror`,
  );
}

// ---------------------------------------------------------------------------------------------------
// Through `mvn`

/** The output of a failed Maven run that says why: its [ERROR] lines, else its tail. */
function mavenReason(out: string): string {
  const errors = out
    .split('\n')
    .filter((l) => l.startsWith('[ERROR]') && l.length > 8 && !/Re-run Maven|Help 1|full stack trace|possible solutions/.test(l))
    .map((l) => l.slice(8).trim());
  return (errors.length ? errors.slice(0, 3).join(' ') : out.slice(-1500)).trim();
}

const stripAnsi = (s: string) => s.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');

class MavenCli implements TrinoRepository {
  readonly describe: string;

  constructor(
    private readonly mvn: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {
    this.describe = `test set-up: resolving Trino with Maven (${mvn}; settings.xml mirrors, proxies and the local repository apply)`;
  }

  /**
   * Runs mvn in a scratch folder with a generated POM that lists the artifacts for
   * maven-dependency-plugin:copy (one JVM for several artifacts); stdout on success.
   */
  private async run(goals: string[], items: Artifact[], outDir: string): Promise<string> {
    const work = mkdtempSync(join(tmpdir(), 'amctl-mvn-'));
    try {
      const pom = join(work, 'pom.xml');
      writeFileSync(pom, generatedPom(items, outDir));
      const args = ['-B', '-q', '--strict-checksums', '-Dstyle.color=never', '-f', pom, ...goals];
      return await new Promise<string>((resolve, reject) => {
        execFile(this.mvn, args, { cwd: work, env: this.env, maxBuffer: 64 << 20, encoding: 'utf8' }, (err, stdout, stderr) => {
          const out = stripAnsi(`${stdout}${stderr}`);
          if (err) reject(new Error(`\`mvn ${args.join(' ')}\` failed: ${mavenReason(out) || err.message}`));
          else resolve(stripAnsi(stdout));
        });
      });
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }

  async copy(items: Artifact[], dir: string): Promise<string[]> {
    mkdirSync(dir, { recursive: true });
    await this.run([`${DEPENDENCY_PLUGIN}:copy`], items, dir);
    const paths = items.map((a) => join(dir, fileName(a)));
    const missing = paths.filter((p) => !existsSync(p));
    if (missing.length) throw new Error(`Maven reported success but did not write ${missing.join(', ')}`);
    return paths;
  }

  /**
   * Resolving an artifact's RELEASE makes Maven refresh its maven-metadata.xml through the user's
   * repositories (as their update policy says, and from the cache when offline); the version lists are
   * then read from the copies Maven keeps beside the artifact in the local repository
   * (maven-metadata-<repository id>.xml), which help:evaluate locates (settings.xml may move it).
   * Both goals run in one JVM.
   */
  async versions(artifactIds: string[]): Promise<Map<string, number[]>> {
    const evaluate = [`${HELP_PLUGIN}:evaluate`, '-Dexpression=settings.localRepository', '-DforceStdout'];
    const copy = `${DEPENDENCY_PLUGIN}:copy`;
    const release = (id: string): Artifact => ({ artifactId: id, version: 'RELEASE', type: 'pom' });
    const scratch = mkdtempSync(join(tmpdir(), 'amctl-mvn-release-'));
    let printed: string;
    try {
      try {
        printed = await this.run([...evaluate, copy], artifactIds.map(release), scratch);
      } catch {
        // One of them is missing from the repository: refresh the others one by one.
        printed = await this.run(evaluate, [], scratch);
        const failures: string[] = [];
        for (const id of artifactIds) await this.run([copy], [release(id)], scratch).catch((e: Error) => failures.push(e.message));
        if (failures.length === artifactIds.length) throw new Error(`Maven could not resolve any of ${artifactIds.map((a) => `${GROUP}:${a}`).join(', ')}: ${failures[0]}`);
      }
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
    const local = printed.trim().split('\n').pop()?.trim();
    if (!local) throw new Error('`mvn help:evaluate` printed no local repository path');
    const result = new Map<string, number[]>();
    for (const id of artifactIds) {
      const dir = join(local, ...GROUP.split('.'), id);
      const files = existsSync(dir) ? readdirSync(dir).filter((f) => /^maven-metadata-.+\.xml$/.test(f)) : [];
      const all = new Set(files.flatMap((f) => releaseVersions(readFileSync(join(dir, f), 'utf8'))));
      result.set(id, [...all].sort((a, b) => a - b));
    }
    return result;
  }
}

/** A throwaway project whose only content is the dependency plugin's list of artifacts to copy. */
function generatedPom(items: Artifact[], outDir: string): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const [g, a, v] = DEPENDENCY_PLUGIN.split(':');
  const list = items
    .map((i) => `<artifactItem><groupId>${GROUP}</groupId><artifactId>${esc(i.artifactId)}</artifactId><version>${esc(String(i.version))}</version><type>${esc(i.type)}</type></artifactItem>`)
    .join('\n        ');
  return `<?xml version="1.0" encoding="UTF-8"?>
<project>
  <modelVersion>4.0.0</modelVersion>
  <groupId>amctl.test</groupId>
  <artifactId>trino-artifacts</artifactId>
  <version>0</version>
  <packaging>pom</packaging>
  <build>
    <plugins>
      <plugin>
        <groupId>${g}</groupId>
        <artifactId>${a}</artifactId>
        <version>${v}</version>
        <configuration>
          <outputDirectory>${esc(outDir)}</outputDirectory>
          <artifactItems>
        ${list}
          </artifactItems>
        </configuration>
      </plugin>
    </plugins>
  </build>
</project>
`;
}

// ---------------------------------------------------------------------------------------------------
// Over plain HTTP

/**
 * The first mirror in a settings.xml that serves Maven Central (mirrorOf `*`, `central`, `external:*`
 * or a list with one of them and no `!central`), as Maven would pick it.
 */
export function centralMirror(settingsFile: string): { id: string; url: string } | undefined {
  if (!existsSync(settingsFile)) return undefined;
  const xml = readFileSync(settingsFile, 'utf8').replace(/<!--[\s\S]*?-->/g, '');
  const tag = (block: string, name: string) => new RegExp(`<${name}>\\s*([^<]*?)\\s*</${name}>`).exec(block)?.[1];
  for (const m of xml.matchAll(/<mirror>([\s\S]*?)<\/mirror>/g)) {
    const block = m[1]!;
    const url = tag(block, 'url');
    const of = (tag(block, 'mirrorOf') ?? '').split(',').map((s) => s.trim());
    if (!url || tag(block, 'blocked') === 'true' || of.includes('!central')) continue;
    if (of.some((p) => p === '*' || p === 'central' || p === 'external:*' || p === 'external:https:*')) return { id: tag(block, 'id') ?? '(no id)', url };
  }
  return undefined;
}

async function fetchText(url: string): Promise<string> {
  const res = await fetch(url);
  if (!res.ok) throw Object.assign(new Error(`GET ${url}: HTTP ${res.status}`), { status: res.status });
  return res.text();
}

/** SHA-1 of a file, streamed (the files are a few hundred MB). */
async function sha1(file: string): Promise<string> {
  const h = createHash('sha1');
  for await (const chunk of createReadStream(file)) h.update(chunk as Buffer);
  return h.digest('hex');
}

class HttpRepository implements TrinoRepository {
  readonly describe: string;
  private readonly base: string;

  constructor(url: string, from: string) {
    this.base = url.replace(/\/+$/, '');
    this.describe = `test set-up: no \`mvn\` on PATH; downloading Trino over HTTP from ${this.base} (${from})`;
  }

  private url(artifactId: string, file = 'maven-metadata.xml', version?: string | number): string {
    return [this.base, ...GROUP.split('.'), artifactId, ...(version === undefined ? [] : [String(version)]), file].join('/');
  }

  async versions(artifactIds: string[]): Promise<Map<string, number[]>> {
    const result = new Map<string, number[]>();
    for (const id of artifactIds) {
      try {
        result.set(id, releaseVersions(await fetchText(this.url(id))).sort((a, b) => a - b));
      } catch (e) {
        if ((e as { status?: number }).status !== 404) throw e;
        result.set(id, []);
      }
    }
    return result;
  }

  async copy(items: Artifact[], dir: string): Promise<string[]> {
    mkdirSync(dir, { recursive: true });
    const paths: string[] = [];
    for (const a of items) {
      const to = join(dir, fileName(a));
      await this.download(this.url(a.artifactId, fileName(a), a.version), to);
      paths.push(to);
    }
    return paths;
  }

  /** Downloads a file and checks it against the repository's .sha1 of it. */
  private async download(url: string, to: string): Promise<void> {
    const expected = (await fetchText(`${url}.sha1`)).trim().split(/\s+/)[0]!.toLowerCase();
    if (existsSync(to) && (await sha1(to)) === expected) return;
    const res = await fetch(url);
    if (!res.ok || !res.body) throw new Error(`GET ${url}: HTTP ${res.status}`);
    const part = `${to}.part`;
    await pipeline(Readable.fromWeb(res.body as never), createWriteStream(part));
    const got = await sha1(part);
    if (got !== expected) {
      rmSync(part, { force: true });
      throw new Error(`${url}: SHA-1 ${got} does not match the repository's ${expected}; the download is corrupt, run the tests again`);
    }
    renameSync(part, to);
  }
}
