// Installs a Trino server for the tests and benchmarks: the newest release on Maven Central that runs
// on the newest JDK found on this machine, fetched once into the ignored .cache/trino/ and verified
// against Maven Central's SHA-1. Recent releases ship a small `trino-server-core` tarball without
// connectors; the Hive connector then comes as its own plugin zip (together about half the size of
// the full `trino-server` tarball, which is the fallback for releases without a core tarball).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export const CACHE_DIR = resolve(import.meta.dirname, '../../../.cache/trino');
const MAVEN = 'https://repo1.maven.org/maven2/io/trino';
/**
 * The oldest release the set-up's configuration is known to work with (the native local file system
 * for the Hive catalog, CREATE CATALOG, register_partition). Older ones would fail to start.
 */
const MIN_TRINO = 476;

export interface Jdk {
  home: string;
  java: string;
  major: number;
}

export interface TrinoInstall {
  /** The unpacked server (bin/, lib/, plugin/ with hive). */
  home: string;
  version: number;
  /** The JDK that runs it. */
  jdk: Jdk;
}

/** The JDK a `java` binary belongs to, or undefined when it does not run. */
function probeJava(java: string): Jdk | undefined {
  if (!existsSync(java)) return undefined;
  const r = spawnSync(java, ['-XshowSettings:properties', '-version'], { encoding: 'utf8', timeout: 30_000 });
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  const spec = /java\.specification\.version = (\d+)/.exec(out)?.[1];
  const home = /java\.home = (.+)/.exec(out)?.[1]?.trim();
  if (r.status !== 0 || !spec || !home) return undefined;
  return { home, java: join(home, 'bin', 'java'), major: Number(spec) };
}

/** Every JDK we can find: $TRINO_JAVA_HOME, $JAVA_HOME, /usr/lib/jvm/*, macOS' folder, `java` on PATH. */
export function findJdks(env: NodeJS.ProcessEnv = process.env): Jdk[] {
  const homes = new Set<string>();
  for (const v of [env.TRINO_JAVA_HOME, env.JAVA_HOME]) if (v) homes.add(v);
  for (const root of ['/usr/lib/jvm', '/usr/java', '/opt/java', '/Library/Java/JavaVirtualMachines']) {
    let names: string[] = [];
    try {
      names = readdirSync(root);
    } catch {
      continue;
    }
    for (const n of names) homes.add(root.startsWith('/Library') ? join(root, n, 'Contents', 'Home') : join(root, n));
  }
  const found = new Map<string, Jdk>();
  const javas = [...homes].map((h) => join(h, 'bin', 'java'));
  const onPath = spawnSync('sh', ['-c', 'command -v java'], { encoding: 'utf8' }).stdout?.trim();
  if (onPath) javas.push(onPath);
  for (const j of javas) {
    const jdk = probeJava(j);
    if (jdk) found.set(jdk.home, jdk);
  }
  return [...found.values()].sort((a, b) => b.major - a.major);
}

async function fetchText(url: string): Promise<string> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status}`);
  return res.text();
}

async function versions(artifact: string): Promise<number[]> {
  const xml = await fetchText(`${MAVEN}/${artifact}/maven-metadata.xml`);
  return [...xml.matchAll(/<version>(\d+)<\/version>/g)].map((m) => Number(m[1]));
}

/** The Java release a Trino version is built for (trino-root's project.build.targetJdk). */
async function requiredJava(version: number): Promise<number> {
  const pom = await fetchText(`${MAVEN}/trino-root/${version}/trino-root-${version}.pom`);
  const v = /<project\.build\.targetJdk>(\d+)<\/project\.build\.targetJdk>/.exec(pom)?.[1];
  // Releases before the property existed ran on Java 11/17.
  return v ? Number(v) : 17;
}

/** Downloads a Maven Central file and checks it against its published .sha1. */
async function download(url: string, to: string, log: (s: string) => void): Promise<void> {
  const expected = (await fetchText(`${url}.sha1`)).trim().split(/\s+/)[0]!.toLowerCase();
  if (existsSync(to) && (await sha1(to)) === expected) return;
  log(`test set-up: downloading ${url}`);
  const res = await fetch(url);
  if (!res.ok || !res.body) throw new Error(`GET ${url}: HTTP ${res.status}`);
  const part = `${to}.part`;
  await pipeline(Readable.fromWeb(res.body as never), createWriteStream(part));
  const got = await sha1(part);
  if (got !== expected) {
    rmSync(part, { force: true });
    throw new Error(`${url}: SHA-1 ${got} does not match Maven Central's ${expected}; the download is corrupt, run the tests again`);
  }
  renameSync(part, to);
}

/** SHA-1 of a file, streamed (the files are a few hundred MB). */
async function sha1(file: string): Promise<string> {
  const h = createHash('sha1');
  for await (const chunk of createReadStream(file)) h.update(chunk as Buffer);
  return h.digest('hex');
}

function run(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  if (r.error || r.status !== 0) throw new Error(`\`${cmd} ${args.join(' ')}\` failed (${r.error?.message ?? `exit ${r.status}`}): ${r.stderr?.slice(-2000) ?? ''}`);
}

const MARKER = '.amctl-install.json';

function cachedInstalls(): { home: string; version: number; java: number }[] {
  if (!existsSync(CACHE_DIR)) return [];
  return readdirSync(CACHE_DIR)
    .map((n) => join(CACHE_DIR, n, MARKER))
    .filter((m) => existsSync(m))
    .map((m) => JSON.parse(readFileSync(m, 'utf8')))
    .sort((a, b) => b.version - a.version);
}

/** Unpacks a version (core + hive plugin, or the full server) into CACHE_DIR/server-<v>. */
async function installVersion(version: number, java: number, core: boolean, log: (s: string) => void): Promise<string> {
  const dl = join(CACHE_DIR, 'download');
  mkdirSync(dl, { recursive: true });
  const artifact = core ? 'trino-server-core' : 'trino-server';
  const tarball = join(dl, `${artifact}-${version}.tar.gz`);
  await download(`${MAVEN}/${artifact}/${version}/${artifact}-${version}.tar.gz`, tarball, log);
  let hiveZip: string | undefined;
  if (core) {
    hiveZip = join(dl, `trino-hive-${version}.zip`);
    await download(`${MAVEN}/trino-hive/${version}/trino-hive-${version}.zip`, hiveZip, log);
  }
  const home = join(CACHE_DIR, `server-${version}`);
  const tmp = `${home}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  run('tar', ['xzf', tarball, '-C', tmp, '--strip-components=1']);
  if (hiveZip) {
    // python3 is a prerequisite of the test set-up already (moto); unzip may not be installed.
    const plugins = join(tmp, 'plugin');
    run('python3', ['-m', 'zipfile', '-e', hiveZip, plugins]);
    renameSync(join(plugins, `trino-hive-${version}`), join(plugins, 'hive'));
  }
  if (!existsSync(join(tmp, 'plugin', 'hive'))) throw new Error(`the Trino ${version} download has no Hive plugin (plugin/hive)`);
  writeFileSync(join(tmp, MARKER), JSON.stringify({ home, version, java }));
  rmSync(home, { recursive: true, force: true });
  renameSync(tmp, home);
  // The downloads are not needed once unpacked.
  rmSync(tarball, { force: true });
  if (hiveZip) rmSync(hiveZip, { force: true });
  return home;
}

/**
 * A Trino server ready to run: the newest cached one that runs on the newest JDK here, else the newest
 * release on Maven Central that does, installed now. Throws with the reason when there is none.
 */
export async function ensureTrino(log: (s: string) => void = console.log, jdks: Jdk[] = findJdks()): Promise<TrinoInstall> {
  const jdk = jdks[0];
  if (!jdk) {
    throw new Error('Trino needs a JDK (17 or newer; recent releases need 24 or 25) and none was found in $JAVA_HOME, /usr/lib/jvm or on PATH; install one (e.g. Temurin 25) or set TRINO_JAVA_HOME');
  }
  const cached = cachedInstalls().find((c) => c.version >= MIN_TRINO && c.java <= jdk.major && existsSync(join(c.home, 'bin', 'launcher')));
  if (cached) return { home: cached.home, version: cached.version, jdk };

  let core: number[];
  let full: number[];
  try {
    [core, full] = await Promise.all([versions('trino-server-core').catch(() => []), versions('trino-server')]);
  } catch (e) {
    throw new Error(`could not list Trino releases on Maven Central (${(e as Error).message}); the first test run needs network access to repo1.maven.org`);
  }
  const hive = new Set(await versions('trino-hive').catch(() => [] as number[]));
  const candidates = [...new Set([...core.filter((v) => hive.has(v)), ...full])].filter((v) => v >= MIN_TRINO).sort((a, b) => b - a);
  const tried: string[] = [];
  for (const v of candidates) {
    const java = await requiredJava(v);
    if (java > jdk.major) {
      tried.push(`${v} needs Java ${java}`);
      continue;
    }
    const useCore = core.includes(v) && hive.has(v);
    log(`test set-up: installing Trino ${v} (${useCore ? 'server-core + hive plugin' : 'server'}) into ${CACHE_DIR} for Java ${jdk.major} at ${jdk.home} (once)`);
    const home = await installVersion(v, java, useCore, log);
    return { home, version: v, jdk };
  }
  throw new Error(
    `no Trino release from ${MIN_TRINO} on, on Maven Central, runs on the newest JDK found (Java ${jdk.major} at ${jdk.home}): ${tried.slice(0, 3).join('; ') || 'none listed'}. ` +
      'Install a newer JDK (e.g. Temurin 25) and point TRINO_JAVA_HOME at it.',
  );
}
