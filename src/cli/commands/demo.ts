// `amctl demo generate`: writes a realistic Teleport file audit log for demos, tests and benchmarks.
import type { Command } from 'commander';
import { generateAuditLog } from '../../demo';

/** Parses a whole-number option, naming the option when the value is not one. */
function wholeNumber(flag: string): (value: string) => number {
  return (value: string) => {
    if (!/^\d+$/.test(value.trim())) throw new Error(`${flag} must be a whole number, got ${JSON.stringify(value)}`);
    return Number(value.trim());
  };
}

export function registerDemoCommands(parent: Command): void {
  const demo = parent.command('demo').description('demo data');
  demo
    .command('generate')
    .description('write a demo Teleport file audit log (one JSON event per line, one file per UTC day)')
    .requiredOption('--out <dir>', 'directory to write the log files into (created if missing)')
    .option('--days <n>', 'number of days, ending with --end', wholeNumber('--days'), 30)
    .option('--events <n>', 'total number of events', wholeNumber('--events'), 100_000)
    .option('--seed <n>', 'random seed: the same seed and end date give the same log', wholeNumber('--seed'), 1)
    .option('--end <YYYY-MM-DD>', 'last day of the log (UTC; default today)')
    .option('--gzip', 'gzip every day but the last (.log.gz)', false)
    .action(async (opts: { out: string; days: number; events: number; seed: number; end?: string; gzip: boolean }) => {
      const started = Date.now();
      const s = await generateAuditLog({ outDir: opts.out, days: opts.days, events: opts.events, seed: opts.seed, end: opts.end, gzip: opts.gzip });
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      process.stdout.write(
        `wrote ${s.events} events (${s.plantedEvents} planted) in ${s.files.length} ${s.files.length === 1 ? 'file' : 'files'} to ${opts.out}: ` +
          `${s.firstDay} to ${s.lastDay}, cluster ${s.clusterName}, seed ${opts.seed}, ${seconds}s\n`,
      );
    });
}
