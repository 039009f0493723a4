// Every key the configuration may hold: one fragment per subsystem, each declared in that subsystem's
// config.ts beside the parser that reads it. A new section (or key) is declared there and its
// fragment listed here; loadConfig (via src/cli/context.ts) then accepts it and rejects the rest.
import { ATHENA_CONFIG_KEYS } from '../../athena/config';
import { AUTH_CONFIG_KEYS } from '../../auth/config';
import { CLUSTER_CONFIG_KEYS } from '../../cluster/config';
import { CORE_CONFIG_KEYS } from '../../config';
import { mergeConfigKeys } from '../../config/keys';
import { REPORTS_CONFIG_KEYS } from '../../reports/config';
import { FINDINGS_CONFIG_KEYS } from '../../reports/findings/config';
import { DETECTIONS_CONFIG_KEYS } from '../../reports/rules/config';
import { INTAKE_CONFIG_KEYS } from '../../intake/config';
import { SERVER_CONFIG_KEYS } from '../../server/config';
import { API_CONFIG_KEYS } from '../../server/v1/config';
import { STORE_CONFIG_KEYS } from '../../store/config';
import { TRINO_CONFIG_KEYS } from '../../trino/config';

export const CONFIG_KEYS = mergeConfigKeys(
  CORE_CONFIG_KEYS,
  AUTH_CONFIG_KEYS,
  SERVER_CONFIG_KEYS,
  API_CONFIG_KEYS,
  STORE_CONFIG_KEYS,
  REPORTS_CONFIG_KEYS,
  FINDINGS_CONFIG_KEYS,
  DETECTIONS_CONFIG_KEYS,
  INTAKE_CONFIG_KEYS,
  CLUSTER_CONFIG_KEYS,
  ATHENA_CONFIG_KEYS,
  TRINO_CONFIG_KEYS,
);
