import { offlineMessageBody, offlineMessageLeft, transcriptRequestBody, transcriptRequested } from '@parley/contracts';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { lookupLink } from '../link-lookup.js';
import { credentialHashOf } from '../link-resolver.js';
import { errorResponses } from './error-responses.js';
import type { PublicRoutesOptions } from './public-routes-options.js';

const tokenParams = z.object({ token: z.string().meta({ description: 'The link token from the URL `/c/{token}`' }) });

/**
 * What a visitor leaves to be followed up by email (docs/api.md "Leaving a message", "Transcripts
 * by email"): a message for a person while nobody can answer, whose answers are mailed to them; and
 * the address their conversation's transcript goes to when it ends. Each counts like a message
 * against the link's, the address's and the session's limits.
 */
export const publicFollowUpRoutes: FastifyPluginAsyncZod<PublicRoutesOptions> = async (app, { bus, guard }) => {
  const admitted = async (request: FastifyRequest, token: string) => {
    const link = await lookupLink(bus, guard, request, token);
    await guard.admit(request, link);
    return link;
  };

  app.post(
    '/api/public/chat/:token/offline-message',
    {
      schema: {
        tags: ['Public chat'],
        summary: 'Leave a message and an email while nobody can answer: the conversation opens in the inbox, and operators’ answers are mailed too',
        params: tokenParams,
        body: offlineMessageBody,
        response: { 201: offlineMessageLeft, ...errorResponses(400, 401, 403, 404, 409, 410, 413, 422, 429, 503) },
      },
    },
    async (request, reply) => {
      const link = await admitted(request, request.params.token);
      const credentialHash = credentialHashOf(request.body.session);
      await guard.limitMessage(request, link, { credentialHash });
      const { email, content } = request.body;
      const left = await bus.request('sessions.offline-message', { link, credentialHash, email, content }, { requestId: request.id });
      return reply.status(201).send(left);
    },
  );

  app.post(
    '/api/public/chat/:token/transcript',
    {
      schema: {
        tags: ['Public chat'],
        summary: 'Have the conversation’s transcript mailed to this address when it ends (at once, if it has ended)',
        params: tokenParams,
        body: transcriptRequestBody,
        response: { 202: transcriptRequested, ...errorResponses(400, 401, 403, 404, 409, 410, 413, 429, 503) },
      },
    },
    async (request, reply) => {
      const link = await admitted(request, request.params.token);
      const credentialHash = credentialHashOf(request.body.session);
      await guard.limitMessage(request, link, { credentialHash });
      const requested = await bus.request('sessions.transcript-request', { link, credentialHash, email: request.body.email }, { requestId: request.id });
      return reply.status(202).send(requested);
    },
  );
};
