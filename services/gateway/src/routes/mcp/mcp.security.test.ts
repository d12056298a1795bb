import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { echoAgent, type GatewayHarness, startGatewayHarness } from '../../../test/gateway-harness.js';
import { ALL_TOOLS, callTool, httpClient, listen, stdioClient } from './mcp.test-kit.js';

const initialize = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
};
const mcpHeaders = (key: string, extra: Record<string, string> = {}) => ({
  authorization: `Bearer ${key}`,
  'content-type': 'application/json',
  accept: 'application/json, text/event-stream',
  ...extra,
});

/** A key of one tenant sees only its tenant through MCP; /mcp refuses foreign origins and other keys' sessions. */
describe('MCP security', () => {
  let h: GatewayHarness;
  let baseUrl: string;
  let owner: { key: string; linkId: string; conversationId: string };
  let stranger: { key: string };

  beforeAll(async () => {
    h = await startGatewayHarness({ publicBaseUrl: 'https://chat.example.com', mcpAllowedOrigins: ['http://localhost:6274'] });
    baseUrl = await listen(h);
    const { key } = await h.seedTenant('Owner');
    expect((await h.withKey(key, 'POST', '/api/agents', { name: 'helper', config: echoAgent })).status).toBe(201);
    const link = await h.withKey(key, 'POST', '/api/agents/helper/public-links', { title: 'Private' });
    const turn = await h.inject({
      method: 'POST',
      url: `/api/public/chat/${link.body.token}`,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ content: 'hi' }),
    });
    expect(turn.status, turn.text).toBe(200);
    owner = { key, linkId: link.body.id, conversationId: turn.body.conversation_id };
    stranger = await h.seedTenant('Stranger');
    // The stranger has an agent of the same name: names are per tenant.
    expect((await h.withKey(stranger.key, 'POST', '/api/agents', { name: 'helper', config: echoAgent })).status).toBe(201);
  });
  afterAll(async () => h?.stop());

  async function expectNothingOfTheOwner(client: Client): Promise<void> {
    const { linkId, conversationId } = owner;
    const listed = await callTool(client, 'list_temporary_chat_links', { agent: 'helper' });
    expect(listed.body.links).toEqual([]);
    for (const [tool, args] of [
      ['update_temporary_chat_link', { agent: 'helper', id: linkId, title: 'Mine now' }],
      ['delete_temporary_chat_link', { agent: 'helper', id: linkId }],
      ['manage_temporary_chat_session', { action: 'list', agent: 'helper', link_id: linkId }],
      ['manage_temporary_chat_session', { action: 'inspect', agent: 'helper', link_id: linkId, conversation_id: conversationId }],
      ['manage_temporary_chat_session', { action: 'end', agent: 'helper', link_id: linkId, conversation_id: conversationId }],
      ['manage_temporary_chat_session', { action: 'export', agent: 'helper', link_id: linkId }],
      ['get_temporary_chat_analytics', { link_id: linkId }],
    ] as const) {
      const answer = await callTool(client, tool, args);
      expect(answer.isError, `${tool} ${answer.text}`).toBe(true);
      expect(answer.body.error.code, `${tool} ${answer.text}`).toBe('not_found');
    }
    // Still there, untouched, for its owner.
    const mine = await h.withKey(owner.key, 'GET', `/api/agents/helper/public-links/${linkId}/sessions`);
    expect(mine.body.sessions).toEqual([expect.objectContaining({ conversation_id: conversationId, status: 'active' })]);
  }

  it("another tenant's key sees none of it, over HTTP and stdio", async () => {
    const { client } = await httpClient(baseUrl, stranger.key);
    await expectNothingOfTheOwner(client);
    await client.close();
    const stdio = await stdioClient(baseUrl, stranger.key);
    await expectNothingOfTheOwner(stdio);
    await stdio.close();
  });

  it('bad tool input is a tool error naming the field; HTTP validation errors keep their code', async () => {
    const { client } = await httpClient(baseUrl, owner.key);
    const missing = await callTool(client, 'create_temporary_chat_link', { agent: 'helper' });
    expect(missing.isError).toBe(true);
    expect(missing.body.error).toMatchObject({ code: 'invalid', details: [expect.objectContaining({ path: 'title' })] });
    const wrong = await callTool(client, 'update_temporary_chat_link', { agent: 'helper', id: owner.linkId, max_sessions: -3, colour: 'red' });
    expect(wrong.isError).toBe(true);
    expect(wrong.body.error.code).toBe('invalid');
    expect(wrong.body.error.details.map((d: { path: string }) => d.path)).toEqual(expect.arrayContaining(['max_sessions']));
    expect(wrong.text).toContain('colour');
    // Refused input never reaches the API: the link is unchanged.
    expect((await h.withKey(owner.key, 'GET', '/api/agents/helper/public-links')).body.links[0].max_sessions).toBeNull();
    const noConversation = await callTool(client, 'manage_temporary_chat_session', { action: 'end', agent: 'helper', link_id: owner.linkId });
    expect(noConversation.body.error).toMatchObject({ code: 'invalid', details: [{ path: 'conversation_id' }] });
    const unknownAgent = await callTool(client, 'list_temporary_chat_links', { agent: 'nobody' });
    expect(unknownAgent.body.error.code).toBe('not_found');
    await client.close();
  });

  it('refuses an Origin other than PUBLIC_BASE_URL and MCP_ALLOWED_ORIGINS, in the error shape; no Origin is fine', async () => {
    const foreign = await fetch(`${baseUrl}/mcp`, {
      method: 'POST',
      headers: mcpHeaders(owner.key, { origin: 'https://evil.example' }),
      body: JSON.stringify(initialize),
    });
    expect(foreign.status).toBe(403);
    expect(((await foreign.json()) as { error: { code: string } }).error.code).toBe('forbidden');
    const own = await fetch(`${baseUrl}/mcp`, {
      method: 'POST',
      headers: mcpHeaders(owner.key, { origin: 'https://chat.example.com' }),
      body: JSON.stringify(initialize),
    });
    expect(own.status).toBe(200);
    expect(own.headers.get('mcp-session-id')).toBeTruthy();
    const listed = await fetch(`${baseUrl}/mcp`, {
      method: 'POST',
      headers: mcpHeaders(owner.key, { origin: 'http://localhost:6274' }),
      body: JSON.stringify(initialize),
    });
    expect(listed.status).toBe(200);
  });

  it('needs a key on every request, and a session answers only the key that opened it', async () => {
    const anonymous = await fetch(`${baseUrl}/mcp`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(initialize) });
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { error: { code: string } }).error.code).toBe('unauthorized');

    const { transport, client } = await httpClient(baseUrl, owner.key);
    const sessionId = transport.sessionId!;
    const list = { jsonrpc: '2.0', id: 2, method: 'tools/list' };
    const borrowed = await fetch(`${baseUrl}/mcp`, {
      method: 'POST',
      headers: mcpHeaders(stranger.key, { 'mcp-session-id': sessionId }),
      body: JSON.stringify(list),
    });
    expect(borrowed.status).toBe(404);
    expect(((await borrowed.json()) as { error: { code: string } }).error.code).toBe('not_found');
    const keyless = await fetch(`${baseUrl}/mcp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'mcp-session-id': sessionId },
      body: JSON.stringify(list),
    });
    expect(keyless.status).toBe(401);
    // The owner's session is unharmed.
    expect((await client.listTools()).tools).toHaveLength(ALL_TOOLS.length);
    await client.close();
  });

  it('closes the open sessions of a key when it is revoked: the stream ends, and the next call is refused', async () => {
    const made = await h.withKey(owner.key, 'POST', '/api/keys', { name: 'Assistant', role: 'editor' });
    expect(made.status, made.text).toBe(201);
    const opened = await fetch(`${baseUrl}/mcp`, { method: 'POST', headers: mcpHeaders(made.body.key), body: JSON.stringify(initialize) });
    expect(opened.status).toBe(200);
    const sessionId = opened.headers.get('mcp-session-id')!;
    await opened.body?.cancel();
    const session = { 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-06-18' };
    const listTools = () =>
      fetch(`${baseUrl}/mcp`, {
        method: 'POST',
        headers: mcpHeaders(made.body.key, session),
        body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }),
      });
    const before = await listTools();
    expect(before.status).toBe(200);
    await before.body?.cancel();
    // A standalone stream, as a client keeps open for server messages.
    const stream = await fetch(`${baseUrl}/mcp`, { headers: { authorization: `Bearer ${made.body.key}`, accept: 'text/event-stream', ...session } });
    expect(stream.status).toBe(200);
    const reader = stream.body!.getReader();
    const ended = (async () => {
      for (;;) if ((await reader.read()).done) return performance.now();
    })();

    const revokedAt = performance.now();
    expect((await h.withKey(owner.key, 'DELETE', `/api/keys/${made.body.key_id}`)).status).toBe(204);
    expect((await ended) - revokedAt).toBeLessThan(1_000);
    expect((await listTools()).status).toBe(401);
    // The owner's own sessions are untouched.
    const { client: ownerClient } = await httpClient(baseUrl, owner.key);
    expect((await ownerClient.listTools()).tools).toHaveLength(ALL_TOOLS.length);
    await ownerClient.close();
  });

  it('closes a session unused past MCP_SESSION_IDLE_MINUTES', async () => {
    // Idle after 200 ms rather than 30 minutes.
    const quick = await startGatewayHarness({ mcpSessionIdleMs: 200 });
    try {
      const url = await listen(quick);
      const { key } = await quick.seedTenant('Idle');
      const opened = await fetch(`${url}/mcp`, { method: 'POST', headers: mcpHeaders(key), body: JSON.stringify(initialize) });
      const sessionId = opened.headers.get('mcp-session-id')!;
      await opened.body?.cancel();
      const session = { 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-06-18' };
      // The client's standalone stream is open, and nothing is asked: the session ends, and its stream with it.
      const stream = await fetch(`${url}/mcp`, { headers: { authorization: `Bearer ${key}`, accept: 'text/event-stream', ...session } });
      expect(stream.status).toBe(200);
      const quietSince = performance.now();
      const reader = stream.body!.getReader();
      while (!(await reader.read()).done) {}
      // Not before its allowance is up; at most a sweep (as often as the allowance) later, and a little.
      expect(performance.now() - quietSince).toBeGreaterThanOrEqual(150);
      expect(performance.now() - quietSince).toBeLessThan(1_500);
      const late = await fetch(`${url}/mcp`, {
        method: 'POST',
        headers: mcpHeaders(key, session),
        body: JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'ping' }),
      });
      expect(late.status).toBe(404);
    } finally {
      await quick.stop();
    }
  });

  it('keeps at most 20 open sessions per key, closing the least recently used', async () => {
    const { key } = await h.seedTenant('Many sessions');
    const opened: string[] = [];
    for (let i = 0; i < 21; i++) {
      const answer = await fetch(`${baseUrl}/mcp`, { method: 'POST', headers: mcpHeaders(key), body: JSON.stringify(initialize) });
      expect(answer.status).toBe(200);
      expect(answer.headers.get('x-request-id')).toBeTruthy();
      opened.push(answer.headers.get('mcp-session-id')!);
      await answer.body?.cancel();
    }
    const ping = (sessionId: string) =>
      fetch(`${baseUrl}/mcp`, {
        method: 'POST',
        headers: mcpHeaders(key, { 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-06-18' }),
        body: JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'ping' }),
      });
    expect((await ping(opened[0]!)).status).toBe(404);
    expect((await ping(opened[20]!)).status).toBe(200);
  });

  it('answers junk in the error shape before the MCP layer', async () => {
    const noSession = await fetch(`${baseUrl}/mcp`, {
      method: 'POST',
      headers: mcpHeaders(owner.key),
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(noSession.status).toBe(400);
    expect(((await noSession.json()) as { error: { code: string } }).error.code).toBe('invalid');
    const malformed = await fetch(`${baseUrl}/mcp`, { method: 'POST', headers: mcpHeaders(owner.key), body: '{' });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { error: { code: string } }).error.code).toBe('invalid');
    const unknown = await fetch(`${baseUrl}/mcp`, { method: 'GET', headers: mcpHeaders(owner.key, { 'mcp-session-id': 'no-such-session' }) });
    expect(unknown.status).toBe(404);
    // Within a session too: a body that is no JSON-RPC message is the route's schema's to refuse.
    const opened = await fetch(`${baseUrl}/mcp`, { method: 'POST', headers: mcpHeaders(owner.key), body: JSON.stringify(initialize) });
    await opened.body?.cancel();
    const session = { 'mcp-session-id': opened.headers.get('mcp-session-id')!, 'mcp-protocol-version': '2025-06-18' };
    const notJsonRpc = await fetch(`${baseUrl}/mcp`, { method: 'POST', headers: mcpHeaders(owner.key, session), body: JSON.stringify({ hello: 'x' }) });
    expect(notJsonRpc.status).toBe(400);
    // No branch of the body's union matched: the refusal is about the body as a whole.
    expect(((await notJsonRpc.json()) as { error: { code: string; details: Array<{ path: string }> } }).error).toMatchObject({
      code: 'invalid',
      details: [{ path: 'body' }],
    });
    const admin = await fetch(`${baseUrl}/mcp`, {
      method: 'POST',
      headers: mcpHeaders('gateway-admin-key-0123456789abcdef'),
      body: JSON.stringify(initialize),
    });
    expect(admin.status).toBe(400);
    expect(((await admin.json()) as { error: { details: Array<{ path: string }> } }).error.details[0]?.path).toBe('X-Tenant-Id');
  });
});
