// The CLI through a gateway (--server/--token) prints exactly what it prints locally; `amctl token`
// mints tokens the gateway accepts; saved-query commands work both ways. Real processes: the CLI is
// run as `bin/amctl`, the gateway on the real engine over a generated log.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify as toYaml } from 'yaml';
import { ensureDevKey } from '../../src/auth/dev-key';
import { TEST_AUDIENCE, TEST_ISSUER, startDemoEngine, startTestGateway, type DemoEngine, type TestGateway } from '../support/gateway';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const AMCTL = join(REPO, 'bin', 'amctl');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function amctl(args: string[], stdin?: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [AMCTL, ...args], {
      cwd: REPO,
      env: { ...process.env, AMCTL_CONFIG: '', AMCTL_TOKEN: '', AMCTL_LOG_LEVEL: 'silent' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b) => (stdout += b));
    child.stderr.on('data', (b) => (stderr += b));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(stdin ?? '');
  });
}

const ROLES = `kind: role
metadata: { name: editor }
spec:
  allow:
    rules:
    - resources: [audit_query]
      verbs: [list, read, use, create, update, delete]
`;

let demo: DemoEngine;
let t: TestGateway;
let dir: string;
let localConfig: string;
let token: string;

beforeAll(async () => {
  demo = await startDemoEngine({ events: 3000, days: 30 });
  dir = mkdtempSync(join(tmpdir(), 'amctl-cli-'));
  const devKeyFile = join(dir, 'dev-key.json');
  await ensureDevKey(devKeyFile);
  t = await startTestGateway({ engine: demo.engine, roles: ROLES, auth: { dev_key_file: devKeyFile } });
  // The local side: its own data directory over the same audit log, the same dev key and claims.
  localConfig = join(dir, 'amctl.yaml');
  writeFileSync(
    localConfig,
    toYaml({
      data_dir: join(dir, 'local-data'),
      embedded: { audit_log: demo.logDir },
      auth: { dev_key_file: devKeyFile, issuer: TEST_ISSUER, audience: TEST_AUDIENCE },
    }),
  );
  const minted = await amctl(['--config', localConfig, 'token', '--user', 'alice', '--roles', 'auditor,editor', '--ttl', '15m']);
  expect(minted.stderr).toBe('');
  expect(minted.code).toBe(0);
  token = minted.stdout.trim();
});

afterAll(async () => {
  await t?.close();
  await demo?.cleanup();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('amctl token', () => {
  it('mints a token the gateway accepts, naming the user and roles', async () => {
    const r = await t.gql('{ auditQueries { nodes { name } } }', undefined, token);
    expect(r.errors).toBeUndefined();
    const [, payload] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    expect(claims).toMatchObject({ username: 'alice', sub: 'alice', roles: ['auditor', 'editor'], iss: TEST_ISSUER, aud: TEST_AUDIENCE });
    expect(claims.exp - claims.iat).toBe(15 * 60);
  });

  it('refuses clearly when no dev key is configured', async () => {
    const r = await amctl(['--data-dir', join(dir, 'empty'), 'token', '--user', 'alice']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no local dev signing key: set auth.dev_key_file/);
  });
});

describe('audit query exec through the gateway', () => {
  const SQL = [
    // timestamps, varchar, integer, arrays, NULLs, maps; more than one 1000-row page
    `SELECT a.event_time, a.user, a.login, a.trusted_device_os_type, a.access_requests, CARDINALITY(a.access_requests) AS n_requests,
            a.server_labels, b.event_date
       FROM session_start a, session_start b
      ORDER BY a.event_time, a.uid, b.event_time, b.uid LIMIT 2345`,
    'SELECT user, COUNT(*) AS sessions, approx_distinct(login) AS logins FROM session_start GROUP BY user ORDER BY sessions DESC, user',
  ];

  it.each(SQL)('prints the same JSON as local mode: %s', async (sql) => {
    const local = await amctl(['--config', localConfig, 'audit', 'query', 'exec', '--days', '30', sql]);
    expect(local.stderr).toBe('');
    expect(local.code).toBe(0);
    const remote = await amctl(['--server', t.gateway.origin, '--token', token, 'audit', 'query', 'exec', '--days', '30', sql]);
    expect(remote.stderr).toBe('');
    expect(remote.code).toBe(0);
    expect(remote.stdout).toBe(local.stdout);
    const rows = JSON.parse(remote.stdout) as { data: string[] }[];
    if (sql.includes('LIMIT 2345')) {
      // Three result pages through the gateway; timestamps back in tctl's text form.
      expect(rows).toHaveLength(2346);
      expect(rows[1]!.data[0]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}$/);
    } else {
      expect(rows.length).toBeGreaterThan(2);
    }
  });

  it('reads SQL from standard input and reports failures with their code', async () => {
    const piped = await amctl(['--server', t.gateway.url, '--token', token, 'audit', 'query', 'exec'], 'SELECT 1 AS one');
    expect(JSON.parse(piped.stdout)).toEqual([{ data: ['one'] }, { data: ['1'] }]);
    const failed = await amctl(['--server', t.gateway.url, '--token', token, 'audit', 'query', 'exec', 'SELECT nope FROM session_start']);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/^amctl: query failed: .*nope/m);
    const badToken = await amctl(['--server', t.gateway.url, '--token', 'x.y.z', 'audit', 'query', 'exec', 'SELECT 1']);
    expect(badToken.code).toBe(1);
    expect(badToken.stderr).toMatch(/^amctl: unauthenticated: invalid token/m);
  });
});

describe('saved queries from the CLI', () => {
  it('create/ls/get/rm through the gateway land in the gateway store, which local mode reads the same', async () => {
    const remote = ['--server', t.gateway.url, '--token', token, 'audit', 'query'];
    const created = await amctl([...remote, 'create', '--name', 'by-user', '--title', 'Sessions by user', 'SELECT user, COUNT(*) AS n FROM session_start GROUP BY user']);
    expect(created.stderr).toBe('');
    expect(created.stdout.trim()).toBe('audit query "by-user" has been saved');
    const piped = await amctl([...remote, 'create', '--name', 'logins'], 'SELECT DISTINCT login FROM session_start');
    expect(piped.code).toBe(0);
    expect(await t.gateway.services.auditQueries.get('by-user')).toEqual({
      name: 'by-user',
      title: 'Sessions by user',
      description: '',
      query: 'SELECT user, COUNT(*) AS n FROM session_start GROUP BY user',
      created_by: 'alice',
      updated_by: 'alice',
      updated_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    });

    const remoteLs = await amctl([...remote, 'ls', '--format', 'json']);
    const localLs = await amctl(['--data-dir', t.dataDir, 'audit', 'query', 'ls', '--format', 'json']);
    expect(remoteLs.stdout).toBe(localLs.stdout);
    expect(JSON.parse(remoteLs.stdout).map((q: { name: string }) => q.name)).toEqual(['by-user', 'logins']);

    const table = await amctl([...remote, 'ls']);
    expect(table.stdout.split('\n')[0]).toMatch(/^Name\s+Title\s+Description$/);
    const yaml = await amctl([...remote, 'get', 'by-user']);
    expect(yaml.stdout).toMatch(
      /^name: by-user\ntitle: Sessions by user\ndescription: ""\nquery: SELECT user, COUNT\(\*\) AS n FROM session_start GROUP BY user\ncreated_by: alice\nupdated_by: alice\nupdated_at: \S+\n$/,
    );

    const refused = await amctl([...remote, 'create', '--name', 'evil', 'DROP TABLE session_start']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/bad user input: audit_query evil: the query would be refused/);

    expect((await amctl([...remote, 'rm', 'by-user'])).stdout.trim()).toBe('audit query "by-user" has been deleted');
    const gone = await amctl([...remote, 'get', 'by-user']);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toMatch(/not found: audit_query by-user not found/);
  });
});
