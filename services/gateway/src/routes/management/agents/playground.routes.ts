import type { PlatformBus } from '@parley/bus';
import { AppError, agentVersion, createSessionResponse, nameApiSchema, sendMessageBody, sendMessageResponse, sessionIdPattern } from '@parley/contracts';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { tenantOf } from '../../../auth/management-auth.js';
import { limitManagement } from '../../../limits/route-limits.js';
import { errorResponses } from '../../error-responses.js';

const agentParams = z.object({ name: z.string().min(1).max(100) });
// Any string: an id of another shape is simply not found (404), like any unknown id.
const sessionParams = agentParams.extend({
  session_id: z.string().meta({ description: 'The `session_id` the playground session was created with (`text_…`)' }),
});
const startBody = z.strictObject({
  version: agentVersion.optional().meta({ description: 'A version to try, a draft included; default: the published active one' }),
});
nameApiSchema(startBody, 'PlaygroundSessionRequest');

/**
 * The console's playground: an agent's owner tries it with a bearer key instead of the Text Chat
 * API's shared secret. Sessions are ordinary Text Chat API conversations (metadata
 * `source: "console"`), answered with the same bodies – node names, transitions and extracted
 * variables every turn – and reachable only through the agent and tenant they were started for.
 */
export const playgroundRoutes: FastifyPluginAsyncZod<{ bus: PlatformBus; rateLimit: { max: number } }> = async (app, { bus, rateLimit }) => {
  limitManagement(app, rateLimit.max);

  /** The agent by name within the request's tenant: another tenant's is not found. */
  const agentOf = async (request: FastifyRequest, name: string) => {
    const tenantId = tenantOf(request);
    const agent = await bus.request('links.agents.get', { tenantId, name }, { requestId: request.id });
    return { tenantId, agentId: agent.id };
  };

  app.post(
    '/api/agents/:name/playground/sessions',
    {
      config: { auth: 'management', role: 'editor', audit: false, notAudited: 'trying an agent out in the playground changes nothing of the tenant' },
      schema: {
        tags: ['Management'],
        summary: 'Start a session to try an agent (the Text Chat API session answer)',
        params: agentParams,
        body: startBody,
        response: { 201: createSessionResponse, ...errorResponses(400, 401, 404, 413, 429, 503) },
      },
    },
    async (request, reply) => {
      const { tenantId, agentId } = await agentOf(request, request.params.name);
      const created = await bus.request(
        'sessions.create',
        {
          tenant_id: tenantId,
          agent_id: agentId,
          ...(request.body.version === undefined ? {} : { version: request.body.version }),
          metadata: { source: 'console' },
        },
        { requestId: request.id },
      );
      return reply.status(201).send(created);
    },
  );

  app.post(
    '/api/agents/:name/playground/sessions/:session_id/messages',
    {
      config: { auth: 'management', role: 'editor', audit: false, notAudited: 'trying an agent out in the playground changes nothing of the tenant' },
      schema: {
        tags: ['Management'],
        summary: 'Send a message in a playground session; the answer shows the node, transitions and extracted variables',
        params: sessionParams,
        body: sendMessageBody,
        response: { 200: sendMessageResponse, ...errorResponses(400, 401, 404, 409, 410, 413, 422, 429, 503) },
      },
    },
    async (request) => {
      const owner = await agentOf(request, request.params.name);
      if (!sessionIdPattern.test(request.params.session_id)) throw new AppError('not_found', 'session not found');
      return bus.request('sessions.send', { sessionId: request.params.session_id, content: request.body.content, owner }, { requestId: request.id });
    },
  );
};
