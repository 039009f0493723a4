// Installs a Trino server for the tests and benchmarks: the newest release in the Maven repository
// (Maven Central or the user's mirror of it; see ./maven.ts for how it is reached) that runs on the
// newest JDK found on this machine, fetched once into the ignored .cache/trino/. Recent releases ship a
// small `trino-server-core` tarball without connectors; the Hive connector then comes as its own plugin
// zip (together about half the size of the full `trino-server` tarball, which is the fallback for
// releases without a core tarball).
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { trinoRepository, type TrinoRepository } from './maven';

export const CACHE_DIR = resolve(import.meta.dirname, '../../../.cache/trino');
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

/** Runs a tool without blocking the event loop (the set-up runs in vitest's main process). */
function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { maxBuffer: 16 << 20, encoding: 'utf8' }, (err, _stdout, stderr) => {
      if (err) reject(new Error(`\`${cmd} ${args.join(' ')}\` failed (${err.message}): ${stderr?.slice(-2000) ?? ''}`));
      else resolve();
    });
  });
}

const MARKER = '.amctl-install.json';

function cachedInstalls(cacheDir: string): { home: string; version: number; java: number }[] {
  if (!existsSync(cacheDir)) return [];
  return readdirSync(cacheDir)
    .map((n) => join(cacheDir, n, MARKER))
    .filter((m) => existsSync(m))
    .map((m) => JSON.parse(readFileSync(m, 'utf8')))
    .sort((a, b) => b.version - a.version);
}

/** The Java release a Trino version is built for (trino-root's project.build.targetJdk). */
function requiredJava(rootPom: string): number {
  const v = /<project\.build\.targetJdk>(\d+)<\/project\.build\.targetJdk>/.exec(rootPom)?.[1];
  // Releases before the property existed ran on Java 11/17.
  return v ? Number(v) : 17;
}

/**
 * Fetches and unpacks a version into cacheDir/server-<v>: trino-server-core plus the trino-hive plugin
 * zip where the repository has both, else the full trino-server tarball.
 */
async function installVersion(repo: TrinoRepository, version: number, java: number, core: boolean, full: boolean, cacheDir: string): Promise<string> {
  const dl = join(cacheDir, 'download');
  let files: string[] | undefined;
  let coreFailure = '';
  if (core) {
    try {
      files = await repo.copy([{ artifactId: 'trino-server-core', version, type: 'tar.gz' }, { artifactId: 'trino-hive', version, type: 'zip' }], dl);
    } catch (e) {
      if (!full) throw e;
      coreFailure = `${(e as Error).message}; `;
    }
  }
  if (!files) {
    try {
      files = await repo.copy([{ artifactId: 'trino-server', version, type: 'tar.gz' }], dl);
    } catch (e) {
      throw new Error(`could not fetch Trino ${version}: ${coreFailure}${(e as Error).message}`);
    }
  }
  const [tarball, hiveZip] = files as [string, string | undefined];
  const home = join(cacheDir, `server-${version}`);
  const tmp = `${home}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  await run('tar', ['xzf', tarball, '-C', tmp, '--strip-components=1']);
  if (hiveZip) {
    // python3 is a prerequisite of the test set-up already (moto); unzip may not be installed.
    const plugins = join(tmp, 'plugin');
    await run('python3', ['-m', 'zipfile', '-e', hiveZip, plugins]);
    renameSync(join(plugins, `trino-hive-${version}`), join(plugins, 'hive'));
  }
  if (!existsSync(join(tmp, 'plugin', 'hive'))) throw new Error(`the Trino ${version} download has no Hive plugin (plugin/hive)`);
  writeFileSync(join(tmp, MARKER), JSON.stringify({ home, version, java }));
  rmSync(home, { recursive: true, force: true });
  renameSync(tmp, home);
  // The downloads are not needed once unpacked (Maven keeps its own copy in the local repository).
  for (const f of files) rmSync(f, { force: true });
  return home;
}

export interface EnsureOptions {
  /** Where installs are kept; default .cache/trino of the checkout. */
  cacheDir?: string;
  /** PATH (for `mvn`), HOME (settings.xml) and AMCTL_TEST_MAVEN_REPOSITORY; default process.env. */
  env?: NodeJS.ProcessEnv;
}

/**
 * A Trino server ready to run: the newest cached one that runs on the newest JDK here, else the newest
 * release in the Maven repository that does, installed now. Throws with the reason when there is none.
 */
export async function ensureTrino(log: (s: string) => void = console.log, jdks: Jdk[] = findJdks(), opts: EnsureOptions = {}): Promise<TrinoInstall> {
  const cacheDir = opts.cacheDir ?? CACHE_DIR;
  const jdk = jdks[0];
  if (!jdk) {
    throw new Error('Trino needs a JDK (17 or newer; recent releases need 24 or 25) and none was found in $JAVA_HOME, /usr/lib/jvm or on PATH; install one (e.g. Temurin 25) or set TRINO_JAVA_HOME');
  }
  const cached = cachedInstalls(cacheDir).find((c) => c.version >= MIN_TRINO && c.java <= jdk.major && existsSync(join(c.home, 'bin', 'launcher')));
  if (cached) return { home: cached.home, version: cached.version, jdk };

  const repo = trinoRepository(opts.env);
  log(repo.describe);
  let lists: Map<string, number[]>;
  try {
    lists = await repo.versions(['trino-server-core', 'trino-hive', 'trino-server']);
  } catch (e) {
    throw new Error(`could not list Trino releases (${(e as Error).message}); the first test run needs the Maven repository (or its mirror) to be reachable`);
  }
  const core = new Set(lists.get('trino-server-core'));
  const hive = new Set(lists.get('trino-hive'));
  const full = new Set(lists.get('trino-server'));
  const candidates = [...new Set([...[...core].filter((v) => hive.has(v)), ...full])].filter((v) => v >= MIN_TRINO).sort((a, b) => b - a);
  if (!candidates.length) throw new Error(`the Maven repository has no Trino release from ${MIN_TRINO} on (io.trino:trino-server-core with trino-hive, or trino-server)`);

  // One resolution for all the candidates' root POMs (small), which say the Java each needs.
  const scratch = mkdtempSync(join(tmpdir(), 'amctl-trino-root-'));
  let javas: number[];
  try {
    const poms = await repo.copy(candidates.map((v) => ({ artifactId: 'trino-root', version: v, type: 'pom' })), scratch);
    javas = poms.map((p) => requiredJava(readFileSync(p, 'utf8')));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  const pick = candidates.findIndex((_, i) => javas[i]! <= jdk.major);
  if (pick < 0) {
    const tried = candidates.slice(0, 3).map((v, i) => `${v} needs Java ${javas[i]}`);
    throw new Error(
      `no Trino release from ${MIN_TRINO} on, in the Maven repository, runs on the newest JDK found (Java ${jdk.major} at ${jdk.home}): ${tried.join('; ')}. ` +
        'Install a newer JDK (e.g. Temurin 25) and point TRINO_JAVA_HOME at it.',
    );
  }
  const v = candidates[pick]!;
  const useCore = core.has(v) && hive.has(v);
  log(`test set-up: installing Trino ${v} (${useCore ? 'server-core + hive plugin' : 'server'}) into ${cacheDir} for Java ${jdk.major} at ${jdk.home} (once)`);
  const home = await installVersion(repo, v, javas[pick]!, useCore, full.has(v), cacheDir);
  return { home, version: v, jdk };
}
