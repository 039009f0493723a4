// A load balancer for the replica tests: round robin over the upstreams, no session affinity, for
// plain HTTP requests and WebSocket upgrades alike. An upstream that refuses the connection (killed)
// is skipped, as a load balancer's health check would, and the request goes to the next one.
import { request, createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect, type Socket } from 'node:net';

export interface Upstream {
  host: string;
  port: number;
}

export class RoundRobinProxy {
  private server?: Server;
  private next = 0;
  private readonly sockets = new Set<Socket>();
  /** Which upstream (index) took each request, in order: the tests check the spread. */
  readonly served: number[] = [];
  port = 0;

  constructor(readonly upstreams: Upstream[]) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}/graphql`;
  }
  get wsUrl(): string {
    return `ws://127.0.0.1:${this.port}/graphql`;
  }

  private pick(): number {
    const i = this.next % this.upstreams.length;
    this.next++;
    return i;
  }

  async listen(): Promise<void> {
    this.server = createServer((req, res) => void this.forward(req, res));
    this.server.on('upgrade', (req, socket: Socket, head) => void this.tunnel(req, socket, head));
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.once('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.port = (this.server.address() as { port: number }).port;
  }

  private async forward(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    for (let tries = 0; tries < this.upstreams.length; tries++) {
      const i = this.pick();
      const up = this.upstreams[i]!;
      const ok = await new Promise<boolean>((resolve) => {
        const out = request({ host: up.host, port: up.port, method: req.method, path: req.url, headers: { ...req.headers, host: `${up.host}:${up.port}` } }, (upRes) => {
          this.served.push(i);
          res.writeHead(upRes.statusCode ?? 502, { ...upRes.headers, 'x-upstream': String(i) });
          upRes.pipe(res);
          upRes.on('end', () => resolve(true));
          upRes.on('error', () => resolve(true));
        });
        out.on('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'ECONNREFUSED' || e.code === 'ECONNRESET' ? false : (res.destroy(e), true)));
        out.end(body);
      });
      if (ok) return;
    }
    res.writeHead(502, { 'content-type': 'text/plain' });
    res.end('no upstream is up');
  }

  private async tunnel(req: IncomingMessage, client: Socket, head: Buffer): Promise<void> {
    for (let tries = 0; tries < this.upstreams.length; tries++) {
      const i = this.pick();
      const up = this.upstreams[i]!;
      const upstream = connect(up.port, up.host);
      const ok = await new Promise<boolean>((resolve) => {
        upstream.once('connect', () => resolve(true));
        upstream.once('error', () => resolve(false));
      });
      if (!ok) continue;
      this.served.push(i);
      this.sockets.add(upstream);
      upstream.once('close', () => this.sockets.delete(upstream));
      const lines = [`${req.method} ${req.url} HTTP/1.1`];
      for (let k = 0; k < req.rawHeaders.length; k += 2) lines.push(`${req.rawHeaders[k]}: ${req.rawHeaders[k + 1]}`);
      upstream.write(lines.join('\r\n') + '\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
      client.on('close', () => upstream.destroy());
      return;
    }
    client.destroy();
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    if (this.server) await new Promise<void>((r) => this.server!.close(() => r()));
  }
}
