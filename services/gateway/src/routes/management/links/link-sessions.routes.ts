import type { PlatformBus } from '@parley/bus';
import { AppError, endedLinkSession, linkSessionList, linkSessionsQuery, uuidPattern } from '@parley/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { tenantOf } from '../../../auth/management-auth.js';
import { limitManagement } from '../../../limits/route-limits.js';
import { errorResponses } from '../../error-responses.js';
import type { PublicRoutesOptions } from '../../public-routes-options.js';

const errors = errorResponses(400, 401, 404, 429, 503);
const linkParams = z.object({ name: z.string().min(1).max(100), id: z.string().max(64).meta({ description: 'The link id (`lnk_…`)' }) });
const sessionParams = linkParams.extend({ conversation_id: z.string().max(64).meta({ description: "The session's conversation id" }) });

/** The link must be this agent's, in this tenant: anything else is not found, never another tenant's. */
async function requireLink(bus: PlatformBus, tenantId: string, agentName: string, linkId: string, requestId: string): Promise<void> {
  const { links } = await bus.request('links.links.list', { tenantId, agentName }, { requestId });
  if (!links.some((link) => link.id === linkId)) throw new AppError('not_found', 'link not found');
}

/** A link's sessions for its owner (docs/api.md, and MCP's manage_temporary_chat_session): list and end. */
export const linkSessionsRoutes: FastifyPluginAsyncZod<PublicRoutesOptions> = async (app, options) => {
  const { bus, config } = options;
  limitManagement(app, config.managementRateLimitPerMinute);

  app.get(
    '/api/agents/:name/public-links/:id/sessions',
    {
      config: { auth: 'management', role: 'editor' },
      schema: {
        tags: ['Public links'],
        summary: "A link's sessions (conversations), newest first; `GET /api/conversations/{id}` has one whole",
        params: linkParams,
        querystring: linkSessionsQuery,
        response: { 200: linkSessionList, ...errors },
      },
    },
    async (request) => {
      const tenantId = tenantOf(request);
      await requireLink(bus, tenantId, request.params.name, request.params.id, request.id);
      return bus.request(
        'sessions.link-sessions',
        { tenantId, linkId: request.params.id, status: request.query.status, limit: request.query.limit },
        { requestId: request.id },
      );
    },
  );

  app.post(
    '/api/agents/:name/public-links/:id/sessions/:conversation_id/end',
    {
      config: {
        auth: 'management',
        role: 'editor',
        audit: { action: 'session.end', kind: 'conversation', id: (p) => p.conversation_id, details: (p) => ({ link_id: p.id }) },
      },
      schema: {
        tags: ['Public links'],
        summary: 'End one session of a link now (its visitor sees `session_ended`); an ended one is answered as it is',
        params: sessionParams,
        response: { 200: endedLinkSession, ...errors },
      },
    },
    async (request) => {
      const tenantId = tenantOf(request);
      await requireLink(bus, tenantId, request.params.name, request.params.id, request.id);
      if (!uuidPattern.test(request.params.conversation_id)) throw new AppError('not_found', 'session not found');
      return bus.request(
        'sessions.end-link-session',
        { tenantId, linkId: request.params.id, conversationId: request.params.conversation_id.toLowerCase() },
        { requestId: request.id },
      );
    },
  );
};
