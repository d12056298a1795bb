import type { PlatformBus } from '@parley/bus';
import {
  AppError,
  createSessionBody,
  createSessionResponse,
  endSessionResponse,
  sendMessageBody,
  sendMessageResponse,
  sessionIdPattern,
  sessionStatusResponse,
} from '@parley/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { handOver, idempotencyKeyHeaders } from '../../messages/retries.js';
import { errorResponses } from '../error-responses.js';

// Any string: an id of another shape is simply not found (404), like any unknown id.
const sessionParams = z.object({ session_id: z.string().meta({ description: 'The `session_id` returned at creation (`text_…`)' }) });
/** A session id of the wrong shape cannot exist: refused as not found without asking anyone. */
function knownShape(id: string): string {
  if (!sessionIdPattern.test(id)) throw new AppError('not_found', 'session not found');
  return id;
}

/**
 * The Text Chat API (docs/text-chat-api.md, "Text Chat API"): HMAC-signed, server to server – with CHAT_API_SECRET, or a
 * secret of the tenant the request concerns (`chatTenant`: the body's `tenant_id`, else the path's
 * session; docs/text-chat-api.md, "Text Chat API secrets"). Each route hands the validated request to the
 * sessions service over the bus and returns its answer as is.
 */
export const chatRoutes: FastifyPluginAsyncZod<{ bus: PlatformBus }> = async (app, { bus }) => {
  app.post(
    '/api/chat/sessions',
    {
      // Signed with CHAT_API_SECRET, or a secret of the tenant the body names.
      config: { auth: 'hmac', chatTenant: 'body' },
      schema: {
        tags: ['Text Chat API'],
        summary: 'Create a session with an agent (active version unless `version` pins one)',
        body: createSessionBody,
        response: { 201: createSessionResponse, ...errorResponses(400, 401, 404, 413, 429, 503) },
      },
    },
    async (request, reply) => {
      const created = await bus.request('sessions.create', request.body, { requestId: request.id });
      return reply.status(201).send(created);
    },
  );

  app.post(
    '/api/chat/sessions/:session_id/messages',
    {
      // Sending a message has an effect a replay would repeat: its signature is accepted once.
      config: { auth: 'hmac', singleUse: true, chatTenant: 'session' },
      schema: {
        tags: ['Text Chat API'],
        summary: 'Send a user message; the reply carries the whole transition chain',
        description:
          'Its signature is accepted once (a replay answers 401 with `details.reason: "replayed"`), unless the request ' +
          'was answered with an error: then it may be sent again as it was. An error had no effect, except a 503 with ' +
          '`details.outcome: "unknown"`: the answer was lost and the turn may have run. ' +
          'An `Idempotency-Key` header makes retries safe: the first result is returned and the turn never runs twice.',
        params: sessionParams,
        headers: idempotencyKeyHeaders,
        body: sendMessageBody,
        response: { 200: sendMessageResponse, ...errorResponses(400, 401, 404, 409, 410, 413, 422, 429, 503) },
      },
    },
    async (request) => {
      const key = request.headers['idempotency-key'];
      const sessionId = knownShape(request.params.session_id);
      return handOver(() =>
        bus.request(
          'sessions.send',
          { sessionId, content: request.body.content, ...(key === undefined ? {} : { idempotencyKey: key }) },
          { requestId: request.id },
        ),
      );
    },
  );

  app.get(
    '/api/chat/sessions/:session_id',
    {
      config: { auth: 'hmac', chatTenant: 'session' },
      schema: {
        tags: ['Text Chat API'],
        summary: 'Session status and collected data',
        params: sessionParams,
        response: { 200: sessionStatusResponse, ...errorResponses(400, 401, 404, 503) },
      },
    },
    async (request) => bus.request('sessions.status', { sessionId: knownShape(request.params.session_id) }, { requestId: request.id }),
  );

  app.delete(
    '/api/chat/sessions/:session_id',
    {
      config: { auth: 'hmac', chatTenant: 'session' },
      schema: {
        tags: ['Text Chat API'],
        summary: 'End a session',
        params: sessionParams,
        response: { 200: endSessionResponse, ...errorResponses(400, 401, 404, 410, 503) },
      },
    },
    async (request) => bus.request('sessions.end', { sessionId: knownShape(request.params.session_id) }, { requestId: request.id }),
  );
};
