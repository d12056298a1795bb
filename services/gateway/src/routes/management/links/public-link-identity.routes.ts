import { identitySecret } from '@parley/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { tenantOf } from '../../../auth/management-auth.js';
import { limitManagement } from '../../../limits/route-limits.js';
import { forgetLink } from '../../../links/lookup.js';
import { errorResponses } from '../../error-responses.js';
import type { PublicRoutesOptions } from '../../public-routes-options.js';

// Any string: an id of another shape is simply not found (404), like any unknown id.
const params = z.object({ name: z.string().min(1).max(100), id: z.string().max(64).meta({ description: 'The link id (`lnk_…`)' }) });

/** A link's identity secret (docs/public-chat-api.md "Signed visitor identity"): made or rotated, shown once. */
export const publicLinkIdentityRoutes: FastifyPluginAsyncZod<PublicRoutesOptions> = async (app, { bus, config }) => {
  limitManagement(app, config.managementRateLimitPerMinute);

  app.post(
    '/api/agents/:name/public-links/:id/identity-secret',
    {
      config: { auth: 'management', role: 'editor', audit: { action: 'link.identity_secret.rotate', kind: 'link', id: (p) => p.id, details: () => ({}) } },
      schema: {
        tags: ['Public links'],
        summary: 'Make the link’s identity secret, or a new one (the old one stops verifying at once); shown only in this answer',
        description:
          'Host sites sign their signed-in users with it: `user_hash` = hex HMAC-SHA256(secret, user_id), computed by their backend and handed to the widget with `user_id`. Sessions already bound to a user stay bound.',
        params,
        response: { 200: identitySecret, ...errorResponses(400, 401, 403, 404, 429, 503) },
      },
    },
    async (request, reply) => {
      const made = await bus.request(
        'links.links.identity-secret',
        { tenantId: tenantOf(request), agentName: request.params.name, linkId: request.params.id },
        { requestId: request.id },
      );
      forgetLink(bus, request.params.id);
      // A secret in an answer: no cache along the way keeps it.
      reply.header('cache-control', 'no-store');
      return made;
    },
  );
};
