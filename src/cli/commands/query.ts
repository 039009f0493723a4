// `amctl audit query exec`: run Trino SQL over the audit views and print tctl's JSON.
import type { Command } from 'commander';
import { formatTctlJson } from '../format';
import { openClient, parseDays, readStdin } from '../context';
import { registerSavedQueryCommands } from './saved-queries';

export function registerQueryCommands(audit: Command): void {
  const query = audit.command('query').description('run and manage audit queries');
  query
    .command('exec')
    .description('run SQL (Trino dialect) over the audit views and print the rows as JSON')
    .argument('[sql]', 'the query; read from standard input when absent')
    .option('--days <n>', 'time window in days: 7, 30, 90 or 120', '7')
    .action(async (sqlArg: string | undefined, opts: { days: string }, cmd: Command) => {
      const days = parseDays(opts.days);
      const sql = (sqlArg ?? (await readStdin())).trim();
      if (!sql) throw new Error('the SQL is empty');
      const client = await openClient(cmd);
      try {
        const result = await client.runQuery(sql, days);
        process.stdout.write(formatTctlJson(result) + '\n');
      } finally {
        await client.close();
      }
    });
  registerSavedQueryCommands(query);
}
