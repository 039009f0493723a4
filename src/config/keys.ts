// The keys the configuration may hold, declared by the subsystem that reads them, so a misspelt or
// misplaced key stops the start instead of being dropped (`auth.isuer` would otherwise check no
// issuer at all). Each subsystem's config.ts exports a ConfigKeys fragment for its section; the
// composition root (src/cli/compose/config-keys.ts) merges them and loadConfig checks the document.
import { ConfigError } from './validate';

/**
 * A key's shape: 'value' for a setting (a scalar, a list, or a mapping whose own keys are free, like
 * trino.session); 'teleport' for a section of Teleport's own configuration, which may share the file
 * and whose keys are Teleport's business; a nested ConfigKeys for a section amctl reads key by key.
 * A key declared as a section may also be given a scalar (reports.scheduler: false); its keys are
 * checked only when it is a mapping.
 */
export type KeySpec = 'value' | 'teleport' | ConfigKeys;
export interface ConfigKeys {
  readonly [key: string]: KeySpec;
}

/** Where a key came from, for the message: the variable that set it, else the file. */
export interface KeyOrigin {
  file?: string;
  /** Dotted key -> the AMCTL_* variable that set it. */
  sources?: ReadonlyMap<string, string>;
}

/** Deep merge of fragments; two modules may declare keys of one section, never one key two ways. */
export function mergeConfigKeys(...fragments: ConfigKeys[]): ConfigKeys {
  const merge = (a: ConfigKeys, b: ConfigKeys, at: string): ConfigKeys => {
    const out: Record<string, KeySpec> = { ...a };
    for (const [k, spec] of Object.entries(b)) {
      const prev = out[k];
      const path = at ? `${at}.${k}` : k;
      if (prev === undefined) out[k] = spec;
      else if (typeof prev === 'object' && typeof spec === 'object') out[k] = merge(prev, spec, path);
      else if (prev !== spec) throw new Error(`config key ${path} is declared twice, differently`);
    }
    return out;
  };
  return fragments.reduce((acc, f) => merge(acc, f, ''), {} as ConfigKeys);
}

/** Levenshtein distance, small strings only. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}

/** Every dotted key path the declaration knows (sections included). */
function allPaths(keys: ConfigKeys, at = ''): string[] {
  return Object.entries(keys).flatMap(([k, spec]) => {
    const path = at ? `${at}.${k}` : k;
    return typeof spec === 'object' ? [path, ...allPaths(spec, path)] : [path];
  });
}

/**
 * The closest known key to `path` (an unknown key inside the known section `at`): a sibling within
 * a third of its length in edits, else the same name anywhere (`audit_log` -> `embedded.audit_log`).
 */
export function closestKey(root: ConfigKeys, at: string, siblings: ConfigKeys, key: string): string | undefined {
  const limit = Math.max(1, Math.floor(key.length / 3));
  let best: { name: string; d: number } | undefined;
  for (const name of Object.keys(siblings)) {
    const d = distance(key, name);
    if (d <= limit && (!best || d < best.d)) best = { name, d };
  }
  if (best) return at ? `${at}.${best.name}` : best.name;
  const sameName = allPaths(root).filter((p) => p.split('.').at(-1) === key);
  if (sameName.length === 1) return sameName[0];
  // A misspelt key in the wrong place: the nearest leaf name anywhere.
  const near = allPaths(root)
    .map((p) => ({ p, d: distance(key, p.split('.').at(-1)!) }))
    .filter((c) => c.d <= limit)
    .sort((x, y) => x.d - y.d);
  return near.length && (near.length === 1 || near[0]!.d < near[1]!.d) ? near[0]!.p : undefined;
}

/** The unknown keys of `doc`, one message each: the key, where it was set, the closest known key. */
export function unknownKeys(doc: Record<string, unknown>, keys: ConfigKeys, origin: KeyOrigin = {}): string[] {
  const out: string[] = [];
  const where = (path: string) => {
    const env = origin.sources?.get(path) ?? [...(origin.sources ?? [])].find(([k]) => k.startsWith(`${path}.`))?.[1];
    return env ? `set by ${env}` : origin.file ? `in ${origin.file}` : 'in the configuration';
  };
  const walk = (node: Record<string, unknown>, spec: ConfigKeys, at: string) => {
    for (const [k, v] of Object.entries(node)) {
      const path = at ? `${at}.${k}` : k;
      const s = spec[k];
      if (s === undefined) {
        const near = closestKey(keys, at, spec, k);
        const known = Object.keys(spec).sort().join(', ');
        if (near) out.push(`${path}: did you mean ${near}? (unknown key, ${where(path)})`);
        else if (at) out.push(`${path}: unknown key (${where(path)}); ${at} takes ${known}`);
        else out.push(`${path}: unknown top-level key (${where(path)}), neither amctl's nor a Teleport section`);
      } else if (typeof s === 'object' && v !== null && typeof v === 'object' && !Array.isArray(v)) {
        walk(v as Record<string, unknown>, s, path);
      }
    }
  };
  walk(doc, keys, '');
  return out;
}

/** Throws one ConfigError listing every unknown key (one line: a refused start prints one line). */
export function rejectUnknownKeys(doc: Record<string, unknown>, keys: ConfigKeys, origin: KeyOrigin = {}): void {
  const found = unknownKeys(doc, keys, origin);
  if (found.length) throw new ConfigError(found.join('; '));
}
