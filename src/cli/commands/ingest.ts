// `amctl ingest`: load what is new in the configured audit log into the embedded engine.
import type { Command } from 'commander';
import { SingleBar, Presets } from 'cli-progress';
import { EmbeddedEngine } from '../../engine/duckdb/engine';
import { loadCatalog } from '../../catalog';
import { configFrom } from '../context';
import { existsSync } from 'node:fs';
import { importConfiguredSources } from '../../intake';
import { intakeSpoolDir } from '../../engine/intake-spool';
import { describeIngest } from '../ingest-summary';
import type { IngestProgress } from '../../engine/duckdb/ingest';

export function registerIngestCommand(program: Command): void {
  program
    .command('ingest')
    .description('load new events from the Teleport file audit log (and Parquet sources) into the embedded engine')
    .option('--quiet', 'no progress bar')
    .action(async (opts: { quiet?: boolean }, cmd: Command) => {
      const config = configFrom(cmd);
      if (config.engine !== 'embedded') throw new Error('ingest is for the embedded engine; Athena reads the audit log in place');
      // Other sources (intake.sources: CloudTrail, Okta, GitHub) go through the intake's spool first.
      const imported = await importConfiguredSources(config);
      if (imported) {
        for (const b of imported.bad.slice(0, 5)) process.stderr.write(`warning: ${b}\n`);
        process.stderr.write(`sources: ${imported.written} new record(s) from ${imported.filesRead} file(s), ${imported.duplicates} already kept, ${imported.bad.length} skipped\n`);
      }
      if (!config.auditLog && !config.parquet.length && !imported && !existsSync(intakeSpoolDir(config.dataDir))) {
        throw new Error('nothing to ingest: pass --audit-log PATH or set embedded.audit_log in the config');
      }
      const engine = await EmbeddedEngine.open(config, loadCatalog());
      const bar = process.stderr.isTTY && !opts.quiet
        ? new SingleBar({ format: 'ingest [{bar}] {percentage}% | {events} events | {bad} bad lines | {files}', hideCursor: true }, Presets.shades_classic)
        : undefined;
      let started = false;
      const onProgress = (p: IngestProgress) => {
        if (!bar) return;
        const payload = { events: p.events, bad: p.badLines, files: `${p.filesDone}/${p.filesTotal} files` };
        if (!started) {
          bar.start(Math.max(1, p.bytesTotal), p.bytesDone, payload);
          started = true;
        } else bar.update(p.bytesDone, payload);
      };
      try {
        const s = await engine.ingest(onProgress);
        if (started) {
          bar?.update(bar.getTotal());
          bar?.stop();
        }
        for (const w of s.warnings) process.stderr.write(`warning: ${w}\n`);
        if (s.badLines) {
          process.stderr.write(`${s.badLines} bad line(s) skipped; the latest:\n`);
          for (const b of await engine.recentBadLines(Math.min(5, s.badLines))) {
            process.stderr.write(`  ${b.source}:${b.lineNo ?? '?'}: ${b.reason}\n`);
          }
        }
        process.stdout.write(`${describeIngest(s)}\n`);
      } finally {
        await engine.close();
      }
    });
}
