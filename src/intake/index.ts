// The intake: events pushed to the gateway (teleport-event-handler's Fluentd output, NDJSON POSTs),
// kept durably, each once, in a spool the embedded engine reads like a file audit log.
import { loadCatalog, type Catalog } from '../catalog';
import type { CoreConfig } from '../config';
import { intakeSpoolDir } from '../engine/intake-spool';
import { parseIntakeConfig, type IntakeConfig } from './config';
import { startFluentdListener, type FluentdListener } from './fluentd-server';
import { IntakeService } from './service';
import { Spool, type SpoolOptions } from './spool';
import { SourceImporter, type ImportSummary } from './sources/import';
import { dirname } from 'node:path';

export { parseIntakeConfig, INTAKE_KEYS, FLUENTD_KEYS, SOURCES_KEYS, type IntakeConfig } from './config';
export type { ImportSummary } from './sources/import';
export { IntakeService } from './service';
export { IntakeInputError } from './events';

/** services.extensions key under which the gateway finds the running intake (POST /v1/intake/teleport). */
export const INTAKE_EXTENSION = 'intake';

export interface IntakeRuntime {
  config: IntakeConfig;
  service: IntakeService;
  spool: Spool;
  fluentd?: FluentdListener;
  /** Imports what is new in intake.sources (undefined when none is configured). */
  importSources?: () => Promise<ImportSummary>;
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
  const hasSources = Object.keys(cfg.sources).length > 0;
  if (!cfg.fluentd && !cfg.http && !hasSources) return undefined;
  const spool = await Spool.open(intakeSpoolDir(config.dataDir), opts.spool);
  const service = new IntakeService(spool, opts.catalog ?? loadCatalog(), cfg.sessionEvents, opts.onWritten);
  let fluentd: FluentdListener | undefined;
  try {
    if (cfg.fluentd) fluentd = await startFluentdListener(cfg.fluentd, service, { maxBodyBytes: cfg.maxBodyBytes, onError: opts.onError });
  } catch (e) {
    await spool.close();
    throw e;
  }
  const importer = hasSources ? new SourceImporter(cfg.sources, spool, dirname(spool.dir), cfg.identities) : undefined;
  return {
    config: cfg,
    service,
    spool,
    fluentd,
    importSources: importer
      ? async () => {
          const r = await importer.importNew();
          if (r.written) opts.onWritten?.();
          return r;
        }
      : undefined,
    async stop() {
      await fluentd?.close();
      await spool.close();
    },
  };
}

/** For `amctl ingest`: imports intake.sources into the spool without starting any listener. */
export async function importConfiguredSources(config: CoreConfig): Promise<ImportSummary | undefined> {
  const cfg = parseIntakeConfig(config);
  if (!Object.keys(cfg.sources).length) return undefined;
  const spool = await Spool.open(intakeSpoolDir(config.dataDir));
  try {
    return await new SourceImporter(cfg.sources, spool, dirname(spool.dir), cfg.identities).importNew();
  } finally {
    await spool.close();
  }
}
