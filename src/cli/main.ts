// amctl: the CLI entry. Commands live one group per module under ./commands. Only the module of the
// command being run is loaded (the gateway and AWS modules take seconds to load); the others stand
// in as one-line entries, so help still lists every command.
import 'reflect-metadata';
import { Command, CommanderError } from 'commander';
import { formatCliError } from './errors';

// Libraries read NODE_ENV as they load (graphql-js checks every instanceof twice outside production,
// express keeps its development behaviour). amctl is the product, so it runs as production unless
// told otherwise; the command modules, which load those libraries, are imported after this line.
process.env.NODE_ENV ??= 'production';
// On Node < 22 the AWS SDK warns at every start that its releases after the first week of January 2027
// will need Node 22. The SDK that runs is the one package-lock.json pins, which supports this Node, so
// the notice is for whoever updates the lock (the README says so). The SDK's documented switch turns
// off that one notice only; a value the user set is kept, and every other warning still shows.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

type Register = (parent: Command) => void;

interface Group {
  /** Command names the module registers under its parent. */
  names: string[];
  description: string;
  load: () => Promise<Register>;
}

const TOP: Group[] = [
  { names: ['ingest'], description: 'load new events from the Teleport file audit log into the embedded engine', load: async () => (await import('./commands/ingest')).registerIngestCommand },
  { names: ['demo'], description: 'demo data: generate a realistic Teleport file audit log', load: async () => (await import('./commands/demo')).registerDemoCommands },
  { names: ['serve'], description: 'run the GraphQL gateway', load: async () => (await import('./commands/serve')).registerServeCommand },
  { names: ['token'], description: 'print a development token signed with the local dev key', load: async () => (await import('./commands/token')).registerTokenCommand },
];

const AUDIT: Group[] = [
  { names: ['query'], description: 'run and manage audit queries', load: async () => (await import('./commands/query')).registerQueryCommands },
  { names: ['schema'], description: 'list the audit views and their columns', load: async () => (await import('./commands/schema')).registerSchemaCommand },
  { names: ['report', 'detection'], description: 'security reports, and detections (response actions)', load: async () => (await import('./commands/report')).registerReportCommands },
  { names: ['findings'], description: 'the findings feed: new and changed findings since a cursor', load: async () => (await import('./commands/findings')).registerFindingsCommand },
];

/** Global options that take a value, so the command words can be found in argv. */
const VALUE_OPTIONS = new Set(['-c', '--config', '--audit-log', '--data-dir', '--server', '--token']);

function commandWords(argv: string[]): string[] {
  const words: string[] = [];
  for (let i = 0; i < argv.length && words.length < 2; i++) {
    const a = argv[i]!;
    if (VALUE_OPTIONS.has(a)) i++;
    else if (!a.startsWith('-')) words.push(a);
  }
  return words;
}

async function addGroups(parent: Command, groups: Group[], word: string | undefined): Promise<void> {
  for (const g of groups) {
    if (word !== undefined && g.names.includes(word)) (await g.load())(parent);
    else for (const name of g.names) parent.command(name).description(g.description);
  }
}

export async function buildProgram(argv: string[]): Promise<Command> {
  const program = new Command('amctl')
    .description('Access Monitoring: query and analyse a Teleport cluster audit log')
    .option('-c, --config <file>', 'config file (default: $AMCTL_CONFIG, then ./amctl.yaml)')
    .option('--audit-log <path>', 'Teleport file audit log (directory or file) for the embedded engine')
    .option('--data-dir <dir>', 'where the embedded engine keeps its database and state')
    .option('--server <url>', 'run through a gateway at this URL instead of locally')
    .option('--token <jwt>', 'bearer token for --server (default: $AMCTL_TOKEN)')
    .showHelpAfterError()
    .exitOverride();
  let [first, second]: (string | undefined)[] = commandWords(argv);
  if (first === 'help') [first, second] = [second, undefined]; // `amctl help serve` shows serve's real options
  const audit = program.command('audit').description('audit queries, schema and reports (tctl audit compatible)').exitOverride();
  await addGroups(audit, AUDIT, first === 'audit' ? second : undefined);
  await addGroups(program, TOP, first);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    const program = await buildProgram(argv);
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

// `amctl audit schema | head`: the reader went away, which is not an error of ours.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
}

const code = await main(process.argv.slice(2));
// Let stdout drain before exit; pending handles (servers) keep the process alive on their own.
if (code !== 0) process.exitCode = code;
