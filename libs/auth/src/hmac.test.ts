import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { computeSignature, signaturesEqual, signRequest } from './index.js';

const SECRET = 'reference-secret-0123456789';
const TIMESTAMP = '1732212345';
const MESSAGES_PATH = '/api/chat/sessions/text_abc123def456/messages';
const STATUS_PATH = '/api/chat/sessions/text_abc123def456';
const BODY = JSON.stringify({ content: 'Héllo – 👋' });

/** The algorithm of docs/text-chat-api.md, "Signing a request", written out again: HMAC-SHA256(secret, timestamp + METHOD + path + sha256hex(body)). */
function referenceSignature(secret: string, timestamp: string, method: string, path: string, body: string | Buffer): string {
  const bodyHash = createHash('sha256').update(body).digest('hex');
  return createHmac('sha256', secret)
    .update(timestamp + method + path + bodyHash)
    .digest('hex');
}

describe('computeSignature', () => {
  it('matches the reference algorithm for known vectors (computed with Python hmac/hashlib)', () => {
    // python3: hmac.new(secret, (ts + 'POST' + path + sha256(body).hexdigest()).encode(), sha256).hexdigest()
    expect(computeSignature(SECRET, TIMESTAMP, 'POST', MESSAGES_PATH, BODY)).toBe('3efd4e68709438be11de033ce056c27b73565fd71f0772c0ebee8be2c6eece3a');
    expect(computeSignature(SECRET, TIMESTAMP, 'GET', STATUS_PATH, '')).toBe('6b6d45d5fd7421ddae10e11d875f2edd245fc139eaa0ed8c1444b09bced3baee');
  });

  it('agrees with the reference algorithm on other inputs, and hashes the raw UTF-8 bytes', () => {
    for (const [method, path, body] of [
      ['POST', '/api/chat/sessions', '{"tenant_id":"8d0f…","agent_id":"…"}'],
      ['DELETE', STATUS_PATH, ''],
      ['POST', MESSAGES_PATH, '{ "content" : "spaces matter" }'],
    ] as const) {
      expect(computeSignature(SECRET, TIMESTAMP, method, path, body)).toBe(referenceSignature(SECRET, TIMESTAMP, method, path, body));
    }
    expect(computeSignature(SECRET, TIMESTAMP, 'POST', MESSAGES_PATH, Buffer.from(BODY, 'utf8'))).toBe(
      computeSignature(SECRET, TIMESTAMP, 'POST', MESSAGES_PATH, BODY),
    );
  });

  it('upper-cases the method', () => {
    expect(computeSignature(SECRET, TIMESTAMP, 'post', MESSAGES_PATH, BODY)).toBe(computeSignature(SECRET, TIMESTAMP, 'POST', MESSAGES_PATH, BODY));
    expect(computeSignature(SECRET, TIMESTAMP, 'Get', STATUS_PATH, '')).toBe(referenceSignature(SECRET, TIMESTAMP, 'GET', STATUS_PATH, ''));
  });

  it('changes with every signed part', () => {
    const base = computeSignature(SECRET, TIMESTAMP, 'POST', MESSAGES_PATH, BODY);
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    const variants = [
      computeSignature(`${SECRET}x`, TIMESTAMP, 'POST', MESSAGES_PATH, BODY),
      computeSignature(SECRET, '1732212346', 'POST', MESSAGES_PATH, BODY),
      computeSignature(SECRET, TIMESTAMP, 'PUT', MESSAGES_PATH, BODY),
      computeSignature(SECRET, TIMESTAMP, 'POST', `${MESSAGES_PATH}/`, BODY),
      computeSignature(SECRET, TIMESTAMP, 'POST', MESSAGES_PATH, `${BODY} `),
    ];
    expect(new Set([base, ...variants]).size).toBe(variants.length + 1);
  });
});

describe('signaturesEqual', () => {
  const good = computeSignature(SECRET, TIMESTAMP, 'GET', STATUS_PATH, '');

  it('accepts the same signature, in either case', () => {
    expect(signaturesEqual(good, good)).toBe(true);
    expect(signaturesEqual(good, good.toUpperCase())).toBe(true);
  });

  it('refuses a different, malformed or wrong-length signature without throwing', () => {
    const other = computeSignature(SECRET, TIMESTAMP, 'GET', `${STATUS_PATH}x`, '');
    for (const given of [
      other,
      '',
      'zz',
      good.slice(0, 63),
      `${good}0`,
      `${good.slice(0, 62)}zz`,
      ` ${good.slice(1)}`,
      good.slice(0, 32),
      `0x${good.slice(2)}`,
    ]) {
      expect(signaturesEqual(good, given), JSON.stringify(given)).toBe(false);
    }
  });
});

describe('signRequest', () => {
  const now = Date.UTC(2024, 10, 21, 18, 5, 45, 123);

  it('sends whole seconds by default, as the reference does', () => {
    const headers = signRequest(SECRET, 'POST', MESSAGES_PATH, BODY, now);
    expect(headers).toEqual({
      'X-Timestamp': String(Math.floor(now / 1000)),
      'X-Signature': referenceSignature(SECRET, String(Math.floor(now / 1000)), 'POST', MESSAGES_PATH, BODY),
    });
  });

  it('signs the request target with its query string, byte for byte as given', () => {
    const target = `${STATUS_PATH}?verbose=1&x=y`;
    const withQuery = signRequest(SECRET, 'get', target, '', now);
    expect(withQuery['X-Signature']).toBe(referenceSignature(SECRET, withQuery['X-Timestamp'], 'GET', target, ''));
    // Another query, none, another order or another encoding is another signature.
    for (const other of [STATUS_PATH, `${STATUS_PATH}?verbose=2&x=y`, `${STATUS_PATH}?x=y&verbose=1`, `${STATUS_PATH}?verbose=%31&x=y`, `${target}&`]) {
      expect(signRequest(SECRET, 'GET', other, '', now)['X-Signature'], other).not.toBe(withQuery['X-Signature']);
    }
  });

  it('`fractional` sends milliseconds as three decimals of a second, and signs that exact text', () => {
    const headers = signRequest(SECRET, 'POST', MESSAGES_PATH, BODY, now, { fractional: true });
    expect(headers['X-Timestamp']).toBe(`${Math.floor(now / 1000)}.123`);
    expect(headers['X-Signature']).toBe(referenceSignature(SECRET, headers['X-Timestamp'], 'POST', MESSAGES_PATH, BODY));
    expect(signRequest(SECRET, 'POST', MESSAGES_PATH, BODY, now - 123, { fractional: true })['X-Timestamp']).toBe(`${Math.floor(now / 1000)}.000`);
    // Two requests a millisecond apart carry different signatures.
    expect(signRequest(SECRET, 'GET', STATUS_PATH, '', now + 1, { fractional: true })['X-Signature']).not.toBe(
      signRequest(SECRET, 'GET', STATUS_PATH, '', now, { fractional: true })['X-Signature'],
    );
  });

  it('uses the current time when none is given', () => {
    const before = Math.floor(Date.now() / 1000);
    const timestamp = Number(signRequest(SECRET, 'GET', STATUS_PATH, '')['X-Timestamp']);
    expect(timestamp).toBeGreaterThanOrEqual(before);
    expect(timestamp).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
  });
});
