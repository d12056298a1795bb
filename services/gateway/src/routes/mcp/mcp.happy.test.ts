import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { type AnalyticsReport, analyticsQuery, createLinkBody, linkIdPattern, linkTokenPattern, updateLinkBody } from '@parley/contracts';
import { waitFor } from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ADMIN_KEY, echoAgent, type GatewayHarness, startGatewayHarness } from '../../../test/gateway-harness.js';
import { ALL_TOOLS, callTool, httpClient, listen, stdioClient } from './mcp.test-kit.js';

/** What a scenario did, for the audit log's checks. */
interface Done {
  linkId: string;
  token: string;
  conversationId: string;
}
/** Who the changes are expected from: `mcp`, with the key's id and name (null for the admin key). */
type Actor = { kind: 'mcp'; id: string | null; key_id: string | null; name: string | null };

/**
 * The whole MCP surface (docs/mcp.md, "MCP") with the SDK's own Client, over Streamable HTTP and
 * over stdio (`parley-mcp`): a link created, chatted on, measured, its sessions listed, inspected,
 * exported and ended, then changed and deleted – each answer the HTTP API's own JSON.
 */
describe('MCP tools', () => {
  let h: GatewayHarness;
  let baseUrl: string;

  beforeAll(async () => {
    h = await startGatewayHarness();
    baseUrl = await listen(h);
  });
  afterAll(async () => h?.stop());

  /** A tenant key with a display name: its id and name are the actor the audit log records. */
  async function namedKey(tenantId: string, name: string): Promise<{ key: string; keyId: string }> {
    const created = await h.admin('POST', `/api/tenants/${tenantId}/keys`, { name });
    expect(created.status, created.text).toBe(201);
    return { key: created.body.key, keyId: created.body.key_id };
  }

  /**
   * The scenario's changes are each in the audit log once, by `actor`, with their target, and the
   * link's token and URL nowhere in it; the agent made with the key itself is the key's.
   */
  async function expectAudited(tenantId: string, done: Done, actor: Actor, agentBy: 'key' | 'admin' | null): Promise<void> {
    let entries: any[] = [];
    await waitFor(
      async () => {
        entries = (await h.admin('GET', '/api/audit?limit=200', undefined, tenantId)).body.entries;
        return entries.some((entry) => entry.action === 'link.delete');
      },
      { timeoutMs: 5_000 },
    );
    const changes = entries.filter((entry) => entry.actor.kind === 'mcp');
    // Each as often as it happened (in any order: the log appends events as they are delivered).
    const canonical = (_key: string, value: unknown) =>
      value && typeof value === 'object' && !Array.isArray(value) ? Object.fromEntries(Object.entries(value).sort()) : value;
    const asSet = (rows: unknown[]) => rows.map((row) => JSON.stringify(row, canonical)).sort();
    expect(asSet(changes.map((entry) => [entry.action, entry.target]))).toEqual(
      asSet([
        ['link.create', { kind: 'link', id: done.linkId }],
        ['session.end', { kind: 'conversation', id: done.conversationId }],
        // The restyling, the content rules, then the closing.
        ['link.update', { kind: 'link', id: done.linkId }],
        ['link.update', { kind: 'link', id: done.linkId }],
        ['link.update', { kind: 'link', id: done.linkId }],
        ['link.delete', { kind: 'link', id: done.linkId }],
      ]),
    );
    for (const entry of changes) expect(entry.actor, entry.action).toEqual(actor);
    if (agentBy) expect(entries.find((entry) => entry.action === 'agent.create')?.actor.kind).toBe(agentBy);
    // Reads through MCP (list, inspect, export, analytics) are not changes: nothing else is recorded.
    const others = entries.filter((entry) => entry.actor.kind !== 'mcp').map((entry) => entry.action);
    expect(
      others.every((action) => ['tenant.create', 'key.create', 'agent.create'].includes(action)),
      others.join(),
    ).toBe(true);
    expect(JSON.stringify(entries)).not.toContain(done.token);
  }

  async function scenario(client: Client, agent: string): Promise<Done> {
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(ALL_TOOLS);
    const rendered = (schema: z.ZodType) =>
      z.toJSONSchema(schema, { io: 'input', target: 'draft-7' }) as { properties: Record<string, unknown>; required?: string[] };
    const create = tools.find((tool) => tool.name === 'create_temporary_chat_link')!;
    // The input schema is the HTTP API's createLinkBody (plus the agent's name).
    expect(create.inputSchema.properties).toEqual({ ...rendered(createLinkBody).properties, agent: expect.any(Object) });
    expect(create.inputSchema.required?.sort()).toEqual(['agent', ...(rendered(createLinkBody).required ?? [])].sort());
    const update = tools.find((tool) => tool.name === 'update_temporary_chat_link')!;
    expect(update.inputSchema.properties).toEqual({ ...rendered(updateLinkBody).properties, agent: expect.any(Object), id: expect.any(Object) });
    expect(update.inputSchema.required).toEqual(['agent', 'id']);
    // The analytics tool takes GET /api/links/{id}/analytics's own query schema (plus the link's id).
    const analyticsTool = tools.find((tool) => tool.name === 'get_temporary_chat_analytics')!;
    expect(analyticsTool.inputSchema.properties).toEqual({ ...rendered(analyticsQuery).properties, link_id: expect.any(Object) });
    expect(analyticsTool.inputSchema.required).toEqual(['link_id']);

    const created = await callTool(client, 'create_temporary_chat_link', { agent, title: 'Daily check-in', expires_in_hours: 4, max_messages_per_session: 20 });
    expect(created.isError, created.text).toBe(false);
    expect(created.body.id).toMatch(linkIdPattern);
    expect(created.body.token).toMatch(linkTokenPattern);
    expect(created.body).toMatchObject({
      agent,
      title: 'Daily check-in',
      state: 'active',
      max_messages_per_session: 20,
      url: expect.stringContaining(created.body.token),
    });
    const linkId: string = created.body.id;

    // A visitor chats on it through the public API.
    const chat = await fetch(`${baseUrl}/api/public/chat/${created.body.token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ content: 'hello' }),
    });
    expect(chat.status).toBe(200);
    const turn = (await chat.json()) as { conversation_id: string; response: string };
    expect(turn.response).toBe('Noted.');

    const listed = await callTool(client, 'list_temporary_chat_links', { agent });
    expect(listed.isError, listed.text).toBe(false);
    expect(listed.body.links).toEqual([expect.objectContaining({ id: linkId, usage: expect.objectContaining({ sessions: 1 }) })]);
    expect(listed.text).not.toContain(created.body.token);

    // The rollups follow the events: asked until they show the chat, then exactly its figures.
    let analytics = await callTool<AnalyticsReport>(client, 'get_temporary_chat_analytics', { link_id: linkId, bucket: 'hour' });
    await waitFor(
      async () => {
        analytics = await callTool<AnalyticsReport>(client, 'get_temporary_chat_analytics', { link_id: linkId, bucket: 'hour' });
        expect(analytics.isError, analytics.text).toBe(false);
        return analytics.body.sessions.started === 1 && analytics.body.messages.assistant === 2;
      },
      { timeoutMs: 10_000 },
    );
    expect(analytics.body).toMatchObject({
      sessions: { started: 1, completed: 0, abandoned: 0, expired: 0, escalated: 0, resolved: 0 },
      // Nothing ended yet: nothing resolved out of nothing.
      resolution_rate: 0,
      // The greeting, the visitor's "hello" and the agent's "Noted.".
      messages: { user: 1, assistant: 2, operator: 0 },
      visitors: { unique: 1, verified: 0 },
      engagement: { avg_messages_per_session: 3 },
      // The tool answers what the HTTP route does: its feedback block too, empty before any thumb or score.
      feedback: { up: 0, down: 0, csat_avg: null, csat_responses: 0 },
    });
    // By hour over the default window of 30 days: one point an hour, the chat's in the last.
    expect(analytics.body.series.reduce((sum, point) => sum + point.sessions, 0)).toBe(1);
    expect(analytics.body.series.at(-1)).toMatchObject({ sessions: 1, messages: 3 });
    // A window the route refuses is refused the same way through the tool.
    const backwards = await callTool(client, 'get_temporary_chat_analytics', { link_id: linkId, from: '2026-01-02T00:00:00Z', to: '2026-01-01T00:00:00Z' });
    expect(backwards.isError).toBe(true);
    expect(backwards.body.error).toMatchObject({ code: 'invalid', details: [{ path: 'querystring.to' }] });

    const sessions = await callTool(client, 'manage_temporary_chat_session', { action: 'list', agent, link_id: linkId });
    expect(sessions.isError, sessions.text).toBe(false);
    expect(sessions.body.sessions).toEqual([expect.objectContaining({ conversation_id: turn.conversation_id, status: 'active', user_messages: 1 })]);

    const inspected = await callTool(client, 'manage_temporary_chat_session', {
      action: 'inspect',
      agent,
      link_id: linkId,
      conversation_id: turn.conversation_id,
    });
    expect(inspected.isError, inspected.text).toBe(false);
    expect(inspected.body).toMatchObject({ conversation_id: turn.conversation_id, channel: 'link', link_id: linkId, agent });
    expect(inspected.body.messages.map((m: { role: string; content: string }) => [m.role, m.content])).toEqual(
      expect.arrayContaining([
        ['user', 'hello'],
        ['assistant', 'Noted.'],
      ]),
    );

    const exported = await callTool(client, 'manage_temporary_chat_session', { action: 'export', agent, link_id: linkId });
    expect(exported.isError, exported.text).toBe(false);
    expect(exported.body).toMatchObject({ link_id: linkId, sessions: [expect.objectContaining({ conversation_id: turn.conversation_id })] });

    const ended = await callTool(client, 'manage_temporary_chat_session', { action: 'end', agent, link_id: linkId, conversation_id: turn.conversation_id });
    expect(ended.isError, ended.text).toBe(false);
    expect(ended.body).toMatchObject({ conversation_id: turn.conversation_id, status: 'abandoned', ended_at: expect.any(String) });
    const after = await callTool(client, 'manage_temporary_chat_session', { action: 'list', agent, link_id: linkId, status: 'active' });
    expect(after.body.sessions).toEqual([]);

    // The visitor-facing settings go through MCP as through the API: language, look and uploads.
    const restyled = await callTool(client, 'update_temporary_chat_link', {
      agent,
      id: linkId,
      locale: 'fr',
      theme: { brand_color: '#7c3aed', mode: 'dark' },
      uploads: { enabled: true, max_bytes: 2_000_000, types: ['image/png', 'application/pdf'] },
    });
    expect(restyled.isError, restyled.text).toBe(false);
    expect(restyled.body).toMatchObject({ locale: 'fr', theme: { brand_color: '#7c3aed', mode: 'dark' }, uploads: { enabled: true, max_bytes: 2_000_000 } });
    const shown = await (await fetch(`${baseUrl}/api/public/links/${created.body.token}`)).json();
    expect(shown).toMatchObject({ locale: 'fr', theme: { mode: 'dark' }, uploads: { max_bytes: 2_000_000, types: ['image/png', 'application/pdf'] } });
    const refused = await callTool(client, 'update_temporary_chat_link', { agent, id: linkId, theme: { brand_color: 'purple' } });
    expect(refused.isError).toBe(true);
    // Content rules too (docs/public-chat-api.md "Content rules"); a pattern RE2 cannot run is refused by its path.
    const guarded = await callTool(client, 'update_temporary_chat_link', {
      agent,
      id: linkId,
      content_rules: { block_patterns: ['\\bcasino\\b'], pii: 'redact' },
    });
    expect(guarded.isError, guarded.text).toBe(false);
    expect(guarded.body.content_rules).toEqual({ block_patterns: ['\\bcasino\\b'], pii: 'redact', moderation: 'off', prompt_injection: 'off' });
    const badPattern = await callTool(client, 'update_temporary_chat_link', { agent, id: linkId, content_rules: { block_patterns: ['(a)\\1'] } });
    expect(badPattern.isError).toBe(true);
    expect(badPattern.text).toContain('body.content_rules.block_patterns[0]');

    const updated = await callTool(client, 'update_temporary_chat_link', { agent, id: linkId, title: 'Closed', active: false });
    expect(updated.isError, updated.text).toBe(false);
    expect(updated.body).toMatchObject({ id: linkId, title: 'Closed', active: false, state: 'inactive' });
    expect((await fetch(`${baseUrl}/api/public/links/${created.body.token}`)).status).toBe(410);

    const deleted = await callTool(client, 'delete_temporary_chat_link', { agent, id: linkId });
    expect(deleted.isError, deleted.text).toBe(false);
    expect(deleted.body).toEqual({ deleted: true, id: linkId });
    const gone = await callTool(client, 'delete_temporary_chat_link', { agent, id: linkId });
    expect(gone.isError).toBe(true);
    expect(gone.body.error.code).toBe('not_found');
    return { linkId, token: created.body.token, conversationId: turn.conversation_id };
  }

  it('over Streamable HTTP at /mcp with a tenant key', async () => {
    const { tenantId } = await h.seedTenant('MCP over HTTP');
    const { key, keyId } = await namedKey(tenantId, 'Claude at the desk');
    const { client, transport } = await httpClient(baseUrl, key);
    expect(transport.sessionId).toBeTruthy();
    expect(
      (
        await fetch(`${baseUrl}/api/agents`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify({ name: 'helper', config: echoAgent }),
        })
      ).status,
    ).toBe(201);
    const done = await scenario(client, 'helper');
    // The audit log tells MCP's changes from the key's own: the agent by the key, the rest through MCP, by that key.
    await expectAudited(tenantId, done, { kind: 'mcp', id: keyId, key_id: keyId, name: 'Claude at the desk' }, 'key');
    // DELETE closes the session; it is unknown from then on.
    await transport.terminateSession();
    const reused = await fetch(`${baseUrl}/mcp`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${key}`,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'mcp-session-id': transport.sessionId ?? 'x',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'tools/list' }),
    });
    expect(reused.status).toBe(404);
    expect(((await reused.json()) as { error: { code: string } }).error.code).toBe('not_found');
    await client.close();
  });

  it('over Streamable HTTP with the admin key and X-Tenant-Id', async () => {
    const { tenantId, name } = await h.seedAgent(echoAgent);
    const { client } = await httpClient(baseUrl, ADMIN_KEY, tenantId);
    const done = await scenario(client, name);
    await expectAudited(tenantId, done, { kind: 'mcp', id: null, key_id: null, name: null }, 'admin');
    await client.close();
  });

  it('over stdio: `parley-mcp` with PARLEY_URL and PARLEY_API_KEY', async () => {
    const { tenantId } = await h.seedTenant('MCP over stdio');
    const { key, keyId } = await namedKey(tenantId, 'Desktop assistant');
    expect(
      (
        await fetch(`${baseUrl}/api/agents`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify({ name: 'desk', config: echoAgent }),
        })
      ).status,
    ).toBe(201);
    const client = await stdioClient(baseUrl, key);
    const done = await scenario(client, 'desk');
    // parley-mcp calls the API over the network with the key: its changes are MCP's too.
    await expectAudited(tenantId, done, { kind: 'mcp', id: keyId, key_id: keyId, name: 'Desktop assistant' }, 'key');
    await client.close();
  });

  it('over stdio with the admin key and PARLEY_TENANT_ID', async () => {
    const { tenantId, name } = await h.seedAgent(echoAgent);
    const client = await stdioClient(baseUrl, ADMIN_KEY, tenantId);
    const done = await scenario(client, name);
    await expectAudited(tenantId, done, { kind: 'mcp', id: null, key_id: null, name: null }, 'admin');
    await client.close();
  });
  it("manages an agent's versions: lists them, saves a draft, reads it, pins a link to it, publishes it", async () => {
    const { tenantId } = await h.seedTenant('MCP versions');
    const { key } = await namedKey(tenantId, 'Release bot');
    const made = await fetch(`${baseUrl}/api/agents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'desk', config: echoAgent }),
    });
    expect(made.status).toBe(201);
    const { client } = await httpClient(baseUrl, key);
    const listed = await callTool(client, 'manage_agent_versions', { operation: 'list', agent: 'desk' });
    expect(listed.body).toMatchObject({ agent: 'desk', active_version: 1, versions: [{ version: 1, state: 'published', active: true }] });

    const draft = { ...echoAgent, workflow: { ...echoAgent.workflow } };
    const saved = await callTool(client, 'manage_agent_versions', { operation: 'create_draft', agent: 'desk', config: draft });
    expect(saved.body).toEqual({ version: 2, state: 'draft' });
    const read = await callTool(client, 'manage_agent_versions', { operation: 'get', agent: 'desk', version: 2 });
    expect(read.body).toMatchObject({ version: 2, state: 'draft', published_at: null, active: false, config: draft });
    // A preview link runs the draft before it is published.
    const preview = await callTool(client, 'create_temporary_chat_link', { agent: 'desk', title: 'Preview', version: 2 });
    expect(preview.isError, preview.text).toBe(false);
    expect(preview.body.version).toBe(2);

    const published = await callTool(client, 'manage_agent_versions', { operation: 'publish', agent: 'desk', version: 2 });
    expect(published.isError, published.text).toBe(false);
    expect(published.body).toMatchObject({ active_version: 2 });
    const after = await callTool(client, 'manage_agent_versions', { operation: 'list', agent: 'desk' });
    expect(after.body.versions.map((v: { version: number; state: string; active: boolean }) => [v.version, v.state, v.active])).toEqual([
      [1, 'published', false],
      [2, 'published', true],
    ]);

    // Refusals come back as tool errors with the API's codes.
    const noVersion = await callTool(client, 'manage_agent_versions', { operation: 'publish', agent: 'desk' });
    expect([noVersion.isError, noVersion.body.error.code, noVersion.body.error.details[0].path]).toEqual([true, 'invalid', 'version']);
    const unknown = await callTool(client, 'manage_agent_versions', { operation: 'get', agent: 'desk', version: 9 });
    expect([unknown.isError, unknown.body.error.code]).toEqual([true, 'not_found']);
    const badConfig = await callTool(client, 'manage_agent_versions', { operation: 'create_draft', agent: 'desk', config: { workflow: {} } });
    expect([badConfig.isError, badConfig.body.error.code]).toEqual([true, 'invalid']);
    const otherAgent = await callTool(client, 'manage_agent_versions', { operation: 'list', agent: 'nobody' });
    expect([otherAgent.isError, otherAgent.body.error.code]).toEqual([true, 'not_found']);
    await client.close();
  });
});
