// Signed execution ids: what a replica can learn from an id alone, and that nothing else passes.
import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ExecutionIdSigner } from '../../src/cluster/execution-id';

const key = randomBytes(32);
const signer = new ExecutionIdSigner(key);
const claims = { athenaId: randomUUID(), user: 'alice@example.com', days: 30 as const, submittedAt: new Date('2026-03-01T12:34:56.789Z') };

describe('execution ids', () => {
  it('carry the Athena id, owner, window and start time, URL-safe and compact', () => {
    const id = signer.mint(claims);
    expect(id).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(id.length).toBeLessThan(100);
    expect(signer.verify(id)).toEqual(claims);
    // Another replica with the same key reads the same claims.
    expect(new ExecutionIdSigner(Buffer.from(key)).verify(id)).toEqual(claims);
  });

  it('keep Athena ids that are not UUIDs, and unicode owners', () => {
    const c = { ...claims, athenaId: 'not-a-uuid_123', user: 'Zoë 😀' };
    expect(signer.verify(signer.mint(c))).toEqual(c);
    const upper = { ...claims, athenaId: claims.athenaId.toUpperCase() };
    expect(signer.verify(signer.mint(upper))).toEqual(upper);
  });

  it('refuse every single-character change, truncation, extension and another key', () => {
    const id = signer.mint(claims);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    for (let i = 0; i < id.length; i++) {
      const other = alphabet[(alphabet.indexOf(id[i]!) + 7) % alphabet.length]!;
      expect(signer.verify(id.slice(0, i) + other + id.slice(i + 1)), `position ${i}`).toBeUndefined();
    }
    expect(signer.verify(id.slice(0, -1))).toBeUndefined();
    expect(signer.verify(id + 'A')).toBeUndefined();
    expect(new ExecutionIdSigner(randomBytes(32)).verify(id)).toBeUndefined();
    for (const junk of ['', 'x', randomUUID(), 'a'.repeat(600), '../../etc/passwd', `${id.slice(0, 5)}+${id.slice(6)}`, `${id}=`]) expect(signer.verify(junk)).toBeUndefined();
  });

  it('cannot be re-owned: the owner is inside the signature', () => {
    const id = signer.mint(claims);
    const raw = Buffer.from(id, 'base64url');
    const at = raw.indexOf(Buffer.from('alice'));
    raw.write('mallo', at);
    expect(signer.verify(raw.toString('base64url'))).toBeUndefined();
  });
});
