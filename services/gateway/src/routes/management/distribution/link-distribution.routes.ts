import {
  AppError,
  bulkCreateBody,
  bulkCreated,
  bulkDeleteBody,
  bulkDeleted,
  bulkUpdateBody,
  bulkUpdated,
  linkDeliveryList,
  rotateBody,
  rotatedLink,
} from '@parley/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sanitised } from '../../../audit/trail.js';
import { tenantOf } from '../../../auth/management-auth.js';
import { limitManagement } from '../../../limits/route-limits.js';
import { forgetLink } from '../../../links/lookup.js';
import { errorResponses } from '../../error-responses.js';
import type { PublicRoutesOptions } from '../../public-routes-options.js';

const errors = errorResponses(400, 401, 403, 404, 413, 429, 503);
const agentParams = z.object({ name: z.string().min(1).max(100) });
const linkIdParam = z.string().max(64).meta({ description: 'The link id (`lnk_…`)' });

/** Without a mailer no code could be sent, and every visitor of the links would be locked out. */
function refuseVerificationWithoutMail(options: PublicRoutesOptions, requireVerification: boolean | undefined, path: string): void {
  if (requireVerification === true && options.mailer === undefined) {
    throw new AppError('invalid', 'require_email_verification needs mail, and mail is not configured on this platform (SMTP)', {
      details: [{ path, message: 'mail is not configured' }],
    });
  }
}

/**
 * Links in bulk and their distribution (docs/management-api.md, "Personalised links and bulk operations" and
 * "Sending links: email, Slack, Teams, SMS"): personalised links for a list of recipients, sent by
 * email, Slack, Teams or SMS; bulk changes and deletion; a new token for a link; and every delivery of
 * a link's URL.
 */
export const linkDistributionRoutes: FastifyPluginAsyncZod<PublicRoutesOptions> = async (app, options) => {
  const { bus, config } = options;
  limitManagement(app, config.managementRateLimitPerMinute);

  app.post(
    '/api/agents/:name/public-links/bulk',
    {
      config: {
        auth: 'management',
        role: 'editor',
        audit: {
          action: 'link.bulk_create',
          kind: 'agent',
          id: (p) => p.name,
          details: (_p, a) => ({ count: Array.isArray(a?.links) ? a.links.length : 0, sent: a?.sent }),
        },
      },
      schema: {
        tags: ['Public links'],
        summary:
          'One link per recipient (at most 1,000), made all or nothing; each recipient’s name, email and variables start its sessions’ collected_data. With `send`, the URLs go out at once: failures are listed and retried',
        params: agentParams,
        body: bulkCreateBody,
        response: { 201: bulkCreated, ...errors },
      },
    },
    async (request, reply) => {
      refuseVerificationWithoutMail(options, request.body.settings?.require_email_verification, 'settings.require_email_verification');
      const created = await bus.request(
        'links.links.bulk-create',
        { tenantId: tenantOf(request), agentName: request.params.name, body: request.body, publicBaseUrl: config.publicBaseUrl },
        { requestId: request.id },
      );
      return reply.status(201).send(created);
    },
  );

  app.post(
    '/api/public-links/bulk-update',
    {
      config: {
        auth: 'management',
        role: 'editor',
        audit: {
          action: 'link.bulk_update',
          kind: 'link',
          id: () => null,
          details: (_p, a, b) => ({ count: Array.isArray(a?.updated) ? a.updated.length : 0, changes: sanitised(b?.changes ?? {}) }),
        },
      },
      schema: {
        tags: ['Public links'],
        summary: 'The same changes to many links (at most 1,000 ids); ids that are not the tenant’s live links are listed in not_found',
        body: bulkUpdateBody,
        response: { 200: bulkUpdated, ...errors },
      },
    },
    async (request) => {
      refuseVerificationWithoutMail(options, request.body.changes.require_email_verification, 'changes.require_email_verification');
      const answer = await bus.request('links.links.bulk-update', { tenantId: tenantOf(request), ...request.body }, { requestId: request.id });
      for (const link of answer.updated) forgetLink(bus, link.id);
      return answer;
    },
  );

  app.post(
    '/api/public-links/bulk-delete',
    {
      config: {
        auth: 'management',
        role: 'editor',
        audit: { action: 'link.bulk_delete', kind: 'link', id: () => null, details: (_p, a) => ({ count: Array.isArray(a?.deleted) ? a.deleted.length : 0 }) },
      },
      schema: {
        tags: ['Public links'],
        summary: 'Delete many links (at most 1,000 ids); their URLs answer 404 from then on',
        body: bulkDeleteBody,
        response: { 200: bulkDeleted, ...errors },
      },
    },
    async (request) => {
      const answer = await bus.request('links.links.bulk-delete', { tenantId: tenantOf(request), ids: request.body.ids }, { requestId: request.id });
      for (const id of answer.deleted) forgetLink(bus, id);
      return answer;
    },
  );

  app.post(
    '/api/agents/:name/public-links/:id/rotate',
    {
      config: {
        auth: 'management',
        role: 'editor',
        audit: {
          action: 'link.token.rotate',
          kind: 'link',
          id: (p) => p.id,
          details: (_p, a) => ({ sent: Array.isArray(a?.deliveries) ? a.deliveries.length : 0 }),
        },
      },
      schema: {
        tags: ['Public links'],
        summary: 'A new token and URL for the link, shown once (and sent, with `send`); the old URL stops working',
        params: agentParams.extend({ id: linkIdParam }),
        // No body at all is a plain rotation.
        body: rotateBody.nullish(),
        response: { 200: rotatedLink, ...errors },
      },
    },
    async (request) => {
      const answer = await bus.request(
        'links.links.rotate',
        {
          tenantId: tenantOf(request),
          agentName: request.params.name,
          linkId: request.params.id,
          ...(request.body?.send ? { send: request.body.send } : {}),
          publicBaseUrl: config.publicBaseUrl,
        },
        { requestId: request.id },
      );
      forgetLink(bus, request.params.id);
      return answer;
    },
  );

  app.get(
    '/api/public-links/:id/deliveries',
    {
      config: { auth: 'management', role: 'editor' },
      schema: {
        tags: ['Public links'],
        summary: 'Every sending of the link’s URL (email, Slack, Teams, SMS) with its outcome, newest first',
        params: z.object({ id: linkIdParam }),
        response: { 200: linkDeliveryList, ...errors },
      },
    },
    async (request) => bus.request('links.links.deliveries', { tenantId: tenantOf(request), linkId: request.params.id }, { requestId: request.id }),
  );
};
