// GraphiQL for frontend and automation developers, bundled (no CDN), at /graphiql where introspection
// is on. Requests carry the console's token (also shown in the Headers tab); behind Teleport the proxy
// adds its own header and none is needed. Subscriptions go over graphql-ws on the same path.
import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import { createClient } from 'graphql-ws';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

const token = sessionStorage.getItem('amctl.token');
// One spelling for the fetcher and the Headers tab, so the two merge instead of doubling the header.
const auth = token ? { Authorization: `Bearer ${token}` } : undefined;

const fetcher = createGraphiQLFetcher({
  url: '/graphql',
  headers: auth, // the schema's introspection request does not carry the Headers tab
  wsClient: createClient({ url: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`, lazy: true, connectionParams: auth }),
});

const DEFAULT_QUERY = `# Ctrl+Enter runs the operation; the Docs panel lists every type.
query Me {
  viewer {
    user
    roles
    permissions { resource verbs }
  }
  auditViews { name }
}
`;

createRoot(document.getElementById('graphiql')!).render(
  <StrictMode>
    <GraphiQL fetcher={fetcher} defaultQuery={DEFAULT_QUERY} initialHeaders={auth ? JSON.stringify(auth, null, 2) : undefined} />
  </StrictMode>,
);
