import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, type GatewayHarness, startGatewayHarness } from '../../../test/gateway-harness.js';

describe('Text Chat API: bad input is a 4xx naming the field, never a 500', () => {
  let h: GatewayHarness;
  let agent: { tenantId: string; agentId: string };
  let sessionId: string;
  const messages = () => `/api/chat/sessions/${sessionId}/messages`;
  const detailsOf = (response: { body: any }) => JSON.stringify(response.body.error.details);

  beforeAll(async () => {
    h = await startGatewayHarness();
    agent = await h.seedAgent();
    sessionId = (await h.signed('POST', '/api/chat/sessions', { tenant_id: agent.tenantId, agent_id: agent.agentId })).body.session_id;
  });
  afterAll(async () => h?.stop());

  it('any session id that is not found answers 404, whatever its shape', async () => {
    for (const id of ['text_abc123def456', 'text_AAAAAAAAAAAAAAAAAAAAAA', 'not-a-session', 'x', '12345', 'text_' + 'a'.repeat(200)]) {
      expectError(await h.signed('GET', `/api/chat/sessions/${id}`), 404, 'not_found');
      expectError(await h.signed('POST', `/api/chat/sessions/${id}/messages`, { content: `to ${id}` }), 404, 'not_found');
      expectError(await h.signed('DELETE', `/api/chat/sessions/${id}`), 404, 'not_found');
    }
  });

  it('U+0000 in a message, in metadata values or keys, or in a path parameter: 400 naming it', async () => {
    const nul = await h.signed('POST', messages(), { content: 'before\u0000after' });
    expectError(nul, 400, 'invalid');
    expect(detailsOf(nul)).toContain('body.content');
    const metadata = await h.signed('POST', '/api/chat/sessions', {
      tenant_id: agent.tenantId,
      agent_id: agent.agentId,
      metadata: { note: ['ok', 'bad\u0000'] },
    });
    expectError(metadata, 400, 'invalid');
    expect(detailsOf(metadata)).toContain('body.metadata.note[1]');
    const key = await h.signed('POST', '/api/chat/sessions', { tenant_id: agent.tenantId, agent_id: agent.agentId, metadata: { 'k\u0000': 1 } });
    expectError(key, 400, 'invalid');
    const param = await h.signed('GET', '/api/chat/sessions/text_%00');
    expectError(param, 400, 'invalid');
    expect(detailsOf(param)).toContain('params.session_id');
  });

  it('lone surrogates in a message and in metadata (stored as jsonb): 400 naming the field', async () => {
    // JSON.stringify writes lone surrogates as \ud800 escapes, as a client's JSON encoder would.
    const high = await h.signed('POST', messages(), undefined, { rawBody: '{"content":"x\\ud800y"}' });
    expectError(high, 400, 'invalid');
    expect(detailsOf(high)).toContain('body.content');
    const low = await h.signed('POST', '/api/chat/sessions', undefined, {
      rawBody: `{"tenant_id":"${agent.tenantId}","agent_id":"${agent.agentId}","metadata":{"name":"\\udc00"}}`,
    });
    expectError(low, 400, 'invalid');
    expect(detailsOf(low)).toContain('body.metadata.name');
    // A proper pair is one character: accepted.
    expect((await h.signed('POST', messages(), undefined, { rawBody: '{"content":"\\ud83d\\ude42 paired"}' })).status).toBe(200);
  });

  it('JSON nested deeper than 64 levels: 400, not a stack overflow', async () => {
    const deep = `${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`;
    const response = await h.signed('POST', '/api/chat/sessions', undefined, {
      rawBody: `{"tenant_id":"${agent.tenantId}","agent_id":"${agent.agentId}","metadata":${deep}}`,
    });
    expectError(response, 400, 'invalid', /nested deeper than 64/);
  });

  it('a pinned version past the integer column (2^31, 2^32) is 400 naming `version`, not 500', async () => {
    for (const version of [2_147_483_648, 4_294_967_296, 1e300]) {
      const response = await h.signed('POST', '/api/chat/sessions', { tenant_id: agent.tenantId, agent_id: agent.agentId, version });
      expectError(response, 400, 'invalid');
      expect(detailsOf(response)).toContain('version');
    }
    // The largest version that can exist is simply not found.
    expectError(await h.signed('POST', '/api/chat/sessions', { tenant_id: agent.tenantId, agent_id: agent.agentId, version: 2_147_483_647 }), 404, 'not_found');
  });

  it('malformed JSON is 400 after authentication; unsigned malformed JSON is 401', async () => {
    expectError(await h.signed('POST', messages(), undefined, { rawBody: '{"content": "unterminated' }), 400, 'invalid', /not valid JSON/);
    expectError(
      await h.inject({ method: 'POST', url: messages(), headers: { 'content-type': 'application/json' }, payload: '{"content": "x"' }),
      401,
      'unauthorized',
    );
  });

  it('empty and 10,001-character content are refused, 10,000 characters (also emoji) accepted', async () => {
    const empty = await h.signed('POST', messages(), { content: '' });
    expectError(empty, 400, 'invalid');
    expect(detailsOf(empty)).toContain('content');
    expectError(await h.signed('POST', messages(), { content: 'a'.repeat(10_001) }), 400, 'invalid');
    expect((await h.signed('POST', messages(), { content: 'a'.repeat(10_000) })).status).toBe(200);
    expect((await h.signed('POST', messages(), { content: '🙂'.repeat(10_000) })).status).toBe(200);
    expectError(await h.signed('POST', messages(), {}), 400, 'invalid');
    expectError(await h.signed('POST', messages(), { content: 42 }), 400, 'invalid');
    expectError(await h.signed('POST', messages(), { content: 'hi', extra: true }), 400, 'invalid');
  });

  it('a body over the limit is 413; a non-JSON content type is 400', async () => {
    expectError(await h.signed('POST', messages(), { content: 'x'.repeat(70_000) }), 413, 'payload_too_large');
    expectError(
      await h.signed('POST', messages(), undefined, { rawBody: 'content=hi', headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
      400,
      'invalid',
      /Content-Type/,
    );
  });

  it('a bad create body names its fields', async () => {
    const response = await h.signed('POST', '/api/chat/sessions', { tenant_id: 'nope', agent_id: agent.agentId });
    expectError(response, 400, 'invalid');
    expect(detailsOf(response)).toContain('tenant_id');
    expectError(await h.signed('POST', '/api/chat/sessions', { tenant_id: agent.tenantId, agent_id: agent.agentId, version: 0 }), 400, 'invalid');
  });

  it('an ended session answers 410 to messages and to another DELETE', async () => {
    const id = (await h.signed('POST', '/api/chat/sessions', { tenant_id: agent.tenantId, agent_id: agent.agentId })).body.session_id;
    const ended = await h.signed('DELETE', `/api/chat/sessions/${id}`);
    expect(ended.body).toMatchObject({ success: true, final_node_id: 'start', total_turns: 0 });
    expectError(await h.signed('POST', `/api/chat/sessions/${id}/messages`, { content: 'late' }), 410, 'gone');
    expectError(await h.signed('DELETE', `/api/chat/sessions/${id}`, undefined, { now: Date.now() + 1_000 }), 410, 'gone');
  });
});
