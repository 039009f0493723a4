// The `server:` section.
//   server:
//     listen: 127.0.0.1:8080     # host:port, :port or port
//     introspection: false       # schema introspection for clients (tools like GraphiQL want it)
//     max_body_bytes: 1048576    # request body limit (HTTP) and message limit (WebSocket)
//     max_query_depth: 12
//     max_query_cost: 1000       # 1 per field, +10 per top-level field (each may reach the engine)
//     precompile: true           # compile repeated queries (graphql-jit); false runs all on graphql-js
import type { CoreConfig } from '../config';
import type { ConfigKeys } from '../config/keys';
import { ConfigError, asObject, optionalBool, optionalInt, optionalString } from '../config/validate';

export interface ListenAddress {
  host: string;
  port: number;
}

export interface ServerConfig {
  listen: ListenAddress;
  introspection: boolean;
  maxBodyBytes: number;
  maxQueryDepth: number;
  maxQueryCost: number;
  precompile: boolean;
}

export const DEFAULT_LISTEN: ListenAddress = { host: '127.0.0.1', port: 8080 };

export function parseListen(text: string, label = 'server.listen'): ListenAddress {
  const m = /^(?:(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]*):)?(\d{1,5})$/.exec(text.trim());
  const port = m ? Number(m[2]) : NaN;
  if (!m || port > 65535) {
    throw new ConfigError(`${label} must look like host:port, :port or port (e.g. 127.0.0.1:8080), got ${JSON.stringify(text)}`);
  }
  const host = m[1] ? m[1].replace(/^\[|\]$/g, '') : DEFAULT_LISTEN.host;
  return { host, port };
}

export function parseServerConfig(config: CoreConfig): ServerConfig {
  const s = config.raw.server === undefined || config.raw.server === null ? {} : asObject(config.raw.server, 'server');
  // A bare port may come as a number (`listen: 8080` in YAML, AMCTL_LISTEN=8080).
  const listen = typeof s.listen === 'number' ? String(s.listen) : optionalString(s, 'listen', 'server.listen');
  return {
    listen: listen ? parseListen(listen) : DEFAULT_LISTEN,
    introspection: optionalBool(s, 'introspection', 'server.introspection') ?? false,
    maxBodyBytes: optionalInt(s, 'max_body_bytes', 'server.max_body_bytes', 1024) ?? 1024 * 1024,
    maxQueryDepth: optionalInt(s, 'max_query_depth', 'server.max_query_depth', 2) ?? 12,
    maxQueryCost: optionalInt(s, 'max_query_cost', 'server.max_query_cost', 10) ?? 1000,
    precompile: optionalBool(s, 'precompile', 'server.precompile') ?? true,
  };
}

export const SERVER_CONFIG_KEYS: ConfigKeys = {
  server: { listen: 'value', introspection: 'value', max_body_bytes: 'value', max_query_depth: 'value', max_query_cost: 'value', precompile: 'value' },
};
