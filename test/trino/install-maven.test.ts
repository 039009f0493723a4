// Where the test set-up's Trino comes from: Maven when `mvn` is on PATH (the user's settings.xml
// mirrors and local repository apply), else a plain HTTP download from AMCTL_TEST_MAVEN_REPOSITORY or
// the settings.xml mirror of central, and which way it went, in one line. Made-up releases
// (test/support/trino/fixture-repo.ts) served on loopback stand for the repository; installs go to
// temporary folders, never to the shared .cache/trino.
import { execFileSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTrinoRepository, serveRepository, type FixtureRelease, type ServedRepository } from '../support/trino/fixture-repo';
import { ensureTrino, type Jdk } from '../support/trino/install';
import { centralMirror, DEPENDENCY_PLUGIN, findMvn, HELP_PLUGIN } from '../support/trino/maven';

const jdk17: Jdk = { home: '/opt/jdk-17', java: '/opt/jdk-17/bin/java', major: 17 };
const dirs: string[] = [];
const servers: ServedRepository[] = [];
function scratch(name: string): string {
  const d = mkdtempSync(join(tmpdir(), `amctl-install-${name}-`));
  dirs.push(d);
  return d;
}
afterAll(async () => {
  for (const s of servers) await s.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** 900 runs on Java 17; 901 needs 99; 902 has a Hive plugin but no server; 475 is older than the set-up supports. */
const RELEASES: FixtureRelease[] = [
  { version: 475, java: 11 },
  { version: 900, java: 17 },
  { version: 901, java: 99 },
  { version: 902, java: 99, core: false, hive: true },
];

async function repository(releases: FixtureRelease[] = RELEASES): Promise<{ dir: string; served: ServedRepository }> {
  const dir = scratch('repo');
  makeTrinoRepository(dir, releases);
  const served = await serveRepository([dir]);
  servers.push(served);
  return { dir, served };
}

/** A PATH folder with the stand-in `mvn`, and where it records its calls. */
function fakeMvn(repo: string): { bin: string; env: NodeJS.ProcessEnv; calls: () => { args: string[]; items: { artifactId: string; version: string; type: string }[] }[] } {
  const bin = scratch('bin');
  const script = join(import.meta.dirname, '../support/trino/fake-mvn.mjs');
  writeFileSync(join(bin, 'mvn'), `#!/bin/sh\nexec '${process.execPath}' '${script}' "$@"\n`, { mode: 0o755 });
  const log = join(scratch('log'), 'calls.jsonl');
  writeFileSync(log, '');
  const env = { PATH: bin, HOME: scratch('home'), FAKE_MVN_LOG: log, FAKE_MVN_REPO: repo, FAKE_MVN_LOCAL: scratch('local') };
  const calls = () =>
    readFileSync(log, 'utf8')
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
  return { bin, env, calls };
}

/** What an install in cacheDir holds: the release of its server files and of its Hive plugin. */
function installed(home: string) {
  accessSync(join(home, 'bin', 'launcher'), constants.X_OK);
  return {
    server: readFileSync(join(home, 'lib', 'release.txt'), 'utf8').trim(),
    hive: readFileSync(join(home, 'plugin', 'hive', 'release.txt'), 'utf8').trim(),
    marker: JSON.parse(readFileSync(join(home, '.amctl-install.json'), 'utf8')),
  };
}

describe('Trino installation through `mvn`', () => {
  it('asks Maven, with the pinned plugin, for the release lists, the candidates\' root POMs, then server-core and the Hive plugin; never the repository itself', async () => {
    const { dir, served } = await repository();
    const { bin, env, calls } = fakeMvn(dir);
    const cacheDir = scratch('cache');
    const lines: string[] = [];
    // The HTTP repository is set too: with `mvn` there, it must go unused.
    const got = await ensureTrino((s) => lines.push(s), [jdk17], { cacheDir, env: { ...env, AMCTL_TEST_MAVEN_REPOSITORY: served.url } });

    expect(got).toEqual({ home: join(cacheDir, 'server-900'), version: 900, jdk: jdk17 });
    expect(installed(got.home)).toEqual({ server: 'trino-server-core-900 900', hive: 'trino-hive 900', marker: { home: got.home, version: 900, java: 17 } });
    expect(readdirSync(join(cacheDir, 'download'))).toEqual([]);
    expect(lines[0]).toBe(`test set-up: resolving Trino with Maven (${join(bin, 'mvn')}; settings.xml mirrors, proxies and the local repository apply)`);
    expect(lines).toHaveLength(2);
    expect(served.requests).toEqual([]);

    const seen = calls();
    for (const c of seen) {
      expect(c.args.slice(0, 4)).toEqual(['-B', '-q', '--strict-checksums', '-Dstyle.color=never']);
      expect(c.args).toContain('-f');
      expect(c.args.join(' ')).not.toMatch(/https?:/);
    }
    const step = (c: (typeof seen)[number]) => [c.args.filter((a) => a.includes(':') && !a.startsWith('-')).join(' '), c.items.map((i) => `${i.artifactId}:${i.version}:${i.type}`)];
    expect(seen.map(step)).toEqual([
      // Together first; trino-server is not in this repository, so then one by one.
      [`${HELP_PLUGIN}:evaluate ${DEPENDENCY_PLUGIN}:copy`, ['trino-server-core:RELEASE:pom', 'trino-hive:RELEASE:pom', 'trino-server:RELEASE:pom']],
      [`${HELP_PLUGIN}:evaluate`, []],
      [`${DEPENDENCY_PLUGIN}:copy`, ['trino-server-core:RELEASE:pom']],
      [`${DEPENDENCY_PLUGIN}:copy`, ['trino-hive:RELEASE:pom']],
      [`${DEPENDENCY_PLUGIN}:copy`, ['trino-server:RELEASE:pom']],
      // 902 has no server, 475 is too old: only 901 and 900 are candidates.
      [`${DEPENDENCY_PLUGIN}:copy`, ['trino-root:901:pom', 'trino-root:900:pom']],
      [`${DEPENDENCY_PLUGIN}:copy`, ['trino-server-core:900:tar.gz', 'trino-hive:900:zip']],
    ]);
    expect(seen[0]!.args).toContain('-Dexpression=settings.localRepository');
  });

  it('takes the full server when Maven cannot get server-core for the release', async () => {
    const { dir } = await repository([{ version: 900, java: 17, core: true, full: true }]);
    // Listed in the metadata but not downloadable, as a partly synchronised mirror may be.
    unlinkSync(join(dir, 'io/trino/trino-server-core/900/trino-server-core-900.tar.gz'));
    const { env, calls } = fakeMvn(dir);
    const cacheDir = scratch('cache');
    const got = await ensureTrino(() => undefined, [jdk17], { cacheDir, env });
    expect(installed(got.home)).toMatchObject({ server: 'trino-server-900 900', hive: 'hive in trino-server-900' });
    expect(calls().slice(-2).map((c) => c.items.map((i) => `${i.artifactId}:${i.version}:${i.type}`))).toEqual([
      ['trino-server-core:900:tar.gz', 'trino-hive:900:zip'],
      ['trino-server:900:tar.gz'],
    ]);
  });

  it('says what Maven said when it cannot get the release at all', async () => {
    const { dir } = await repository([{ version: 900, java: 17 }]);
    unlinkSync(join(dir, 'io/trino/trino-hive/900/trino-hive-900.zip'));
    const { env } = fakeMvn(dir);
    const cacheDir = scratch('cache');
    await expect(ensureTrino(() => undefined, [jdk17], { cacheDir, env })).rejects.toThrow(/failed: .*Could not find artifact io\.trino:trino-hive:zip:900/);
    expect(existsSync(join(cacheDir, 'server-900'))).toBe(false);
  });
});

describe('Trino installation over plain HTTP, where `mvn` is missing', () => {
  const noMvn = () => ({ PATH: scratch('empty-path'), HOME: scratch('home') });

  it('downloads from AMCTL_TEST_MAVEN_REPOSITORY, says so, checks SHA-1s, and installs once', async () => {
    const { served } = await repository();
    const cacheDir = scratch('cache');
    const lines: string[] = [];
    const env = { ...noMvn(), AMCTL_TEST_MAVEN_REPOSITORY: `${served.url}/` };
    const got = await ensureTrino((s) => lines.push(s), [jdk17], { cacheDir, env });
    expect(installed(got.home)).toEqual({ server: 'trino-server-core-900 900', hive: 'trino-hive 900', marker: { home: join(cacheDir, 'server-900'), version: 900, java: 17 } });
    expect(lines[0]).toBe(`test set-up: no \`mvn\` on PATH; downloading Trino over HTTP from ${served.url} (AMCTL_TEST_MAVEN_REPOSITORY)`);
    expect(served.requests).toEqual(
      expect.arrayContaining([
        '/io/trino/trino-server-core/maven-metadata.xml',
        '/io/trino/trino-root/901/trino-root-901.pom',
        '/io/trino/trino-server-core/900/trino-server-core-900.tar.gz.sha1',
        '/io/trino/trino-server-core/900/trino-server-core-900.tar.gz',
        '/io/trino/trino-hive/900/trino-hive-900.zip',
      ]),
    );
    expect(served.requests.some((r) => r.includes('/901/trino-server-core'))).toBe(false);

    // Cached now: no line, no request.
    const before = served.requests.length;
    lines.length = 0;
    expect((await ensureTrino((s) => lines.push(s), [jdk17], { cacheDir, env })).home).toBe(got.home);
    expect(lines).toEqual([]);
    expect(served.requests).toHaveLength(before);
  });

  it('falls back to the mirror of central in ~/.m2/settings.xml, as Maven would pick it', async () => {
    const { served } = await repository([{ version: 900, java: 17, core: false, hive: false, full: true }]);
    const env = noMvn();
    mkdirSync(join(env.HOME, '.m2'));
    const settings = join(env.HOME, '.m2', 'settings.xml');
    writeFileSync(
      settings,
      `<settings><mirrors>
  <!-- <mirror><id>old</id><mirrorOf>*</mirrorOf><url>http://127.0.0.1:9/</url></mirror> -->
  <mirror><id>blocked</id><mirrorOf>*</mirrorOf><url>http://127.0.0.1:9/</url><blocked>true</blocked></mirror>
  <mirror><id>others</id><mirrorOf>*,!central</mirrorOf><url>http://127.0.0.1:9/</url></mirror>
  <mirror><id>corp</id><mirrorOf>central</mirrorOf><url>${served.url}</url></mirror>
</mirrors></settings>`,
    );
    expect(centralMirror(settings)).toEqual({ id: 'corp', url: served.url });
    const lines: string[] = [];
    const got = await ensureTrino((s) => lines.push(s), [jdk17], { cacheDir: scratch('cache'), env });
    expect(installed(got.home)).toMatchObject({ server: 'trino-server-900 900', hive: 'hive in trino-server-900' });
    expect(lines[0]).toBe(`test set-up: no \`mvn\` on PATH; downloading Trino over HTTP from ${served.url} (the mirror 'corp' of central in ${settings})`);
    expect(lines[1]).toMatch(/installing Trino 900 \(server\)/);
  });

  it('refuses a download whose SHA-1 does not match, leaving no install behind', async () => {
    const { dir, served } = await repository([{ version: 900, java: 17 }]);
    writeFileSync(join(dir, 'io/trino/trino-hive/900/trino-hive-900.zip.sha1'), '0'.repeat(40));
    const cacheDir = scratch('cache');
    await expect(ensureTrino(() => undefined, [jdk17], { cacheDir, env: { ...noMvn(), AMCTL_TEST_MAVEN_REPOSITORY: served.url } })).rejects.toThrow(
      /trino-hive-900\.zip: SHA-1 [0-9a-f]{40} does not match the repository's 0{40}/,
    );
    expect(existsSync(join(cacheDir, 'server-900'))).toBe(false);
  });

  it('says what to do when there is neither `mvn` nor a repository to download from', async () => {
    await expect(ensureTrino(() => undefined, [jdk17], { cacheDir: scratch('cache'), env: noMvn() })).rejects.toThrow(
      /no `mvn` on PATH, no AMCTL_TEST_MAVEN_REPOSITORY and no mirror of central in .*settings\.xml: install Maven .* or set AMCTL_TEST_MAVEN_REPOSITORY/,
    );
  });
});

describe('Trino installation with the real `mvn`', () => {
  const mvn = findMvn();
  /** This user's local repository, with the two pinned plugins in it, or why not. */
  function userLocalRepository(): string | Error {
    try {
      const args = ['-B', '-q', `${HELP_PLUGIN}:evaluate`, '-Dexpression=settings.localRepository', '-DforceStdout', `${DEPENDENCY_PLUGIN}:help`];
      return execFileSync(mvn!, args, { cwd: tmpdir(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).replace(/\x1b\[[0-9;]*m/g, '').trim();
    } catch (e) {
      return e as Error;
    }
  }

  it.skipIf(!mvn)('follows a settings.xml mirror, keeps what it fetched in the local repository, and installs from that cache when the mirror is gone', async (ctx) => {
    const userRepo = userLocalRepository();
    if (userRepo instanceof Error) {
      ctx.skip(`the pinned Maven plugins are not in this user's local repository and could not be fetched: ${userRepo.message}`);
      return;
    }
    // With a full server as well, Maven lists all three artifacts in one go.
    const { dir } = await repository(RELEASES.map((r) => (r.version === 900 ? { ...r, full: true } : r)));
    // The mirror serves the made-up io.trino releases, and Maven's own plugins from this user's cache.
    const served = await serveRepository([dir, userRepo]);
    servers.push(served);
    const home = scratch('home');
    // Maven's plugins come through the mirror too (about a thousand files): kept between runs in a
    // local repository of this test's own; the made-up releases are cleared from it each time.
    const localRepo = join(tmpdir(), 'amctl-test-maven-repository');
    rmSync(join(localRepo, 'io', 'trino'), { recursive: true, force: true });
    mkdirSync(join(home, '.m2'));
    writeFileSync(
      join(home, '.m2', 'settings.xml'),
      `<settings><localRepository>${localRepo}</localRepository><mirrors><mirror><id>fixture</id><mirrorOf>*</mirrorOf><url>${served.url}</url></mirror></mirrors></settings>`,
    );
    // Maven reads settings from the JVM's user.home.
    const env = { ...process.env, HOME: home, MAVEN_OPTS: `${process.env.MAVEN_OPTS ?? ''} -Duser.home=${home}`.trim() };

    const lines: string[] = [];
    const got = await ensureTrino((s) => lines.push(s), [jdk17], { cacheDir: scratch('cache'), env });
    expect(installed(got.home)).toEqual({ server: 'trino-server-core-900 900', hive: 'trino-hive 900', marker: { home: got.home, version: 900, java: 17 } });
    expect(lines[0]).toMatch(/^test set-up: resolving Trino with Maven \(/);
    expect(served.requests).toEqual(expect.arrayContaining(['/io/trino/trino-server-core/maven-metadata.xml', '/io/trino/trino-root/900/trino-root-900.pom', '/io/trino/trino-server-core/900/trino-server-core-900.tar.gz']));
    expect(existsSync(join(localRepo, 'io/trino/trino-server-core/900/trino-server-core-900.tar.gz'))).toBe(true);
    expect(existsSync(join(localRepo, 'io/trino/trino-hive/900/trino-hive-900.zip'))).toBe(true);

    // With the mirror down, the same install comes from the local repository alone.
    await served.close();
    servers.splice(servers.indexOf(served), 1);
    const again = await ensureTrino(() => undefined, [jdk17], { cacheDir: scratch('cache'), env });
    expect(installed(again.home)).toMatchObject({ server: 'trino-server-core-900 900', hive: 'trino-hive 900' });
  }, 300_000);
});
