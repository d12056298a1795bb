import { erasureResult } from '@parley/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { lookupLink } from '../../links/lookup.js';
import { credentialHashOf } from '../../links/resolver.js';
import { errorResponses } from '../error-responses.js';
import type { PublicRoutesOptions } from '../public-routes-options.js';

const tokenParams = z.object({ token: z.string().meta({ description: 'The link token from the URL `/c/{token}`' }) });
const sessionQuery = z.object({ session: z.string().max(64).meta({ description: 'The session credential (`pcs_…`) of the conversation to erase' }) });

/**
 * A visitor erases their own conversation (docs/management-api.md "Privacy"): its messages, transitions,
 * variables and stored replies go, the conversation ends and stays only as anonymous counts, and
 * its credential (and any handed out by reopening it) stops working. What the agent remembered of
 * a verified or signed-in visitor goes too: a summary cannot be split by conversation.
 */
export const publicPrivacyRoutes: FastifyPluginAsyncZod<PublicRoutesOptions> = async (app, { bus, guard }) => {
  app.delete(
    '/api/public/chat/:token/session',
    {
      schema: {
        tags: ['Public chat'],
        summary: 'Erase this conversation: its messages go, its credential stops working; only anonymous counts stay',
        params: tokenParams,
        querystring: sessionQuery,
        response: { 200: erasureResult, ...errorResponses(401, 403, 404, 410, 429, 503) },
      },
    },
    async (request) => {
      const link = await lookupLink(bus, guard, request, request.params.token);
      await guard.admit(request, link);
      const credentialHash = credentialHashOf(request.query.session);
      const opts = { requestId: request.id };
      const erased = await bus.request('sessions.privacy.erase-session', { linkId: link.linkId, credentialHash }, opts);
      let memories = 0;
      if (erased.email !== null || erased.userId !== null) {
        const visitor =
          erased.userId !== null ? { userId: erased.userId, ...(erased.userRealm !== null ? { userRealm: erased.userRealm } : {}) } : { email: erased.email! };
        memories = (await bus.request('memory.privacy.erase', { tenantId: erased.tenantId, agentId: erased.agentId, ...visitor }, opts)).memories;
      }
      return { erased: { conversations: 1, messages: erased.messages, memories } };
    },
  );
};
