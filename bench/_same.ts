import { startBenchServers } from './gateway-server';
import { load } from './gateway';
const s = await startBenchServers({});
const init = { method: 'POST', headers: s.headers, body: s.body };
const b = await load(s.bare, init, 3000, 8, s.bytes); const g = await load(s.gateway, init, 3000, 8, s.bytes);
console.log(JSON.stringify({ gw: g.requestsPerSecond, bare: b.requestsPerSecond, ratio: +(g.requestsPerSecond / b.requestsPerSecond).toFixed(3), p99: +(g.p99Ms / b.p99Ms).toFixed(2) }));
await s.close();
process.exit(0);
