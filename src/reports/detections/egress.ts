// Where detections may send findings. Anyone allowed to create a detection chooses its URLs, so by
// default the gateway refuses receivers on loopback, private, link-local (cloud metadata) and other
// internal ranges: a detection must not become a way to reach services behind the gateway. The check
// runs on save (IP literals) and before every delivery (the resolved addresses, so a DNS name that
// later points inward is caught too).
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { badInput } from '../errors';

const INTERNAL = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  INTERNAL.addSubnet(net, bits, 'ipv4');
}
for (const [net, bits] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  INTERNAL.addSubnet(net, bits, 'ipv6');
}

export function isInternalAddress(address: string): boolean {
  const v = isIP(address);
  if (v === 4) return INTERNAL.check(address, 'ipv4');
  if (v === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    return mapped ? INTERNAL.check(mapped[1], 'ipv4') : INTERNAL.check(address, 'ipv6');
  }
  return false;
}

const HINT = 'set reports.webhooks.allow_private_networks: true to allow receivers inside your network';

export interface EgressPolicy {
  /** On save: refuses URLs whose host is an internal IP literal (or localhost). */
  checkOnSave(url: string, where: string): void;
  /**
   * The DNS lookup deliveries connect through: it refuses internal addresses at connect time, so a
   * name that resolves inward (even only on the second lookup) is never reached. Undefined: no limit.
   */
  lookup?: LookupFunction;
}

export class EgressRefusedError extends Error {
  constructor(host: string, address: string) {
    super(`refused: ${host} resolves to ${address}, inside the network; ${HINT}`);
    this.name = 'EgressRefusedError';
  }
}

function hostOf(url: string): string {
  return new URL(url).hostname.replace(/^\[|\]$/g, '');
}

/** dns.lookup, failing for internal addresses. */
const guardedLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, '', 4);
    const list = addresses as LookupAddress[];
    const inside = list.find((a) => isInternalAddress(a.address));
    if (inside) return callback(new EgressRefusedError(hostname, inside.address), '', 4);
    if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
    callback(null, list[0].address, list[0].family);
  });
};

export function egressPolicy(allowPrivateNetworks: boolean): EgressPolicy {
  return {
    checkOnSave(url, where) {
      if (allowPrivateNetworks) return;
      const host = hostOf(url);
      if (host === 'localhost' || host.endsWith('.localhost') || isInternalAddress(host)) {
        throw badInput(`${where} ${url} points inside the network (${host}); ${HINT}`);
      }
    },
    lookup: allowPrivateNetworks ? undefined : guardedLookup,
  };
}
