// The fictional cluster the demo log describes: a handful of people and bots, SSH nodes,
// databases, Kubernetes clusters and a Windows desktop. Small on purpose, so that query results
// read like a real team's week (the same names recur) and planted patterns stand out.

export const CLUSTER = 'teleport.example.com';
export const TELEPORT_VERSION = '17.4.8';
/** host_id of the Auth Service instance, which is the forwarded_by of proxied events. */
export const AUTH_SERVER_ID = '3c8f2d6e-41a7-4c0b-9a55-2f1e7b9c0d11';
export const PROXY_ADDR = '10.0.0.10:3080';

/** Device trust enrolment of a person's laptop (DeviceMetadata in events.proto). */
export interface TrustedDevice {
  device_id: string;
  os_type: number; // 1 linux, 2 macOS, 3 Windows
  asset_tag: string;
  credential_id: string;
  device_origin: number; // 1 API, 2 Jamf, 3 Intune
}

export interface Person {
  /** Teleport user name. */
  name: string;
  /** Bots (Machine ID) connect as bot-<name> and impersonate themselves. */
  bot?: string;
  roles: string[];
  logins: string[];
  /** Where this person usually connects from. */
  ips: string[];
  /** How SSO users log in; local users use 'local'. */
  connector: 'local' | 'github' | 'okta';
  /** Probabilities that a session of theirs used per-session MFA / an access request / a trusted device. */
  mfaRate: number;
  requestRate: number;
  deviceRate: number;
  device?: TrustedDevice;
  mfaDevice?: { name: string; uuid: string; type: 'TOTP' | 'WebAuthn' };
  kubeGroups: string[];
  kubeUsers: string[];
  dbUsers: string[];
  /** Relative activity. */
  weight: number;
  /** Typical certificate TTL in hours. */
  certTtlHours: number;
}

export const PEOPLE: readonly Person[] = [
  {
    name: 'alice', roles: ['access', 'editor'], logins: ['alice', 'ubuntu'],
    ips: ['203.0.113.10', '203.0.113.11'], connector: 'local',
    mfaRate: 0.55, requestRate: 0.15, deviceRate: 0.7,
    device: { device_id: '8a1d6f0c-6b2e-4e4f-9f3a-0d7c5b1e2a41', os_type: 2, asset_tag: 'C02FK3ALMD6T', credential_id: 'a3f1c2d4-5e6f-4a8b-9c0d-1e2f3a4b5c6d', device_origin: 2 },
    mfaDevice: { name: 'yubikey-5c', uuid: '5b0f6e4a-2c1d-4e8f-a9b7-3d2c1b0a9f8e', type: 'WebAuthn' },
    kubeGroups: ['developers'], kubeUsers: ['alice'], dbUsers: ['alice', 'app_ro'], weight: 5, certTtlHours: 12,
  },
  {
    name: 'bob', roles: ['access'], logins: ['bob', 'ubuntu', 'root'],
    ips: ['198.51.100.23'], connector: 'local',
    mfaRate: 0.1, requestRate: 0.05, deviceRate: 0,
    mfaDevice: { name: 'phone-otp', uuid: '0e9d8c7b-6a5f-4e3d-8c2b-1a0f9e8d7c6b', type: 'TOTP' },
    kubeGroups: ['developers'], kubeUsers: ['bob'], dbUsers: ['app_rw', 'postgres'], weight: 4, certTtlHours: 12,
  },
  {
    name: 'carol@example.com', roles: ['dba', 'access'], logins: ['carol'],
    ips: ['192.0.2.45', '192.0.2.46'], connector: 'okta',
    mfaRate: 0.8, requestRate: 0.3, deviceRate: 0.5,
    device: { device_id: 'f47ac10b-58cc-4372-a567-0e02b2c3d479', os_type: 3, asset_tag: 'PF3XK2LQ', credential_id: '7c9e6679-7425-40de-944b-e07fc1f90ae7', device_origin: 3 },
    mfaDevice: { name: 'windows-hello', uuid: '2d4e6f80-1a3b-4c5d-8e7f-90a1b2c3d4e5', type: 'WebAuthn' },
    kubeGroups: ['viewers'], kubeUsers: ['carol'], dbUsers: ['postgres', 'dba_admin', 'app_rw'], weight: 3, certTtlHours: 8,
  },
  {
    name: 'dave', roles: ['access', 'sre', 'kube-admin'], logins: ['dave', 'ubuntu', 'ec2-user', 'root'],
    ips: ['203.0.113.77', '100.64.12.9'], connector: 'github',
    mfaRate: 0.5, requestRate: 0.1, deviceRate: 0.5,
    device: { device_id: '1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b', os_type: 1, asset_tag: 'LNX-0042', credential_id: '6fa459ea-ee8a-4ca4-894e-db77e160355e', device_origin: 1 },
    mfaDevice: { name: 'touch-id', uuid: '9c5b94b1-35ad-49bb-b118-8e8fc24abf80', type: 'WebAuthn' },
    kubeGroups: ['system:masters', 'sre'], kubeUsers: ['dave'], dbUsers: ['app_ro'], weight: 4, certTtlHours: 12,
  },
  {
    name: 'erin', roles: ['analyst'], logins: ['erin'],
    ips: ['198.51.100.61'], connector: 'okta',
    mfaRate: 0.3, requestRate: 0.2, deviceRate: 0.2,
    device: { device_id: 'c56a4180-65aa-42ec-a945-5fd21dec0538', os_type: 2, asset_tag: 'C02ZL1P0MD6R', credential_id: 'e4eaaaf2-d142-11e1-b3e4-080027620cdd', device_origin: 2 },
    kubeGroups: ['viewers'], kubeUsers: ['erin'], dbUsers: ['analyst'], weight: 2, certTtlHours: 8,
  },
  {
    name: 'admin-annie', roles: ['editor', 'access', 'auditor'], logins: ['root', 'ubuntu', 'annie'],
    ips: ['198.51.100.200', '203.0.113.150'], connector: 'local',
    mfaRate: 0.85, requestRate: 0.05, deviceRate: 0.8,
    device: { device_id: 'a8098c1a-f86e-41f0-8f4a-2d5e1a2b3c4d', os_type: 2, asset_tag: 'C02AN1EMD6T', credential_id: 'b9b1a2c3-d4e5-4f60-8a7b-9c0d1e2f3a4b', device_origin: 2 },
    mfaDevice: { name: 'yubikey-admin', uuid: '3f2504e0-4f89-41d3-9a0c-0305e82c3301', type: 'WebAuthn' },
    kubeGroups: ['system:masters'], kubeUsers: ['annie'], dbUsers: ['postgres', 'app_rw'], weight: 2, certTtlHours: 8,
  },
  {
    name: 'frank@contractor.example.org', roles: ['contractor'], logins: ['frank'],
    ips: ['192.0.2.180', '192.0.2.181', '203.0.113.220'], connector: 'github',
    mfaRate: 0, requestRate: 0.4, deviceRate: 0,
    kubeGroups: ['developers'], kubeUsers: ['frank'], dbUsers: ['app_ro'], weight: 1, certTtlHours: 30,
  },
  {
    name: 'bot-ci-bot', bot: 'ci-bot', roles: ['ci-deployer'], logins: ['deploy'],
    ips: ['10.20.0.15'], connector: 'local',
    mfaRate: 0, requestRate: 0, deviceRate: 0,
    kubeGroups: ['deployers'], kubeUsers: ['ci-bot'], dbUsers: ['migrations'], weight: 4, certTtlHours: 1,
  },
];

export const HUMANS: readonly Person[] = PEOPLE.filter((p) => !p.bot);
export const BOTS: readonly Person[] = PEOPLE.filter((p) => p.bot);

export function person(name: string): Person {
  const p = PEOPLE.find((x) => x.name === name);
  if (!p) throw new Error(`demo cast has no person ${name}`);
  return p;
}

export interface Host {
  hostname: string;
  id: string;
  addr: string;
  labels: Record<string, string>;
}

export const HOSTS: readonly Host[] = [
  { hostname: 'web-1', id: 'd3ddd1f8-b602-488b-9c2a-00c66e29879f', addr: '10.0.1.11:3022', labels: { env: 'prod', team: 'web' } },
  { hostname: 'web-2', id: '6e1c9d02-3f4b-4a8e-b7d6-1c2d3e4f5a6b', addr: '10.0.1.12:3022', labels: { env: 'prod', team: 'web' } },
  { hostname: 'api-1', id: 'be13d7a6-2686-44d9-bd46-ed0dfb10caf1', addr: '10.0.2.21:3022', labels: { env: 'prod', team: 'api' } },
  { hostname: 'api-2', id: '4b7e0c1d-9a8f-4e6d-8c5b-3a2f1e0d9c8b', addr: '10.0.2.22:3022', labels: { env: 'prod', team: 'api' } },
  { hostname: 'bastion', id: '0f8e7d6c-5b4a-4392-a1f0-e9d8c7b6a594', addr: '10.0.0.5:3022', labels: { env: 'prod', role: 'bastion' } },
  { hostname: 'build-agent-1', id: '9a8b7c6d-5e4f-4a3b-9c1d-0e9f8a7b6c5d', addr: '10.20.0.30:3022', labels: { env: 'ci' } },
  { hostname: 'staging-app-1', id: '2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f', addr: '10.1.1.11:3022', labels: { env: 'staging' } },
  { hostname: 'worker-3', id: '7f6e5d4c-3b2a-4190-8f7e-6d5c4b3a2918', addr: '10.0.3.13:3022', labels: { env: 'prod', team: 'batch' } },
];

export interface KubeCluster {
  name: string;
  serviceId: string;
  serviceHostname: string;
  apiAddr: string;
  namespaces: string[];
  pods: { name: string; namespace: string; container: string; image: string; node: string }[];
}

export const KUBE_CLUSTERS: readonly KubeCluster[] = [
  {
    name: 'prod-eks', serviceId: '5d2c1b0a-9f8e-4d7c-b6a5-4f3e2d1c0b9a', serviceHostname: 'kube-agent-prod-0',
    apiAddr: '172.20.0.1:443', namespaces: ['default', 'payments', 'monitoring', 'kube-system'],
    pods: [
      { name: 'payments-api-7d9f8c6b5-x2k4p', namespace: 'payments', container: 'api', image: '123456789012.dkr.ecr.eu-central-1.amazonaws.com/payments-api:2.14.1', node: 'ip-10-0-12-34.eu-central-1.compute.internal' },
      { name: 'checkout-6c8d7f9b4-q8w2e', namespace: 'default', container: 'checkout', image: '123456789012.dkr.ecr.eu-central-1.amazonaws.com/checkout:1.9.0', node: 'ip-10-0-14-7.eu-central-1.compute.internal' },
      { name: 'prometheus-0', namespace: 'monitoring', container: 'prometheus', image: 'quay.io/prometheus/prometheus:v2.53.0', node: 'ip-10-0-12-34.eu-central-1.compute.internal' },
    ],
  },
  {
    name: 'staging-gke', serviceId: 'e2f3a4b5-c6d7-4e8f-9a0b-1c2d3e4f5a6b', serviceHostname: 'kube-agent-staging-0',
    apiAddr: '10.96.0.1:443', namespaces: ['default', 'staging'],
    pods: [
      { name: 'web-5f6d7c8b9-abcde', namespace: 'staging', container: 'web', image: 'europe-docker.pkg.dev/acme/web:main', node: 'gke-staging-pool-1-a1b2' },
    ],
  },
];

export interface Database {
  service: string;
  protocol: 'postgres' | 'mysql' | 'mongodb';
  uri: string;
  type: string;
  origin: string;
  names: string[];
  labels: Record<string, string>;
  awsRegion?: string;
  serviceHostId: string;
  serviceHostname: string;
}

export const DATABASES: readonly Database[] = [
  { service: 'orders-pg', protocol: 'postgres', uri: 'orders.cluster-c9x2kq.eu-central-1.rds.amazonaws.com:5432', type: 'rds', origin: 'cloud', names: ['orders', 'postgres'], labels: { env: 'prod', engine: 'postgres' }, awsRegion: 'eu-central-1', serviceHostId: '8d7c6b5a-4f3e-4d2c-9b1a-0f9e8d7c6b5a', serviceHostname: 'db-agent-0' },
  { service: 'analytics-pg', protocol: 'postgres', uri: '10.0.6.20:5432', type: 'self-hosted', origin: 'config', names: ['warehouse', 'postgres'], labels: { env: 'prod', team: 'data' }, serviceHostId: '8d7c6b5a-4f3e-4d2c-9b1a-0f9e8d7c6b5a', serviceHostname: 'db-agent-0' },
  { service: 'billing-mysql', protocol: 'mysql', uri: 'billing.c7a1b2.eu-central-1.rds.amazonaws.com:3306', type: 'rds', origin: 'cloud', names: ['billing'], labels: { env: 'prod', engine: 'mysql' }, awsRegion: 'eu-central-1', serviceHostId: '1e2d3c4b-5a69-4788-97a6-b5c4d3e2f1a0', serviceHostname: 'db-agent-1' },
  { service: 'catalog-mongo', protocol: 'mongodb', uri: 'mongodb+srv://catalog.x1y2z.mongodb.net', type: 'self-hosted', origin: 'dynamic', names: ['catalog'], labels: { env: 'prod' }, serviceHostId: '1e2d3c4b-5a69-4788-97a6-b5c4d3e2f1a0', serviceHostname: 'db-agent-1' },
];

export interface Desktop {
  name: string;
  addr: string;
  domain: string;
  serviceId: string;
  labels: Record<string, string>;
}

export const DESKTOPS: readonly Desktop[] = [
  { name: 'win-jump-01', addr: '10.0.5.10:3389', domain: 'corp.example.com', serviceId: 'ba17ae92-5519-476a-954e-c225cf751de1', labels: { env: 'prod', role: 'jump' } },
  { name: 'dc-01', addr: '10.0.5.2:3389', domain: 'corp.example.com', serviceId: 'ba17ae92-5519-476a-954e-c225cf751de1', labels: { env: 'prod', role: 'domain-controller' } },
];

export const SSH_COMMANDS: readonly string[] = [
  'uptime', 'df -h', 'systemctl status nginx', 'journalctl -u app --since "1 hour ago"', 'tail -n 200 /var/log/syslog',
  'docker ps', 'free -m', 'ls -la /srv/app', 'cat /etc/os-release', 'sudo systemctl restart app',
  'git -C /srv/app pull', 'ps aux --sort=-%cpu | head', 'kubectl get pods -A', 'cat /etc/hosts',
];

export const KUBE_EXEC_COMMANDS: readonly string[] = [
  '/bin/sh', 'sh -c env', 'cat /app/config.yaml', 'ls /data', 'curl -s localhost:8080/healthz', 'bash',
];

export const SQL_QUERIES: Record<Database['protocol'], readonly string[]> = {
  postgres: [
    'SELECT id, status, total FROM orders WHERE created_at > now() - interval \'1 day\'',
    'SELECT count(*) FROM orders', 'SELECT * FROM customers WHERE id = $1',
    'UPDATE orders SET status = \'shipped\' WHERE id = $1', 'SELECT pg_size_pretty(pg_database_size(current_database()))',
    'SELECT * FROM pg_stat_activity', 'BEGIN', 'COMMIT',
  ],
  mysql: ['SELECT * FROM invoices WHERE customer_id = ?', 'SHOW PROCESSLIST', 'SELECT SUM(amount) FROM payments', 'SHOW TABLES'],
  mongodb: ['OpMsg(find: "products")', 'OpMsg(aggregate: "orders")', 'OpMsg(count: "products")'],
};
