// Turns the global CLI options into a configuration and a client: local engine or remote gateway.
import type { Command } from 'commander';
import { loadConfig, type CoreConfig } from '../config';
import { WINDOW_DAYS, type WindowDays } from '../engine/types';
import type { AuditClient } from './client';
import { CONFIG_KEYS } from './compose/config-keys';
import { LocalAuditClient } from './local-client';

export interface GlobalOptions {
  config?: string;
  auditLog?: string;
  dataDir?: string;
  server?: string;
  token?: string;
}

export function globalOptions(cmd: Command): GlobalOptions {
  return cmd.optsWithGlobals() as GlobalOptions;
}

export function configFrom(cmd: Command): CoreConfig {
  const o = globalOptions(cmd);
  return loadConfig({ configFile: o.config, auditLog: o.auditLog, dataDir: o.dataDir, keys: CONFIG_KEYS });
}

export function parseDays(v: string | undefined, fallback: WindowDays = 7): WindowDays {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!(WINDOW_DAYS as readonly number[]).includes(n)) {
    throw new Error(`--days must be one of ${WINDOW_DAYS.join(', ')}, got ${JSON.stringify(v)}`);
  }
  return n as WindowDays;
}

/** The local engine, or the gateway at --server (with --token or $AMCTL_TOKEN). */
export async function openClient(cmd: Command): Promise<AuditClient> {
  const o = globalOptions(cmd);
  if (o.server) {
    const { createRemoteClient } = await import('./remote-client');
    const token = o.token ?? process.env.AMCTL_TOKEN;
    if (!token) throw new Error('--server needs a token: pass --token or set AMCTL_TOKEN (get one with `amctl token`)');
    return createRemoteClient({ server: o.server, token });
  }
  return LocalAuditClient.open(configFrom(cmd));
}

export async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) throw new Error('no SQL given: pass it as an argument or pipe it on standard input');
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
