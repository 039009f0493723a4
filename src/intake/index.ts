// The intake: events pushed to the gateway (teleport-event-handler's Fluentd output, NDJSON POSTs),
// kept durably, each once: in a spool the embedded engine reads like a file audit log, or, on the
// Athena engine, in the store the composition root hands in (Parquet under the table's prefix).
import { loadCatalog, type Catalog } from '../catalog';
import type { CoreConfig } from '../config';
import { intakeSpoolDir } from '../engine/intake-spool';
import { parseIntakeConfig, type IntakeConfig } from './config';
import { startFluentdListener, type FluentdListener } from './fluentd-server';
import { IntakeService } from './service';
import { Spool, type SpoolOptions } from './spool';
import type { EventStore } from './store';
import { ConfigError } from '../config/validate';
import { SourceImporter, type ImportSummary } from './sources/import';
import { dirname } from 'node:path';

export { parseIntakeConfig, INTAKE_KEYS, FLUENTD_KEYS, SOURCES_KEYS, type IntakeConfig } from './config';
export type { ImportSummary } from './sources/import';
export { IntakeService } from './service';
export { IntakeInputError } from './events';
export type { EventStore, AppendResult } from './store';
export { S3ParquetStore, type S3Location, type S3ParquetStoreOptions } from './s3-parquet-store';

/** services.extensions key under which the gateway finds the running intake (POST /v1/intake/teleport). */
export const INTAKE_EXTENSION = 'intake';

export interface IntakeRuntime {
  config: IntakeConfig;
  service: IntakeService;
  /** Where received events are kept: the spool, or the store handed in. */
  store: EventStore;
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
  /** Keep events here instead of the local spool (the Athena engine's Parquet under its prefix). */
  store?: EventStore;
}

/** Starts what `intake:` configures; undefined when nothing is. */
export async function startIntake(config: CoreConfig, opts: StartIntakeOptions = {}): Promise<IntakeRuntime | undefined> {
  const cfg = parseIntakeConfig(config);
  const hasSources = Object.keys(cfg.sources).length > 0;
  if (!cfg.fluentd && !cfg.http && !hasSources) return undefined;
  if (opts.store && hasSources) {
    // CloudTrail, Okta and GitHub exports become views of the embedded engine; on Athena their own tables are the source.
    throw new ConfigError('intake.sources needs the embedded engine; on Athena query the sources\' own tables, or remove intake.sources');
  }
  const spool = opts.store ? undefined : await Spool.open(intakeSpoolDir(config.dataDir), opts.spool);
  const store: EventStore = opts.store ?? spool!;
  const service = new IntakeService(store, opts.catalog ?? loadCatalog(), cfg.sessionEvents, opts.onWritten);
  let fluentd: FluentdListener | undefined;
  try {
    if (cfg.fluentd) fluentd = await startFluentdListener(cfg.fluentd, service, { maxBodyBytes: cfg.maxBodyBytes, onError: opts.onError });
  } catch (e) {
    await store.close();
    throw e;
  }
  const importer = hasSources && spool ? new SourceImporter(cfg.sources, spool, dirname(spool.dir), cfg.identities) : undefined;
  return {
    config: cfg,
    service,
    store,
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
      await store.close();
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
