// A gateway intake in its own process, for crash tests: `node --import tsx intake-child.ts <config.json>
// [die-after-n-durable-lines]`. With the second argument it SIGKILLs itself once that many lines are
// durable and before their senders are answered: the window a crash must not lose anything in.
import { readFileSync } from 'node:fs';
import { parseCoreConfig } from '../../../src/config';
import { startIntake } from '../../../src/intake';

const [file, dieAfter] = process.argv.slice(2);
const raw = JSON.parse(readFileSync(file!, 'utf8')) as Record<string, unknown>;
const config = parseCoreConfig(raw, { cwd: process.cwd() });
let durable = 0;
const intake = await startIntake(config, {
  spool: {
    afterDurable: (n) => {
      durable += n;
      process.stdout.write(`durable ${durable}\n`);
      if (dieAfter && durable >= Number(dieAfter)) process.kill(process.pid, 'SIGKILL');
    },
  },
});
process.stdout.write(`ready ${intake!.fluentd!.port}\n`);
