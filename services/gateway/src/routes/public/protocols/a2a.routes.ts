import { PassThrough } from 'node:stream';
import { formatSSEErrorEvent, formatSSEEvent } from '@a2a-js/sdk';
import { LegacyJsonRpcTransportHandler } from '@a2a-js/sdk/compat/v0_3/server';
import { A2AError } from '@a2a-js/sdk/errors';
import { DefaultExecutionEventBusManager, JsonRpcTransportHandler, ServerCallContext, type TaskStore, validateVersion } from '@a2a-js/sdk/server';
import { AppError, type LinkAccess, nameApiSchema } from '@parley/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { LRUCache } from 'lru-cache';
import { z } from 'zod';
import { lookupLink } from '../../../links/lookup.js';
import { a2aEndpoint, agentCardJson, agentCardOf, isLegacyVersion, skillsOf } from '../../../protocols/a2a/agent-card.js';
import { LINK_OF_CALL } from '../../../protocols/a2a/task-store.js';
import { refusalOfCall, VisitorRequestHandler } from '../../../protocols/a2a/visitor-agent.js';
import { protocolRefusal, refusalBody } from '../../../protocols/refusals.js';
import { errorResponses } from '../../error-responses.js';
import type { PublicRoutesOptions } from '../../public-routes-options.js';

const tokenParams = z.object({ token: z.string().meta({ description: 'The link token from the URL `/c/{token}`' }) });
const versionHeaders = z.looseObject({
  'a2a-version': z
    .string()
    .max(16)
    .optional()
    .meta({ description: 'The A2A version the client speaks: `1.0`, or `0.3` (also when absent), answered in that version’s shapes' }),
});

/** A JSON-RPC 2.0 request, as the OpenAPI document shows it; the SDK checks it as the protocol says. */
const jsonRpcRequest = z
  .looseObject({
    jsonrpc: z.unknown().optional().meta({ description: '`"2.0"`' }),
    id: z.unknown().optional().meta({ description: 'The client’s id of the call (a string or an integer), echoed by the answer' }),
    method: z.unknown().optional().meta({
      description: '`message/send`, `message/stream`, `tasks/get` (0.3); `SendMessage`, `SendStreamingMessage`, `GetTask` (1.0)',
    }),
    params: z.unknown().optional().meta({
      description:
        'The method’s parameters; a message’s `contextId` is the session (none, or one that is not a session of this link, starts one) and its `metadata` carries `passcode`, `user` and `challenge_solution`',
    }),
  })
  .meta({ description: 'A JSON-RPC 2.0 request of the A2A protocol' });
nameApiSchema(jsonRpcRequest, 'A2AJsonRpcRequest');

const rpcDescription = [
  'A JSON-RPC 2.0 answer (`{jsonrpc, id, result | error}`), or for a streaming method an SSE stream of them (`data:` lines; an `error` event ends a stream that failed).',
  'A refusal of the link’s rules is a JSON-RPC error whose `data` is the platform’s error body (`code`, `message`, `details`, `request_id`).',
].join(' ');
/** The protocol's own shapes, left to the A2A specification (and the SDK that writes them). */
const agentCard = nameApiSchema(z.looseObject({}).meta({ description: 'An A2A AgentCard' }), 'A2AAgentCard');
const rpcAnswer = nameApiSchema(z.looseObject({}).meta({ description: rpcDescription }), 'A2AJsonRpcResponse');

/** A refusal as a JSON-RPC error: the protocol's code for a bad call, the platform's error body as `data`. */
function rpcErrorOf(refusal: AppError, requestId: string) {
  const code = refusal.code === 'invalid' ? -32602 : refusal.code === 'internal' ? INTERNAL_ERROR : -32000;
  return { code, message: refusal.message, data: refusalBody(refusal, requestId) };
}

/** JSON-RPC's "internal error". */
const INTERNAL_ERROR = -32603;

/** The call's JSON-RPC id, when it has a usable one. */
function rpcIdOf(body: unknown): string | number | null {
  const id = (body as { id?: unknown } | null)?.id;
  return typeof id === 'string' || (typeof id === 'number' && Number.isInteger(id)) ? id : null;
}

/** How long an agent version's config is kept: versions never change, so only memory bounds it. */
const CONFIGS_KEPT = 1_000;

/**
 * A link as an A2A agent (docs/open-protocols.md "A2A"): its card at
 * `/a2a/{token}/.well-known/agent-card.json` and its JSON-RPC endpoint at `/a2a/{token}`, through
 * the official SDK's transport handlers – the current version's, and 0.3's through its
 * compatibility layer – under every rule of the link the public chat applies.
 */
export const a2aRoutes: FastifyPluginAsyncZod<PublicRoutesOptions & { tasks: TaskStore }> = async (app, options) => {
  const { bus, guard, config, tasks } = options;
  // One per gateway: a task being worked on here can be followed again (tasks/resubscribe) while it runs.
  const buses = new DefaultExecutionEventBusManager();
  const configs = new LRUCache<string, Promise<unknown>>({ max: CONFIGS_KEPT });

  /** The request's link, once the guard has let the request through. */
  const admitted = async (request: FastifyRequest, token: string) => {
    const link = await lookupLink(bus, guard, request, token);
    await guard.admit(request, link);
    return link;
  };

  /** The config of the version the link's new sessions run (immutable: kept once read). */
  const agentConfig = async (request: FastifyRequest, link: LinkAccess) => {
    const resolved = await bus.request(
      'links.agents.resolve-version',
      { tenantId: link.tenantId, agentId: link.agentId, ...(link.version === null ? {} : { version: link.version }) },
      { requestId: request.id },
    );
    const key = `${resolved.agentId}:${resolved.version}`;
    let found = configs.get(key);
    if (!found) {
      found = bus
        .request('links.agents.config', { agentId: resolved.agentId, version: resolved.version }, { requestId: request.id })
        .then((answer) => answer.config);
      found.catch(() => configs.delete(key));
      configs.set(key, found);
    }
    return { version: resolved.version, config: await found };
  };

  app.get(
    '/a2a/:token/.well-known/agent-card.json',
    {
      schema: {
        tags: ['Open protocols'],
        summary: 'The link’s A2A agent card: its name, what it does (skills), its JSON-RPC endpoint; in 0.3’s shape unless `A2A-Version` asks for 1.0',
        params: tokenParams,
        headers: versionHeaders,
        response: { 200: agentCard, ...errorResponses(403, 404, 410, 429, 503) },
      },
    },
    async (request, reply) => {
      const { token } = request.params;
      const link = await admitted(request, token);
      const { version, config: agent } = await agentConfig(request, link);
      const card = agentCardOf(link, a2aEndpoint(config.publicBaseUrl, token), { version, skills: skillsOf(link, agent) });
      // Short: a link's settings may change; each version's card is its own.
      reply.header('cache-control', 'public, max-age=60').header('vary', 'A2A-Version');
      return agentCardJson(card, request.headers['a2a-version']);
    },
  );

  /** Writes an SSE stream of JSON-RPC answers; an `error` event ends one that failed midway. */
  const stream = (reply: FastifyReply, first: unknown, rest: AsyncIterator<unknown>, failed: (error: unknown) => Promise<unknown>) => {
    const out = new PassThrough();
    const write = (text: string) => !out.destroyed && !out.writableEnded && out.write(text);
    void (async () => {
      try {
        write(formatSSEEvent(first));
        for (let next = await rest.next(); !next.done; next = await rest.next()) write(formatSSEEvent(next.value));
      } catch (error) {
        write(formatSSEErrorEvent(await failed(error)));
      } finally {
        out.end();
      }
    })();
    // A stream is sent as it is written (fastify serialises only objects).
    return reply
      .header('content-type', 'text/event-stream')
      .header('cache-control', 'no-cache, no-transform')
      .header('x-accel-buffering', 'no')
      .send(out as never);
  };

  app.post(
    '/a2a/:token',
    {
      schema: {
        tags: ['Open protocols'],
        summary: 'The link’s A2A JSON-RPC endpoint: send a message (and stream its reply), read a task',
        description: rpcDescription,
        params: tokenParams,
        headers: versionHeaders,
        body: jsonRpcRequest,
        produces: ['application/json', 'text/event-stream'],
        response: { 200: rpcAnswer, ...errorResponses(400, 413) },
      },
    },
    async (request, reply) => {
      const id = rpcIdOf(request.body);
      const refused = async (error: unknown) => ({ jsonrpc: '2.0', id, error: rpcErrorOf(await protocolRefusal(error, request, guard), request.id) });
      let link: LinkAccess;
      try {
        link = await admitted(request, request.params.token);
      } catch (error) {
        return refused(error);
      }
      const requested = request.headers['a2a-version'] || undefined;
      const legacy = isLegacyVersion(requested);
      const context = new ServerCallContext({ ...(requested ? { requestedVersion: requested } : {}), state: new Map([[LINK_OF_CALL, link.linkId]]) });
      // The card the handler checks calls against (streaming, versions): its skills are the well-known card's to say.
      const card = agentCardOf(link, a2aEndpoint(config.publicBaseUrl, request.params.token), { version: link.version, skills: [] });
      const handler = new VisitorRequestHandler(options, request, link, card, tasks, buses);
      /** A failure as the call's error: the link's refusal in the platform's words, the protocol's own as the SDK maps it. */
      const failed = async (error: unknown) => {
        const refusal = refusalOfCall(context);
        if (refusal) return { jsonrpc: '2.0', id, error: rpcErrorOf(refusal, request.id) };
        if (error instanceof A2AError) {
          const mapped = legacy ? LegacyJsonRpcTransportHandler.mapToLegacyJSONRPCError(error) : JsonRpcTransportHandler.mapToJSONRPCError(error);
          return { jsonrpc: '2.0', id, error: withoutInternals(mapped) };
        }
        return refused(error);
      };
      /** The SDK's own internal error says what failed inside it: logged, and answered bare, as any internal error is. */
      const withoutInternals = (error: unknown) => {
        if ((error as { code?: unknown } | null)?.code !== INTERNAL_ERROR) return error;
        request.log.error({ rpcError: error }, 'an A2A call failed inside the SDK');
        return rpcErrorOf(new AppError('internal', 'internal error'), request.id);
      };
      try {
        validateVersion(context.requestedVersion, card, 'JSONRPC');
      } catch (error) {
        return failed(error);
      }
      const transport = legacy ? new LegacyJsonRpcTransportHandler(handler) : new JsonRpcTransportHandler(handler);
      const answer = await transport.handle(request.body as Record<string, unknown>, context);
      if (!(Symbol.asyncIterator in answer)) {
        if (answer.error === undefined) return answer;
        const refusal = refusalOfCall(context);
        if (refusal) return { ...answer, error: rpcErrorOf(refusal, request.id) };
        return { ...answer, error: withoutInternals(answer.error) };
      }
      const events = answer[Symbol.asyncIterator]();
      let first: IteratorResult<unknown>;
      try {
        // Refused before the first event: a JSON answer, as any other call's error.
        first = await events.next();
      } catch (error) {
        return failed(error);
      }
      if (first.done) return { jsonrpc: '2.0', id, result: null };
      return stream(reply, first.value, events, failed);
    },
  );
};
