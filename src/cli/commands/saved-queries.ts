// `amctl audit query create|ls|get|rm`: saved queries (audit_query resources). Locally they live in
// the configured store; with --server they go through the gateway.
import type { Command } from 'commander';
import { loadCatalog } from '../../catalog';
import { checkQuery } from '../../sql';
import { StoreError, openAuditQueryStore, type AuditQuery } from '../../store';
import { formatDoc, formatTable, parseFormat } from '../format';
import { configFrom, globalOptions, readStdin } from '../context';

/** What the commands need, whichever side holds the queries. */
interface SavedQueries {
  list(): Promise<AuditQuery[]>;
  get(name: string): Promise<AuditQuery>;
  upsert(q: { name: string; title?: string; description?: string; query: string }): Promise<AuditQuery>;
  remove(name: string): Promise<void>;
}

async function openSavedQueries(cmd: Command): Promise<SavedQueries> {
  const o = globalOptions(cmd);
  if (o.server) {
    const { createRemoteClient } = await import('../remote-client');
    const token = o.token ?? process.env.AMCTL_TOKEN;
    if (!token) throw new Error('--server needs a token: pass --token or set AMCTL_TOKEN (get one with `amctl token`)');
    const remote = createRemoteClient({ server: o.server, token });
    return {
      list: () => remote.listAuditQueries(),
      get: (name) => remote.getAuditQuery(name),
      upsert: (q) => remote.upsertAuditQuery(q),
      remove: (name) => remote.deleteAuditQuery(name),
    };
  }
  const catalog = loadCatalog();
  const store = openAuditQueryStore(configFrom(cmd), async (sql) => void (await checkQuery(sql, catalog)));
  return {
    list: () => store.all(),
    get: (name) => store.require(name),
    upsert: (q) => store.upsert(q),
    async remove(name) {
      if (!(await store.delete(name))) throw new StoreError('NOT_FOUND', `audit_query ${name} not found`);
    },
  };
}

function print(text: string): void {
  process.stdout.write(`${text}\n`);
}

/** Registers create/ls/get/rm under `audit query`. */
export function registerSavedQueryCommands(queryCmd: Command): void {
  queryCmd
    .command('create')
    .description('save a query (SQL read from standard input when absent); replaces one of the same name')
    .argument('[sql]', 'the query (Trino SQL over the audit views)')
    .requiredOption('--name <name>', 'name: lower-case letters, digits, "_", "." or "-"')
    .option('--title <title>', 'short title')
    .option('--description <text>', 'what the query finds')
    .action(async (sqlArg: string | undefined, opts: { name: string; title?: string; description?: string }, cmd: Command) => {
      const sql = (sqlArg ?? (await readStdin())).trim();
      if (!sql) throw new Error('the SQL is empty');
      const queries = await openSavedQueries(cmd);
      const saved = await queries.upsert({ name: opts.name, title: opts.title, description: opts.description, query: sql });
      print(`audit query "${saved.name}" has been saved`);
    });

  queryCmd
    .command('ls')
    .description('list saved queries')
    .option('--format <format>', 'text, yaml or json', 'text')
    .action(async (opts: { format: string }, cmd: Command) => {
      const format = parseFormat(opts.format, ['text', 'yaml', 'json']);
      const items = await (await openSavedQueries(cmd)).list();
      if (format === 'text') print(formatTable(['Name', 'Title', 'Description'], items.map((q) => [q.name, q.title, q.description])));
      else print(formatDoc(items, format));
    });

  queryCmd
    .command('get')
    .description('show one saved query')
    .argument('<name>')
    .option('--format <format>', 'yaml or json', 'yaml')
    .action(async (name: string, opts: { format: string }, cmd: Command) => {
      const format = parseFormat(opts.format, ['yaml', 'json']);
      print(formatDoc(await (await openSavedQueries(cmd)).get(name), format));
    });

  queryCmd
    .command('rm')
    .description('delete a saved query')
    .argument('<name>')
    .action(async (name: string, _opts: unknown, cmd: Command) => {
      await (await openSavedQueries(cmd)).remove(name);
      print(`audit query "${name}" has been deleted`);
    });
}
