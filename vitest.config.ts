import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

// graphql ships CJS (main) and ESM (module) builds; Node, and so Apollo and type-graphql, load the CJS
// one. Point our own sources at the same file, or schema objects would come from two realms.
const graphqlCjs = createRequire(import.meta.url).resolve('graphql');

export default defineConfig({
  resolve: { alias: [{ find: /^graphql$/, replacement: graphqlCjs }] },
  test: {
    include: ['test/**/*.test.ts'],
    // DuckDB, HTTP servers and moto_server are real: give integration tests room, run files in forks.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Provisioning of what the tests need that npm does not install (each checks before it acts).
    globalSetup: ['test/global/moto.ts', 'test/global/trino.ts', 'test/global/chromium.ts', 'test/global/console.ts'],
    setupFiles: ['test/setup.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
});
