import { conversationPageQuery, resumeBody, resumedSession, visitorConversationList } from '@parley/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { lookupLink } from '../../links/lookup.js';
import { credentialHashOf } from '../../links/resolver.js';
import { errorResponses } from '../error-responses.js';
import { visitorLanguageOf } from '../pages/language.js';
import type { PublicRoutesOptions } from '../public-routes-options.js';

const tokenParams = z.object({ token: z.string().meta({ description: 'The link token from the URL `/c/{token}`' }) });
const listQuery = conversationPageQuery.extend({
  session: z.string().max(64).meta({ description: 'The visitor’s session credential (`pcs_…`): a signed-in user’s or a verified email’s' }),
});

/**
 * A signed-in or email-verified visitor's earlier conversations with the link's agent, and
 * reopening one (docs/api.md "A user's conversations"). Whose they are comes from the session alone –
 * its signed-in user, else its verified email – so a visitor sees and reopens only their own:
 * anonymous sessions 403 (`not_verified`), anyone else's conversation 404 as if it did not exist.
 * See UserConversationsService (sessions) for what reopening does.
 */
export const publicConversationsRoutes: FastifyPluginAsyncZod<PublicRoutesOptions> = async (app, { bus, guard }) => {
  app.get(
    '/api/public/conversations/:token',
    {
      schema: {
        tags: ['Public chat'],
        summary: 'The visitor’s earlier conversations with this link’s agent, newest first (signed-in users and verified emails only)',
        description:
          'Across the agent’s links; the session’s own conversation, conversations in which the visitor said nothing and ones whose messages retention removed are left out. `preview` is the visitor’s first message (100 characters).',
        params: tokenParams,
        querystring: listQuery,
        response: { 200: visitorConversationList, ...errorResponses(400, 401, 403, 404, 410, 429, 503) },
      },
    },
    async (request) => {
      const link = await lookupLink(bus, guard, request, request.params.token);
      await guard.admit(request, link);
      const { session, limit, cursor } = request.query;
      return bus.request(
        'sessions.public-conversations',
        { link, credentialHash: credentialHashOf(session), limit, ...(cursor === undefined ? {} : { cursor }) },
        { requestId: request.id },
      );
    },
  );

  app.post(
    '/api/public/chat/:token/resume',
    {
      schema: {
        tags: ['Public chat'],
        summary: 'Reopen one of the visitor’s earlier conversations: a new session credential for it, its history and chat go on',
        description: [
          'Answers a credential for the conversation (the ones it had keep working, so another device goes on with it too); `GET /api/public/history` shows its messages and chatting continues where its workflow stopped.',
          'Follow its live events after `last_event_id`. An abandoned conversation (idle past its timeout, or its link closed) becomes active again and continues under this link’s rules.',
          'Refused: not the visitor’s (or another agent’s) 404; completed, failed, or its messages removed by retention 410 (`details.reason`: `completed`, `error`, `purged`); an anonymous session 403 (`not_verified`).',
        ].join(' '),
        params: tokenParams,
        body: resumeBody,
        response: { 200: resumedSession, ...errorResponses(400, 401, 403, 404, 410, 413, 429, 503) },
      },
    },
    async (request) => {
      const link = await lookupLink(bus, guard, request, request.params.token);
      await guard.admit(request, link);
      const credentialHash = credentialHashOf(request.body.session);
      // It hands out a credential: it counts like a message against the link's cap, the address's and the session's budgets.
      await guard.limitMessage(request, link, { credentialHash });
      const resumed = await bus.request(
        'sessions.public-resume',
        // The reopened conversation's mails to its visitor follow the page's language now (docs/public-chat-api.md "Visitors' language and look").
        { link, credentialHash, conversationId: request.body.conversation_id, language: visitorLanguageOf(link, request.headers) },
        { requestId: request.id },
      );
      // A verified visitor's new credential counts against their email's limit, as their first one did.
      const email = await guard.boundEmail(credentialHash);
      if (email) await guard.bindEmail(credentialHashOf(resumed.session), email);
      return resumed;
    },
  );
};
