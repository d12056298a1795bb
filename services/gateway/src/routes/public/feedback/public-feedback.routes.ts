import { AppError, conversationRatingBody, messageFeedbackBody, uuidPattern } from '@parley/contracts';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { lookupLink } from '../../../links/lookup.js';
import { credentialHashOf } from '../../../links/resolver.js';
import { errorResponses } from '../../error-responses.js';
import type { PublicRoutesOptions } from '../../public-routes-options.js';

const tokenParams = z.object({ token: z.string().meta({ description: 'The link token from the URL `/c/{token}`' }) });
// Any string: an id of another shape names no message, and is answered as not found like an unknown one.
const messageParams = tokenParams.extend({
  message_id: z.string().max(64).meta({ description: 'The `id` of an agent’s or operator’s message, from the history, the live events or a chat reply' }),
});
const noted = z.null().describe('Kept; a later one replaces it');

/**
 * What visitors think (docs/public-chat-api.md, "Feedback and ratings"): a thumb on an agent's or operator's
 * message, and a 1–5 score of the conversation, which the chat page and the widget ask for once
 * when it ends. The session's credential is accepted after the conversation has ended – the
 * score is asked for just then – while messages to an ended conversation stay refused (410).
 * Each counts like a message against the link's rate limits, so a visitor cannot flood
 * analytics or a tenant's webhooks.
 */
export const publicFeedbackRoutes: FastifyPluginAsyncZod<PublicRoutesOptions> = async (app, { bus, guard }) => {
  const admitted = async (request: FastifyRequest, token: string, session: string) => {
    const link = await lookupLink(bus, guard, request, token);
    await guard.admit(request, link);
    const credentialHash = credentialHashOf(session);
    await guard.limitMessage(request, link, { credentialHash });
    return { linkId: link.linkId, credentialHash };
  };

  app.post(
    '/api/public/chat/:token/messages/:message_id/feedback',
    {
      schema: {
        tags: ['Public chat'],
        summary: 'Thumbs up or down on an agent’s or operator’s message of this conversation (a later one replaces it)',
        params: messageParams,
        body: messageFeedbackBody,
        response: { 204: noted, ...errorResponses(400, 401, 403, 404, 410, 413, 429, 503) },
      },
    },
    async (request, reply) => {
      const { token, message_id } = request.params;
      const { session, rating, comment } = request.body;
      const visitor = await admitted(request, token, session);
      if (!uuidPattern.test(message_id)) throw new AppError('not_found', 'no such message in this conversation');
      await bus.request(
        'sessions.feedback.message',
        { ...visitor, messageId: message_id.toLowerCase(), rating, ...(comment === undefined ? {} : { comment }) },
        { requestId: request.id },
      );
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/public/chat/:token/rating',
    {
      schema: {
        tags: ['Public chat'],
        summary: 'Score this conversation from 1 to 5, while it runs or once it has ended (a later score replaces it)',
        params: tokenParams,
        body: conversationRatingBody,
        response: { 204: noted, ...errorResponses(400, 401, 403, 404, 410, 413, 429, 503) },
      },
    },
    async (request, reply) => {
      const { session, score, comment } = request.body;
      const visitor = await admitted(request, request.params.token, session);
      await bus.request('sessions.feedback.rate', { ...visitor, score, ...(comment === undefined ? {} : { comment }) }, { requestId: request.id });
      return reply.status(204).send(null);
    },
  );
};
