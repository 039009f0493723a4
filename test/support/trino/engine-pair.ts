// Trino (engine: trino) and the embedded engine over the same generated audit log: the log as Parquet
// in Teleport's Athena layout, in a catalog of its own on the set-up's Trino, and as JSON lines for the
// embedded engine. For the tests that compare the two engines.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCoreConfig, type CoreConfig } from '../../../src/config';
import { generateAuditLog } from '../../../src/demo';
import { createEngine } from '../../../src/cli/compose/engine';
import type { QueryEngine } from '../../../src/engine/types';
import { writeAthenaParquet } from '../athena-stub/parquet';
import { createAuditCatalog, trinoUrl, type AuditCatalog } from './index';

export interface EnginePair {
  url: string;
  table: AuditCatalog;
  trinoConfig: CoreConfig;
  trino: QueryEngine;
  embedded: QueryEngine;
  close(): Promise<void>;
}

export async function openEnginePair(opts: { days: number; events: number; seed: number; trino?: Record<string, unknown> }): Promise<EnginePair> {
  const url = await trinoUrl();
  const dir = mkdtempSync(join(tmpdir(), 'amctl-engine-pair-'));
  await generateAuditLog({ outDir: join(dir, 'log'), days: opts.days, events: opts.events, seed: opts.seed });
  await writeAthenaParquet(join(dir, 'log'), join(dir, 'parquet'));
  const table = await createAuditCatalog(url, join(dir, 'parquet'));
  const trinoConfig = parseCoreConfig(
    { engine: 'trino', trino: { server: url, catalog: table.catalog, schema: table.schema, table: table.table, ...opts.trino } },
    { dataDir: join(dir, 'trino-data'), cwd: dir },
  );
  const trino = await createEngine(trinoConfig);
  const embedded = await createEngine(parseCoreConfig({ engine: 'embedded', embedded: { audit_log: join(dir, 'log') } }, { dataDir: join(dir, 'embedded'), cwd: dir }));
  return {
    url,
    table,
    trinoConfig,
    trino,
    embedded,
    async close() {
      await trino.close();
      await embedded.close();
      await table.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
