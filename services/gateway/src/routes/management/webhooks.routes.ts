import type { PlatformBus } from '@parley/bus';
import { createdWebhook, createWebhookBody, webhookDeliveries, webhookDeliveriesQuery, webhookList } from '@parley/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { tenantOf } from '../../auth/management-auth.js';
import { limitManagement } from '../../limits/route-limits.js';
import { errorResponses } from '../error-responses.js';

const errors = errorResponses(400, 401, 403, 404, 413, 429, 503);
// Any string: an id of another shape is simply not found (404), like any unknown id.
const webhookParams = z.object({ id: z.string().max(64).meta({ description: 'The webhook id (`whk_…`)' }) });
const DEFAULT_ATTEMPTS = 100;

/**
 * A tenant's webhooks (docs/management-api.md, "Webhooks"): create (the signing secret shown
 * once), list, delete, and every delivery attempt. Another tenant's webhook is not found.
 */
export const webhooksRoutes: FastifyPluginAsyncZod<{ bus: PlatformBus; rateLimit: { max: number } }> = async (app, { bus, rateLimit }) => {
  limitManagement(app, rateLimit.max);

  app.post(
    '/api/webhooks',
    {
      config: {
        auth: 'management',
        role: 'editor',
        audit: { action: 'webhook.create', kind: 'webhook', id: (_p, a) => a?.id, details: (_p, a) => ({ events: a?.events, format: a?.format }) },
      },
      schema: {
        tags: ['Webhooks'],
        summary:
          'Subscribe a URL to events; the `whsec_` signing secret is shown once. A URL whose host resolves to a loopback, private or link-local address is refused (400)',
        body: createWebhookBody,
        response: { 201: createdWebhook, ...errors },
      },
    },
    async (request, reply) => {
      const created = await bus.request('links.webhooks.create', { tenantId: tenantOf(request), ...request.body }, { requestId: request.id });
      return reply.status(201).send(created);
    },
  );

  app.get(
    '/api/webhooks',
    {
      config: { auth: 'management', role: 'editor' },
      schema: { tags: ['Webhooks'], summary: "The tenant's webhooks (never their secrets)", response: { 200: webhookList, ...errors } },
    },
    async (request) => bus.request('links.webhooks.list', { tenantId: tenantOf(request) }, { requestId: request.id }),
  );

  app.delete(
    '/api/webhooks/:id',
    {
      config: { auth: 'management', role: 'editor', audit: { action: 'webhook.delete', kind: 'webhook', id: (p) => p.id, details: () => ({}) } },
      schema: {
        tags: ['Webhooks'],
        summary: 'Delete a webhook with its pending deliveries and their history: 204 with no body',
        params: webhookParams,
        response: { 204: z.null().describe('Deleted'), ...errors },
      },
    },
    async (request, reply) => {
      await bus.request('links.webhooks.delete', { tenantId: tenantOf(request), webhookId: request.params.id }, { requestId: request.id });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/webhooks/:id/deliveries',
    {
      config: { auth: 'management', role: 'editor' },
      schema: {
        tags: ['Webhooks'],
        summary:
          'Every delivery attempt, newest first: event, attempt number, status (`succeeded`, `failed`, or `pending` for the next one due), response code, error, time and duration',
        params: webhookParams,
        querystring: webhookDeliveriesQuery,
        response: { 200: webhookDeliveries, ...errors },
      },
    },
    async (request) =>
      bus.request(
        'links.webhooks.deliveries',
        { tenantId: tenantOf(request), webhookId: request.params.id, limit: request.query.limit ?? DEFAULT_ATTEMPTS },
        { requestId: request.id },
      ),
  );
};
