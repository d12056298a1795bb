import type { PlatformBus } from '@parley/bus';
import { AppError, escalateBody, escalationCreatedWithOffline, escalationList, sessionIdPattern } from '@parley/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../error-responses.js';

const sessionParams = z.object({ session_id: z.string().meta({ description: 'The `session_id` returned at creation (`text_…`)' }) });
/** A session id of the wrong shape cannot exist: not found, without asking anyone. */
function knownShape(id: string): string {
  if (!sessionIdPattern.test(id)) throw new AppError('not_found', 'session not found');
  return id;
}

/**
 * Escalation through the Text Chat API: a backend hands its user's conversation to a person.
 * While it is open, messages are stored for the operators and answered with `response: null,
 * escalated: true`.
 */
export const chatEscalationsRoutes: FastifyPluginAsyncZod<{ bus: PlatformBus }> = async (app, { bus }) => {
  app.post(
    '/api/chat/sessions/:session_id/escalate',
    {
      config: { auth: 'hmac', singleUse: true, chatTenant: 'session' },
      schema: {
        tags: ['Text Chat API'],
        summary: 'Hand the conversation to a person; the answer says its place in the queue',
        params: sessionParams,
        body: escalateBody,
        response: { 201: escalationCreatedWithOffline, ...errorResponses(400, 401, 404, 409, 410, 413, 503) },
      },
    },
    async (request, reply) => {
      const { reason, metadata } = request.body;
      const created = await bus.request(
        'sessions.escalations.create',
        { target: { sessionId: knownShape(request.params.session_id) }, reason, ...(metadata ? { metadata } : {}), source: 'api' },
        { requestId: request.id },
      );
      return reply.status(201).send(created);
    },
  );

  app.get(
    '/api/chat/sessions/:session_id/escalations',
    {
      config: { auth: 'hmac', chatTenant: 'session' },
      schema: {
        tags: ['Text Chat API'],
        summary: "The session's escalations, newest first",
        params: sessionParams,
        response: { 200: escalationList, ...errorResponses(400, 401, 404, 503) },
      },
    },
    async (request) => bus.request('sessions.escalations.list', { target: { sessionId: knownShape(request.params.session_id) } }, { requestId: request.id }),
  );
};
