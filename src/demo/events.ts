// Builders for the Teleport audit events the demo log contains, one per event type, shaped as
// Teleport's file log writes them: field names from the JSON tags in events.proto, the embedded
// metadata blocks flattened in the same order (Metadata, UserMetadata, SessionMetadata,
// ServerMetadata, ConnectionMetadata, then the event's own fields), nested objects where the proto
// nests (identity, trusted_device, device, target, members, mfa_device), and empty values omitted
// (every optional value here is `undefined` when unset, which JSON.stringify leaves out).
// Events are assembled with Object.assign rather than object spread: V8 copies a spread of 30+
// properties an order of magnitude slower, and a million events must take seconds, not minutes.
import type { Database, Desktop, Host, KubeCluster, Person, TrustedDevice } from './cast';
import { CLUSTER, TELEPORT_VERSION, AUTH_SERVER_ID, PROXY_ADDR } from './cast';
import type { Rng } from './prng';
import { formatGoTime } from './time';

export type AuditEventJson = Record<string, unknown>;

/** Security properties of one connection: what the Privileged Access report looks for. */
export interface Security {
  /** UUID of the MFA device used for per-session MFA. */
  withMfa?: string;
  /** Access request IDs the user's certificate carries. */
  accessRequests?: string[];
  /** The trusted device the connection came from. */
  device?: TrustedDevice;
  /** Who is acting on the user's behalf (bots impersonate themselves). */
  impersonator?: string;
}

const BOT_INSTANCE_IDS: Record<string, string> = { 'ci-bot': '6dd675ef-907f-4538-8ce5-eeaf38a77db7' };

function nonEmpty<T>(items: T[] | undefined): T[] | undefined {
  return items && items.length > 0 ? items : undefined;
}

function remote(ip: string, rng: Rng): string {
  return `${ip}:${rng.int(32768, 60999)}`;
}

/** Creates events with shared plumbing: ids from the seeded stream, Go-formatted times. */
/** The event and code of a role or connector change, as in Teleport's event reference. */
export interface ResourceChange {
  event: string;
  code: string;
}

export class EventFactory {
  constructor(readonly rng: Rng) {}

  private meta(type: string, code: string, t: number): AuditEventJson {
    return { ei: 0, event: type, uid: this.rng.uuid(), code, time: formatGoTime(t), cluster_name: CLUSTER };
  }

  private user(p: Person, sec: Security = {}, login?: string): AuditEventJson {
    return {
      user: p.name,
      login,
      impersonator: sec.impersonator,
      access_requests: nonEmpty(sec.accessRequests),
      trusted_device: sec.device,
      required_private_key_policy: 'none',
      user_kind: p.bot ? 2 : 1,
      bot_name: p.bot,
      bot_instance_id: p.bot ? BOT_INSTANCE_IDS[p.bot] : undefined,
    };
  }

  private session(sid: string, sec: Security): AuditEventJson {
    return { sid, with_mfa: sec.withMfa, private_key_policy: 'none' };
  }

  private server(host: Host): AuditEventJson {
    return {
      namespace: 'default',
      server_id: host.id,
      server_hostname: host.hostname,
      server_addr: host.addr,
      server_labels: host.labels,
      server_sub_kind: 'teleport',
      server_version: TELEPORT_VERSION,
    };
  }

  private kube(k: KubeCluster, p: Person, groups = p.kubeGroups): AuditEventJson {
    return {
      kubernetes_cluster: k.name,
      kubernetes_users: nonEmpty(p.kubeUsers),
      kubernetes_groups: nonEmpty(groups),
      kubernetes_labels: { env: k.name.startsWith('prod') ? 'prod' : 'staging' },
    };
  }

  // ---- SSH -----------------------------------------------------------------------------------

  sessionStart(t: number, p: Person, sec: Security, host: Host, login: string, sid: string, ip: string, command?: string): AuditEventJson {
    return Object.assign(
      this.meta('session.start', 'T2000I', t),
      this.user(p, sec, login),
      this.session(sid, sec),
      this.server(host),
      {
        forwarded_by: AUTH_SERVER_ID,
        'addr.local': host.addr,
        'addr.remote': remote(ip, this.rng),
        proto: 'ssh',
        size: command ? undefined : this.rng.pick(['80:25', '120:40', '238:61', '190:48']),
        initial_command: command ? [command] : undefined,
        session_recording: 'node',
      },
    );
  }

  /** The Kubernetes service a kube session or exec goes through (draws the remote port). */
  private kubeService(k: KubeCluster, ip: string): AuditEventJson {
    return {
      namespace: 'default',
      server_id: k.serviceId,
      server_hostname: k.serviceHostname,
      server_version: TELEPORT_VERSION,
      'addr.local': k.apiAddr,
      'addr.remote': remote(ip, this.rng),
      proto: 'kube',
    };
  }

  private kubePod(pod: KubeCluster['pods'][number]): AuditEventJson {
    return {
      kubernetes_pod_name: pod.name,
      kubernetes_pod_namespace: pod.namespace,
      kubernetes_container_name: pod.container,
      kubernetes_container_image: pod.image,
      kubernetes_node_name: pod.node,
    };
  }

  /** A `kubectl exec` interactive session also starts a session (proto kube). */
  kubeSessionStart(t: number, p: Person, sec: Security, k: KubeCluster, pod: KubeCluster['pods'][number], sid: string, ip: string, command: string): AuditEventJson {
    return Object.assign(
      this.meta('session.start', 'T2000I', t),
      this.user(p, sec, p.logins[0]),
      this.session(sid, sec),
      this.kubeService(k, ip),
      {
        size: '80:25',
        initial_command: [command],
      },
      this.kube(k, p),
      this.kubePod(pod),
      { session_recording: 'node' },
    );
  }

  /** A session event outside our catalogue (session.end): present in real logs, ignored by views. */
  sessionEnd(t: number, startedAt: number, p: Person, sec: Security, host: Host, login: string, sid: string, interactive: boolean): AuditEventJson {
    return Object.assign(
      this.meta('session.end', 'T2004I', t),
      {
        ei: this.rng.int(2, 400),
      },
      this.user(p, sec, login),
      this.session(sid, sec),
      this.server(host),
      {
        enhanced_recording: false,
        interactive,
        participants: [p.name],
        session_start: formatGoTime(startedAt, this.rng.int(0, 999999)),
        session_stop: formatGoTime(t, this.rng.int(0, 999999)),
        session_recording: 'node',
      },
    );
  }

  exec(t: number, p: Person, sec: Security, host: Host, login: string, sid: string, ip: string, command: string, exitCode: number): AuditEventJson {
    return Object.assign(
      this.meta('exec', exitCode === 0 ? 'T3002I' : 'T3002E', t),
      {
        ei: 1,
      },
      this.user(p, sec, login),
      this.session(sid, sec),
      this.server(host),
      {
        forwarded_by: AUTH_SERVER_ID,
        'addr.local': host.addr,
        'addr.remote': remote(ip, this.rng),
        proto: 'ssh',
        command,
        exitCode: String(exitCode),
        exitError: exitCode === 0 ? undefined : `exit status ${exitCode}`,
      },
    );
  }

  kubeExec(t: number, p: Person, sec: Security, k: KubeCluster, pod: KubeCluster['pods'][number], sid: string, ip: string, command: string, exitCode: number): AuditEventJson {
    return Object.assign(
      this.meta('exec', exitCode === 0 ? 'T3002I' : 'T3002E', t),
      this.user(p, sec, p.logins[0]),
      this.session(sid, sec),
      this.kubeService(k, ip),
      {
        command,
        exitCode: String(exitCode),
        exitError: exitCode === 0 ? undefined : `command terminated with non-zero exit code: exit status ${exitCode}`,
      },
      this.kube(k, p),
      this.kubePod(pod),
    );
  }

  sessionCommand(t: number, ei: number, p: Person, sec: Security, host: Host, login: string, sid: string, program: string, argv: string[], returnCode: number): AuditEventJson {
    const pid = this.rng.int(1000, 65000);
    return Object.assign(
      this.meta('session.command', 'T4000I', t),
      {
        ei,
      },
      this.user(p, sec, login),
      this.session(sid, sec),
      this.server(host),
      {
        cgroup_id: 4294967296 + this.rng.int(1, 5000),
        pid,
        ppid: pid - this.rng.int(1, 40),
        program,
        path: `/usr/bin/${program}`,
        argv: nonEmpty(argv),
        return_code: returnCode,
      },
    );
  }

  sessionJoin(t: number, ei: number, p: Person, sec: Security, host: Host, login: string, sid: string, ip: string): AuditEventJson {
    return Object.assign(
      this.meta('session.join', 'T2001I', t),
      {
        ei,
      },
      this.user(p, sec, login),
      this.session(sid, sec),
      this.server(host),
      {
        'addr.local': host.addr,
        'addr.remote': remote(ip, this.rng),
        proto: 'ssh',
      },
    );
  }

  sessionRejected(t: number, p: Person, host: Host, login: string, ip: string): AuditEventJson {
    return Object.assign(
      this.meta('session.rejected', 'T1006W', t),
      this.user(p, {}, login),
      this.server(host),
      {
        'addr.local': host.addr,
        'addr.remote': remote(ip, this.rng),
        proto: 'ssh',
        reason: 'max number of connections reached',
        max: 2,
      },
    );
  }

  /** A failed SSH authentication (the `auth` event). */
  authFailure(t: number, p: Person, host: Host, login: string, ip: string): AuditEventJson {
    return Object.assign(
      this.meta('auth', 'T3007W', t),
      this.user(p, {}, login),
      {
        'addr.local': host.addr,
        'addr.remote': remote(ip, this.rng),
        proto: 'ssh',
        success: false,
        error: `ssh: principal "${login}" not in the set of valid principals for given certificate: ${JSON.stringify(p.logins)}`,
      },
    );
  }

  // ---- Kubernetes ----------------------------------------------------------------------------

  kubeRequest(t: number, p: Person, sec: Security, k: KubeCluster, ip: string, req: { verb: string; path: string; kind?: string; namespace?: string; name?: string; apiGroup?: string; code: number }, groups?: string[]): AuditEventJson {
    return Object.assign(
      this.meta('kube.request', 'T3009I', t),
      this.user(p, sec, p.logins[0]),
      this.session(this.rng.uuid(), sec),
      {
        namespace: 'default',
        server_id: k.serviceId,
        server_hostname: k.serviceHostname,
        server_version: TELEPORT_VERSION,
        'addr.local': k.apiAddr,
        'addr.remote': remote(ip, this.rng),
        proto: 'kube',
      },
      this.kube(k, p, groups ?? p.kubeGroups),
      {
        request_path: req.path,
        verb: req.verb,
        resource_api_group: req.apiGroup,
        resource_namespace: req.namespace,
        resource_kind: req.kind,
        resource_name: req.name,
        response_code: req.code,
      },
    );
  }

  // ---- Databases -----------------------------------------------------------------------------

  private db(d: Database, dbUser: string, dbName: string): AuditEventJson {
    return {
      db_service: d.service,
      db_protocol: d.protocol,
      db_uri: d.uri,
      db_name: dbName,
      db_user: dbUser,
      db_labels: d.labels,
      db_aws_region: d.awsRegion,
      db_type: d.type,
      db_origin: d.origin,
    };
  }

  dbSessionStart(t: number, p: Person, sec: Security, d: Database, dbUser: string, dbName: string, sid: string, ip: string, ok = true): AuditEventJson {
    return Object.assign(
      this.meta('db.session.start', ok ? 'TDB00I' : 'TDB00W', t),
      this.user(p, sec),
      this.session(sid, sec),
      {
        namespace: 'default',
        server_id: d.serviceHostId,
        server_hostname: d.serviceHostname,
        server_version: TELEPORT_VERSION,
        'addr.remote': remote(ip, this.rng),
        success: ok,
        error: ok ? undefined : `access to db denied. User does not have permissions. Confirm database user and name.`,
        message: ok ? undefined : `access to db denied`,
      },
      this.db(d, dbUser, dbName),
    );
  }

  dbQuery(t: number, p: Person, sec: Security, d: Database, dbUser: string, dbName: string, sid: string, query: string, ok = true, params?: string[]): AuditEventJson {
    return Object.assign(
      this.meta(ok ? 'db.session.query' : 'db.session.query.failed', ok ? 'TDB02I' : 'TDB02W', t),
      this.user(p, sec),
      this.session(sid, sec),
      this.db(d, dbUser, dbName),
      {
        db_query: query,
        db_query_parameters: nonEmpty(params),
        success: ok,
        error: ok ? undefined : 'ERROR: permission denied for table customers (SQLSTATE 42501)',
      },
    );
  }

  /** db.session.end: outside our catalogue, realistic noise. */
  dbSessionEnd(t: number, p: Person, sec: Security, d: Database, dbUser: string, dbName: string, sid: string): AuditEventJson {
    return Object.assign(
      this.meta('db.session.end', 'TDB01I', t),
      this.user(p, sec),
      this.session(sid, sec),
      this.db(d, dbUser, dbName),
    );
  }

  // ---- Identity ------------------------------------------------------------------------------

  /**
   * cert.create: note there is no top-level `user` (the user is identity.user), and Teleport
   * writes `certificate_authority: null` and null trait values.
   */
  certCreate(t: number, p: Person, opts: {
    expiresMs: number; expiresNanos?: number; clientIp?: string; sec?: Security;
    kubeCluster?: string; db?: { service: string; protocol: string; user: string; name: string };
    userAgent?: string; disallowReissue?: true;
  }): AuditEventJson {
    const sec = opts.sec ?? {};
    const traits = p.bot
      ? undefined
      : { aws_role_arns: null, db_names: null, db_users: null, kubernetes_groups: null, kubernetes_users: null, logins: null, windows_logins: null };
    return Object.assign(
      this.meta('cert.create', 'TC000I', t),
      {
        cert_type: 'user',
        identity: {
          user: p.name,
          impersonator: sec.impersonator,
          roles: [...p.roles],
          // Certificates scoped to one protocol carry its usage restriction.
          usage: opts.kubeCluster ? ['usage:kube'] : opts.db ? ['usage:db'] : undefined,
          logins: [...p.logins, '-teleport-internal-join'],
          kubernetes_groups: opts.kubeCluster ? nonEmpty(p.kubeGroups) : undefined,
          kubernetes_users: opts.kubeCluster ? nonEmpty(p.kubeUsers) : undefined,
          expires: formatGoTime(opts.expiresMs, opts.expiresNanos ?? 0),
          route_to_cluster: CLUSTER,
          kubernetes_cluster: opts.kubeCluster,
          traits,
          teleport_cluster: CLUSTER,
          route_to_database: opts.db
            ? { service_name: opts.db.service, protocol: opts.db.protocol, username: opts.db.user, database: opts.db.name }
            : undefined,
          database_users: opts.db ? nonEmpty(p.dbUsers) : undefined,
          mfa_device_uuid: sec.withMfa,
          client_ip: opts.clientIp,
          disallow_reissue: opts.disallowReissue,
          access_requests: nonEmpty(sec.accessRequests),
          prev_identity_expires: '0001-01-01T00:00:00Z',
          private_key_policy: 'none',
          device_extensions: sec.device
            ? { device_id: sec.device.device_id, asset_tag: sec.device.asset_tag, credential_id: sec.device.credential_id }
            : undefined,
          bot_name: p.bot,
          bot_instance_id: p.bot ? BOT_INSTANCE_IDS[p.bot] : undefined,
        },
        user_agent: opts.userAgent,
        certificate_authority: null,
      },
    );
  }

  userLogin(t: number, p: Person, ip: string, ok: boolean, withMfa: boolean, userAgent: string): AuditEventJson {
    const sso = p.connector !== 'local';
    const code = sso ? (ok ? 'T1001I' : 'T1001W') : ok ? 'T1000I' : 'T1000W';
    return Object.assign(
      this.meta('user.login', code, t),
      {
        user: p.name,
        required_private_key_policy: ok ? 'none' : undefined,
        user_kind: ok ? 1 : undefined,
        success: ok,
        error: ok ? undefined : sso ? 'Failed to validate SSO response' : 'invalid username or password',
        method: p.connector === 'okta' ? 'saml' : p.connector,
        mfa_device: ok && withMfa && p.mfaDevice
          ? { mfa_device_name: p.mfaDevice.name, mfa_device_uuid: p.mfaDevice.uuid, mfa_device_type: p.mfaDevice.type }
          : undefined,
        applied_login_rules: sso && ok ? ['okta-groups-to-roles'] : undefined,
        user_agent: userAgent,
        'addr.remote': remote(ip, this.rng),
      },
    );
  }

  userCreate(t: number, actor: Person, name: string, roles: string[], connector: string): AuditEventJson {
    return Object.assign(
      this.meta('user.create', 'T1002I', t),
      this.user(actor),
      {
        name,
        expires: '0001-01-01T00:00:00Z',
        roles: nonEmpty(roles),
        connector,
      },
    );
  }

  userPasswordChange(t: number, p: Person): AuditEventJson {
    return Object.assign(this.meta('user.password_change', 'T1005I', t), this.user(p));
  }

  resetPasswordTokenCreate(t: number, actor: Person, target: string, ttlHours: number): AuditEventJson {
    return Object.assign(
      this.meta('reset_password_token.create', 'T6000I', t),
      {
        name: target,
        ttl: `${ttlHours}h0m0s`,
        updated_by: actor.name,
      },
      this.user(actor),
    );
  }

  recoveryCodeUsed(t: number, p: Person, ok: boolean): AuditEventJson {
    return Object.assign(
      this.meta('recovery_code.used', ok ? 'T1009I' : 'T1009W', t),
      this.user(p),
      {
        success: ok,
        error: ok ? undefined : 'recovery code is invalid',
        message: ok ? undefined : 'Failed to verify recovery code',
      },
    );
  }

  deviceEvent(t: number, kind: 'enroll' | 'authenticate', p: Person, device: TrustedDevice, ok = true): AuditEventJson {
    return Object.assign(
      this.meta(`device.${kind}`, kind === 'enroll' ? 'TV005I' : 'TV006I', t),
      {
        device,
        success: ok,
        error: ok ? undefined : 'device not enrolled',
      },
      this.user(p),
    );
  }

  samlIdpAuth(t: number, p: Person, sec: Security, sp: { entityId: string; shortcut?: string }, ok = true): AuditEventJson {
    return Object.assign(
      this.meta('saml.idp.auth', 'TSI000I', t),
      this.user(p, sec),
      this.session(this.rng.uuid(), sec),
      {
        success: ok,
        error: ok ? undefined : 'user does not have access to the service provider',
        service_provider_entity_id: sp.entityId,
        service_provider_shortcut: sp.shortcut,
      },
    );
  }

  // ---- Access requests, access lists, locks --------------------------------------------------

  accessRequestCreate(t: number, p: Person, req: {
    id: string; roles: string[]; reason: string; expiresMs: number;
    resources?: { kind: string; name: string; sub_resource?: string }[];
  }): AuditEventJson {
    const expires = formatGoTime(req.expiresMs, this.rng.int(1, 999999));
    return Object.assign(
      this.meta('access_request.create', 'T5000I', t),
      this.user(p),
      {
        expires,
        roles: nonEmpty(req.roles),
        resource_ids: req.resources?.map((r) => ({ cluster: CLUSTER, kind: r.kind, name: r.name, sub_resource: r.sub_resource })),
        id: req.id,
        state: 'PENDING',
        reason: req.reason,
        max_duration: expires,
      },
    );
  }

  accessRequestReview(t: number, reviewer: Person, req: { id: string; expiresMs: number }, approve: boolean, reason: string): AuditEventJson {
    const expires = formatGoTime(req.expiresMs, this.rng.int(1, 999999));
    const state = approve ? 'APPROVED' : 'DENIED';
    return Object.assign(
      this.meta('access_request.review', 'T5002I', t),
      {
        expires,
        id: req.id,
        state,
        reason,
        reviewer: reviewer.name,
        proposed_state: state,
        max_duration: expires,
      },
    );
  }

  accessList(t: number, kind: 'create' | 'update' | 'delete', actor: Person, name: string): AuditEventJson {
    const code = { create: 'TAL001I', update: 'TAL002I', delete: 'TAL003I' }[kind];
    return Object.assign(
      this.meta(`access_list.${kind}`, code, t),
      {
        name,
        updated_by: actor.name,
        success: true,
      },
    );
  }

  accessListReview(t: number, actor: Person, name: string, removed: string[]): AuditEventJson {
    return Object.assign(
      this.meta('access_list.review', 'TAL004I', t),
      {
        name,
        updated_by: actor.name,
        review_id: this.rng.uuid(),
        membership_requirements_changed: this.rng.chance(0.3) ? { roles: ['access', 'auditor'] } : undefined,
        removed_members: nonEmpty(removed),
        review_frequency_changed: this.rng.chance(0.2) ? '3 months' : undefined,
        success: true,
      },
    );
  }

  accessListMember(t: number, kind: 'create' | 'update' | 'delete', actor: Person, list: string, members: { name: string; reason?: string; joinedMs: number }[]): AuditEventJson {
    const code = { create: 'TAL005I', update: 'TAL006I', delete: 'TAL007I' }[kind];
    return Object.assign(
      this.meta(`access_list.member.${kind}`, code, t),
      {
        updated_by: actor.name,
        access_list_name: list,
        members: members.map((m) => ({
          joined_on: formatGoTime(m.joinedMs, this.rng.int(1, 999999)),
          removed_on: kind === 'delete' ? formatGoTime(t) : '0001-01-01T00:00:00Z',
          reason: m.reason,
          member_name: m.name,
        })),
        success: true,
      },
    );
  }

  lockCreated(t: number, actor: Person, lockName: string, target: Record<string, string>, message: string, expiresMs?: number): AuditEventJson {
    return Object.assign(
      this.meta('lock.created', 'TLK00I', t),
      {
        name: lockName,
        expires: expiresMs === undefined ? '0001-01-01T00:00:00Z' : formatGoTime(expiresMs),
        updated_by: actor.name,
      },
      this.user(actor),
      {
        target,
        lock_message: message,
      },
    );
  }

  lockDeleted(t: number, actor: Person, lockName: string): AuditEventJson {
    return Object.assign(
      this.meta('lock.deleted', 'TLK01I', t),
      {
        name: lockName,
        expires: '0001-01-01T00:00:00Z',
        updated_by: actor.name,
      },
      this.user(actor),
    );
  }

  // ---- Joining -------------------------------------------------------------------------------

  joinTokenCreate(t: number, actor: Person, tokenName: string, roles: string[], method: string, expiresMs: number): AuditEventJson {
    return Object.assign(
      this.meta('join_token.create', 'TJT00I', t),
      {
        name: tokenName,
        expires: formatGoTime(expiresMs, this.rng.int(1, 999999)),
        updated_by: actor.name,
      },
      this.user(actor),
      {
        roles: nonEmpty(roles),
        join_method: method,
      },
    );
  }

  /**
   * instance.join. token_expires is a non-pointer time in the proto, so it is always written:
   * Go's zero time for tokens that never expire (IAM, EC2 joining).
   */
  instanceJoin(t: number, j: { nodeName: string; hostId: string; role: string; method: string; tokenName?: string; tokenExpires: string; ip: string; ok?: boolean; attributes?: Record<string, unknown> }): AuditEventJson {
    const ok = j.ok ?? true;
    return Object.assign(
      this.meta('instance.join', ok ? 'TJ002I' : 'TJ002E', t),
      {
        'addr.remote': j.ip,
        success: ok,
        error: ok ? undefined : 'token expired or not found',
        host_id: j.hostId,
        node_name: j.nodeName,
        role: j.role,
        method: j.method,
        token_name: j.tokenName,
        attributes: j.attributes,
        token_expires: j.tokenExpires,
      },
    );
  }

  botJoin(t: number, bot: Person, method: string, tokenName: string, ip: string, ok = true): AuditEventJson {
    return Object.assign(
      this.meta('bot.join', ok ? 'TJ001I' : 'TJ001E', t),
      {
        success: ok,
        error: ok ? undefined : 'bot instance generation counter mismatch',
        bot_name: bot.bot,
        method,
        token_name: tokenName,
        user_name: bot.name,
        'addr.remote': ip,
        bot_instance_id: bot.bot ? BOT_INSTANCE_IDS[bot.bot] : undefined,
      },
    );
  }

  // ---- Windows desktops ----------------------------------------------------------------------

  desktopStart(t: number, p: Person, sec: Security, d: Desktop, windowsUser: string, sid: string, ip: string, ok = true): AuditEventJson {
    return Object.assign(
      this.meta('windows.desktop.session.start', ok ? 'TDP00I' : 'TDP00W', t),
      this.user(p, sec),
      this.session(sid, sec),
      {
        'addr.local': d.addr,
        'addr.remote': remote(ip, this.rng),
        proto: 'tdp',
        success: ok,
        error: ok ? undefined : 'RDP connection failed',
        windows_desktop_service: d.serviceId,
        desktop_addr: d.addr,
        windows_domain: d.domain,
        windows_user: windowsUser,
        desktop_labels: d.labels,
        desktop_name: d.name,
        allow_user_creation: windowsUser !== 'Administrator' ? true : undefined,
      },
    );
  }

  desktopEnd(t: number, startedAt: number, p: Person, sec: Security, d: Desktop, windowsUser: string, sid: string): AuditEventJson {
    return Object.assign(
      this.meta('windows.desktop.session.end', 'TDP01I', t),
      this.user(p, sec),
      this.session(sid, sec),
      {
        windows_desktop_service: d.serviceId,
        desktop_addr: d.addr,
        windows_domain: d.domain,
        windows_user: windowsUser,
        desktop_labels: d.labels,
        session_start: formatGoTime(startedAt, this.rng.int(0, 999999)),
        session_stop: formatGoTime(t, this.rng.int(0, 999999)),
        desktop_name: d.name,
        recorded: true,
        participants: [p.name],
      },
    );
  }

  /** A role or SSO connector created, updated or deleted (Teleport writes the same shape for all nine). */
  resourceChange(t: number, actor: Person, change: ResourceChange, name: string): AuditEventJson {
    return Object.assign(this.meta(change.event, change.code, t), { name, expires: '0001-01-01T00:00:00Z', updated_by: actor.name }, this.user(actor), { 'addr.remote': remote(actor.ips[0], this.rng) });
  }

  // ---- Noise: event types outside the catalogue ----------------------------------------------

  mfaChallenge(t: number, p: Person): AuditEventJson {
    return Object.assign(this.meta('mfa_auth_challenge.create', 'T1015I', t), this.user(p), { challenge_scope: 'CHALLENGE_SCOPE_USER_SESSION', challenge_allow_reuse: false });
  }

  /**
   * An event type newer than our catalogue knows (a Teleport upgrade can add types at any time):
   * ingestion must keep it and no view may choke on it.
   */
  futureEvent(t: number, p: Person): AuditEventJson {
    return Object.assign(
      this.meta('session.summarized', 'INF010I', t),
      {
        sid: this.rng.uuid(),
        session_type: 'ssh',
        model_name: 'summarizer-v2',
        success: true,
        risk_level: this.rng.pick(['low', 'medium', 'high']),
        short_description: 'User inspected service logs and restarted a unit',
        user: p.name,
        inference_started_at: formatGoTime(t - 9000),
        inference_finished_at: formatGoTime(t),
        proxy_addr: PROXY_ADDR,
      },
    );
  }
}
