import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema, type CallToolResult, ErrorCode, ListToolsRequestSchema, McpError, type Tool } from '@modelcontextprotocol/sdk/types.js';
import {
  agentVersion,
  analyticsQuery,
  createLinkBody,
  linkSessionsQuery,
  templateName,
  templateSettings,
  updateLinkBody,
  updateScheduleBody,
} from '@parley/contracts';
import { z } from 'zod';

/**
 * The six MCP tools for links (docs/mcp.md, "MCP"), built on one function: "call the platform's HTTP API". In the
 * gateway that is `app.inject` with the MCP caller's credentials; over stdio it is `fetch`
 * against PARLEY_URL. So a tool's result is exactly the HTTP API's JSON, its validation the same,
 * and a key of one tenant sees only that tenant here too. A library of its own, so that the CLI's
 * `parley-mcp` serves the same tools as the gateway's /mcp without importing the server.
 */

/**
 * Sent with every call the tools make, by /mcp and by `parley-mcp` alike, so the audit log can
 * tell a change made through MCP from one made with the same key directly (the gateway's
 * via-mcp.ts).
 */
export const VIA_MCP_HEADER = { name: 'x-parley-via', value: 'mcp' } as const;

/** One management API call; `body` is the parsed JSON answer (undefined for 204). */
export type PlatformCall = (request: { method: 'GET' | 'POST' | 'PUT' | 'DELETE'; path: string; body?: unknown }) => Promise<{ status: number; body: unknown }>;

const agent = z.string().min(1).max(100).describe("The agent's name");
const linkId = z.string().min(1).max(64).describe('The link id (`lnk_…`)');
const conversationId = z.string().min(1).max(64).describe("The session's conversation id");

const sessionAction = z.strictObject({
  action: z
    .enum(['list', 'inspect', 'end', 'export'])
    .describe("list: the link's sessions; inspect: one whole; end: end one now; export: one, or every listed one, whole"),
  agent,
  link_id: linkId,
  conversation_id: conversationId.optional().describe('Required for inspect and end; for export, one session instead of all'),
  ...linkSessionsQuery.partial().shape,
});

/** Templates: list them, or create, change and delete the tenant's own (POST/PUT/DELETE /api/link-templates). */
const templateAction = z.strictObject({
  operation: z.enum(['list', 'create', 'update', 'delete']).describe("list: built-in and own templates; create, update, delete: one of the tenant's own"),
  name: templateName.optional().describe('The template (required but for list)'),
  description: z.string().max(2_000).nullable().optional(),
  settings: templateSettings.optional().describe('Link settings the template gives (create: required; update: replaces them whole)'),
});

/** Schedules: the fields of POST/PUT /api/schedules, plus what to do and with which one. */
const scheduleAction = z.strictObject({
  // Not `action`: a schedule's own `action` field is the body's.
  operation: z
    .enum(['list', 'get', 'create', 'update', 'delete', 'runs', 'run_now'])
    .describe('runs: the run history; run_now: run it once now, outside its cron'),
  id: z.string().min(1).max(64).optional().describe('The schedule id (`schd_…`; required but for list and create)'),
  ...updateScheduleBody.shape,
  limit: z.number().int().min(1).max(500).optional().describe('runs: how many, newest first'),
});

/** An agent's versions: list them, read one, save a draft, publish one (docs/management-api.md "Versions: drafts and published"). */
const versionAction = z.strictObject({
  operation: z
    .enum(['list', 'get', 'create_draft', 'publish'])
    .describe(
      'list: every version with its state; get: one with its config; create_draft: save a config as a draft; publish: make a version the one links follow',
    ),
  agent,
  version: agentVersion.optional().describe('Required for get and publish'),
  config: z.unknown().optional().describe('create_draft: the agent config (docs/workflow.md)'),
});

const segment = encodeURIComponent;

/** An HTTP answer as a tool result: the JSON itself, or the error body (with its code) as a tool error. */
function resultOf(answer: { status: number; body: unknown }, whenEmpty?: Record<string, unknown>): CallToolResult {
  if (answer.status >= 400) {
    const body =
      typeof answer.body === 'object' && answer.body !== null && 'error' in answer.body
        ? (answer.body as Record<string, unknown>)
        : { error: { code: answer.status === 404 ? 'not_found' : 'unavailable', message: `HTTP ${answer.status}` } };
    return { isError: true, content: [{ type: 'text', text: JSON.stringify(body) }], structuredContent: body };
  }
  const body = (answer.body ?? whenEmpty ?? {}) as Record<string, unknown>;
  return { content: [{ type: 'text', text: JSON.stringify(body) }], structuredContent: body };
}

function toolError(code: string, message: string, path: string): CallToolResult {
  return resultOf({ status: 400, body: { error: { code, message, details: [{ path, message }] } } });
}

function query(params: Record<string, string | number | undefined>): string {
  const entries = Object.entries(params).filter((entry): entry is [string, string | number] => entry[1] !== undefined);
  return entries.length === 0 ? '' : `?${new URLSearchParams(entries.map(([k, v]): [string, string] => [k, String(v)])).toString()}`;
}

/** A tool: its input schema (one of the HTTP API's zod schemas, or built from them) and what it does with valid input. */
interface ToolDefinition {
  name: string;
  config: { title: string; description: string; inputSchema: z.ZodType };
  run: (input: unknown) => Promise<CallToolResult>;
}

function defineTool<S extends z.ZodType>(
  name: string,
  config: { title: string; description: string; inputSchema: S },
  run: (input: z.output<S>) => Promise<CallToolResult>,
): ToolDefinition {
  return { name, config, run: (input) => run(input as z.output<S>) };
}

/**
 * The tools on the SDK's low-level Server: the JSON Schema each client sees is zod's own rendering
 * of the input schema (as the OpenAPI document's), and input it refuses is answered as the HTTP
 * API answers a bad body – a tool error `{error: {code: "invalid", message, details: [{path, message}]}}`.
 */
function serve(tools: ToolDefinition[], version: string): Server {
  const server = new Server({ name: 'parley', version }, { capabilities: { tools: {} } });
  const listed: Tool[] = tools.map((tool) => ({
    name: tool.name,
    title: tool.config.title,
    description: tool.config.description,
    inputSchema: z.toJSONSchema(tool.config.inputSchema, { io: 'input', target: 'draft-7' }) as Tool['inputSchema'],
  }));
  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: listed }));
  server.setRequestHandler(CallToolRequestSchema, async (request) => {
    const tool = tools.find((candidate) => candidate.name === request.params.name);
    if (!tool) throw new McpError(ErrorCode.InvalidParams, `unknown tool: ${request.params.name}`);
    const parsed = tool.config.inputSchema.safeParse(request.params.arguments ?? {});
    if (!parsed.success) {
      const details = parsed.error.issues.map((issue) => ({ path: issue.path.join('.') || 'arguments', message: issue.message }));
      return resultOf({
        status: 400,
        body: { error: { code: 'invalid', message: details[0] ? `${details[0].path}: ${details[0].message}` : 'invalid arguments', details } },
      });
    }
    return tool.run(parsed.data);
  });
  return server;
}

/** The MCP server with the six link tools, plus templates and schedules; one per MCP session (HTTP) or process (stdio). */
export function createParleyMcpServer(call: PlatformCall, info: { version: string } = { version: '0.1.0' }): Server {
  const links = (name: string) => `/api/agents/${segment(name)}/public-links`;
  const tools = [
    defineTool(
      'create_temporary_chat_link',
      {
        title: 'Create a temporary chat link',
        description: 'Creates a public chat link for an agent. Answers the link with its token and url, shown only this once.',
        inputSchema: createLinkBody.safeExtend({ agent }),
      },
      async ({ agent: name, ...settings }) => resultOf(await call({ method: 'POST', path: links(name), body: settings })),
    ),
    defineTool(
      'list_temporary_chat_links',
      {
        title: 'List temporary chat links',
        description: "An agent's links (never their tokens), each with its usage.",
        inputSchema: z.strictObject({ agent }),
      },
      async ({ agent: name }) => resultOf(await call({ method: 'GET', path: links(name) })),
    ),
    defineTool(
      'update_temporary_chat_link',
      {
        title: 'Update a temporary chat link',
        description: 'Changes any setting of a link; `active: false` deactivates it (visitors then get 410).',
        inputSchema: updateLinkBody.safeExtend({ agent, id: linkId }),
      },
      async ({ agent: name, id, ...changes }) => resultOf(await call({ method: 'PUT', path: `${links(name)}/${segment(id)}`, body: changes })),
    ),
    defineTool(
      'delete_temporary_chat_link',
      {
        title: 'Delete a temporary chat link',
        description: 'Deletes a link; its URL answers 404 from then on.',
        inputSchema: z.strictObject({ agent, id: linkId }),
      },
      async ({ agent: name, id }) => resultOf(await call({ method: 'DELETE', path: `${links(name)}/${segment(id)}` }), { deleted: true, id }),
    ),
    defineTool(
      'get_temporary_chat_analytics',
      {
        title: 'Temporary chat link analytics',
        description:
          "A link's sessions, messages, visitors, engagement, response times, countries, security events (spent token budgets among them), LLM tokens spent and what they cost (`cost.usd`, in all and per point of the series), conversations' sentiment and visitors' feedback (thumbs, mean 1–5 score) over a period.",
        // GET /api/links/{id}/analytics's own query schema: the same window rules and defaults.
        inputSchema: analyticsQuery.safeExtend({ link_id: linkId }),
      },
      async ({ link_id, ...period }) => resultOf(await call({ method: 'GET', path: `/api/links/${segment(link_id)}/analytics${query(period)}` })),
    ),
    defineTool(
      'manage_temporary_chat_session',
      {
        title: "Manage a temporary chat link's sessions",
        description: "List a link's sessions, inspect one (whole history and trace), end one now, or export them.",
        inputSchema: sessionAction,
      },
      async (input) => {
        const sessions = `${links(input.agent)}/${segment(input.link_id)}/sessions`;
        const list = () => call({ method: 'GET', path: `${sessions}${query({ status: input.status, limit: input.limit })}` });
        // A conversation is shown only as a session of the named link (and the link only in the caller's tenant).
        const whole = async (id: string) => {
          const answer = await call({ method: 'GET', path: `/api/conversations/${segment(id)}` });
          if (answer.status < 400 && (answer.body as { link_id?: unknown }).link_id !== input.link_id) {
            return { status: 404, body: { error: { code: 'not_found', message: 'session not found on this link' } } };
          }
          return answer;
        };
        switch (input.action) {
          case 'list':
            return resultOf(await list());
          case 'inspect':
            if (!input.conversation_id) return toolError('invalid', 'conversation_id is required to inspect a session', 'conversation_id');
            return resultOf(await whole(input.conversation_id));
          case 'end':
            if (!input.conversation_id) return toolError('invalid', 'conversation_id is required to end a session', 'conversation_id');
            return resultOf(await call({ method: 'POST', path: `${sessions}/${segment(input.conversation_id)}/end` }));
          case 'export': {
            if (input.conversation_id) {
              const one = await whole(input.conversation_id);
              return one.status >= 400 ? resultOf(one) : resultOf({ status: 200, body: { link_id: input.link_id, sessions: [one.body] } });
            }
            const listed = await list();
            if (listed.status >= 400) return resultOf(listed);
            const exported: unknown[] = [];
            for (const session of (listed.body as { sessions: Array<{ conversation_id: string }> }).sessions) {
              const one = await whole(session.conversation_id);
              if (one.status >= 400) return resultOf(one);
              exported.push(one.body);
            }
            return resultOf({ status: 200, body: { link_id: input.link_id, sessions: exported } });
          }
        }
      },
    ),
    defineTool(
      'manage_agent_versions',
      {
        title: "Manage an agent's versions",
        description:
          "An agent's versions: list them (draft or published, which one is active), read one with its config, save a config as a new draft, or publish a version so links that follow the agent run it. A link pins a version or splits sessions between versions with update_temporary_chat_link (`version`, `split`).",
        inputSchema: versionAction,
      },
      async ({ operation, agent: name, version, config }): Promise<CallToolResult> => {
        const one = `/api/agents/${segment(name)}`;
        switch (operation) {
          case 'list': {
            const answer = await call({ method: 'GET', path: one });
            if (answer.status >= 400) return resultOf(answer);
            const { active_version, versions } = answer.body as { active_version: number; versions: unknown[] };
            return resultOf({ status: 200, body: { agent: name, active_version, versions } });
          }
          case 'create_draft':
            if (config === undefined) return toolError('invalid', 'config is required to save a draft', 'config');
            return resultOf(await call({ method: 'POST', path: `${one}/versions`, body: { config } }));
          default:
            if (version === undefined) return toolError('invalid', `version is required to ${operation} a version`, 'version');
            if (operation === 'get') return resultOf(await call({ method: 'GET', path: `${one}/versions/${version}` }));
            return resultOf(await call({ method: 'PUT', path: `${one}/active-version`, body: { version } }));
        }
      },
    ),
    defineTool(
      'manage_temporary_chat_link_templates',
      {
        title: 'Manage link templates',
        description:
          "List the built-in templates (daily_checkin, customer_support, feedback) and the tenant's own, or create, change or delete one of its own. Links are made from one with create_temporary_chat_link and `template`.",
        inputSchema: templateAction,
      },
      async ({ operation, name, ...fields }) => {
        if (operation === 'list') return resultOf(await call({ method: 'GET', path: '/api/link-templates' }));
        if (!name) return toolError('invalid', `name is required to ${operation} a template`, 'name');
        const body = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
        if (operation === 'create') return resultOf(await call({ method: 'POST', path: '/api/link-templates', body: { name, ...body } }));
        if (operation === 'update') return resultOf(await call({ method: 'PUT', path: `/api/link-templates/${segment(name)}`, body }));
        return resultOf(await call({ method: 'DELETE', path: `/api/link-templates/${segment(name)}` }), { deleted: true, name });
      },
    ),
    defineTool(
      'manage_temporary_chat_link_schedules',
      {
        title: 'Manage link schedules',
        description:
          'Schedules that make personalised links and send them (email, Slack, Teams) on a cron in a time zone: list, get, create, update, delete, read the run history, or run one now.',
        inputSchema: scheduleAction,
      },
      async ({ operation, id, limit, ...fields }): Promise<CallToolResult> => {
        const body = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
        if (operation === 'list') return resultOf(await call({ method: 'GET', path: '/api/schedules' }));
        if (operation === 'create') return resultOf(await call({ method: 'POST', path: '/api/schedules', body }));
        if (!id) return toolError('invalid', `id is required to ${operation.replace('_', ' ')} a schedule`, 'id');
        const one = `/api/schedules/${segment(id)}`;
        switch (operation) {
          case 'get':
            return resultOf(await call({ method: 'GET', path: one }));
          case 'update':
            return resultOf(await call({ method: 'PUT', path: one, body }));
          case 'delete':
            return resultOf(await call({ method: 'DELETE', path: one }), { deleted: true, id });
          case 'runs':
            return resultOf(await call({ method: 'GET', path: `${one}/runs${query({ limit })}` }));
          default:
            return resultOf(await call({ method: 'POST', path: `${one}/run` }));
        }
      },
    ),
  ];
  return serve(tools, info.version);
}
