import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { type CallToolResult, ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import { createParleyMcpServer, type PlatformCall } from './tools.js';

type Request = Parameters<PlatformCall>[0];
type Answer = { status: number; body?: unknown };

/**
 * The HTTP API as the tools see it: each call recorded, answered from `routes` by "METHOD path"
 * (the path with its query), anything else 404 in the API's error shape.
 */
function fakeApi(routes: Record<string, Answer> = {}) {
  const calls: Request[] = [];
  const call: PlatformCall = async (request) => {
    calls.push(request);
    const answer = routes[`${request.method} ${request.path}`] ?? { status: 404, body: { error: { code: 'not_found', message: 'no such route' } } };
    return { status: answer.status, body: answer.body };
  };
  return { calls, call };
}

const clients: Client[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
});

/** An MCP client talking to the tools' server in memory, as /mcp and `parley-mcp` serve it. */
async function connect(call: PlatformCall, version?: string): Promise<Client> {
  const server = createParleyMcpServer(call, ...(version ? [{ version }] : []));
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: 'tools-test', version: '0.0.0' });
  await Promise.all([server.connect(serverSide), client.connect(clientSide)]);
  clients.push(client);
  return client;
}

async function callTool(client: Client, name: string, args: Record<string, unknown>): Promise<CallToolResult> {
  return (await client.callTool({ name, arguments: args })) as CallToolResult;
}

/** A result's JSON, as its text and as its structured content (the two must agree). */
function jsonOf(result: CallToolResult): unknown {
  const [first] = result.content;
  expect(first?.type).toBe('text');
  const text = first?.type === 'text' ? first.text : '';
  expect(JSON.parse(text)).toEqual(result.structuredContent);
  return result.structuredContent;
}

const LINK = { id: 'lnk_1', title: 'Repairs', token: 'tok', url: 'https://parley.example.com/c/tok' };

describe('the MCP tools', () => {
  it('lists each tool with its title and its input as JSON Schema, and names the server with the given version', async () => {
    const client = await connect(fakeApi().call, '1.2.3');
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual([
      'create_temporary_chat_link',
      'list_temporary_chat_links',
      'update_temporary_chat_link',
      'delete_temporary_chat_link',
      'get_temporary_chat_analytics',
      'manage_temporary_chat_session',
      'manage_agent_versions',
      'manage_temporary_chat_link_templates',
      'manage_temporary_chat_link_schedules',
    ]);
    for (const tool of tools) expect(tool.title, tool.name).toBeTruthy();
    const list = tools.find((tool) => tool.name === 'list_temporary_chat_links');
    expect(list?.inputSchema).toMatchObject({ type: 'object', required: ['agent'], properties: { agent: { type: 'string', minLength: 1, maxLength: 100 } } });
    const analytics = tools.find((tool) => tool.name === 'get_temporary_chat_analytics');
    expect(analytics?.inputSchema.properties?.bucket).toMatchObject({ enum: ['hour', 'day'], default: 'day' });
    expect(client.getServerVersion()).toMatchObject({ name: 'parley', version: '1.2.3' });
  });

  describe('input', () => {
    it('refused by its schema is a tool error `invalid` naming each field, and never reaches the API', async () => {
      const api = fakeApi();
      const client = await connect(api.call);
      const result = await callTool(client, 'create_temporary_chat_link', { agent: '', title: 'Repairs', colour: 'red' });
      expect(result.isError).toBe(true);
      const body = jsonOf(result) as { error: { code: string; message: string; details: Array<{ path: string; message: string }> } };
      expect(body.error.code).toBe('invalid');
      expect(body.error.details.map((detail) => detail.path).sort()).toEqual(['agent', 'arguments']);
      expect(body.error.details.find((detail) => detail.path === 'arguments')?.message).toContain('colour');
      expect(api.calls).toEqual([]);
    });

    it("is held to the HTTP API's own rules: a link needs a title or a template", async () => {
      const api = fakeApi();
      const client = await connect(api.call);
      const result = await callTool(client, 'create_temporary_chat_link', { agent: 'desk' });
      expect(result.isError).toBe(true);
      expect(jsonOf(result)).toMatchObject({
        error: { code: 'invalid', message: 'title: give a title, or a template that has one', details: [{ path: 'title' }] },
      });
      expect(api.calls).toEqual([]);
    });

    it('missing a field an operation needs is a tool error naming that field, before any call', async () => {
      const api = fakeApi();
      const client = await connect(api.call);
      const refusals: Array<[string, Record<string, unknown>, string, string]> = [
        [
          'manage_temporary_chat_session',
          { action: 'inspect', agent: 'desk', link_id: 'lnk_1' },
          'conversation_id',
          'conversation_id is required to inspect a session',
        ],
        [
          'manage_temporary_chat_session',
          { action: 'end', agent: 'desk', link_id: 'lnk_1' },
          'conversation_id',
          'conversation_id is required to end a session',
        ],
        ['manage_agent_versions', { operation: 'get', agent: 'desk' }, 'version', 'version is required to get a version'],
        ['manage_agent_versions', { operation: 'publish', agent: 'desk' }, 'version', 'version is required to publish a version'],
        ['manage_agent_versions', { operation: 'create_draft', agent: 'desk' }, 'config', 'config is required to save a draft'],
        ['manage_temporary_chat_link_templates', { operation: 'delete' }, 'name', 'name is required to delete a template'],
        ['manage_temporary_chat_link_schedules', { operation: 'run_now' }, 'id', 'id is required to run now a schedule'],
      ];
      for (const [tool, args, path, message] of refusals) {
        const result = await callTool(client, tool, args);
        expect(result.isError, tool).toBe(true);
        expect(jsonOf(result), `${tool} ${JSON.stringify(args)}`).toEqual({ error: { code: 'invalid', message, details: [{ path, message }] } });
      }
      expect(api.calls).toEqual([]);
    });

    it('for a tool there is not is a protocol error', async () => {
      const client = await connect(fakeApi().call);
      const refused = await client.callTool({ name: 'drop_every_link', arguments: {} }).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(McpError);
      expect(refused).toMatchObject({ code: ErrorCode.InvalidParams, message: expect.stringContaining('unknown tool: drop_every_link') });
    });
  });

  describe('answers', () => {
    it("are the API's JSON, from the call the tool makes: the agent and id in the path, the rest the body", async () => {
      const api = fakeApi({
        'POST /api/agents/front%2Fdesk/public-links': { status: 201, body: LINK },
        'PUT /api/agents/front%2Fdesk/public-links/lnk_1': { status: 200, body: { ...LINK, active: false } },
        'GET /api/agents/front%2Fdesk/public-links': { status: 200, body: { links: [LINK] } },
      });
      const client = await connect(api.call);

      const created = await callTool(client, 'create_temporary_chat_link', { agent: 'front/desk', title: 'Repairs', max_sessions: 5 });
      expect(created.isError).toBeFalsy();
      expect(jsonOf(created)).toEqual(LINK);
      const updated = await callTool(client, 'update_temporary_chat_link', { agent: 'front/desk', id: 'lnk_1', active: false });
      expect(jsonOf(updated)).toEqual({ ...LINK, active: false });
      expect(jsonOf(await callTool(client, 'list_temporary_chat_links', { agent: 'front/desk' }))).toEqual({ links: [LINK] });

      expect(api.calls).toEqual([
        { method: 'POST', path: '/api/agents/front%2Fdesk/public-links', body: { title: 'Repairs', max_sessions: 5 } },
        { method: 'PUT', path: '/api/agents/front%2Fdesk/public-links/lnk_1', body: { active: false } },
        { method: 'GET', path: '/api/agents/front%2Fdesk/public-links' },
      ]);
    });

    it('of a call the API answers with nothing (204) say what was done', async () => {
      const api = fakeApi({
        'DELETE /api/agents/desk/public-links/lnk_1': { status: 204 },
        'DELETE /api/link-templates/daily': { status: 204 },
        'DELETE /api/schedules/schd_1': { status: 204 },
      });
      const client = await connect(api.call);
      expect(jsonOf(await callTool(client, 'delete_temporary_chat_link', { agent: 'desk', id: 'lnk_1' }))).toEqual({ deleted: true, id: 'lnk_1' });
      expect(jsonOf(await callTool(client, 'manage_temporary_chat_link_templates', { operation: 'delete', name: 'daily' }))).toEqual({
        deleted: true,
        name: 'daily',
      });
      expect(jsonOf(await callTool(client, 'manage_temporary_chat_link_schedules', { operation: 'delete', id: 'schd_1' }))).toEqual({
        deleted: true,
        id: 'schd_1',
      });
    });

    it("of an API error are a tool error carrying the API's error body as it is", async () => {
      const refusal = { error: { code: 'forbidden', message: 'needs the editor role', details: { required_role: 'editor', role: 'viewer' } } };
      const client = await connect(fakeApi({ 'GET /api/agents/desk/public-links': { status: 403, body: refusal } }).call);
      const result = await callTool(client, 'list_temporary_chat_links', { agent: 'desk' });
      expect(result.isError).toBe(true);
      expect(jsonOf(result)).toEqual(refusal);
    });

    it('of an API error without an error body are a tool error in the same shape: not_found for 404, unavailable otherwise', async () => {
      const client = await connect(
        fakeApi({
          'GET /api/agents/gone/public-links': { status: 404 },
          'GET /api/agents/desk/public-links': { status: 502, body: '<html>Bad gateway</html>' },
        }).call,
      );
      const missing = await callTool(client, 'list_temporary_chat_links', { agent: 'gone' });
      expect(missing.isError).toBe(true);
      expect(jsonOf(missing)).toEqual({ error: { code: 'not_found', message: 'HTTP 404' } });
      const away = await callTool(client, 'list_temporary_chat_links', { agent: 'desk' });
      expect(away.isError).toBe(true);
      expect(jsonOf(away)).toEqual({ error: { code: 'unavailable', message: 'HTTP 502' } });
    });
  });

  it("asks for a link's analytics over the window given, a day's buckets unless told", async () => {
    const api = fakeApi();
    const client = await connect(api.call);
    await callTool(client, 'get_temporary_chat_analytics', { link_id: 'lnk_1' });
    await callTool(client, 'get_temporary_chat_analytics', { link_id: 'lnk_1', from: '2026-01-01T00:00:00Z', to: '2026-02-01T00:00:00Z', bucket: 'hour' });
    const asked = api.calls.map((request) => new URL(request.path, 'http://api'));
    expect(asked.map((url) => url.pathname)).toEqual(['/api/links/lnk_1/analytics', '/api/links/lnk_1/analytics']);
    expect(asked.map((url) => Object.fromEntries(url.searchParams))).toEqual([
      { bucket: 'day' },
      { from: '2026-01-01T00:00:00Z', to: '2026-02-01T00:00:00Z', bucket: 'hour' },
    ]);
  });

  describe("a link's sessions", () => {
    const sessions = '/api/agents/desk/public-links/lnk_1/sessions';
    // An export lists them as GET …/sessions does by default (`limit` 100).
    const conversation = (id: string, linkId = 'lnk_1') => ({
      status: 200,
      body: { conversation_id: id, link_id: linkId, messages: [{ role: 'user', content: 'hi' }] },
    });

    it('are listed with the status and limit given, and one is ended by its conversation id', async () => {
      const api = fakeApi({
        [`GET ${sessions}?status=active&limit=20`]: { status: 200, body: { sessions: [] } },
        [`POST ${sessions}/conv_1/end`]: { status: 200, body: { conversation_id: 'conv_1', status: 'ended' } },
      });
      const client = await connect(api.call);
      expect(
        jsonOf(await callTool(client, 'manage_temporary_chat_session', { action: 'list', agent: 'desk', link_id: 'lnk_1', status: 'active', limit: 20 })),
      ).toEqual({
        sessions: [],
      });
      const ended = await callTool(client, 'manage_temporary_chat_session', { action: 'end', agent: 'desk', link_id: 'lnk_1', conversation_id: 'conv_1' });
      expect(jsonOf(ended)).toEqual({ conversation_id: 'conv_1', status: 'ended' });
    });

    it("show a conversation only as a session of the named link: another link's is not found, and nothing of it shows", async () => {
      const client = await connect(fakeApi({ 'GET /api/conversations/conv_9': conversation('conv_9', 'lnk_other') }).call);
      for (const action of ['inspect', 'export']) {
        const result = await callTool(client, 'manage_temporary_chat_session', { action, agent: 'desk', link_id: 'lnk_1', conversation_id: 'conv_9' });
        expect(result.isError, action).toBe(true);
        expect(jsonOf(result)).toEqual({ error: { code: 'not_found', message: 'session not found on this link' } });
      }
    });

    it('are exported whole, one or every listed one, with the link they are of', async () => {
      const api = fakeApi({
        [`GET ${sessions}?limit=100`]: { status: 200, body: { sessions: [{ conversation_id: 'conv_1' }, { conversation_id: 'conv_2' }] } },
        'GET /api/conversations/conv_1': conversation('conv_1'),
        'GET /api/conversations/conv_2': conversation('conv_2'),
      });
      const client = await connect(api.call);
      const every = await callTool(client, 'manage_temporary_chat_session', { action: 'export', agent: 'desk', link_id: 'lnk_1' });
      expect(jsonOf(every)).toEqual({ link_id: 'lnk_1', sessions: [conversation('conv_1').body, conversation('conv_2').body] });
      const one = await callTool(client, 'manage_temporary_chat_session', { action: 'export', agent: 'desk', link_id: 'lnk_1', conversation_id: 'conv_2' });
      expect(jsonOf(one)).toEqual({ link_id: 'lnk_1', sessions: [conversation('conv_2').body] });
    });

    it('export as a tool error when a listed conversation cannot be read, rather than a partial export', async () => {
      const client = await connect(
        fakeApi({
          [`GET ${sessions}?limit=100`]: { status: 200, body: { sessions: [{ conversation_id: 'conv_1' }, { conversation_id: 'conv_2' }] } },
          'GET /api/conversations/conv_1': conversation('conv_1'),
          'GET /api/conversations/conv_2': { status: 503, body: { error: { code: 'unavailable', message: 'sessions service away' } } },
        }).call,
      );
      const result = await callTool(client, 'manage_temporary_chat_session', { action: 'export', agent: 'desk', link_id: 'lnk_1' });
      expect(result.isError).toBe(true);
      expect(jsonOf(result)).toEqual({ error: { code: 'unavailable', message: 'sessions service away' } });
    });
  });

  it("lists an agent's versions as {agent, active_version, versions}, and saves, reads and publishes one", async () => {
    const versions = [
      { version: 1, state: 'published' },
      { version: 2, state: 'draft' },
    ];
    const api = fakeApi({
      'GET /api/agents/desk': { status: 200, body: { name: 'desk', config: { workflow: {} }, active_version: 1, versions } },
      'POST /api/agents/desk/versions': { status: 201, body: { version: 3, state: 'draft' } },
      'GET /api/agents/desk/versions/3': { status: 200, body: { version: 3, state: 'draft', config: { workflow: {} } } },
      'PUT /api/agents/desk/active-version': { status: 200, body: { active_version: 3 } },
    });
    const client = await connect(api.call);
    expect(jsonOf(await callTool(client, 'manage_agent_versions', { operation: 'list', agent: 'desk' }))).toEqual({
      agent: 'desk',
      active_version: 1,
      versions,
    });
    expect(jsonOf(await callTool(client, 'manage_agent_versions', { operation: 'create_draft', agent: 'desk', config: { workflow: {} } }))).toEqual({
      version: 3,
      state: 'draft',
    });
    expect(jsonOf(await callTool(client, 'manage_agent_versions', { operation: 'get', agent: 'desk', version: 3 }))).toMatchObject({ version: 3 });
    expect(jsonOf(await callTool(client, 'manage_agent_versions', { operation: 'publish', agent: 'desk', version: 3 }))).toEqual({ active_version: 3 });
    expect(api.calls.slice(1)).toEqual([
      { method: 'POST', path: '/api/agents/desk/versions', body: { config: { workflow: {} } } },
      { method: 'GET', path: '/api/agents/desk/versions/3' },
      { method: 'PUT', path: '/api/agents/desk/active-version', body: { version: 3 } },
    ]);
  });

  it('sends only the template fields given, and changes a template by its name', async () => {
    const api = fakeApi({
      'POST /api/link-templates': { status: 201, body: { name: 'daily' } },
      'PUT /api/link-templates/daily': { status: 200, body: { name: 'daily' } },
    });
    const client = await connect(api.call);
    await callTool(client, 'manage_temporary_chat_link_templates', { operation: 'create', name: 'daily', settings: { title: 'Check-in' } });
    await callTool(client, 'manage_temporary_chat_link_templates', { operation: 'update', name: 'daily', description: null });
    expect(api.calls).toEqual([
      { method: 'POST', path: '/api/link-templates', body: { name: 'daily', settings: { title: 'Check-in' } } },
      { method: 'PUT', path: '/api/link-templates/daily', body: { description: null } },
    ]);
  });

  it('reads a schedule, its runs (newest first, as many as asked) and runs it now, by its id', async () => {
    const api = fakeApi({
      'GET /api/schedules/schd_1': { status: 200, body: { id: 'schd_1' } },
      'GET /api/schedules/schd_1/runs?limit=5': { status: 200, body: { runs: [] } },
      'POST /api/schedules/schd_1/run': { status: 202, body: { run: { id: 'run_1' } } },
      'PUT /api/schedules/schd_1': { status: 200, body: { id: 'schd_1', active: false } },
    });
    const client = await connect(api.call);
    expect(jsonOf(await callTool(client, 'manage_temporary_chat_link_schedules', { operation: 'get', id: 'schd_1' }))).toEqual({ id: 'schd_1' });
    expect(jsonOf(await callTool(client, 'manage_temporary_chat_link_schedules', { operation: 'runs', id: 'schd_1', limit: 5 }))).toEqual({ runs: [] });
    expect(jsonOf(await callTool(client, 'manage_temporary_chat_link_schedules', { operation: 'run_now', id: 'schd_1' }))).toEqual({ run: { id: 'run_1' } });
    await callTool(client, 'manage_temporary_chat_link_schedules', { operation: 'update', id: 'schd_1', active: false });
    expect(api.calls.at(-1)).toEqual({ method: 'PUT', path: '/api/schedules/schd_1', body: { active: false } });
  });
});
