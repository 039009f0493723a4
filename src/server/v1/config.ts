// The `api:` section: the plain HTTP API under /v1 and what automation clients need.
//   api:
//     public_url: https://amctl.example.com   # base of signed export links (default: the request's Host)
//     export_url_ttl_seconds: 900             # how long a signed export link works
import type { CoreConfig } from '../../config';
import type { ConfigKeys } from '../../config/keys';
import { asObject, ConfigError, optionalInt, optionalString } from '../../config/validate';
import { DEFAULT_EXPORT_URL_TTL_SECONDS } from '../../exports/signed-url';

export interface ApiConfig {
  publicUrl?: string;
  exportUrlTtlSeconds: number;
}

/** The `api:` section, with trusted_documents (read by src/server/trusted-documents.ts). */
export const API_CONFIG_KEYS: ConfigKeys = {
  api: { public_url: 'value', export_url_ttl_seconds: 'value', trusted_documents: { manifest: 'value', require_for_roles: 'value' } },
};

export function apiSection(raw: Record<string, unknown>): Record<string, unknown> {
  return raw.api === undefined || raw.api === null ? {} : asObject(raw.api, 'api');
}

export function parseApiConfig(core: Pick<CoreConfig, 'raw'>): ApiConfig {
  const a = apiSection(core.raw);
  const publicUrl = optionalString(a, 'public_url', 'api.public_url');
  if (publicUrl !== undefined && !/^https?:\/\/[^/\s]+(\/[^\s]*)?$/.test(publicUrl)) {
    throw new ConfigError(`api.public_url must be an http(s) URL like https://amctl.example.com, got ${JSON.stringify(publicUrl)}`);
  }
  const ttl = optionalInt(a, 'export_url_ttl_seconds', 'api.export_url_ttl_seconds', 1) ?? DEFAULT_EXPORT_URL_TTL_SECONDS;
  if (ttl > 7 * 24 * 3600) throw new ConfigError(`api.export_url_ttl_seconds must be at most 604800 (7 days), got ${ttl}`);
  return { publicUrl: publicUrl?.replace(/\/+$/, ''), exportUrlTtlSeconds: ttl };
}
