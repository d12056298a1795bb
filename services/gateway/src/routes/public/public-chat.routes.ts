import {
  challengeSolution,
  nameApiSchema,
  proofOfWorkChallenge,
  publicChatBody,
  publicChatResponse,
  publicHistoryResponse,
  publicLinkInfo,
  publicSessionStarted,
  visitorContext,
  visitorUser,
} from '@parley/contracts';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { verifyVisitorUser } from '../../auth/visitor-identity.js';
import { lookupLink } from '../../links/lookup.js';
import { credentialHashOf } from '../../links/resolver.js';
import { eventsAfter } from '../../live/replay.js';
import { idempotencyKeyHeaders } from '../../messages/retries.js';
import { sendVisitorMessage } from '../../messages/visitor-message.js';
import { errorResponses } from '../error-responses.js';
import { visitorLanguageOf } from '../pages/language.js';
import type { PublicRoutesOptions } from '../public-routes-options.js';

// Any string: a token of another shape is refused as not found (404) before any lookup.
const tokenParams = z.object({ token: z.string().meta({ description: 'The link token from the URL `/c/{token}`' }) });
const historyQuery = z.object({
  session: z.string().max(64).meta({ description: 'The session credential (`pcs_…`) from a chat reply' }),
  after: z
    .string()
    .max(64)
    .optional()
    .meta({ description: 'Polling instead of the SSE stream: also answer the live events after this event id (empty: every event kept)' }),
});
/**
 * What starting a session without a message may carry: the link's passcode, when it has one; the
 * host site's signed-in user; the solved challenge, when the link asks for one; what the host page
 * says of where the visitor is (docs/public-chat-api.md "Page context").
 */
const sessionStartBody = z.strictObject({
  passcode: z.string().max(128).optional(),
  user: visitorUser.optional(),
  challenge_solution: challengeSolution.optional(),
  context: visitorContext.optional(),
});
nameApiSchema(sessionStartBody, 'StartPublicSessionRequest');
const chatErrors = errorResponses(400, 401, 403, 404, 409, 410, 413, 429, 503);
/** A message may also be refused by a content rule (docs/public-chat-api.md "Content rules"). */
const messageErrors = errorResponses(400, 401, 403, 404, 409, 410, 413, 422, 429, 503);
const readErrors = errorResponses(401, 403, 404, 410, 429, 503);

/**
 * Public chat for visitors without an account (docs/api.md): link info, messages, new conversation,
 * history. Every route resolves the link (404/410), lets the guard apply the link's rules, and
 * hands the visitor's credential on only as its SHA-256.
 */
export const publicChatRoutes: FastifyPluginAsyncZod<PublicRoutesOptions> = async (app, { bus, guard, live, proofOfWork, mailer }) => {
  /** The request's link, once the guard has let the request through. */
  const admitted = async (request: FastifyRequest, token: string) => {
    const link = await lookupLink(bus, guard, request, token);
    await guard.admit(request, link);
    return link;
  };

  app.get(
    '/api/public/links/:token',
    {
      schema: {
        tags: ['Public chat'],
        summary: 'What the chat page shows before the first message',
        params: tokenParams,
        response: { 200: publicLinkInfo, ...readErrors },
      },
    },
    async (request) => {
      const link = await admitted(request, request.params.token);
      return {
        title: link.title,
        description: link.description,
        welcome_message: link.welcomeMessage,
        agent: link.agentName,
        require_email_verification: link.requireEmailVerification,
        require_identity: link.requireIdentity,
        requires_passcode: link.passcodeHash !== null,
        expires_at: link.expiresAt,
        max_messages_per_session: link.maxMessagesPerSession,
        session_timeout_minutes: link.sessionTimeoutMinutes,
        uploads: link.uploads?.enabled ? { max_bytes: link.uploads.max_bytes, types: link.uploads.types } : null,
        theme: link.theme,
        locale: link.locale,
        challenge: link.challenge,
        offer_person: link.offerPerson,
        // The gateway's mail and the sessions service's come from the same SMTP_URL.
        transcript_by_email: mailer !== undefined,
      };
    },
  );

  app.get(
    '/api/public/links/:token/challenge',
    {
      schema: {
        tags: ['Public chat'],
        summary:
          'A proof-of-work challenge (ALTCHA format, valid 10 minutes): its solution goes with the request that starts a session on a link with `challenge: "pow"`',
        params: tokenParams,
        response: { 200: proofOfWorkChallenge, ...readErrors },
      },
    },
    async (request, reply) => {
      const link = await admitted(request, request.params.token);
      // Each challenge is good once: a cached one would be a used one.
      reply.header('cache-control', 'no-store');
      return proofOfWork.challenge(request, link);
    },
  );

  /** A visitor's message: continues their session, or starts one (always, with `fresh`). */
  const chat = async (
    request: FastifyRequest & { params: { token: string }; body: z.infer<typeof publicChatBody>; headers: { 'idempotency-key'?: string | undefined } },
    fresh: boolean,
  ) => {
    const link = await admitted(request, request.params.token);
    const { content, session, passcode } = request.body;
    const credentialHash = session === undefined ? undefined : credentialHashOf(session);
    const starting = fresh || credentialHash === undefined;
    // Whether this visitor may start a conversation (a verified email, a signed-in user) is the sessions service's to decide.
    if (starting) await proofOfWork.require(request, link, request.body.challenge_solution);
    if (starting) await guard.checkPasscode(request, link, passcode);
    const user = starting ? await verifyVisitorUser(bus, guard, request, link, request.body.user) : undefined;
    // The key is kept with the session's turn: only the holder of the credential can get its answer back.
    const idempotencyKey = request.headers['idempotency-key'];
    const reply = await sendVisitorMessage({ bus, guard }, request, link, {
      content,
      credentialHash,
      fresh,
      user,
      idempotencyKey,
      attachments: request.body.attachments,
      // A session this message starts starts with it; one under way takes it in (docs/public-chat-api.md "Page context").
      context: request.body.context,
    });
    // A new conversation of a verified visitor keeps their email, and with it the email's limit.
    if (reply.session !== null && credentialHash !== undefined) {
      const email = await guard.boundEmail(credentialHash);
      if (email) await guard.bindEmail(credentialHashOf(reply.session), email);
    }
    // Sessions know a continued session only by its hash: the credential is the one the visitor sent.
    return { ...reply, session: reply.session ?? (session as string) };
  };

  app.post(
    '/api/public/chat/:token',
    {
      schema: {
        tags: ['Public chat'],
        summary: 'Send a message: without `session` a session starts (its credential comes back in `session`); with it, that session continues',
        params: tokenParams,
        headers: idempotencyKeyHeaders,
        body: publicChatBody,
        response: { 200: publicChatResponse, ...messageErrors },
      },
    },
    async (request) => chat(request, false),
  );

  app.post(
    '/api/public/chat/:token/new',
    {
      schema: {
        tags: ['Public chat'],
        summary: 'Start a new conversation with this message (counts against the link’s max_sessions)',
        params: tokenParams,
        headers: idempotencyKeyHeaders,
        body: publicChatBody,
        response: { 200: publicChatResponse, ...messageErrors },
      },
    },
    async (request) => chat(request, true),
  );

  app.post(
    '/api/public/sessions/:token',
    {
      schema: {
        tags: ['Public chat'],
        summary:
          'Start a session without a message: the agent says its opening lines (in the history and the live events), and the credential comes back at once, so a page can open the event stream before the first message and watch that reply stream in',
        params: tokenParams,
        body: sessionStartBody.optional(),
        response: { 201: publicSessionStarted, ...chatErrors },
      },
    },
    async (request, reply) => {
      const link = await admitted(request, request.params.token);
      await proofOfWork.require(request, link, request.body?.challenge_solution);
      await guard.checkPasscode(request, link, request.body?.passcode);
      const user = await verifyVisitorUser(bus, guard, request, link, request.body?.user);
      // A start counts like a message against the link's cap and the address's budget (the new session's own count starts at its first message).
      await guard.limitMessage(request, link, {});
      const origin = await guard.originOf(request);
      const context = request.body?.context;
      // The language the session's mails to its visitor are written in (docs/public-chat-api.md "Visitors' language and look").
      const language = visitorLanguageOf(link, request.headers);
      const started = await bus.request(
        'sessions.public-start',
        { link, ...(user ? { user } : {}), ...(origin ? { origin } : {}), ...(context ? { context } : {}), language },
        { requestId: request.id },
      );
      return reply.status(201).send(started);
    },
  );

  app.get(
    '/api/public/history/:token',
    {
      schema: {
        tags: ['Public chat'],
        summary: "The session's messages, oldest first, with the visitor's own thumbs and score (what a reloaded page shows)",
        params: tokenParams,
        querystring: historyQuery,
        response: { 200: publicHistoryResponse, ...readErrors },
      },
    },
    async (request) => {
      const link = await admitted(request, request.params.token);
      const history = await bus.request(
        'sessions.public-history',
        { linkId: link.linkId, credentialHash: credentialHashOf(request.query.session) },
        { requestId: request.id },
      );
      const { after } = request.query;
      const { messages, rating } = history;
      if (after === undefined) return { messages, rating };
      return { messages, rating, ...(await eventsAfter(live, history.conversation_id, after === '' ? undefined : after)) };
    },
  );
};
