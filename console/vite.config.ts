// The web console's build: a single-page app (index.html) and the GraphQL IDE (graphiql.html), output
// to console/dist, which `amctl serve` serves at / on the same origin as /graphql.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  root: here('.'),
  base: '/',
  plugins: [react()],
  build: {
    outDir: here('dist'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // The GraphQL IDE's editor (Monaco) is one large chunk; it loads only at /graphiql.
    chunkSizeWarningLimit: 3000,
    rolldownOptions: {
      input: { index: here('index.html'), graphiql: here('graphiql.html') },
      checks: { pluginTimings: false },
      // GraphiQL's dependencies carry "use no memo" directives meant for the React compiler: harmless here.
      onLog(level, log, handler) {
        if (log.code === 'MODULE_LEVEL_DIRECTIVE') return;
        handler(level, log);
      },
    },
  },
  server: {
    // `npm run console:dev`: the API of a gateway started with `npm start`.
    proxy: { '/graphql': { target: 'http://127.0.0.1:8080', ws: true }, '/console': 'http://127.0.0.1:8080' },
  },
});
