// Prometheus metrics, one registry per gateway (several gateways can share a process in tests).
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ExecutionService } from '../executions/service';

export class GatewayMetrics {
  readonly registry = new Registry();
  readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  readonly httpDuration: Histogram<'method' | 'route'>;
  readonly graphqlOperations: Counter<'type' | 'outcome'>;
  /** Label children by their values: prom-client hashes a label object on every call otherwise. */
  private readonly httpChildren = new Map<string, { count: { inc(): void }; duration: { observe(v: number): void } }>();

  constructor(executions: ExecutionService, precompiled?: { readonly compiledCount: number; readonly directCount: number }) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'amctl_' });
    this.httpRequests = new Counter({
      name: 'amctl_http_requests_total',
      help: 'HTTP requests by method, route and status code.',
      labelNames: ['method', 'route', 'status'],
      registers,
    });
    this.httpDuration = new Histogram({
      name: 'amctl_http_request_duration_seconds',
      help: 'HTTP request latency.',
      labelNames: ['method', 'route'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.graphqlOperations = new Counter({
      name: 'amctl_graphql_operations_total',
      help: 'GraphQL operations by type (query, mutation, subscription) and outcome (ok, error).',
      labelNames: ['type', 'outcome'],
      registers,
    });
    new Gauge({
      name: 'amctl_query_executions',
      help: 'Query executions this gateway knows of, by last seen state.',
      labelNames: ['state'],
      registers,
      async collect() {
        await executions.refreshUnfinished();
        for (const [state, n] of Object.entries(executions.countsByState())) this.set({ state }, n);
      },
    });
    new Gauge({
      name: 'amctl_graphql_precompiled_operations',
      help: 'Operations compiled for precompiled execution (server.precompile), since start.',
      registers,
      collect() {
        this.set(precompiled?.compiledCount ?? 0);
      },
    });
    new Counter({
      name: 'amctl_graphql_direct_answers_total',
      help: 'Queries answered by their precompiled code straight from HTTP, without Apollo\'s request pipeline (server.precompile).',
      registers,
      collect() {
        this.reset();
        this.inc(precompiled?.directCount ?? 0);
      },
    });
    new Gauge({
      name: 'amctl_status_pollers',
      help: 'Executions being polled for subscribers right now (one poller per execution).',
      registers,
      collect() {
        this.set(executions.hub.activePollers);
      },
    });
  }

  /** One HTTP request answered: the request counter and the latency histogram. */
  observeHttp(method: string, route: string, status: number, seconds: number): void {
    const key = `${method} ${route} ${status}`;
    let c = this.httpChildren.get(key);
    if (!c) {
      c = { count: this.httpRequests.labels(method, route, String(status)), duration: this.httpDuration.labels(method, route) };
      // methods and statuses come from clients: keep the map small whatever they send
      if (this.httpChildren.size < 500) this.httpChildren.set(key, c);
    }
    c.count.inc();
    c.duration.observe(seconds);
  }
}
