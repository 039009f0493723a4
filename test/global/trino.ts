// Test set-up: one real Trino for the whole run (the oracle of the dialect tests, the back end of the
// Athena stand-in and of `engine: trino`). Installation (test/support/trino/install.ts: once, cached
// under .cache/trino/) and start-up run in the background, so test files that do not need Trino do not
// wait for it; the ones that do wait in test/support/trino/index.ts and fail with the reason when it
// could not start. AMCTL_TEST_TRINO_URL points the tests at a Trino that is already running instead.
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { ensureTrino } from '../support/trino/install';
import { freePort, startTrino, type RunningTrino } from '../support/trino/server';

declare module 'vitest' {
  export interface ProvidedContext {
    trinoUrl: string;
    /** JSON {state: 'starting' | 'ready' | 'failed', reason?, version?} written as the start-up goes. */
    trinoStateFile: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const stateFile = join(tmpdir(), `amctl-trino-state-${process.pid}.json`);
  const state = (s: Record<string, unknown>) => writeFileSync(stateFile, JSON.stringify(s));
  project.provide('trinoStateFile', stateFile);
  const external = process.env.AMCTL_TEST_TRINO_URL;
  if (external) {
    project.provide('trinoUrl', external.replace(/\/$/, ''));
    state({ state: 'ready', external: true });
    return async () => undefined;
  }
  const port = await freePort();
  project.provide('trinoUrl', `http://127.0.0.1:${port}`);
  state({ state: 'starting' });
  let spawning: Promise<RunningTrino> | undefined;
  let tornDown = false;
  void (async () => {
    const install = await ensureTrino();
    if (tornDown) return;
    spawning = startTrino(install, { port });
    const server = await spawning;
    await server.ready;
    state({ state: 'ready', version: install.version, java: install.jdk.major, tls: server.tls });
  })().catch((e: Error) => state({ state: 'failed', reason: e.message }));
  return async () => {
    // Runs that needed no Trino end without waiting for it to finish starting. An interrupted download
    // or unpacking is redone next time (both go through temporary names).
    tornDown = true;
    const server = await spawning?.catch(() => undefined);
    await server?.stop();
  };
}
