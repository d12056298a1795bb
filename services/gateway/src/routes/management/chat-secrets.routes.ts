import type { PlatformBus } from '@parley/bus';
import { chatSecretCreated, chatSecretList, createChatSecretBody } from '@parley/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { tenantOf } from '../../auth/management-auth.js';
import { limitManagement } from '../../limits/route-limits.js';
import { errorResponses } from '../error-responses.js';

/**
 * A tenant's own Text Chat API secrets (docs/text-chat-api.md, "Text Chat API secrets"): each signs that
 * tenant's requests as CHAT_API_SECRET signs every tenant's. Shown once, listed without the secret,
 * a few live at once so a backend rotates without downtime; a deleted one is refused by every
 * gateway within a second. Owner keys (and the admin key) only.
 */
export const chatSecretsRoutes: FastifyPluginAsyncZod<{ bus: PlatformBus; rateLimit: { max: number } }> = async (app, { bus, rateLimit }) => {
  limitManagement(app, rateLimit.max);

  app.post(
    '/api/chat-secrets',
    {
      config: {
        auth: 'management',
        role: 'owner',
        // A Text Chat API secret by its id only: the secret itself is never recorded.
        audit: { action: 'chat_secret.create', kind: 'chat_secret', id: (_p, a) => a?.secret_id, details: () => ({}) },
      },
      schema: {
        tags: ['Team'],
        summary: 'Create a Text Chat API secret of this tenant (at most 5 live at once); the secret is shown once',
        // No body at all, `null` or `{}`.
        body: createChatSecretBody.nullish(),
        response: { 201: chatSecretCreated, ...errorResponses(400, 401, 403, 404, 409, 413, 429, 503) },
      },
    },
    async (request, reply) => {
      const created = await bus.request('links.chat-secrets.create', { tenantId: tenantOf(request) }, { requestId: request.id });
      return reply.status(201).send(created);
    },
  );

  app.get(
    '/api/chat-secrets',
    {
      config: { auth: 'management', role: 'owner' },
      schema: {
        tags: ['Team'],
        summary: "This tenant's live Text Chat API secrets, oldest first: never the secret itself",
        response: { 200: chatSecretList, ...errorResponses(400, 401, 403, 404, 429, 503) },
      },
    },
    async (request) => bus.request('links.chat-secrets.list', { tenantId: tenantOf(request) }, { requestId: request.id }),
  );

  app.delete(
    '/api/chat-secrets/:secret_id',
    {
      config: { auth: 'management', role: 'owner', audit: { action: 'chat_secret.delete', kind: 'chat_secret', id: (p) => p.secret_id, details: () => ({}) } },
      schema: {
        tags: ['Team'],
        summary: 'Delete a Text Chat API secret: every gateway refuses its signatures (401) within a second',
        params: z.object({ secret_id: z.string().min(1).max(100) }),
        response: { 204: z.null().describe('Deleted'), ...errorResponses(400, 401, 403, 404, 429, 503) },
      },
    },
    async (request, reply) => {
      await bus.request('links.chat-secrets.delete', { tenantId: tenantOf(request), secretId: request.params.secret_id }, { requestId: request.id });
      return reply.status(204).send(null);
    },
  );
};
