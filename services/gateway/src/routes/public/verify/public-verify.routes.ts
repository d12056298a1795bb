import { sha256Hex } from '@parley/auth';
import { AppError, publicSessionStarted, verificationSent, verifyConfirmBody, verifyStartBody } from '@parley/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { lookupLink } from '../../../links/lookup.js';
import { errorResponses } from '../../error-responses.js';
import { visitorLanguageOf } from '../../pages/language.js';
import type { PublicRoutesOptions } from '../../public-routes-options.js';

const tokenParams = z.object({ token: z.string().meta({ description: 'The link token from its URL (`/c/{token}`)' }) });

/**
 * Email verification of a link's visitors (docs/api.md): send a code, confirm it for a session
 * credential. Codes live in the links service (keyed hashes, 10 minutes, 5 tries, 3 sends per 10
 * minutes per email); the gateway mails them, within its own ceilings per client address, per
 * link and platform-wide, checked before a code is made. A code killed by 5 wrong tries answers
 * 401 with `details.reason` `too_many_attempts`: the visitor asks for a new one, nothing to wait
 * for. Wrong codes also spend the link's budget, which pauses confirming for everyone when spent.
 */
export const publicVerifyRoutes: FastifyPluginAsyncZod<PublicRoutesOptions> = async (app, { bus, guard, mailer, proofOfWork }) => {
  app.post(
    '/api/public/verify/:token',
    {
      schema: {
        tags: ['Public chat'],
        summary: 'Mail a 6-digit code that verifies the visitor’s email for this link (valid 10 minutes)',
        params: tokenParams,
        body: verifyStartBody,
        response: { 202: verificationSent, ...errorResponses(400, 403, 404, 409, 410, 413, 429, 503) },
      },
    },
    async (request, reply) => {
      const link = await lookupLink(bus, guard, request, request.params.token);
      await guard.admit(request, link);
      if (!link.requireEmailVerification) {
        throw new AppError('conflict', 'this link does not use email verification; chat without it', { details: { reason: 'verification_not_required' } });
      }
      if (!mailer) throw new AppError('unavailable', 'email verification is not set up on this server', { details: { reason: 'mail' } });
      await guard.limitVerificationMail(request, link);
      const issued = await bus.request('links.verification.start', { linkId: link.linkId, email: request.body.email }, { requestId: request.id });
      try {
        // In the language the page speaks: the link's, else the browser's (docs/public-chat-api.md "Visitors' language and look").
        const language = visitorLanguageOf(link, request.headers);
        await mailer.sendCode({ to: request.body.email, code: issued.code, linkTitle: link.title, expiresAt: issued.expiresAt, language });
      } catch (error) {
        request.log.warn({ reason: error instanceof Error ? error.message : String(error) }, 'verification mail not sent');
        throw new AppError('unavailable', 'the verification mail could not be sent; retry', { details: { reason: 'mail' } });
      }
      return reply.status(202).send({ expires_at: issued.expiresAt });
    },
  );

  app.post(
    '/api/public/verify/:token/confirm',
    {
      schema: {
        tags: ['Public chat'],
        summary: 'Confirm the mailed code: starts a session bound to the verified email',
        params: tokenParams,
        body: verifyConfirmBody,
        response: { 201: publicSessionStarted, ...errorResponses(400, 401, 403, 404, 409, 410, 413, 429, 503) },
      },
    },
    async (request, reply) => {
      const link = await lookupLink(bus, guard, request, request.params.token);
      await guard.admit(request, link);
      if (!link.requireEmailVerification) {
        throw new AppError('conflict', 'this link does not use email verification; chat without it', { details: { reason: 'verification_not_required' } });
      }
      // Before the code is tried: a refused request spends none of the link's budget of wrong codes.
      await proofOfWork.require(request, link, request.body.challenge_solution);
      await guard.checkPasscode(request, link, request.body.passcode);
      const { email, code } = request.body;
      const result = await guard.countCodeTry(request, link, () =>
        bus.request('links.verification.confirm', { linkId: link.linkId, email, code }, { requestId: request.id }),
      );
      if (!result.verified) {
        guard.recordRefusal('verification_failed', { tenantId: link.tenantId, linkId: link.linkId });
        const failure = result.failure ?? 'wrong_code';
        const messages = {
          wrong_code: `the code is wrong; ${result.attemptsLeft} attempts left`,
          too_many_attempts: 'too many wrong codes: this one no longer works; ask for a new code',
          no_code: 'no valid code for this address (expired, used or never sent); ask for a new code',
        } as const;
        throw new AppError('unauthorized', messages[failure], { details: { reason: failure, attempts_left: result.attemptsLeft } });
      }
      const origin = await guard.originOf(request);
      const started = await bus.request(
        'sessions.public-start',
        { link, email: email.trim().toLowerCase(), ...(origin ? { origin } : {}), language: visitorLanguageOf(link, request.headers) },
        { requestId: request.id },
      );
      await guard.bindEmail(sha256Hex(started.session), email);
      return reply.status(201).send(started);
    },
  );
};
