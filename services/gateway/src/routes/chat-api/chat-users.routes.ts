import type { PlatformBus } from '@parley/bus';
import { conversationPageQuery, userConversationList, userId } from '@parley/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../error-responses.js';

const params = z.object({ user_id: userId.meta({ description: 'The `metadata.user_id` the sessions were created with' }) });
const query = conversationPageQuery.extend({
  tenant_id: z
    .uuid()
    .optional()
    .meta({ description: 'Only the sessions of this tenant (user ids are the backend’s own; one that serves several tenants may keep them apart)' }),
});

/**
 * A user's conversations over the Text Chat API (docs/api.md, "A user's conversations").
 *
 * Scoping: signed with CHAT_API_SECRET, across tenants unless `tenant_id` narrows it: whoever holds
 * the platform's secret already creates sessions in any tenant (`tenant_id` is a body field) and
 * reads any session by id, so a required tenant would protect nothing – it would only break the
 * contract's `?limit=&cursor=`. Signed with a tenant's own secret, the request must name that
 * tenant in `tenant_id` (it chooses the secrets checked), so it lists that tenant's alone. The user id is
 * the backend's own (`metadata.user_id`), and each item says its tenant and agent. Only Text Chat
 * API sessions are listed: a public link's signed-in users are the host site's, listed to
 * themselves by GET /api/public/conversations/{token}.
 */
export const chatUsersRoutes: FastifyPluginAsyncZod<{ bus: PlatformBus }> = async (app, { bus }) => {
  app.get(
    '/api/chat/users/:user_id/conversations',
    {
      // Signed with CHAT_API_SECRET, or a secret of the tenant `tenant_id` names (then only its sessions are listed).
      config: { auth: 'hmac', chatTenant: 'query' },
      schema: {
        tags: ['Text Chat API'],
        summary: 'A user’s sessions (created with `metadata.user_id`), newest first, a page at a time',
        description:
          'Keyset pages: pass `next_cursor` as `cursor` for the next one (null on the last). The signature covers the request target as sent: the path and its query string.',
        params,
        querystring: query,
        response: { 200: userConversationList, ...errorResponses(400, 401, 503) },
      },
    },
    async (request) => {
      const { limit, cursor, tenant_id } = request.query;
      return bus.request(
        'sessions.user-conversations',
        { userId: request.params.user_id, limit, ...(cursor === undefined ? {} : { cursor }), ...(tenant_id === undefined ? {} : { tenantId: tenant_id }) },
        { requestId: request.id },
      );
    },
  );
};
