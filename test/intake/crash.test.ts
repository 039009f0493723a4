// kill -9 of the intake between receiving events and answering them loses nothing and keeps nothing
// twice: a real child process is killed (by itself right after an fsync and before the answer, and
// from outside at an arbitrary moment), restarted on the same port, and the event handler's client
// carries on as it does (retries, then a re-send from its last saved cursor).
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { intakeSpoolDir } from '../../src/engine/intake-spool';
import { openEngine, tempDir, testConfig } from '../support/engine';
import { freePort } from '../support/net';
import { EventHandlerClient } from './support/event-handler-client';
import { demoEvents, spoolLines, viewContents } from './support/fixtures';
import { generateHandlerCerts, type HandlerCerts } from './support/handler-certs';

let dir: string;
let cleanup: () => void;
let certs: HandlerCerts;
let events: Record<string, unknown>[];
const children: ChildProcess[] = [];

beforeAll(async () => {
  ({ dir, cleanup } = tempDir('amctl-intake-crash-'));
  certs = generateHandlerCerts(join(dir, 'certs'));
  events = await demoEvents(join(dir, 'log'), 1000);
});
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  cleanup();
});

interface Child {
  proc: ChildProcess;
  durable: number;
  exited: Promise<NodeJS.Signals | null>;
}

async function startChild(configFile: string, dieAfter?: number): Promise<Child> {
  const args = ['--import', 'tsx', join(__dirname, 'support/intake-child.ts'), configFile, ...(dieAfter ? [String(dieAfter)] : [])];
  const proc = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(proc);
  const child: Child = { proc, durable: 0, exited: new Promise((r) => proc.once('exit', (_c, s) => r(s))) };
  await new Promise<void>((resolve, reject) => {
    const rl = createInterface({ input: proc.stdout! });
    rl.on('line', (l) => {
      if (l.startsWith('ready ')) resolve();
      const m = /^durable (\d+)$/.exec(l);
      if (m) child.durable = Number(m[1]);
    });
    proc.once('exit', () => reject(new Error('the intake child exited before it was ready')));
  });
  return child;
}

describe('intake crash safety', () => {
  it('loses nothing and keeps nothing twice across kill -9 between receive and answer', async () => {
    const port = await freePort();
    const dataDir = join(dir, 'data');
    const configFile = join(dir, 'config.json');
    writeFileSync(
      configFile,
      JSON.stringify({
        data_dir: dataDir,
        intake: { fluentd: { listen: `127.0.0.1:${port}`, cert_file: certs.serverCrt, key_file: certs.serverKey, key_passphrase: certs.passphrase, client_ca_file: certs.caCrt } },
      }),
    );
    const client = new EventHandlerClient({
      url: `https://localhost:${port}/events.log`,
      sessionUrl: `https://localhost:${port}/session`,
      ca: certs.caCrt,
      cert: certs.clientCrt,
      key: certs.clientKey,
      retries: 5,
      backoffBaseMs: 50,
      backoffMaxMs: 400,
      cursorEvery: 25,
      maxRestarts: 200,
    });
    // 1st life: dies by SIGKILL right after the 137th line is fsynced, before that event is answered.
    let child = await startChild(configFile, 137);
    const sending = client.run(events);
    const sig1 = await child.exited;
    expect(sig1).toBe('SIGKILL');
    // The 137th event is on disk, and its sender never had its 200.
    expect(spoolLines(intakeSpoolDir(dataDir)).length).toBe(137);
    expect(client.stats.statuses.get(200)).toBe(136);
    // 2nd life: killed from outside once it has stored a few hundred more.
    child = await startChild(configFile);
    for (let i = 0; i < 600 && child.durable < 300; i++) await new Promise((r) => setTimeout(r, 25));
    expect(child.durable).toBeGreaterThanOrEqual(300);
    child.proc.kill('SIGKILL');
    expect(await child.exited).toBe('SIGKILL');
    // 3rd life: to the end.
    child = await startChild(configFile);
    await sending;
    client.close();
    child.proc.kill('SIGTERM');
    await child.exited;

    // The client's sends failed during each outage and were re-sent, some of them already stored.
    expect(client.stats.failures).toBeGreaterThan(0);
    const lines = spoolLines(intakeSpoolDir(dataDir)).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(new Set(lines.map((l) => l.uid)).size).toBe(events.length);
    expect(lines.length).toBe(events.length);

    const ref = await openEngine(testConfig(join(dir, 'data-ref'), { embedded: { audit_log: join(dir, 'log') } }));
    const viaIntake = await openEngine(testConfig(dataDir));
    try {
      await ref.ingest();
      expect((await viaIntake.ingest()).events).toBe(events.length);
      const want = await viewContents(ref);
      const got = await viewContents(viaIntake);
      for (const [view, r] of want) expect(got.get(view), view).toEqual(r);
    } finally {
      await ref.close();
      await viaIntake.close();
    }
  }, 120_000);
});
