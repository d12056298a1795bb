import { AppError, createdPublicLink, createLinkBody, publicLink, publicLinkListWithUsage, updateLinkBody } from '@parley/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { tenantOf } from '../../../auth/management-auth.js';
import { limitManagement } from '../../../limits/route-limits.js';
import { forgetLink } from '../../../links/lookup.js';
import { errorResponses } from '../../error-responses.js';
import type { PublicRoutesOptions } from '../../public-routes-options.js';

const errors = errorResponses(400, 401, 403, 404, 413, 429, 503);
/** Link ids per usage request (the sessions.linkUsage limit). */
const USAGE_BATCH = 1_000;
const agentParams = z.object({ name: z.string().min(1).max(100) });
// Any string: an id of another shape is simply not found (404), like any unknown id.
const linkParams = agentParams.extend({ id: z.string().max(64).meta({ description: 'The link id (`lnk_…`)' }) });

/** Without a mailer no code could be sent, and every visitor of the link would be locked out. */
function refuseVerificationWithoutMail(options: PublicRoutesOptions, requireVerification: boolean | undefined): void {
  if (requireVerification === true && options.mailer === undefined) {
    throw new AppError('invalid', 'require_email_verification needs mail, and mail is not configured on this platform (SMTP)', {
      details: [{ path: 'require_email_verification', message: 'mail is not configured' }],
    });
  }
}

/** Management of an agent's public chat links (docs/api.md): list, create, update, delete. */
export const publicLinksRoutes: FastifyPluginAsyncZod<PublicRoutesOptions> = async (app, options) => {
  const { bus, config } = options;
  limitManagement(app, config.managementRateLimitPerMinute);

  app.get(
    '/api/agents/:name/public-links',
    {
      config: { auth: 'management', role: 'viewer' },
      schema: {
        tags: ['Public links'],
        summary: "An agent's public links (never their tokens), each with its usage: sessions, messages and last activity",
        params: agentParams,
        response: { 200: publicLinkListWithUsage, ...errors },
      },
    },
    async (request) => {
      const tenantId = tenantOf(request);
      const { links } = await bus.request('links.links.list', { tenantId, agentName: request.params.name }, { requestId: request.id });
      // Links belong to the links service, the conversations on them to the sessions service
      // (asked in slices of at most USAGE_BATCH ids, each one indexed lookup).
      const slices = Array.from({ length: Math.ceil(links.length / USAGE_BATCH) }, (_, i) => links.slice(i * USAGE_BATCH, (i + 1) * USAGE_BATCH));
      const answers = await Promise.all(
        slices.map((slice) => bus.request('sessions.link-usage', { tenantId, linkIds: slice.map((link) => link.id) }, { requestId: request.id })),
      );
      const byLink = new Map(answers.flatMap((answer) => answer.usage).map(({ link_id, ...counts }) => [link_id, counts]));
      return { links: links.map((link) => ({ ...link, usage: byLink.get(link.id) ?? { sessions: 0, messages: 0, last_activity_at: null } })) };
    },
  );

  app.post(
    '/api/agents/:name/public-links',
    {
      config: { auth: 'management', role: 'editor', audit: { action: 'link.create', kind: 'link', id: (_p, a) => a?.id } },
      schema: {
        tags: ['Public links'],
        summary: 'Create a public link; its token and URL are shown once',
        params: agentParams,
        body: createLinkBody,
        response: { 201: createdPublicLink, ...errors },
      },
    },
    async (request, reply) => {
      const tenantId = tenantOf(request);
      refuseVerificationWithoutMail(options, request.body.require_email_verification);
      const created = await bus.request(
        'links.links.create',
        { tenantId, agentName: request.params.name, settings: request.body, publicBaseUrl: config.publicBaseUrl },
        { requestId: request.id },
      );
      return reply.status(201).send(created);
    },
  );

  app.put(
    '/api/agents/:name/public-links/:id',
    {
      config: { auth: 'management', role: 'editor', audit: { action: 'link.update', kind: 'link', id: (p) => p.id } },
      schema: {
        tags: ['Public links'],
        summary: 'Change any setting of a link (`active: false` deactivates it, `passcode: null` removes it, `expires_at: null` never expires)',
        params: linkParams,
        body: updateLinkBody,
        response: { 200: publicLink, ...errors },
      },
    },
    async (request) => {
      const tenantId = tenantOf(request);
      refuseVerificationWithoutMail(options, request.body.require_email_verification);
      const updated = await bus.request(
        'links.links.update',
        { tenantId, agentName: request.params.name, linkId: request.params.id, changes: request.body },
        { requestId: request.id },
      );
      forgetLink(bus, request.params.id);
      return updated;
    },
  );

  app.delete(
    '/api/agents/:name/public-links/:id',
    {
      config: { auth: 'management', role: 'editor', audit: { action: 'link.delete', kind: 'link', id: (p) => p.id, details: (p) => ({ agent: p.name }) } },
      schema: {
        tags: ['Public links'],
        summary: 'Delete a link: 204 with no body; its URL answers 404 from then on',
        params: linkParams,
        response: { 204: z.null().describe('Deleted'), ...errors },
      },
    },
    async (request, reply) => {
      await bus.request(
        'links.links.delete',
        { tenantId: tenantOf(request), agentName: request.params.name, linkId: request.params.id },
        { requestId: request.id },
      );
      forgetLink(bus, request.params.id);
      return reply.status(204).send(null);
    },
  );
};
