import type { PlatformBus } from '@parley/bus';
import { createTemplateBody, linkTemplate, linkTemplateList, updateTemplateBody } from '@parley/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { tenantOf } from '../../../auth/management-auth.js';
import { limitManagement } from '../../../limits/route-limits.js';
import { errorResponses } from '../../error-responses.js';

const errors = errorResponses(400, 401, 403, 404, 409, 413, 429, 503);
const templateParams = z.object({ name: z.string().min(1).max(100).meta({ description: "The template's name" }) });

/**
 * Link templates (docs/management-api.md, "Templates"): the built-in ones for the common uses and the
 * tenant's own. A link, a bulk creation or a schedule names one and overrides any of its settings.
 */
export const linkTemplatesRoutes: FastifyPluginAsyncZod<{ bus: PlatformBus; rateLimit: { max: number } }> = async (app, { bus, rateLimit }) => {
  limitManagement(app, rateLimit.max);

  app.get(
    '/api/link-templates',
    {
      config: { auth: 'management', role: 'editor' },
      schema: {
        tags: ['Public links'],
        summary: 'The built-in templates (daily_checkin, customer_support, feedback) and the tenant’s own',
        response: { 200: linkTemplateList, ...errors },
      },
    },
    async (request) => bus.request('links.templates.list', { tenantId: tenantOf(request) }, { requestId: request.id }),
  );

  app.post(
    '/api/link-templates',
    {
      config: { auth: 'management', role: 'editor', audit: { action: 'template.create', kind: 'template', id: (_p, a) => a?.name } },
      schema: {
        tags: ['Public links'],
        summary: 'Create a template of link settings (any setting but a passcode); a taken or built-in name is 409',
        body: createTemplateBody,
        response: { 201: linkTemplate, ...errors },
      },
    },
    async (request, reply) => {
      const created = await bus.request('links.templates.create', { tenantId: tenantOf(request), ...request.body }, { requestId: request.id });
      return reply.status(201).send(created);
    },
  );

  app.put(
    '/api/link-templates/:name',
    {
      config: { auth: 'management', role: 'editor', audit: { action: 'template.update', kind: 'template', id: (p) => p.name } },
      schema: {
        tags: ['Public links'],
        summary: 'Change a template’s description or settings (links made from it keep theirs); built-in ones cannot be changed (409)',
        params: templateParams,
        body: updateTemplateBody,
        response: { 200: linkTemplate, ...errors },
      },
    },
    async (request) =>
      bus.request('links.templates.update', { tenantId: tenantOf(request), name: request.params.name, changes: request.body }, { requestId: request.id }),
  );

  app.delete(
    '/api/link-templates/:name',
    {
      config: { auth: 'management', role: 'editor', audit: { action: 'template.delete', kind: 'template', id: (p) => p.name, details: () => ({}) } },
      schema: {
        tags: ['Public links'],
        summary: 'Delete a template: 204 with no body; built-in ones cannot be deleted (409)',
        params: templateParams,
        response: { 204: z.null().describe('Deleted'), ...errors },
      },
    },
    async (request, reply) => {
      await bus.request('links.templates.delete', { tenantId: tenantOf(request), name: request.params.name }, { requestId: request.id });
      return reply.status(204).send(null);
    },
  );
};
