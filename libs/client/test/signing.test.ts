import { computeSignature as serverSignature } from '@parley/auth';
import { describe, expect, it } from 'vitest';
import { computeSignature, signRequest } from '../src/index.js';

const SECRET = 'client-signing-secret-0123456789';

describe('the client signs as the gateway checks (docs/text-chat-api.md, "Signing a request")', () => {
  it('gives the signature the gateway computes, for UTF-8 bodies, empty bodies and targets with a query', async () => {
    const cases: Array<[string, string, string]> = [
      ['POST', '/api/chat/sessions/text_57PT_fXHsZ4VQ3oq3R-NrA/messages', JSON.stringify({ content: 'Héllo – 👋' })],
      ['GET', '/api/chat/sessions/text_57PT_fXHsZ4VQ3oq3R-NrA', ''],
      ['get', '/api/chat/users/u-42/conversations?tenant_id=t&limit=20', ''],
    ];
    for (const [method, target, body] of cases) {
      expect(await computeSignature(SECRET, '1763811765.250', method, target, body)).toBe(serverSignature(SECRET, '1763811765.250', method, target, body));
    }
  });

  it('sends seconds with milliseconds, so the same request a millisecond later is signed differently', async () => {
    const first = await signRequest(SECRET, 'GET', '/api/chat/sessions/x', '', 1_763_811_765_250);
    const next = await signRequest(SECRET, 'GET', '/api/chat/sessions/x', '', 1_763_811_765_251);
    expect(first['X-Timestamp']).toBe('1763811765.250');
    expect(first['X-Signature']).toMatch(/^[0-9a-f]{64}$/);
    expect(next['X-Signature']).not.toBe(first['X-Signature']);
  });

  it('changes the signature with any byte of the body or the query', async () => {
    const signed = (target: string, body: string) => computeSignature(SECRET, '1', 'POST', target, body);
    const base = await signed('/api/chat/sessions?a=1', '{"content":"a"}');
    expect(await signed('/api/chat/sessions?a=2', '{"content":"a"}')).not.toBe(base);
    expect(await signed('/api/chat/sessions?a=1', '{"content":"b"}')).not.toBe(base);
    expect(await signed('/api/chat/sessions?a=1', '{"content": "a"}')).not.toBe(base);
  });
});
