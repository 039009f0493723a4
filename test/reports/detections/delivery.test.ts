// Response-action delivery against a real HTTP receiver on 127.0.0.1: HMAC signatures checked
// independently, retries with backoff on 5xx, no retries on a 4xx refusal, Slack message shape;
// and condition evaluation on typed result rows.
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { evaluateCondition, findingHash } from '../../../src/reports/detections/condition';
import { deliver } from '../../../src/reports/detections/delivery';
import { egressPolicy, isInternalAddress } from '../../../src/reports/detections/egress';
import type { FindingPayload } from '../../../src/reports/detections/payload';
import { parseDetection } from '../../../src/reports/detections/types';

interface Received {
  headers: IncomingMessage['headers'];
  body: string;
}

let server: Server;
let url: string;
let received: Received[];
let answers: number[];

beforeEach(async () => {
  received = [];
  answers = [];
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.statusCode = answers.shift() ?? 200;
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}/hook?token=abc`;
});

afterEach(() => new Promise<void>((r) => server.close(() => r())));

const SECRET = 'a-long-enough-signing-secret';
const fast = { maxAttempts: 4, baseDelayMs: 5, maxDelayMs: 20, timeoutMs: 2000 };
// The receiver is on 127.0.0.1: these tests allow deliveries inside the network.
const inside = egressPolicy(true);
const payload: FindingPayload = {
  detection: 'root-logins',
  description: 'root SSH sessions',
  query: 'root_sessions',
  days: 7,
  condition: { kind: 'row_count', op: '>', value: 0 },
  fired_at: '2026-01-01T00:00:00.000Z',
  finding_hash: 'f'.repeat(64),
  columns: [{ name: 'event_date', type: 'date' }, { name: 'count', type: 'bigint' }, { name: 'user', type: 'varchar' }],
  rows: [['2026-01-01', '3', 'alice']],
  row_count: 1,
};

// Independent of the code under test: what a receiver computes.
const expectedSignature = (ts: string, body: string) => 'sha256=' + createHmac('sha256', SECRET).update(`${ts}.${body}`).digest('hex');

describe('webhook delivery', () => {
  it('posts the finding as JSON signed over timestamp.body', async () => {
    const rec = await deliver({ type: 'webhook', url, secret: SECRET }, 0, payload, fast, Date.now, inside);
    expect(rec.ok).toBe(true);
    expect(received).toHaveLength(1);
    const [got] = received;
    expect(got.headers['content-type']).toBe('application/json');
    expect(JSON.parse(got.body)).toEqual(payload);
    const ts = got.headers['x-amctl-timestamp'] as string;
    expect(got.headers['x-amctl-signature']).toBe(expectedSignature(ts, got.body));
    expect(got.headers['x-amctl-delivery']).toBe(rec.id);
    expect(rec.target).toBe(url.replace('?token=abc', '')); // the log never keeps query-string tokens
  });

  it('retries 5xx answers with backoff and records every attempt', async () => {
    answers = [500, 503];
    const rec = await deliver({ type: 'webhook', url, secret: SECRET }, 0, payload, fast, Date.now, inside);
    expect(rec.ok).toBe(true);
    expect(rec.attempts.map((a) => a.status)).toEqual([500, 503, 200]);
    expect(received).toHaveLength(3);
    // Every attempt is signed on its own (the same delivery id, a valid signature each time).
    for (const r of received) {
      expect(r.headers['x-amctl-signature']).toBe(expectedSignature(r.headers['x-amctl-timestamp'] as string, r.body));
      expect(r.headers['x-amctl-delivery']).toBe(rec.id);
    }
  });

  it('gives up after the last attempt, and does not retry a 4xx refusal', async () => {
    answers = [500, 500, 500, 500, 500];
    const failed = await deliver({ type: 'webhook', url, secret: SECRET }, 0, payload, fast, Date.now, inside);
    expect(failed.ok).toBe(false);
    expect(failed.attempts).toHaveLength(4);
    received = [];
    answers = [403];
    const refused = await deliver({ type: 'webhook', url, secret: SECRET }, 0, payload, fast, Date.now, inside);
    expect(refused.ok).toBe(false);
    expect(refused.attempts.map((a) => a.status)).toEqual([403]);
  });

  it('records a connection error as a failed attempt', async () => {
    const rec = await deliver({ type: 'webhook', url: 'http://127.0.0.1:1/none', secret: SECRET }, 0, payload, { ...fast, maxAttempts: 2 }, Date.now, inside);
    expect(rec.ok).toBe(false);
    expect(rec.attempts).toHaveLength(2);
    expect(rec.attempts[0].error).toBeTruthy();
  });

  it('sends Slack-compatible {text, blocks} without a signature', async () => {
    const rec = await deliver({ type: 'slack', url }, 1, payload, fast, Date.now, inside);
    expect(rec.ok).toBe(true);
    const body = JSON.parse(received[0].body);
    expect(body.text).toMatch(/root-logins: 1 finding .*rows > 0/);
    expect(body.blocks[0]).toMatchObject({ type: 'header' });
    expect(JSON.stringify(body.blocks)).toContain('2026-01-01 | 3 | alice');
    expect(received[0].headers['x-amctl-signature']).toBeUndefined();
  });
});

describe('egress policy (default: nothing inside the network)', () => {
  const strict = egressPolicy(false);

  it('refuses loopback, private and link-local receivers on save', () => {
    for (const u of ['http://127.0.0.1:9/x', 'http://localhost/x', 'http://10.1.2.3/', 'http://169.254.169.254/latest/meta-data', 'http://[::1]/', 'http://[fd00::1]/', 'http://192.168.1.1/']) {
      expect(() => strict.checkOnSave(u, 'actions[0].url'), u).toThrow(/points inside the network.*allow_private_networks/);
    }
    expect(() => strict.checkOnSave('https://hooks.slack.com/services/T/B/X', 'actions[0].url')).not.toThrow();
    expect(isInternalAddress('::ffff:127.0.0.1')).toBe(true);
    expect(isInternalAddress('8.8.8.8')).toBe(false);
  });

  it('refuses at delivery time without sending anything, also when a name resolves inward', async () => {
    for (const target of [url, url.replace('127.0.0.1', 'localhost')]) {
      const rec = await deliver({ type: 'webhook', url: target, secret: SECRET }, 0, payload, fast, Date.now, strict);
      expect(rec.ok).toBe(false);
      expect(rec.attempts).toHaveLength(1); // a policy refusal is not retried
      expect(rec.attempts[0].error).toMatch(/refused: .* inside the network/);
    }
    expect(received).toHaveLength(0);
  });
});

describe('conditions', () => {
  const columns = payload.columns;
  const rows = [['2026-01-01', '3', 'alice'], ['2026-01-02', '12', 'bob'], ['2026-01-02', null, 'carol']];

  it('row_count compares the number of rows', () => {
    expect(evaluateCondition({ kind: 'row_count', op: '>', value: 0 }, columns, rows)).toEqual({ fired: true, rows });
    expect(evaluateCondition({ kind: 'row_count', op: '>', value: 0 }, columns, []).fired).toBe(false);
    expect(evaluateCondition({ kind: 'row_count', op: '>=', value: 4 }, columns, rows).fired).toBe(false);
  });

  it('column thresholds compare bigint text as numbers and skip NULLs', () => {
    const ev = evaluateCondition({ kind: 'column', column: 'count', op: '>', value: 5 }, columns, rows);
    expect(ev).toEqual({ fired: true, rows: [rows[1]] }); // '12' > 5 numerically, though '12' < '5' as text
    expect(evaluateCondition({ kind: 'column', column: 'user', op: '==', value: 'carol' }, columns, rows).rows).toEqual([rows[2]]);
    expect(() => evaluateCondition({ kind: 'column', column: 'nope', op: '>', value: 1 }, columns, rows)).toThrow(/not in the query result/);
  });

  it('hashes the same finding the same regardless of row order', () => {
    expect(findingHash('d', [rows[0], rows[1]])).toBe(findingHash('d', [rows[1], rows[0]]));
    expect(findingHash('d', [rows[0]])).not.toBe(findingHash('d', [rows[1]]));
    expect(findingHash('d', [rows[0]])).not.toBe(findingHash('e', [rows[0]]));
  });

  it('validates detections at the edge', () => {
    const ok = { name: 'd1', query: 'q', actions: [{ type: 'slack', url: 'https://hooks.example.com/x' }] };
    expect(parseDetection(ok)).toMatchObject({ days: 7, interval_seconds: 3600, condition: { kind: 'row_count', op: '>', value: 0 }, enabled: true });
    expect(() => parseDetection({ ...ok, actions: [] })).toThrow(/at least one action/);
    expect(() => parseDetection({ ...ok, actions: [{ type: 'webhook', url: 'https://x.example.com', secret: 'short' }] })).toThrow(/at least 16 characters/);
    expect(() => parseDetection({ ...ok, actions: [{ type: 'slack', url: 'file:///etc/passwd' }] })).toThrow(/http or https/);
    expect(() => parseDetection({ ...ok, interval_seconds: 5 })).toThrow(/>= 60/);
    expect(() => parseDetection({ ...ok, days: 3 })).toThrow(/7, 30, 90, 120/);
    expect(() => parseDetection({ ...ok, condition: { op: '~' } })).toThrow(/condition\.op/);
  });
});
