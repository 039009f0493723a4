// Several `amctl serve` processes on loopback ports, configured as replicas of one deployment (Athena
// engine on the local stand-in, S3 and STS on moto, one shared key, one cluster state prefix), behind
// a round-robin proxy. Real processes: a replica can be killed with SIGKILL and started again.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { stringify } from 'yaml';
import { configDocument, REGION, type Harness } from '../athena-stub/harness';
import { newSigningKey, signToken, TEST_AUDIENCE, TEST_ISSUER, type SigningKey, type TokenClaims } from '../gateway';
import { MOTO_CREDENTIALS } from '../moto';
import { RoundRobinProxy } from './proxy';
import { freePort } from '../net';
export { freePort };

const ROOT = resolve(import.meta.dirname, '../../..');
export const STATE_BUCKET = 'audit-long-term';
export const STATE_PREFIX = 'amctl-cluster';


export interface Replica {
  index: number;
  port: number;
  dataDir: string;
  child?: ChildProcess;
  output: string;
}

export interface ReplicaSetOptions {
  harness: Harness;
  replicas?: number;
  /** Extra `athena:` settings (budget, ...). */
  athena?: Record<string, unknown>;
  /** YAML role documents. */
  roles?: string;
  pollIntervalMs?: number;
}

export interface GqlResult<T = any> {
  status: number;
  upstream: number;
  data?: T;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

export class ReplicaSet {
  readonly replicas: Replica[] = [];
  proxy!: RoundRobinProxy;
  key!: SigningKey;
  configFile = '';
  private clients: Client[] = [];

  constructor(private readonly opts: ReplicaSetOptions) {}

  async start(): Promise<void> {
    const h = this.opts.harness;
    const dir = join(h.dir, 'replicas');
    mkdirSync(dir, { recursive: true });
    await h.s3.send(new CreateBucketCommand({ Bucket: STATE_BUCKET, CreateBucketConfiguration: { LocationConstraint: REGION } })).catch((e) => {
      if ((e as { name?: string }).name !== 'BucketAlreadyOwnedByYou') throw e;
    });
    this.key = await newSigningKey('ES256');
    const jwksFile = join(dir, 'jwks.json');
    writeFileSync(jwksFile, JSON.stringify({ keys: [this.key.publicJwk] }));
    const keyFile = join(dir, 'cluster-key');
    writeFileSync(keyFile, randomBytes(48).toString('base64') + '\n', { mode: 0o600 });
    const doc: Record<string, unknown> = {
      ...configDocument({ athena: h.stub.endpoint, s3: h.moto.endpoint, sts: h.moto.endpoint }, { athena: this.opts.athena }),
      cluster: { shared_key_file: keyFile, state: `s3://${STATE_BUCKET}/${STATE_PREFIX}`, poll_interval_ms: this.opts.pollIntervalMs ?? 500 },
      store: { location: `s3://${STATE_BUCKET}/saved-queries`, s3_endpoint: h.moto.endpoint, s3_region: REGION },
      reports: { scheduler: { enabled: false }, rerun_throttle_seconds: 0 },
      auth: { jwks_file: jwksFile, issuer: TEST_ISSUER, audience: TEST_AUDIENCE },
    };
    if (this.opts.roles !== undefined) {
      const rolesFile = join(dir, 'roles.yaml');
      writeFileSync(rolesFile, this.opts.roles);
      (doc.auth as Record<string, unknown>).roles_file = rolesFile;
    }
    this.configFile = join(dir, 'amctl.yaml');
    writeFileSync(this.configFile, stringify(doc));
    for (let i = 0; i < (this.opts.replicas ?? 3); i++) {
      this.replicas.push({ index: i, port: await freePort(), dataDir: join(dir, `replica-${i}`), output: '' });
    }
    await Promise.all(this.replicas.map((r) => this.launch(r)));
    this.proxy = new RoundRobinProxy(this.replicas.map((r) => ({ host: '127.0.0.1', port: r.port })));
    await this.proxy.listen();
  }

  /** Starts (or restarts) one replica and waits until /readyz says ready. */
  async launch(r: Replica): Promise<void> {
    r.output = '';
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', '--config', this.configFile, '--data-dir', r.dataDir, 'serve', '--listen', `127.0.0.1:${r.port}`],
      {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: {
          ...process.env,
          AWS_ACCESS_KEY_ID: MOTO_CREDENTIALS.accessKeyId,
          AWS_SECRET_ACCESS_KEY: MOTO_CREDENTIALS.secretAccessKey,
          AWS_REGION: REGION,
          AMCTL_LOG_LEVEL: process.env.AMCTL_TEST_LOG ?? 'warn',
        },
      },
    );
    r.child = child;
    const keep = (b: Buffer) => {
      r.output = (r.output + b.toString()).slice(-20_000);
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    const deadline = Date.now() + 90_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`replica ${r.index} exited with ${child.exitCode} before it was ready:\n${r.output}`);
      try {
        const res = await fetch(`http://127.0.0.1:${r.port}/readyz`);
        if (res.status === 200) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`replica ${r.index} was not ready within 90 s:\n${r.output}`);
      await new Promise((res) => setTimeout(res, 200));
    }
  }

  /** kill -9: no shutdown, no flush, no goodbye. */
  async kill(r: Replica): Promise<void> {
    const child = r.child;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((res) => {
      child.once('exit', () => res());
      child.kill('SIGKILL');
    });
  }

  token(t: TokenClaims = {}): Promise<string> {
    return signToken(this.key, t);
  }

  /** One GraphQL request through the proxy (the next replica), or straight to one replica. */
  async gql<T = any>(query: string, variables: Record<string, unknown>, token: string, replica?: Replica): Promise<GqlResult<T>> {
    const url = replica ? `http://127.0.0.1:${replica.port}/graphql` : this.proxy.url;
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: T; errors?: GqlResult['errors'] };
    return { status: res.status, upstream: replica?.index ?? Number(res.headers.get('x-upstream')), data: body.data ?? undefined, errors: body.errors };
  }

  /** A graphql-ws client through the proxy: its connection lands on the next replica. */
  ws(token: string): Client {
    const c = createClient({ url: this.proxy.wsUrl, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` }, retryAttempts: 0, lazy: true });
    this.clients.push(c);
    return c;
  }

  outputs(): string {
    return this.replicas.map((r) => `--- replica ${r.index} ---\n${r.output}`).join('\n');
  }

  async stop(): Promise<void> {
    await Promise.all(this.clients.map((c) => c.dispose()));
    await this.proxy?.close();
    await Promise.all(
      this.replicas.map(
        (r) =>
          new Promise<void>((res) => {
            const c = r.child;
            if (!c || c.exitCode !== null) return res();
            c.once('exit', () => res());
            c.kill('SIGTERM');
            setTimeout(() => c.kill('SIGKILL'), 5000).unref();
          }),
      ),
    );
  }
}
