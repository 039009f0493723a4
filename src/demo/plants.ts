// Planted risky patterns: on a few fixed days of every generated log (the last day, and days 1,
// 3, 6, 13 and 29 before it, when the log is that long) we place events that the Privileged Access
// report and the documented example queries must find, next to near-misses they must not find.
// Each near-miss differs from a finding in exactly one property, so a query that ignores one of
// its conditions gives a visibly different answer.
import { DATABASES, DESKTOPS, HOSTS, KUBE_CLUSTERS, person } from './cast';
import type { Person } from './cast';
import type { Security } from './events';
import { accessRequestFlow, type ScenarioContext } from './scenarios';
import { DAY_MS, HOUR_MS, MINUTE_MS, formatGoTime } from './time';

/** Days before the end date that carry planted patterns (0 = the end date itself). */
export const PLANT_DAY_OFFSETS: readonly number[] = [0, 1, 3, 6, 13, 29];

/** Commands that touch /etc/passwd (example query 1). */
export const PASSWD_COMMANDS = ['cat /etc/passwd', 'sudo vi /etc/passwd', 'grep alice /etc/passwd'];

const NONE: Security = {};

/** Places every planted pattern on the UTC day starting at `day` (epoch ms of midnight). */
export function plantDay(ctx: ScenarioContext, day: number): void {
  const { rng, events, sink } = ctx;
  // Each pattern at its own hour of the working day, with a random minute: spread, inside the day.
  const at = (hour: number): number => day + hour * HOUR_MS + rng.int(0, 50) * MINUTE_MS + rng.int(0, 59_999);

  const bob = person('bob');
  const alice = person('alice');
  const carol = person('carol@example.com');
  const dave = person('dave');
  const erin = person('erin');
  const annie = person('admin-annie');
  const frank = person('frank@contractor.example.org');
  const ci = person('bot-ci-bot');
  const web1 = HOSTS[0];
  const api1 = HOSTS[2];
  const prod = KUBE_CLUSTERS[0];
  const pod = prod.pods[0];
  const ordersPg = DATABASES[0];
  const analyticsPg = DATABASES[1];
  const billingMysql = DATABASES[2];

  // --- SSH: root sessions, unprotected sessions, and one protection at a time ------------------
  let t = at(8);
  let sid = rng.uuid();
  // bob: root, no MFA / request / device / impersonator, reads /etc/passwd (reports 2 and 8, example 1).
  sink.emit(t, events.sessionStart(t, bob, NONE, web1, 'root', sid, bob.ips[0], PASSWD_COMMANDS[0]));
  sink.emit(t + 120, events.exec(t + 120, bob, NONE, web1, 'root', sid, bob.ips[0], PASSWD_COMMANDS[0], 0));
  t = at(9);
  sid = rng.uuid();
  sink.emit(t, events.sessionStart(t, bob, NONE, api1, 'ubuntu', sid, bob.ips[0], PASSWD_COMMANDS[1]));
  sink.emit(t + 300, events.exec(t + 300, bob, NONE, api1, 'ubuntu', sid, bob.ips[0], PASSWD_COMMANDS[1], 1));
  // Protected sessions: each with exactly one protection; report 2 must not count them.
  const protectedSsh: [Person, Security, string][] = [
    [alice, { withMfa: alice.mfaDevice!.uuid }, 'alice'],
    [carol, { accessRequests: [rng.uuid()] }, 'carol'],
    [dave, { device: dave.device }, 'dave'],
    [ci, { impersonator: ci.name }, 'deploy'],
    [annie, { withMfa: annie.mfaDevice!.uuid, device: annie.device }, 'root'], // root, but protected (report 8 only)
  ];
  for (const [p, sec, login] of protectedSsh) {
    t = at(10);
    sid = rng.uuid();
    const cmd = p === alice ? PASSWD_COMMANDS[2] : undefined;
    sink.emit(t, events.sessionStart(t, p, sec, web1, login, sid, p.ips[0], cmd));
    if (cmd) sink.emit(t + 90, events.exec(t + 90, p, sec, web1, login, sid, p.ips[0], cmd, 0));
  }

  // --- Databases --------------------------------------------------------------------------------
  t = at(11);
  // bob as postgres on postgres, unprotected (reports 1 and 4).
  sink.emit(t, events.dbSessionStart(t, bob, NONE, ordersPg, 'postgres', 'orders', rng.uuid(), bob.ips[0]));
  // carol as postgres with MFA (report 4, not report 1).
  sink.emit(t + 1000, events.dbSessionStart(t + 1000, carol, { withMfa: carol.mfaDevice!.uuid }, analyticsPg, 'postgres', 'warehouse', rng.uuid(), carol.ips[0]));
  // erin as analyst, unprotected (report 1, not report 4).
  sink.emit(t + 2000, events.dbSessionStart(t + 2000, erin, NONE, analyticsPg, 'analyst', 'warehouse', rng.uuid(), erin.ips[0]));
  // A MySQL login named postgres is not a PostgreSQL superuser (not report 4).
  sink.emit(t + 3000, events.dbSessionStart(t + 3000, dave, { device: dave.device }, billingMysql, 'postgres', 'billing', rng.uuid(), dave.ips[0]));
  // One protection each: not report 1.
  sink.emit(t + 4000, events.dbSessionStart(t + 4000, alice, { device: alice.device }, ordersPg, 'app_ro', 'orders', rng.uuid(), alice.ips[0]));
  sink.emit(t + 5000, events.dbSessionStart(t + 5000, frank, { accessRequests: [rng.uuid()] }, ordersPg, 'app_ro', 'orders', rng.uuid(), frank.ips[0]));
  sink.emit(t + 6000, events.dbSessionStart(t + 6000, ci, { impersonator: ci.name }, ordersPg, 'migrations', 'orders', rng.uuid(), ci.ips[0]));

  // --- Kubernetes: system:masters, unprotected calls, kube exec ---------------------------------
  t = at(12);
  const get = { verb: 'GET', path: `/api/v1/namespaces/payments/secrets/payments-db`, kind: 'secrets', namespace: 'payments', name: 'payments-db', apiGroup: 'core/v1', code: 200 };
  sink.emit(t, events.kubeRequest(t, dave, NONE, prod, dave.ips[0], get, ['system:masters', 'sre'])); // reports 3 and 9
  sink.emit(t + 500, events.kubeRequest(t + 500, annie, { withMfa: annie.mfaDevice!.uuid, device: annie.device }, prod, annie.ips[0], get, ['system:masters'])); // report 9 only
  // A group whose name merely starts with system:masters is not system:masters (not report 9).
  sink.emit(t + 900, events.kubeRequest(t + 900, frank, { accessRequests: [rng.uuid()] }, prod, frank.ips[0], { ...get, verb: 'LIST', name: undefined, path: '/api/v1/namespaces/payments/pods', kind: 'pods' }, ['system:masters-readonly', 'developers']));
  sink.emit(t + 1500, events.kubeRequest(t + 1500, alice, NONE, prod, alice.ips[0], { ...get, verb: 'LIST', name: undefined, path: '/api/v1/namespaces/default/pods', kind: 'pods', namespace: 'default' })); // report 3
  sink.emit(t + 2500, events.kubeRequest(t + 2500, ci, { impersonator: ci.name }, prod, ci.ips[0], { ...get, verb: 'PATCH', path: '/apis/apps/v1/namespaces/default/deployments/checkout', kind: 'deployments', namespace: 'default', name: 'checkout', apiGroup: 'apps/v1' }));
  t = at(13);
  sid = rng.uuid();
  sink.emit(t, events.kubeSessionStart(t, dave, NONE, prod, pod, sid, dave.ips[0], '/bin/sh'));
  sink.emit(t + 1500, events.kubeExec(t + 1500, dave, NONE, prod, pod, sid, dave.ips[0], '/bin/sh', 0)); // report 5

  // --- Certificates: long-lived, short, and the exact 1-day boundary ----------------------------
  t = at(14);
  const cert = (p: Person, ms: number, ttl: number, nanos: number, ip?: string): void =>
    sink.emit(ms, events.certCreate(ms, p, { expiresMs: ms + ttl, expiresNanos: nanos, clientIp: ip, userAgent: `tsh/17.4.8` }));
  cert(frank, t, 30 * HOUR_MS, 123456, frank.ips[0]); // > 1 day (report 6)
  cert(alice, t + 1000, 12 * HOUR_MS, 654321, alice.ips[0]); // < 1 day
  cert(bob, t + 2000, DAY_MS, 0, bob.ips[0]); // exactly 1 day: not "more than" one day
  cert(dave, t + 3000, DAY_MS + 1, 0, dave.ips[1]); // 1 day + 1 ms: more than one day (report 6)
  cert(annie, t + 4000, 7 * DAY_MS, 0); // tctl auth sign: 7 days, no client IP (example 4 lists NULL)

  // --- admin-annie from several addresses on one day (examples 2, 3, 4) -------------------------
  cert(annie, at(15), 8 * HOUR_MS - 3, 410, annie.ips[0]);
  cert(annie, at(16), 8 * HOUR_MS - 2, 77, annie.ips[1]);
  cert(annie, at(17), 8 * HOUR_MS - 5, 999, '192.0.2.99');

  // --- Join tokens ------------------------------------------------------------------------------
  t = at(9);
  const join = (ms: number, name: string, ttl: number | undefined, method = 'token'): void =>
    sink.emit(ms, events.instanceJoin(ms, {
      nodeName: name, hostId: rng.uuid(), role: 'Instance', method,
      tokenName: method === 'token' ? undefined : 'aws-autoscaling',
      tokenExpires: ttl === undefined ? '0001-01-01T00:00:00Z' : formatGoTime(ms + ttl),
      ip: `10.0.9.${rng.int(2, 250)}`,
    }));
  join(t, 'legacy-db-1', 7 * DAY_MS); // long-lived (report 7)
  join(t + 1000, 'edge-gw-2', DAY_MS + 1); // one ms over a day (report 7)
  join(t + 2000, 'build-agent-7', DAY_MS); // exactly a day: not reported
  join(t + 3000, 'web-9', 30 * MINUTE_MS); // short
  join(t + 4000, 'ip-10-0-9-17.eu-central-1.compute.internal', undefined, 'iam'); // never expires: zero time, not reported

  // --- Access requests and reviews (examples 5, 6) ----------------------------------------------
  accessRequestFlow(ctx, at(10), frank, annie, true, [{ kind: 'node', name: web1.id }, { kind: 'db', name: ordersPg.service }]);
  accessRequestFlow(ctx, at(11), erin, carol, false);
  accessRequestFlow(ctx, at(15), alice, undefined, true); // still pending: no review

  plantEveryType(ctx, at);
}

/**
 * One event of every catalogue type the everyday mix makes rarely (administration, identity),
 * and of a few types outside the catalogue, so even a small log has rows in every view.
 */
function plantEveryType(ctx: ScenarioContext, at: (hour: number) => number): void {
  const { rng, events, sink } = ctx;
  const annie = person('admin-annie');
  const alice = person('alice');
  const carol = person('carol@example.com');
  const erin = person('erin');
  const ci = person('bot-ci-bot');
  const host = HOSTS[1];
  const put = (hour: number, build: (t: number) => Record<string, unknown>): void => {
    const t = at(hour);
    sink.emit(t, build(t));
  };
  put(8, (t) => events.userLogin(t, alice, alice.ips[0], true, true, 'tsh/17.4.8'));
  put(8, (t) => events.userLogin(t, erin, erin.ips[0], false, false, 'tsh/17.4.8'));
  put(8, (t) => events.mfaChallenge(t, alice));
  put(9, (t) => events.deviceEvent(t, 'authenticate', alice, alice.device!));
  put(9, (t) => events.deviceEvent(t, 'enroll', carol, carol.device!));
  put(10, (t) => events.userCreate(t, annie, 'grace', ['access'], 'local'));
  put(10, (t) => events.resetPasswordTokenCreate(t, annie, 'grace', 8));
  put(11, (t) => events.userPasswordChange(t, erin));
  put(11, (t) => events.recoveryCodeUsed(t, erin, false));
  put(12, (t) => events.accessList(t, 'create', annie, 'db-admins'));
  put(12, (t) => events.accessList(t, 'update', annie, 'db-admins'));
  put(12, (t) => events.accessListMember(t, 'create', annie, 'db-admins', [{ name: carol.name, reason: 'Database owner', joinedMs: t }]));
  put(13, (t) => events.accessListMember(t, 'update', annie, 'db-admins', [{ name: carol.name, joinedMs: t - 30 * DAY_MS }]));
  put(13, (t) => events.accessListMember(t, 'delete', annie, 'contractors', [{ name: 'frank@contractor.example.org', joinedMs: t - 60 * DAY_MS }]));
  put(14, (t) => events.accessListReview(t, annie, 'prod-oncall', ['erin']));
  put(14, (t) => events.accessList(t, 'delete', annie, 'legacy-admins'));
  const lock = rng.uuid();
  put(15, (t) => events.lockCreated(t, annie, lock, { user: 'frank@contractor.example.org' }, 'Contract ended'));
  put(16, (t) => events.lockDeleted(t, annie, lock));
  put(15, (t) => events.joinTokenCreate(t, annie, '************************' + rng.hex(4), ['Node'], 'token', t + HOUR_MS));
  put(16, (t) => events.botJoin(t, ci, 'github', 'ci-bot-github', ci.ips[0]));
  put(16, (t) => events.samlIdpAuth(t, erin, {}, { entityId: 'https://grafana.example.com/saml/metadata', shortcut: 'grafana' }));
  put(17, (t) => events.sessionRejected(t, erin, host, 'erin', erin.ips[0]));
  put(17, (t) => events.authFailure(t, erin, host, 'root', erin.ips[0]));
  put(17, (t) => events.futureEvent(t, alice));
  put(17, (t) => events.resourceChange(t, annie, { event: 'role.updated', code: 'T9002I' }, 'contractor'));
  // Roles and SSO connectors created, updated and deleted (codes from Teleport's event reference).
  put(10, (t) => events.resourceChange(t, annie, { event: 'role.created', code: 'T9000I' }, 'break-glass'));
  put(11, (t) => events.resourceChange(t, annie, { event: 'role.deleted', code: 'T9001I' }, 'break-glass'));
  put(12, (t) => events.resourceChange(t, annie, { event: 'saml.created', code: 'T8200I' }, 'entra-id'));
  put(13, (t) => events.resourceChange(t, annie, { event: 'saml.updated', code: 'T8202I' }, 'entra-id'));
  put(14, (t) => events.resourceChange(t, annie, { event: 'saml.deleted', code: 'T8201I' }, 'entra-id'));
  put(12, (t) => events.resourceChange(t, annie, { event: 'oidc.created', code: 'T8100I' }, 'google'));
  put(13, (t) => events.resourceChange(t, annie, { event: 'oidc.updated', code: 'T8102I' }, 'google'));
  put(14, (t) => events.resourceChange(t, annie, { event: 'oidc.deleted', code: 'T8101I' }, 'google'));

  // An interactive session with enhanced recording and a colleague joining.
  let t = at(18);
  const sid = rng.uuid();
  const sec = { withMfa: alice.mfaDevice!.uuid };
  sink.emit(t, events.sessionStart(t, alice, sec, host, 'ubuntu', sid, alice.ips[0]));
  sink.emit(t + 4000, events.sessionCommand(t + 4000, 1, alice, sec, host, 'ubuntu', sid, 'journalctl', ['-u', 'nginx'], 0));
  sink.emit(t + 9000, events.sessionJoin(t + 9000, 2, carol, {}, host, 'ubuntu', sid, carol.ips[0]));
  sink.emit(t + 60_000, events.sessionEnd(t + 60_000, t, alice, sec, host, 'ubuntu', sid, true));

  // A database session with a failing query, and a desktop session.
  t = at(18);
  const dbSid = rng.uuid();
  const d = DATABASES[0];
  sink.emit(t, events.dbSessionStart(t, carol, sec, d, 'app_rw', 'orders', dbSid, carol.ips[0]));
  sink.emit(t + 500, events.dbQuery(t + 500, carol, sec, d, 'app_rw', 'orders', dbSid, 'SELECT * FROM customers WHERE id = $1', true, ['42']));
  sink.emit(t + 900, events.dbQuery(t + 900, carol, sec, d, 'app_rw', 'orders', dbSid, 'DELETE FROM customers WHERE id = $1', false, ['42']));
  sink.emit(t + 1500, events.dbSessionEnd(t + 1500, carol, sec, d, 'app_rw', 'orders', dbSid));
  t = at(19);
  const desk = rng.uuid();
  sink.emit(t, events.desktopStart(t, erin, {}, DESKTOPS[0], 'erin', desk, erin.ips[0]));
  sink.emit(t + 20 * MINUTE_MS, events.desktopEnd(t + 20 * MINUTE_MS, t, erin, {}, DESKTOPS[0], 'erin', desk));
}

/** UTC midnights of the plant days inside a window of `days` days ending on the day `endDay`. */
export function plantDays(endDay: number, days: number): number[] {
  return PLANT_DAY_OFFSETS.filter((o) => o < days).map((o) => endDay - o * DAY_MS);
}
