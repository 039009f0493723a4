// The `detections:` config section (the rule library; saved-query detections need no config).
//   detections:
//     dir: ./detections        # the team's rules (same format as the built-in ones) and overrides.yaml
//     builtin: true            # load the rules that ship with the product
//     initial_lookback: 7d     # how far back a rule's first run reads
//     enabled: true            # false: the background service runs no rules
import { resolve, dirname } from 'node:path';
import type { CoreConfig } from '../../config';
import { asObject, ConfigError, optionalBool, optionalString } from '../../config/validate';
import { parseDuration } from './duration';
import type { ConfigKeys } from '../../config/keys';

export interface RulesConfig {
  dir?: string;
  builtin: boolean;
  initialLookbackMs: number;
  enabled: boolean;
}

const KEYS = ['dir', 'builtin', 'initial_lookback', 'enabled'];

export const DETECTIONS_CONFIG_KEYS: ConfigKeys = { detections: Object.fromEntries(KEYS.map((k) => [k, 'value' as const])) };

export function parseRulesConfig(core: Pick<CoreConfig, 'raw' | 'file'>): RulesConfig {
  const raw = core.raw.detections;
  const d = raw === undefined || raw === null ? {} : asObject(raw, 'detections');
  const bad = Object.keys(d).filter((k) => !KEYS.includes(k));
  if (bad.length) throw new ConfigError(`detections.${bad[0]} is not a known key (known: ${KEYS.join(', ')})`);
  const dir = optionalString(d, 'dir', 'detections.dir');
  const lookback = d.initial_lookback === undefined ? 7 * 86_400_000 : parseDuration(d.initial_lookback);
  if (lookback === undefined || lookback <= 0 || lookback > 120 * 86_400_000) {
    throw new ConfigError(`detections.initial_lookback must be a duration up to 120d like 7d or 12h, got ${JSON.stringify(d.initial_lookback)}`);
  }
  return {
    ...(dir ? { dir: resolve(core.file ? dirname(core.file) : process.cwd(), dir) } : {}),
    builtin: optionalBool(d, 'builtin', 'detections.builtin') ?? true,
    initialLookbackMs: lookback,
    enabled: optionalBool(d, 'enabled', 'detections.enabled') ?? true,
  };
}
