// The `findings:` config section.
//   findings:
//     retention_days: 90     # changes kept in the feed, and resolved findings kept in the state
import type { CoreConfig } from '../../config';
import type { ConfigKeys } from '../../config/keys';
import { asObject, optionalInt } from '../../config/validate';

export interface FindingsConfig {
  retentionMs: number;
}

export const FINDINGS_CONFIG_KEYS: ConfigKeys = { findings: { retention_days: 'value' } };

export function parseFindingsConfig(core: Pick<CoreConfig, 'raw'>): FindingsConfig {
  const f = core.raw.findings === undefined || core.raw.findings === null ? {} : asObject(core.raw.findings, 'findings');
  const days = optionalInt(f, 'retention_days', 'findings.retention_days', 1) ?? 90;
  return { retentionMs: days * 86_400_000 };
}
