import { computeSignature } from '@parley/auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHAT_SECRET, expectError, type GatewayHarness, startGatewayHarness } from '../../../test/gateway-harness.js';

/** Whole seconds, as the `date +%s` of docs/text-chat-api.md, "Signing a request" signs. */
const wholeSecond = () => Math.floor(Date.now() / 1000) * 1000;

describe('Text Chat API: every refusal says which check refused', () => {
  let h: GatewayHarness;
  let agent: { tenantId: string; agentId: string };
  let sessionId: string;
  const messages = () => `/api/chat/sessions/${sessionId}/messages`;

  beforeAll(async () => {
    h = await startGatewayHarness();
    agent = await h.seedAgent();
    const created = await h.signed('POST', '/api/chat/sessions', { tenant_id: agent.tenantId, agent_id: agent.agentId });
    expect(created.status).toBe(201);
    sessionId = created.body.session_id;
  });
  afterAll(async () => h?.stop());

  const reasonOf = (response: { body: any }) => response.body.error.details?.reason;

  it('refuses an unsigned request', async () => {
    const response = await h.inject({ method: 'POST', url: messages(), headers: { 'content-type': 'application/json' }, payload: '{"content":"hi"}' });
    expectError(response, 401, 'unauthorized', /X-Timestamp and X-Signature/);
    expect(reasonOf(response)).toBe('missing_signature');
  });

  it('refuses a signature made with another secret, a malformed signature and a malformed timestamp', async () => {
    const ts = String(Math.floor(Date.now() / 1000));
    const body = '{"content":"hi"}';
    const wrongSecret = await h.inject({
      method: 'POST',
      url: messages(),
      headers: {
        'content-type': 'application/json',
        'x-timestamp': ts,
        'x-signature': computeSignature('not-the-secret-at-all', ts, 'POST', messages(), body),
      },
      payload: body,
    });
    expect(reasonOf(wrongSecret)).toBe('bad_signature');
    expect(reasonOf(await h.signed('POST', messages(), { content: 'hi' }, { headers: { 'x-signature': 'zz' } }))).toBe('bad_signature');
    const badTimestamp = await h.signed('POST', messages(), { content: 'hi' }, { headers: { 'x-timestamp': 'yesterday' } });
    expectError(badTimestamp, 401, 'unauthorized', /Unix seconds/);
    expect(reasonOf(badTimestamp)).toBe('bad_timestamp');
  });

  it('refuses timestamps outside ±300 s and accepts one just inside', async () => {
    for (const skew of [-301_000, 301_000]) {
      const response = await h.signed('POST', messages(), { content: 'hi' }, { now: Date.now() + skew });
      expectError(response, 401, 'unauthorized', /more than 300 seconds/);
      expect(reasonOf(response)).toBe('outside_window');
    }
    expect((await h.signed('POST', messages(), { content: 'inside the window' }, { now: Date.now() - 290_000 })).status).toBe(200);
  });

  it('refuses a tampered body and a tampered path', async () => {
    const ts = String(Math.floor(Date.now() / 1000));
    const signedFor = (path: string, body: string) => computeSignature(CHAT_SECRET, ts, 'POST', path, body);
    const tamperedBody = await h.inject({
      method: 'POST',
      url: messages(),
      headers: { 'content-type': 'application/json', 'x-timestamp': ts, 'x-signature': signedFor(messages(), '{"content":"original"}') },
      payload: '{"content":"changed"}',
    });
    expect(reasonOf(tamperedBody)).toBe('bad_signature');
    const tamperedPath = await h.inject({
      method: 'POST',
      url: messages(),
      headers: {
        'content-type': 'application/json',
        'x-timestamp': ts,
        'x-signature': signedFor('/api/chat/sessions/text_AAAAAAAAAAAAAAAAAAAAAA/messages', '{"content":"hi"}'),
      },
      payload: '{"content":"hi"}',
    });
    expect(reasonOf(tamperedPath)).toBe('bad_signature');
  });

  it('a message is accepted once per signature: the replay is refused, says so, and runs no turn', async () => {
    const now = wholeSecond();
    const first = await h.signed('POST', messages(), { content: 'only once' }, { now });
    expect(first.status).toBe(200);
    const turns = (await h.signed('GET', `/api/chat/sessions/${sessionId}`)).body.turns;
    const replay = await h.signed('POST', messages(), { content: 'only once' }, { now });
    expectError(replay, 401, 'unauthorized', /already accepted/);
    expect(reasonOf(replay)).toBe('replayed');
    expect((await h.signed('GET', `/api/chat/sessions/${sessionId}`, undefined, { now: now + 1 })).body.turns).toBe(turns);
  });

  it('of concurrent identical message requests exactly one runs', async () => {
    const now = wholeSecond();
    const results = await Promise.all(Array.from({ length: 6 }, () => h.signed('POST', messages(), { content: 'at once' }, { now })));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    for (const refused of results.filter((r) => r.status !== 200)) expect(reasonOf(refused)).toBe('replayed');
  });
});
