// The test set-up's Trino installation: which JDK it picks, and the reasons it gives when it cannot
// run Trino, before anything is downloaded.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureTrino, findJdks } from '../support/trino/install';

describe('Trino installation for the tests', () => {
  it('finds this machine\'s JDKs, newest first, each with its java binary', () => {
    const jdks = findJdks();
    expect(jdks.length).toBeGreaterThan(0);
    for (const j of jdks) expect(existsSync(j.java)).toBe(true);
    expect(jdks.map((j) => j.major)).toEqual([...jdks.map((j) => j.major)].sort((a, b) => b - a));
  });

  it('fails with the reason when there is no JDK', async () => {
    await expect(ensureTrino(() => undefined, [])).rejects.toThrow(/Trino needs a JDK .* none was found/);
  });

  it('fails with the reason when the only JDK is too old for every release it may use', async () => {
    const old = { home: '/opt/jdk-11', java: join('/opt/jdk-11', 'bin', 'java'), major: 11 };
    await expect(ensureTrino(() => undefined, [old])).rejects.toThrow(/runs on the newest JDK found \(Java 11 at \/opt\/jdk-11\).*needs Java 2\d.*Install a newer JDK/);
  });
});
