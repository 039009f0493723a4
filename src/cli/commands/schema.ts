// `amctl audit schema`: every view with its columns (Name/Type/Description), as tctl prints it.
import type { Command } from 'commander';
import { loadCatalog } from '../../catalog';
import { describeCatalog } from '../../catalog/describe';
import { formatDoc, formatTable, parseFormat } from '../format';

export function registerSchemaCommand(audit: Command): void {
  audit
    .command('schema')
    .description('list the audit views and their columns')
    .option('--view <name>', 'only this view')
    .option('--format <f>', 'text, json or yaml', 'text')
    .action((opts: { view?: string; format?: string }) => {
      const format = parseFormat(opts.format, ['text', 'json', 'yaml']);
      let { views } = describeCatalog(loadCatalog());
      if (opts.view) {
        views = views.filter((v) => v.name === opts.view);
        if (!views.length) throw new Error(`no view named ${JSON.stringify(opts.view)}; run \`amctl audit schema\` to list them`);
      }
      if (format !== 'text') {
        process.stdout.write(formatDoc({ views }, format) + '\n');
        return;
      }
      const out = views.map(
        (v) => `View: ${v.name}\n${v.desc}\n\n` + formatTable(['Name', 'Type', 'Description'], v.columns.map((c) => [c.name, c.type, c.desc])),
      );
      process.stdout.write(out.join('\n\n') + '\n');
    });
}
