// The intake: events pushed to the gateway (teleport-event-handler's Fluentd output, NDJSON POSTs),
// kept durably, each once, in a spool the embedded engine reads like a file audit log.
import { loadCatalog, type Catalog } from '../catalog';
import type { CoreConfig } from '../config';
import { intakeSpoolDir } from '../engine/intake-spool';
import { parseIntakeConfig, type IntakeConfig } from './config';
import { startFluentdListener, type FluentdListener } from './fluentd-server';
import { IntakeService } from './service';
import { Spool, type SpoolOptions } from './spool';

export { parseIntakeConfig, INTAKE_KEYS, FLUENTD_KEYS, type IntakeConfig } from './config';
export { IntakeService } from './service';
export { IntakeInputError } from './events';

/** services.extensions key under which the gateway finds the running intake (POST /v1/intake/teleport). */
export const INTAKE_EXTENSION = 'intake';

export interface IntakeRuntime {
  config: IntakeConfig;
  service: IntakeService;
  spool: Spool;
  fluentd?: FluentdListener;
  stop(): Promise<void>;
}

export interface StartIntakeOptions {
  catalog?: Catalog;
  /** New lines are durable (the embedded engine ingests them). */
  onWritten?: () => void;
  onError?: (message: string, err?: unknown) => void;
  spool?: SpoolOptions;
}

/** Starts what `intake:` configures; undefined when nothing is. */
export async function startIntake(config: CoreConfig, opts: StartIntakeOptions = {}): Promise<IntakeRuntime | undefined> {
  const cfg = parseIntakeConfig(config);
  if (!cfg.fluentd && !cfg.http) return undefined;
  const spool = await Spool.open(intakeSpoolDir(config.dataDir), opts.spool);
  const service = new IntakeService(spool, opts.catalog ?? loadCatalog(), cfg.sessionEvents, opts.onWritten);
  let fluentd: FluentdListener | undefined;
  try {
    if (cfg.fluentd) fluentd = await startFluentdListener(cfg.fluentd, service, { maxBodyBytes: cfg.maxBodyBytes, onError: opts.onError });
  } catch (e) {
    await spool.close();
    throw e;
  }
  return {
    config: cfg,
    service,
    spool,
    fluentd,
    async stop() {
      await fluentd?.close();
      await spool.close();
    },
  };
}
