import { AppError, offlineMessageBody, offlineMessageLeft, transcriptRequestBody, transcriptRequested } from '@parley/contracts';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { lookupLink } from '../../../links/lookup.js';
import { credentialHashOf } from '../../../links/resolver.js';
import { errorResponses } from '../../error-responses.js';
import { visitorLanguageOf } from '../../pages/language.js';
import type { PublicRoutesOptions } from '../../public-routes-options.js';

/**
 * The sessions service refused the request, or never took it: no transcript is on its way, so its
 * mail ceilings are given back. A request that may have been handled (no answer in time) keeps them.
 */
function nothingMailed(error: unknown): boolean {
  if (!(error instanceof AppError)) return false;
  if (error.code !== 'unavailable') return true;
  const reason = (error.details as { reason?: unknown } | undefined)?.reason;
  return reason === 'mail_unavailable' || reason === 'mail_failed' || reason === 'no_responders' || reason === 'queue_full';
}

const tokenParams = z.object({ token: z.string().meta({ description: 'The link token from the URL `/c/{token}`' }) });

/**
 * What a visitor leaves to be followed up by email (docs/escalation.md "Leaving a message", "Transcripts
 * by email"): a message for a person while nobody can answer, whose answers are mailed to them; and
 * the address their conversation's transcript goes to when it ends. Each counts like a message
 * against the link's, the address's and the session's limits; a transcript also against the
 * transcript mail ceilings (per address, recipient, link and platform), when it is asked for – the
 * mail itself may go only at the conversation's end, and is not counted again then.
 */
export const publicFollowUpRoutes: FastifyPluginAsyncZod<PublicRoutesOptions> = async (app, { bus, guard }) => {
  const admitted = async (request: FastifyRequest, token: string) => {
    const link = await lookupLink(bus, guard, request, token);
    await guard.admit(request, link);
    return link;
  };

  app.post(
    '/api/public/chat/:token/offline-message',
    {
      schema: {
        tags: ['Public chat'],
        summary: 'Leave a message and an email while nobody can answer: the conversation opens in the inbox, and operators’ answers are mailed too',
        params: tokenParams,
        body: offlineMessageBody,
        response: { 201: offlineMessageLeft, ...errorResponses(400, 401, 403, 404, 409, 410, 413, 422, 429, 503) },
      },
    },
    async (request, reply) => {
      const link = await admitted(request, request.params.token);
      const credentialHash = credentialHashOf(request.body.session);
      await guard.limitMessage(request, link, { credentialHash });
      const { email, content } = request.body;
      // Operators' answers are mailed in the language the page speaks (docs/public-chat-api.md "Visitors' language and look").
      const language = visitorLanguageOf(link, request.headers);
      const left = await bus.request('sessions.offline-message', { link, credentialHash, email, content, language }, { requestId: request.id });
      return reply.status(201).send(left);
    },
  );

  app.post(
    '/api/public/chat/:token/transcript',
    {
      schema: {
        tags: ['Public chat'],
        summary: 'Have the conversation’s transcript mailed to this address when it ends (at once, if it has ended)',
        description:
          'Counted when asked, against TRANSCRIPT_MAILS_PER_IP_PER_10_MINUTES (per client address), TRANSCRIPT_MAILS_PER_RECIPIENT_PER_DAY (per email address mailed, unless it is the one the session verified), TRANSCRIPT_MAILS_PER_LINK_PER_HOUR and TRANSCRIPT_MAILS_PER_HOUR: past one, 429 `rate_limited` with Retry-After and `details.limit` `transcript_address`, `transcript_recipient`, `transcript_link` or `transcript_platform`.',
        params: tokenParams,
        body: transcriptRequestBody,
        response: { 202: transcriptRequested, ...errorResponses(400, 401, 403, 404, 409, 410, 413, 429, 503) },
      },
    },
    async (request, reply) => {
      const link = await admitted(request, request.params.token);
      const credentialHash = credentialHashOf(request.body.session);
      await guard.limitMessage(request, link, { credentialHash });
      const { email } = request.body;
      const undo = await guard.limitTranscriptMail(request, link, { credentialHash, email });
      try {
        // Written in the language the page speaks (docs/public-chat-api.md "Visitors' language and look").
        const language = visitorLanguageOf(link, request.headers);
        const requested = await bus.request('sessions.transcript-request', { link, credentialHash, email, language }, { requestId: request.id });
        return reply.status(202).send(requested);
      } catch (error) {
        if (nothingMailed(error)) await undo();
        throw error;
      }
    },
  );
};
