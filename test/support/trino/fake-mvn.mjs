// A stand-in for `mvn` for the install tests' call-order checks (test/trino/install-maven.test.ts):
// appends each call (its arguments and the artifacts of the generated POM) to $FAKE_MVN_LOG as a JSON
// line, and answers the two goals the set-up uses from the Maven-layout folder $FAKE_MVN_REPO, with
// $FAKE_MVN_LOCAL as its local repository: help:evaluate prints that path (settings.localRepository); dependency:copy copies the
// POM's artifactItems (RELEASE read from maven-metadata.xml, which it keeps in the local repository
// as Maven does) into the POM's outputDirectory, failing like Maven on a missing artifact.
import { appendFileSync, copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const args = process.argv.slice(2);
const { FAKE_MVN_LOG: log, FAKE_MVN_REPO: repo, FAKE_MVN_LOCAL: local } = process.env;
const pom = args.includes('-f') ? readFileSync(args[args.indexOf('-f') + 1], 'utf8') : '';
const items = [...pom.matchAll(/<artifactItem><groupId>([^<]*)<\/groupId><artifactId>([^<]*)<\/artifactId><version>([^<]*)<\/version><type>([^<]*)<\/type><\/artifactItem>/g)].map(
  ([, groupId, artifactId, version, type]) => ({ groupId, artifactId, version, type }),
);
appendFileSync(log, `${JSON.stringify({ args, items })}\n`);

const fail = (msg) => {
  process.stdout.write(`[ERROR] Failed to execute goal: ${msg} -> [Help 1]\n`);
  process.exit(1);
};

const goals = args.filter((a) => !a.startsWith('-') && a.includes(':'));
const unknown = goals.filter((g) => !g.endsWith(':evaluate') && !g.endsWith(':copy'));
if (unknown.length) fail(`this stand-in knows only help:evaluate and dependency:copy, not ${unknown.join(' ')}`);
// Maven runs the goals in order and stops at the first that fails, so evaluate's output comes first.
if (goals.some((g) => g.endsWith(':evaluate'))) process.stdout.write(local);
if (!goals.some((g) => g.endsWith(':copy'))) process.exit(0);
const out = /<outputDirectory>([^<]*)<\/outputDirectory>/.exec(pom)?.[1];
for (const { groupId, artifactId, type, version: asked } of items) {
  let version = asked;
  const dir = join(repo, ...groupId.split('.'), artifactId);
  if (version === 'RELEASE') {
    const meta = join(dir, 'maven-metadata.xml');
    if (!existsSync(meta)) fail(`Could not resolve version for ${groupId}:${artifactId}:${type}:RELEASE`);
    const keep = join(local, ...groupId.split('.'), artifactId);
    mkdirSync(keep, { recursive: true });
    copyFileSync(meta, join(keep, 'maven-metadata-fixture.xml'));
    version = /<release>([^<]*)<\/release>/.exec(readFileSync(meta, 'utf8'))[1];
  }
  const file = join(dir, version, `${artifactId}-${version}.${type}`);
  if (!existsSync(file)) fail(`Could not find artifact ${groupId}:${artifactId}:${type}:${version} in fixture`);
  mkdirSync(out, { recursive: true });
  copyFileSync(file, join(out, `${artifactId}-${version}.${type}`));
}
