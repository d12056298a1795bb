import { randomUUID } from 'node:crypto';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import type { PlatformBus } from '@parley/bus';
import { AppError, nameApiSchema } from '@parley/contracts';
import { createParleyMcpServer, type PlatformCall } from '@parley/mcp-tools';
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { tenantOf } from '../../auth/management-auth.js';
import { limitManagement } from '../../limits/route-limits.js';
import { VIA_HEADER } from '../../mcp/via-mcp.js';
import { errorResponses } from '../error-responses.js';

export interface McpRoutesOptions {
  /** Origins a browser may call /mcp from (PUBLIC_BASE_URL's origin at least); no Origin at all is fine. */
  allowedOrigins: string[];
  managementRateLimitPerMinute: number;
  /** The `x-parley-via` value that marks the MCP tools' calls (installViaMcp), so the audit log says `mcp`. */
  viaHeader: string;
  /** An MCP session unused this long is closed (MCP_SESSION_IDLE_MINUTES). */
  idleMs: number;
  /** Where key revocations are heard: a revoked key's open sessions close at once. */
  bus: PlatformBus;
}

/**
 * A JSON-RPC 2.0 message, described loosely: which methods there are and what their params hold is
 * the MCP specification's, read by the MCP layer (the SDK). Unknown fields pass through untouched.
 */
const jsonRpcMessage = z.looseObject({
  jsonrpc: z.literal('2.0'),
  id: z.union([z.string(), z.number()]).optional().meta({ description: 'A request’s id, which its answer carries; absent on a notification' }),
  method: z.string().optional().meta({ description: 'A request’s or notification’s method: `initialize`, `tools/list`, `tools/call` …; absent on a response' }),
  params: z.unknown().optional().meta({ description: 'The method’s parameters, as the MCP specification gives them' }),
});
nameApiSchema(jsonRpcMessage, 'McpJsonRpcMessage');
/** One message, or a batch of them. */
const mcpBody = z.union([jsonRpcMessage, z.array(jsonRpcMessage)]);

/** Optional for validation: a request without the session it needs is refused by the handler, with its own message. */
const mcpHeaders = z.looseObject({
  'mcp-session-id': z.string().optional().meta({ description: 'The session, as the `initialize` answer named it: on every request but that one' }),
  'mcp-protocol-version': z.string().optional().meta({ description: 'The protocol version `initialize` agreed on (the MCP specification)' }),
});

const mcpDescription = [
  'The Model Context Protocol’s Streamable HTTP transport: the MCP tools over JSON-RPC, one endpoint for POST, GET and DELETE.',
  'An `initialize` request without `Mcp-Session-Id` opens a session, named in the answer’s `Mcp-Session-Id`; later requests carry it.',
  'A session belongs to the key (and, for the admin key, the tenant) that opened it; another key’s, an unknown or a closed one is 404.',
  'A request with an `Origin` not allowed (PUBLIC_BASE_URL’s, MCP_ALLOWED_ORIGINS) is 403. These refusals are the error envelope;',
  'past them, the MCP layer answers as the MCP specification says (its own errors as JSON-RPC errors).',
].join(' ');

/** The error statuses a request can get before the MCP layer. */
const refusals = errorResponses(400, 401, 403, 404, 429, 503);

interface McpSession {
  transport: StreamableHTTPServerTransport;
  /** The credential that opened it: only the same key (and tenant) may use it. */
  owner: string;
  lastUsed: number;
}

/** Open sessions one key may hold; opening another closes its least recently used one. */
const SESSIONS_PER_KEY = 20;

/** Who a request acts as, for binding a session: the tenant key's id, or the admin key with its tenant. */
function ownerOf(request: FastifyRequest): string {
  const tenantId = tenantOf(request);
  const principal = request.principal!;
  if (principal.kind === 'tenant') return `key:${principal.keyId}`;
  // A console session (docs/management-api.md, "Console sessions"): that session only, not every one of the member's.
  if (principal.kind === 'member') return `session:${principal.sessionId}`;
  return `admin:${tenantId}`;
}

/** The tools' "call the HTTP API": the same app, with the MCP caller's credentials, marked as MCP. */
function injectedCall(app: FastifyInstance, request: FastifyRequest, viaHeader: string): PlatformCall {
  const headers: Record<string, string> = { [VIA_HEADER]: viaHeader };
  // The caller's own credential: its bearer key, or its console session's cookie and CSRF token.
  if (request.headers.authorization !== undefined) headers.authorization = request.headers.authorization;
  else {
    if (typeof request.headers.cookie === 'string') headers.cookie = request.headers.cookie;
    if (request.csrfToken !== undefined) headers['x-csrf-token'] = request.csrfToken;
  }
  const tenant = request.headers['x-tenant-id'];
  if (typeof tenant === 'string') headers['x-tenant-id'] = tenant;
  return async ({ method, path, body }) => {
    const response = await app.inject({
      method,
      url: path,
      headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });
    return { status: response.statusCode, body: response.body.length === 0 ? undefined : response.json() };
  };
}

/**
 * `/mcp`: the MCP Streamable HTTP transport (POST, GET and DELETE on one endpoint, sessions by
 * `Mcp-Session-Id`), with the management API's bearer auth on every request. Refusals before the
 * MCP layer (credential, origin, unknown session, a body that is no JSON-RPC message) answer in the
 * gateway's error shape.
 */
export const mcpRoutes: FastifyPluginAsync<McpRoutesOptions> = async (app, options) => {
  limitManagement(app, options.managementRateLimitPerMinute);
  const sessions = new Map<string, McpSession>();
  const idleMs = options.idleMs;
  const sweep = setInterval(
    () => {
      const now = Date.now();
      for (const session of sessions.values()) if (now - session.lastUsed > idleMs) void session.transport.close();
    },
    Math.min(idleMs, 60_000),
  );
  sweep.unref();
  // A revoked key's sessions end with it (docs/management-api.md, "API keys"): open streams close, and the
  // session id is unknown from then on, on every gateway, since each hears the broadcast.
  const revocations = options.bus.listen('broadcast.keys.revoked', ({ keyId }) => {
    for (const session of sessions.values()) if (session.owner === `key:${keyId}`) void session.transport.close();
  });
  app.addHook('preClose', async () => {
    clearInterval(sweep);
    await revocations.drain();
    await Promise.all([...sessions.values()].map((session) => session.transport.close()));
  });

  const handle = async (request: FastifyRequest, reply: FastifyReply) => {
    const origin = request.headers.origin;
    if (origin !== undefined && !options.allowedOrigins.includes(origin)) throw new AppError('forbidden', 'this Origin may not use /mcp');
    const owner = ownerOf(request);
    const sessionHeader = request.headers['mcp-session-id'];
    let transport: StreamableHTTPServerTransport;
    if (typeof sessionHeader === 'string') {
      const session = sessions.get(sessionHeader);
      // Another key's session is as unknown as one that never existed.
      if (!session || session.owner !== owner) throw new AppError('not_found', 'MCP session not found; initialize a new one');
      session.lastUsed = Date.now();
      transport = session.transport;
    } else if (request.method === 'POST' && isInitializeRequest(request.body)) {
      const created = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (id) => {
          const own = [...sessions.values()].filter((session) => session.owner === owner).sort((a, b) => a.lastUsed - b.lastUsed);
          for (const session of own.slice(0, Math.max(0, own.length - SESSIONS_PER_KEY + 1))) void session.transport.close();
          sessions.set(id, { transport: created, owner, lastUsed: Date.now() });
        },
      });
      created.onclose = () => {
        if (created.sessionId) sessions.delete(created.sessionId);
      };
      await createParleyMcpServer(injectedCall(app, request, options.viaHeader)).connect(created);
      transport = created;
    } else {
      throw new AppError('invalid', 'Mcp-Session-Id is required (or POST an initialize request to start a session)', {
        details: [{ path: 'headers.mcp-session-id', message: 'required' }],
      });
    }
    reply.hijack();
    // Hijacked: the transport writes the answer itself, so the request id goes on it here.
    reply.raw.setHeader('x-request-id', request.id);
    await transport.handleRequest(request.raw, reply.raw, request.body);
  };

  // Any key may open a session (its role: the least); each tool's call is held to its own route's
  // role and recorded by that route (docs/management-api.md "Roles"), so the transport itself records nothing.
  const config = {
    auth: 'management',
    role: 'viewer',
    audit: false,
    notAudited: 'the MCP transport: each tool call is recorded by the route it calls',
  } as const;
  const common = { tags: ['MCP'], description: mcpDescription, headers: mcpHeaders };
  app.post(
    '/mcp',
    {
      config,
      schema: {
        ...common,
        summary: 'Send JSON-RPC messages: `initialize` opens a session; a request’s answers come back as server-sent events',
        body: mcpBody,
        produces: ['text/event-stream'],
        response: {
          200: z.string().describe('The answers to the requests sent, as JSON-RPC messages in server-sent events'),
          202: z.null().describe('Accepted: only notifications or responses were sent, so nothing answers them'),
          ...refusals,
        },
      },
    },
    handle,
  );
  app.get(
    '/mcp',
    {
      config,
      schema: {
        ...common,
        summary: 'A session’s stream of the server’s own messages (server-sent events)',
        produces: ['text/event-stream'],
        response: { 200: z.string().describe('JSON-RPC messages from the server, as server-sent events, while the stream is open'), ...refusals },
      },
    },
    handle,
  );
  app.delete(
    '/mcp',
    { config, schema: { ...common, summary: 'Ends a session', response: { 200: z.null().describe('The session is closed'), ...refusals } } },
    handle,
  );
};
