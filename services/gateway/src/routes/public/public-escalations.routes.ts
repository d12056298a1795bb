import { escalationCreatedWithOffline, escalationList, nameApiSchema, publicEscalateBody } from '@parley/contracts';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { lookupLink } from '../../links/lookup.js';
import { credentialHashOf } from '../../links/resolver.js';
import { errorResponses } from '../error-responses.js';
import type { PublicRoutesOptions } from '../public-routes-options.js';

const tokenParams = z.object({ token: z.string().meta({ description: 'The link token from the URL `/c/{token}`' }) });
const sessionQuery = z.object({ session: z.string().max(64).meta({ description: 'The session credential (`pcs_…`)' }) });
const typingBody = nameApiSchema(z.strictObject({ session: z.string().max(64) }), 'PublicTypingRequest');

/**
 * A visitor asks for a person (docs/escalation.md, "Asking for a person"): the conversation goes to the tenant's operators,
 * and the agent stays silent until one hands it back. Also the conversation's escalations, and
 * the visitor's typing, which the operator of an escalated conversation sees.
 */
export const publicEscalationsRoutes: FastifyPluginAsyncZod<PublicRoutesOptions> = async (app, { bus, guard }) => {
  const admitted = async (request: FastifyRequest, token: string) => {
    const link = await lookupLink(bus, guard, request, token);
    await guard.admit(request, link);
    return link;
  };

  app.post(
    '/api/public/chat/:token/escalate',
    {
      schema: {
        tags: ['Public chat'],
        summary: 'Ask for a person: the answer says the place in the queue; the agent is silent until an operator hands the conversation back',
        params: tokenParams,
        body: publicEscalateBody,
        response: { 201: escalationCreatedWithOffline, ...errorResponses(400, 401, 403, 404, 409, 410, 413, 429, 503) },
      },
    },
    async (request, reply) => {
      const link = await admitted(request, request.params.token);
      const credentialHash = credentialHashOf(request.body.session);
      // Asking counts like a message: a visitor cannot flood the operators' inbox.
      await guard.limitMessage(request, link, { credentialHash });
      const { reason, metadata } = request.body;
      const created = await bus.request(
        'sessions.escalations.create',
        { target: { linkId: link.linkId, credentialHash }, reason, ...(metadata ? { metadata } : {}), source: 'visitor' },
        { requestId: request.id },
      );
      return reply.status(201).send(created);
    },
  );

  app.get(
    '/api/public/chat/:token/escalations',
    {
      schema: {
        tags: ['Public chat'],
        summary: "The conversation's escalations, newest first",
        params: tokenParams,
        querystring: sessionQuery,
        response: { 200: escalationList, ...errorResponses(401, 403, 404, 410, 429, 503) },
      },
    },
    async (request) => {
      const link = await admitted(request, request.params.token);
      return bus.request(
        'sessions.escalations.list',
        { target: { linkId: link.linkId, credentialHash: credentialHashOf(request.query.session) } },
        { requestId: request.id },
      );
    },
  );

  app.post(
    '/api/public/chat/:token/typing',
    {
      schema: {
        tags: ['Public chat'],
        summary: 'The visitor is typing: the operator of an escalated conversation sees it (no effect otherwise)',
        params: tokenParams,
        body: typingBody,
        response: { 204: z.null().describe('Noted'), ...errorResponses(400, 401, 403, 404, 410, 413, 429, 503) },
      },
    },
    async (request, reply) => {
      const link = await admitted(request, request.params.token);
      await bus.request('sessions.visitor-typing', { linkId: link.linkId, credentialHash: credentialHashOf(request.body.session) }, { requestId: request.id });
      return reply.status(204).send(null);
    },
  );
};
