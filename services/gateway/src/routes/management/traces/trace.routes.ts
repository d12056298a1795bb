import type { PlatformBus } from '@parley/bus';
import { AppError, conversationTrace, uuidPattern } from '@parley/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { tenantOf } from '../../../auth/management-auth.js';
import { limitManagement } from '../../../limits/route-limits.js';
import { errorResponses } from '../../error-responses.js';

/** A conversation's trace (docs/management-api.md "Traces"): each turn's nodes, LLM calls with tokens, time and cost, tool calls and passages. */
export const traceRoutes: FastifyPluginAsyncZod<{ bus: PlatformBus; rateLimit: { max: number } }> = async (app, { bus, rateLimit }) => {
  limitManagement(app, rateLimit.max);

  app.get(
    '/api/conversations/:conversation_id/trace',
    {
      config: { auth: 'management', role: 'editor' },
      schema: {
        tags: ['Analytics'],
        summary:
          'A conversation of the tenant, turn by turn (0: its start): the nodes each turn went through, its LLM calls (model, tokens as the LLM reported them, time, and `cost` in USD where `LLM_PRICES` prices the model), its tool calls and the passages its knowledge retrieved. Another tenant’s conversation is 404',
        params: z.object({ conversation_id: z.string().max(64) }),
        response: { 200: conversationTrace, ...errorResponses(400, 401, 403, 404, 429, 503) },
      },
    },
    async (request) => {
      if (!uuidPattern.test(request.params.conversation_id)) throw new AppError('not_found', 'conversation not found');
      return bus.request(
        'sessions.conversation-trace',
        { tenantId: tenantOf(request), conversationId: request.params.conversation_id.toLowerCase() },
        { requestId: request.id },
      );
    },
  );
};
