// amctl: the CLI entry. Commands live one group per module under ./commands; each registers itself.
import 'reflect-metadata';
import { Command, CommanderError } from 'commander';
import { formatCliError } from './errors';
import { registerQueryCommands } from './commands/query';
import { registerSchemaCommand } from './commands/schema';
import { registerIngestCommand } from './commands/ingest';
import { registerDemoCommands } from './commands/demo';
import { registerServeCommand } from './commands/serve';
import { registerTokenCommand } from './commands/token';
import { registerReportCommands } from './commands/report';

export function buildProgram(): Command {
  const program = new Command('amctl')
    .description('Access Monitoring: query and analyse a Teleport cluster audit log')
    .option('-c, --config <file>', 'config file (default: $AMCTL_CONFIG, then ./amctl.yaml)')
    .option('--audit-log <path>', 'Teleport file audit log (directory or file) for the embedded engine')
    .option('--data-dir <dir>', 'where the embedded engine keeps its database and state')
    .option('--server <url>', 'run through a gateway at this URL instead of locally')
    .option('--token <jwt>', 'bearer token for --server (default: $AMCTL_TOKEN)')
    .showHelpAfterError()
    .exitOverride();
  const audit = program.command('audit').description('audit queries, schema and reports (tctl audit compatible)');
  registerQueryCommands(audit);
  registerSchemaCommand(audit);
  registerReportCommands(audit);
  registerIngestCommand(program);
  registerDemoCommands(program);
  registerServeCommand(program);
  registerTokenCommand(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      // commander already printed help or its own message
      return e.exitCode === 0 ? 0 : 2;
    }
    process.stderr.write(`amctl: ${formatCliError(e)}\n`);
    if (process.env.AMCTL_DEBUG) process.stderr.write(`${(e as Error)?.stack ?? e}\n`);
    return 1;
  }
}

const code = await main(process.argv.slice(2));
// Let stdout drain before exit; pending handles (servers) keep the process alive on their own.
if (code !== 0) process.exitCode = code;
