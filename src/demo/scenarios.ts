// Everyday activity: each scenario is one thing a person or bot does (log in, open an SSH session,
// run kubectl, query a database, ...) and emits the events Teleport would record for it, at
// increasing times from its start. The mix is weighted so the log looks like a real cluster's:
// mostly certificates, sessions, Kubernetes requests and database sessions, few admin events.
import { BOTS, DATABASES, DESKTOPS, HOSTS, HUMANS, KUBE_CLUSTERS, KUBE_EXEC_COMMANDS, PEOPLE, SQL_QUERIES, SSH_COMMANDS, TELEPORT_VERSION, person } from './cast';
import type { Person } from './cast';
import type { AuditEventJson, EventFactory, Security } from './events';
import { WeightedPicker } from './prng';
import type { Rng } from './prng';
import { DAY_MS, HOUR_MS, MINUTE_MS, SECOND_MS, formatGoTime } from './time';

/** Where scenarios put their events; the scheduler orders them by time before writing. */
export interface EventSink {
  emit(t: number, event: AuditEventJson): void;
}

export interface ScenarioContext {
  rng: Rng;
  events: EventFactory;
  sink: EventSink;
}

export type Scenario = (ctx: ScenarioContext, start: number) => void;

const PEOPLE_BY_ACTIVITY = new WeightedPicker(PEOPLE.map((p) => [p, p.weight] as const));
const HUMANS_BY_ACTIVITY = new WeightedPicker(HUMANS.map((p) => [p, p.weight] as const));

/** Decides which protections one connection of `p` had, from the person's habits. */
export function securityFor(p: Person, rng: Rng): Security {
  if (p.bot) return { impersonator: p.name };
  return {
    withMfa: p.mfaDevice && rng.chance(p.mfaRate) ? p.mfaDevice.uuid : undefined,
    accessRequests: rng.chance(p.requestRate) ? [rng.uuid()] : undefined,
    device: p.device && rng.chance(p.deviceRate) ? p.device : undefined,
  };
}

/** Mostly the person's usual address, sometimes another of theirs. */
export function ipFor(p: Person, rng: Rng): string {
  return rng.chance(0.8) ? p.ips[0] : rng.pick(p.ips);
}

function userAgentFor(p: Person, rng: Rng): string {
  if (p.bot) return `tbot/${TELEPORT_VERSION} grpc-go/1.71.0`;
  return rng.chance(0.7)
    ? `tsh/${TELEPORT_VERSION}`
    : 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.5 Safari/605.1.15';
}

/** Certificates: tsh login, app/db/kube certs, and Machine ID renewals (several certs at once). */
const certIssue: Scenario = ({ rng, events, sink }, t) => {
  const p = PEOPLE_BY_ACTIVITY.pick(rng);
  const count = p.bot ? rng.int(1, 4) : 1;
  const sec = securityFor(p, rng);
  const ip = ipFor(p, rng);
  for (let i = 0; i < count; i++) {
    const at = t + i * rng.int(0, 3);
    const kube = rng.chance(0.25) ? rng.pick(KUBE_CLUSTERS).name : undefined;
    // Go computes the expiry from its own clock, a few ms before the event time is taken.
    const ttl = p.certTtlHours * HOUR_MS - rng.int(1, 8);
    sink.emit(at, events.certCreate(at, p, {
      expiresMs: at + ttl, expiresNanos: rng.int(1, 999999), clientIp: ip, sec: { ...sec, accessRequests: sec.accessRequests },
      kubeCluster: kube, userAgent: rng.chance(0.6) ? userAgentFor(p, rng) : undefined,
      // Machine ID hands out some certificates that cannot be renewed from themselves.
      disallowReissue: p.bot && rng.chance(0.5) ? true : undefined,
    }));
  }
};

const sshSession: Scenario = ({ rng, events, sink }, t) => {
  const p = PEOPLE_BY_ACTIVITY.pick(rng);
  const host = p.bot ? rng.pick(HOSTS.filter((h) => h.labels.env !== 'staging')) : rng.pick(HOSTS);
  const login = rng.pick(p.logins);
  const sec = securityFor(p, rng);
  const ip = ipFor(p, rng);
  const sid = rng.uuid();
  const command = p.bot || rng.chance(0.35) ? rng.pick(SSH_COMMANDS) : undefined;
  sink.emit(t, events.sessionStart(t, p, sec, host, login, sid, ip, command));
  let at = t + rng.int(5, 400);
  if (command) {
    sink.emit(at, events.exec(at, p, sec, host, login, sid, ip, command, rng.chance(0.9) ? 0 : rng.pick([1, 2, 127])));
  } else {
    // Interactive: enhanced recording on some hosts, now and then a colleague joins.
    const enhanced = host.labels.env === 'prod' && rng.chance(0.4);
    let ei = 1;
    const steps = rng.int(1, 6);
    for (let i = 0; i < steps; i++) {
      at += rng.int(2, 120) * SECOND_MS;
      if (enhanced) {
        const [program, ...argv] = rng.pick(SSH_COMMANDS).split(' ');
        sink.emit(at, events.sessionCommand(at, ei++, p, sec, host, login, sid, program, argv, rng.chance(0.95) ? 0 : 1));
      }
    }
    if (rng.chance(0.05)) {
      const other = HUMANS_BY_ACTIVITY.pick(rng);
      if (other !== p) {
        at += rng.int(1, 60) * SECOND_MS;
        sink.emit(at, events.sessionJoin(at, ei++, other, securityFor(other, rng), host, login, sid, ipFor(other, rng)));
      }
    }
  }
  at += rng.int(1, 30 * 60) * SECOND_MS;
  sink.emit(at, events.sessionEnd(at, t, p, sec, host, login, sid, !command));
};

const KUBE_READS = [
  { verb: 'GET', kind: 'pods', apiGroup: 'core/v1' },
  { verb: 'LIST', kind: 'pods', apiGroup: 'core/v1' },
  { verb: 'GET', kind: 'deployments', apiGroup: 'apps/v1' },
  { verb: 'LIST', kind: 'services', apiGroup: 'core/v1' },
  { verb: 'GET', kind: 'configmaps', apiGroup: 'core/v1' },
  { verb: 'LIST', kind: 'events', apiGroup: 'core/v1' },
  { verb: 'PATCH', kind: 'deployments', apiGroup: 'apps/v1' },
  { verb: 'GET', kind: 'secrets', apiGroup: 'core/v1' },
] as const;

const kubeActivity: Scenario = ({ rng, events, sink }, t) => {
  const p = PEOPLE_BY_ACTIVITY.pick(rng);
  const k = p.bot ? KUBE_CLUSTERS[0] : rng.pick(KUBE_CLUSTERS);
  const sec = securityFor(p, rng);
  const ip = ipFor(p, rng);
  const n = rng.int(2, 10);
  let at = t;
  for (let i = 0; i < n; i++) {
    const r = rng.pick(KUBE_READS);
    const ns = rng.pick(k.namespaces);
    const named = r.verb !== 'LIST';
    const name = named ? rng.pick(k.pods).name : undefined;
    const prefix = r.apiGroup === 'core/v1' ? '/api/v1' : `/apis/${r.apiGroup}`;
    const path = `${prefix}/namespaces/${ns}/${r.kind}${name ? '/' + name : ''}`;
    const code = rng.chance(0.93) ? 200 : rng.pick([403, 404]);
    sink.emit(at, events.kubeRequest(at, p, sec, k, ip, { verb: r.verb, path, kind: r.kind, namespace: ns, name, apiGroup: r.apiGroup, code }));
    at += rng.int(50, 20_000);
  }
  if (!p.bot && rng.chance(0.12)) {
    const pod = rng.pick(k.pods);
    const sid = rng.uuid();
    const cmd = rng.pick(KUBE_EXEC_COMMANDS);
    sink.emit(at, events.kubeSessionStart(at, p, sec, k, pod, sid, ip, cmd));
    at += rng.int(100, 3000);
    sink.emit(at, events.kubeExec(at, p, sec, k, pod, sid, ip, cmd, rng.chance(0.9) ? 0 : 1));
  }
};

const dbSession: Scenario = ({ rng, events, sink }, t) => {
  const p = PEOPLE_BY_ACTIVITY.pick(rng);
  const d = rng.pick(DATABASES);
  const dbUser = d.protocol === 'mysql' && rng.chance(0.2) ? 'root' : rng.pick(p.dbUsers);
  const dbName = rng.pick(d.names);
  const sec = securityFor(p, rng);
  const ip = ipFor(p, rng);
  const sid = rng.uuid();
  const ok = rng.chance(0.95);
  let startAt = t;
  if (rng.chance(0.6)) {
    // `tsh db connect` first gets a certificate routed to the database.
    sink.emit(t, events.certCreate(t, p, {
      expiresMs: t + p.certTtlHours * HOUR_MS - rng.int(1, 8), expiresNanos: rng.int(1, 999999), clientIp: ip, sec,
      db: { service: d.service, protocol: d.protocol, user: dbUser, name: dbName }, userAgent: p.bot ? userAgentFor(p, rng) : `tsh/${TELEPORT_VERSION}`,
    }));
    startAt += rng.int(200, 3000);
  }
  sink.emit(startAt, events.dbSessionStart(startAt, p, sec, d, dbUser, dbName, sid, ip, ok));
  if (!ok) return;
  let at = startAt + rng.int(20, 2000);
  const n = rng.int(1, 6);
  for (let i = 0; i < n; i++) {
    const query = rng.pick(SQL_QUERIES[d.protocol]);
    const params = query.includes('$1') || query.includes('?') ? [String(rng.int(1, 99999))] : undefined;
    sink.emit(at, events.dbQuery(at, p, sec, d, dbUser, dbName, sid, query, rng.chance(0.96), params));
    at += rng.int(100, 90_000);
  }
  sink.emit(at, events.dbSessionEnd(at, p, sec, d, dbUser, dbName, sid));
};

const interactiveLogin: Scenario = ({ rng, events, sink }, t) => {
  const p = HUMANS_BY_ACTIVITY.pick(rng);
  const ip = ipFor(p, rng);
  const ua = userAgentFor(p, rng);
  let at = t;
  if (rng.chance(0.06)) {
    sink.emit(at, events.userLogin(at, p, ip, false, false, ua));
    at += rng.int(5, 60) * SECOND_MS;
  }
  const mfa = !!p.mfaDevice && rng.chance(0.8);
  if (mfa) {
    sink.emit(at, events.mfaChallenge(at, p));
    at += rng.int(2, 15) * SECOND_MS;
  }
  sink.emit(at, events.userLogin(at, p, ip, true, mfa, ua));
  const sec = securityFor(p, rng);
  if (sec.device) {
    at += rng.int(50, 900);
    sink.emit(at, events.deviceEvent(at, 'authenticate', p, sec.device));
  }
  at += rng.int(5, 200);
  sink.emit(at, events.certCreate(at, p, { expiresMs: at + p.certTtlHours * HOUR_MS - rng.int(1, 8), expiresNanos: rng.int(1, 999999), clientIp: ip, sec, userAgent: ua }));
};

const desktopSession: Scenario = ({ rng, events, sink }, t) => {
  const p = HUMANS_BY_ACTIVITY.pick(rng);
  const d = rng.pick(DESKTOPS);
  const winUser = rng.chance(0.3) ? 'Administrator' : p.logins[0];
  const sec = securityFor(p, rng);
  const sid = rng.uuid();
  const ok = rng.chance(0.95);
  sink.emit(t, events.desktopStart(t, p, sec, d, winUser, sid, ipFor(p, rng), ok));
  if (!ok) return;
  const end = t + rng.int(2, 90) * MINUTE_MS;
  sink.emit(end, events.desktopEnd(end, t, p, sec, d, winUser, sid));
};

const ROLES_TO_REQUEST = [['db-admin'], ['prod-access'], ['kube-admin'], ['prod-access', 'db-admin'], ['auditor']];

/** Rare administrative and identity events: one of them per call. */
const adminActivity: Scenario = (ctx, t) => {
  const { rng } = ctx;
  ADMIN_MIX.pick(rng)(ctx, t);
};

export function accessRequestFlow(ctx: ScenarioContext, t: number, requester: Person, reviewer: Person | undefined, approve: boolean, resources?: { kind: string; name: string }[]): string {
  const { rng, events, sink } = ctx;
  const id = rng.uuid();
  const expiresMs = t + rng.int(1, 8) * HOUR_MS;
  sink.emit(t, events.accessRequestCreate(t, requester, {
    id, roles: resources ? ['access'] : rng.pick(ROLES_TO_REQUEST),
    reason: rng.pick(['Investigating incident INC-4211', 'Deploy hotfix for checkout', 'Quarterly data export', 'Debug failing migration', 'On-call handover']),
    expiresMs, resources,
  }));
  if (reviewer) {
    const at = t + rng.int(1, 90) * MINUTE_MS;
    sink.emit(at, events.accessRequestReview(at, reviewer, { id, expiresMs }, approve, approve ? 'Approved, ticket linked' : 'Not needed for this task, use read-only access'));
  }
  return id;
}

const ACCESS_LISTS = ['prod-oncall', 'db-admins', 'contractors', 'security-auditors'];

const ADMIN_MIX = new WeightedPicker<Scenario>([
  [(ctx, t) => {
    const requester = ctx.rng.pick(HUMANS.filter((p) => p.name !== 'admin-annie'));
    const reviewer = ctx.rng.chance(0.85) ? ctx.rng.pick([person('admin-annie'), person('carol@example.com'), person('dave')].filter((r) => r !== requester)) : undefined;
    accessRequestFlow(ctx, t, requester, reviewer, ctx.rng.chance(0.8));
  }, 8],
  [({ rng, events, sink }, t) => {
    const kind = rng.pick(['create', 'update', 'update', 'delete'] as const);
    sink.emit(t, events.accessList(t, kind, person('admin-annie'), rng.pick(ACCESS_LISTS)));
  }, 2],
  [({ rng, events, sink }, t) => {
    const removed = rng.chance(0.3) ? [rng.pick(HUMANS).name] : [];
    sink.emit(t, events.accessListReview(t, person('admin-annie'), rng.pick(ACCESS_LISTS), removed));
  }, 1],
  [({ rng, events, sink }, t) => {
    const kind = rng.pick(['create', 'create', 'update', 'delete'] as const);
    const members = rng.some(HUMANS).slice(0, 3).map((m) => ({ name: m.name, reason: rng.chance(0.5) ? 'Joined the on-call rotation' : undefined, joinedMs: t - rng.int(0, 90) * DAY_MS }));
    sink.emit(t, events.accessListMember(t, kind, person('admin-annie'), rng.pick(ACCESS_LISTS), members));
  }, 3],
  [({ rng, events, sink }, t) => {
    const name = rng.uuid();
    const target = rng.pick<Record<string, string>>([{ user: 'frank@contractor.example.org' }, { role: 'contractor' }, { server_id: HOSTS[7].id }, { login: 'root' }]);
    sink.emit(t, events.lockCreated(t, person('admin-annie'), name, target, 'Suspicious activity, locked pending review', rng.chance(0.5) ? t + 4 * HOUR_MS : undefined));
    if (rng.chance(0.6)) {
      const at = t + rng.int(10, 240) * MINUTE_MS;
      sink.emit(at, events.lockDeleted(at, person('admin-annie'), name));
    }
  }, 1],
  [({ rng, events, sink }, t) => {
    const newUser = `${rng.pick(['grace', 'heidi', 'ivan', 'judy', 'mallory', 'niaj'])}${rng.int(1, 99)}`;
    const annie = person('admin-annie');
    sink.emit(t, events.userCreate(t, annie, newUser, ['access'], 'local'));
    const at = t + rng.int(200, 5000);
    sink.emit(at, events.resetPasswordTokenCreate(at, annie, newUser, 8));
  }, 1],
  [({ rng, events, sink }, t) => sink.emit(t, events.userPasswordChange(t, rng.pick(HUMANS))), 1],
  [({ rng, events, sink }, t) => sink.emit(t, events.recoveryCodeUsed(t, rng.pick(HUMANS), rng.chance(0.7))), 0.5],
  [({ rng, events, sink }, t) => {
    const p = rng.pick(HUMANS.filter((h) => h.device));
    sink.emit(t, events.deviceEvent(t, 'enroll', p, p.device!));
  }, 0.5],
  [({ rng, events, sink }, t) => {
    const annie = person('admin-annie');
    const token = '************************' + rng.hex(4);
    const expires = t + rng.pick([30 * MINUTE_MS, HOUR_MS, 4 * HOUR_MS]);
    sink.emit(t, events.joinTokenCreate(t, annie, token, rng.pick([['Node'], ['Db'], ['Kube'], ['Node', 'App']]), 'token', expires));
    const at = t + rng.int(1, 25) * MINUTE_MS;
    sink.emit(at, events.instanceJoin(at, {
      nodeName: `ip-10-0-${rng.int(1, 9)}-${rng.int(2, 250)}`, hostId: rng.uuid(), role: 'Instance', method: 'token',
      tokenExpires: formatGoTime(expires, rng.int(1, 999999)), ip: `10.0.${rng.int(1, 9)}.${rng.int(2, 250)}`,
    }));
  }, 1],
  [({ rng, events, sink }, t) => {
    // Auto-scaling nodes joining with IAM: no secret token, token never expires (Go zero time).
    sink.emit(t, events.instanceJoin(t, {
      nodeName: `ip-10-0-${rng.int(1, 9)}-${rng.int(2, 250)}.eu-central-1.compute.internal`, hostId: rng.uuid(), role: 'Instance', method: 'iam',
      tokenName: 'aws-autoscaling', tokenExpires: '0001-01-01T00:00:00Z', ip: `10.0.${rng.int(1, 9)}.${rng.int(2, 250)}`,
      attributes: { account: '123456789012', arn: `arn:aws:sts::123456789012:assumed-role/teleport-node/i-0${rng.hex(8)}` },
    }));
  }, 2],
  [({ rng, events, sink }, t) => sink.emit(t, events.botJoin(t, BOTS[0], 'github', 'ci-bot-github', '10.20.0.15', rng.chance(0.97))), 2],
  [({ rng, events, sink }, t) => {
    const p = rng.pick(HUMANS);
    sink.emit(t, events.samlIdpAuth(t, p, securityFor(p, rng), rng.pick([{ entityId: 'https://grafana.example.com/saml/metadata', shortcut: 'grafana' }, { entityId: 'urn:amazon:webservices' }]), rng.chance(0.95)));
  }, 1.5],
  [({ rng, events, sink }, t) => {
    const p = rng.pick(HUMANS);
    sink.emit(t, events.sessionRejected(t, p, rng.pick(HOSTS), rng.pick(p.logins), ipFor(p, rng)));
  }, 0.7],
  [({ rng, events, sink }, t) => {
    const p = rng.pick(HUMANS);
    sink.emit(t, events.authFailure(t, p, rng.pick(HOSTS), rng.pick(['root', 'admin', 'postgres']), ipFor(p, rng)));
  }, 1],
  [({ rng, events, sink }, t) => sink.emit(t, events.resourceChange(t, person('admin-annie'), { event: 'role.updated', code: 'T9002I' }, rng.pick(['access', 'contractor', 'dba']))), 0.5],
  [({ rng, events, sink }, t) => sink.emit(t, events.futureEvent(t, rng.pick(HUMANS))), 0.5],
]);

/** The everyday mix; weights are in scenarios, and scenarios emit 1 to ~12 events each. */
export const EVERYDAY = new WeightedPicker<Scenario>([
  [certIssue, 30],
  [sshSession, 16],
  [kubeActivity, 9],
  [dbSession, 8],
  [interactiveLogin, 5],
  [desktopSession, 1],
  [adminActivity, 4],
]);
