// Typed operations for the console, generated from the gateway's SDL: `npm run console:codegen`.
// Operations are sent as strings (documentMode string), so no GraphQL parser ships to the browser.
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  documents: ['console/src/**/*.{ts,tsx}', '!console/src/gql/**'],
  ignoreNoDocuments: true,
  generates: {
    'console/src/gql/': {
      preset: 'client',
      config: { documentMode: 'string', enumsAsTypes: true, scalars: { JSON: 'unknown' }, useTypeImports: true },
      presetConfig: { fragmentMasking: false },
    },
  },
};

export default config;
