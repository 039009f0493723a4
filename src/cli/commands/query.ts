// `amctl audit query exec`: run Trino SQL over the audit views and print tctl's JSON; `examples`: the
// documented queries to start from.
import type { Command } from 'commander';
import { stringify as stringifyYaml } from 'yaml';
import { exampleQueries } from '../../catalog/examples';
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
  query
    .command('examples')
    .description('list the documented example queries (with --sql ID, print one to pipe into exec)')
    .option('--sql <id>', 'print the SQL of one example, e.g. example-1 or report-3')
    .option('--format <format>', 'text, yaml or json', 'text')
    .action(async (opts: { sql?: string; format: string }) => {
      const all = exampleQueries();
      if (opts.sql) {
        const q = all.find((e) => e.id === opts.sql);
        if (!q) throw new Error(`no example ${JSON.stringify(opts.sql)}: the examples are ${all.map((e) => e.id).join(', ')}`);
        process.stdout.write(`${q.sql}\n`);
        return;
      }
      if (opts.format === 'json') process.stdout.write(JSON.stringify(all, null, 2) + '\n');
      else if (opts.format === 'yaml') process.stdout.write(stringifyYaml(all));
      else if (opts.format === 'text') process.stdout.write(all.map((e) => `${e.id.padEnd(10)} ${e.title}`).join('\n') + '\n');
      else throw new Error(`--format must be text, yaml or json, got ${JSON.stringify(opts.format)}`);
    });
  registerSavedQueryCommands(query);
}
