import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { GatewayHarness } from '../../../test/gateway-harness.js';

/** The `parley-mcp` bin as `npx parley-mcp` runs it. */
export const PARLEY_MCP_BIN = fileURLToPath(new URL('../../../../../cli/bin/parley-mcp.mjs', import.meta.url));

/** The six link tools (docs/mcp.md, "MCP"), the two for templates and schedules, and the agent's versions. */
export const ALL_TOOLS = [
  'create_temporary_chat_link',
  'delete_temporary_chat_link',
  'get_temporary_chat_analytics',
  'list_temporary_chat_links',
  'manage_agent_versions',
  'manage_temporary_chat_link_schedules',
  'manage_temporary_chat_link_templates',
  'manage_temporary_chat_session',
  'update_temporary_chat_link',
];

/** The harness's gateway on a real port: its base URL. */
export async function listen(h: GatewayHarness): Promise<string> {
  await h.app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}`;
}

/** The SDK's own client over Streamable HTTP, with a bearer key (and X-Tenant-Id for the admin key). */
export async function httpClient(baseUrl: string, key: string, tenantId?: string): Promise<{ client: Client; transport: StreamableHTTPClientTransport }> {
  const headers: Record<string, string> = { authorization: `Bearer ${key}` };
  if (tenantId) headers['x-tenant-id'] = tenantId;
  const transport = new StreamableHTTPClientTransport(new URL('/mcp', baseUrl), { requestInit: { headers } });
  const client = new Client({ name: 'parley-test', version: '1.0.0' });
  await client.connect(transport);
  return { client, transport };
}

/** The SDK's own client over stdio, spawning `parley-mcp` with its environment. */
export async function stdioClient(baseUrl: string, key: string, tenantId?: string): Promise<Client> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [PARLEY_MCP_BIN],
    env: { PATH: process.env.PATH ?? '', PARLEY_URL: baseUrl, PARLEY_API_KEY: key, ...(tenantId ? { PARLEY_TENANT_ID: tenantId } : {}) },
    stderr: 'pipe',
  });
  const client = new Client({ name: 'parley-test', version: '1.0.0' });
  await client.connect(transport);
  return client;
}

/** A tool's answer: its JSON (structured content) and whether it is a tool error. */
// biome-ignore lint/suspicious/noExplicitAny: tests read the answers' JSON as loosely as the harness's `inject` does.
export async function callTool<T = any>(client: Client, name: string, args: Record<string, unknown>): Promise<{ isError: boolean; body: T; text: string }> {
  const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
  const text = result.content.map((part) => (part.type === 'text' ? part.text : '')).join('');
  return { isError: result.isError === true, body: (result.structuredContent ?? {}) as T, text };
}
