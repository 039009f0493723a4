// Configuration from the environment, as container deployments set it. Every key of the YAML file can
// be set as AMCTL_<PATH>, the path's levels joined by a double underscore (`AMCTL_SERVER__LISTEN`,
// `AMCTL_EMBEDDED__LIMITS__MEMORY`, `AMCTL_AUTH__ISSUER`); top-level keys are plain
// (`AMCTL_ENGINE`, `AMCTL_DATA_DIR`). Short names for the common ones: AMCTL_AUDIT_LOG
// (embedded.audit_log) and AMCTL_LISTEN (server.listen). Values are read as YAML scalars or flow
// collections (`30`, `true`, `[a, b]`), so types match the file's. Order: flag > env > file > default.
import { isAbsolute, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ConfigError } from './validate';

const ALIASES: Record<string, string[]> = {
  AMCTL_DATA_DIR: ['data_dir'],
  AMCTL_AUDIT_LOG: ['embedded', 'audit_log'],
  AMCTL_LISTEN: ['server', 'listen'],
  AMCTL_ENGINE: ['engine'],
};

/**
 * AMCTL_ variables that are not configuration keys: the CLI's own, the log level (read by the
 * logger), the example scripts' (AMCTL_URL, AMCTL_TOKEN_FILE) and the test set-up's (AMCTL_TEST_*,
 * AMCTL_CHROMIUM). Every other AMCTL_ variable names a key and is checked like the file's keys.
 */
const NOT_CONFIG = new Set(['AMCTL_CONFIG', 'AMCTL_TOKEN', 'AMCTL_DEBUG', 'AMCTL_SERVER', 'AMCTL_LOG_LEVEL', 'AMCTL_URL', 'AMCTL_TOKEN_FILE', 'AMCTL_CHROMIUM']);
const NOT_CONFIG_PREFIX = 'AMCTL_TEST_';

/** Keys holding paths: a relative path from the environment is relative to the working directory. */
const PATH_KEYS = new Set(['data_dir', 'embedded.audit_log', 'auth.jwks_file', 'auth.roles_file', 'auth.dev_key_file', 'store.location']);

export interface EnvOverlay {
  /** The file's document with the environment's keys set over it. */
  raw: Record<string, unknown>;
  /** Dotted key -> the variable that set it, for error messages. */
  sources: Map<string, string>;
}

function keyPath(name: string): string[] | undefined {
  if (ALIASES[name]) return ALIASES[name];
  if (NOT_CONFIG.has(name) || name.startsWith(NOT_CONFIG_PREFIX) || !name.startsWith('AMCTL_')) return undefined;
  const rest = name.slice('AMCTL_'.length);
  if (!/^[A-Z0-9_]+$/.test(rest)) return undefined;
  const parts = rest.split('__').map((p) => p.toLowerCase());
  return parts.every((p) => /^[a-z0-9][a-z0-9_]*$/.test(p)) ? parts : undefined;
}

function valueOf(name: string, text: string): unknown {
  try {
    const v = parseYaml(text);
    return v === null ? text : v;
  } catch (e) {
    throw new ConfigError(`${name} is not a valid value: ${(e as Error).message}`);
  }
}

export function overlayEnv(file: Record<string, unknown>, env: NodeJS.ProcessEnv, cwd: string): EnvOverlay {
  const raw = structuredClone(file);
  const sources = new Map<string, string>();
  // Aliases first, so an explicit AMCTL_SERVER__LISTEN wins over AMCTL_LISTEN.
  const names = Object.keys(env)
    .filter((n) => n.startsWith('AMCTL_') && env[n] !== undefined && env[n] !== '')
    .sort((a, b) => Number(!ALIASES[a]) - Number(!ALIASES[b]) || a.localeCompare(b));
  for (const name of names) {
    const path = keyPath(name);
    if (!path) continue;
    const dotted = path.join('.');
    let value = valueOf(name, env[name]!);
    if (PATH_KEYS.has(dotted) && typeof value === 'string' && !value.includes('://') && !isAbsolute(value)) value = resolve(cwd, value);
    let node = raw;
    for (const [i, key] of path.slice(0, -1).entries()) {
      const next = node[key];
      if (next === undefined || next === null) node[key] = {};
      else if (typeof next !== 'object' || Array.isArray(next)) {
        throw new ConfigError(`${name} sets ${dotted}, but ${path.slice(0, i + 1).join('.')} is not a section in the config file`);
      }
      node = node[key] as Record<string, unknown>;
    }
    node[path.at(-1)!] = value;
    sources.set(dotted, name);
  }
  return { raw, sources };
}

/** Adds "(from AMCTL_X)" to a config error about a key the environment set. */
export function attributeToEnv(e: unknown, sources: Map<string, string>): unknown {
  if (!(e instanceof ConfigError)) return e;
  for (const [key, name] of sources) {
    if (e.message.startsWith(`${key} `) || e.message.includes(` ${key} `)) return new ConfigError(`${e.message} (from ${name})`);
  }
  return e;
}
