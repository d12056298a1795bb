import type { PlatformBus } from '@parley/bus';
import { AppError, memberEmail, type Role } from '@parley/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AuditSpec } from '../../audit/trail.js';
import {
  consoleKeys,
  newSessionCookie,
  openCookie,
  readCookie,
  SESSION_COOKIE,
  sameToken,
  sealCookie,
  sessionIdHash,
  setCookie,
} from '../../auth/console-session.js';
import type { ManagementAuth } from '../../auth/management-auth.js';
import type { GatewayConfig } from '../../config.js';
import { OidcSignIn, type PendingSignIn, SignInFailed } from '../../console-sign-in/oidc-sign-in.js';
import { chooseTenantPage, notAMemberPage, notConfiguredPage, SIGN_IN_PAGE_CSP, signInFailedPage } from '../../console-sign-in/sign-in-pages.js';
import { limitManagement } from '../../limits/route-limits.js';

/** The sign-in under way (PKCE verifier, state, nonce): sent to /auth/oidc only, for 10 minutes. */
const PENDING_COOKIE = 'parley_oidc';
/** The memberships a person chooses between when their email is in several tenants. */
const CHOICE_COOKIE = 'parley_oidc_choice';
const SIGN_IN_SECONDS = 600;
/** The console session cookie lives until the browser closes; the server ends it 12 h after its last use. */
const SESSION_PATH = '/';

const pendingSignIn = z.object({ verifier: z.string(), state: z.string(), nonce: z.string(), expires: z.number() });
const pendingChoice = z.object({ email: z.string(), memberIds: z.array(z.string()), csrf: z.string(), expires: z.number() });

/** What the provider may add to its redirect back; all bounded, none required (an error has no code). */
const callbackQuery = z.looseObject({
  code: z.string().max(4_000).optional(),
  state: z.string().max(1_000).optional(),
  error: z.string().max(200).optional(),
  error_description: z.string().max(2_000).optional(),
});
const chooseBody = z.object({ csrf: z.string().min(1).max(200), member_id: z.string().min(1).max(100) });

/** The member a sign-in or sign-out was of: the principal its handler set, only when one took place. */
const memberOf = (request: FastifyRequest) => (request.principal?.kind === 'member' ? request.principal.memberId : undefined);
/**
 * What the audit log records of a sign-in (a session started: a redirect to the console, not a
 * page) and a sign-out (a member's session ended): the member by id, nothing else.
 */
const memberSession = (action: string): AuditSpec => ({
  action,
  kind: 'member',
  when: (_p, _a, _b, request) => memberOf(request) !== undefined,
  id: (_p, _a, _b, request) => memberOf(request),
  details: () => ({}),
});
const signedIn: AuditSpec = { ...memberSession('member.sign_in'), onRead: true };
const signedOut = memberSession('member.sign_out');

export interface ConsoleSignInOptions {
  bus: PlatformBus;
  config: Pick<GatewayConfig, 'oidc' | 'publicBaseUrl' | 'adminApiKey' | 'managementRateLimitPerMinute'>;
  auth: ManagementAuth;
}

/**
 * Signing in to the console with the OpenID provider, and signing out (docs/management-api.md, "Signing in
 * to the console with SSO", "Console sessions"): the authorization code flow with PKCE, state and
 * nonce; a verified email that is a member of one tenant gets a console session for it, one of
 * several chooses the tenant first. Browser pages, not the JSON API: failures answer a short page.
 */
export const consoleSignInRoutes: FastifyPluginAsyncZod<ConsoleSignInOptions> = async (app, { bus, config, auth }) => {
  limitManagement(app, config.managementRateLimitPerMinute);
  const secure = config.publicBaseUrl.startsWith('https:');
  const keys = consoleKeys(config.adminApiKey);
  const redirectUri = `${config.publicBaseUrl.replace(/\/+$/, '')}/auth/oidc/callback`;
  const oidc = config.oidc && new OidcSignIn(config.oidc, redirectUri);
  const signInCookie = (name: string, value: string, maxAge: number) =>
    // Lax: the provider's redirect back is a cross-site top-level navigation, which Strict would strip.
    setCookie(name, value, { path: '/auth/oidc', sameSite: 'Lax', secure, maxAge });

  const sendPage = (reply: FastifyReply, status: number, html: string) =>
    reply.code(status).type('text/html; charset=utf-8').header('content-security-policy', SIGN_IN_PAGE_CSP).header('cache-control', 'no-store').send(html);

  /**
   * A console session for the member: stored (its hash), its cookie set, off to the console. The
   * principal set here is the member the route's audit records as signed in.
   */
  const startSession = async (
    request: FastifyRequest,
    reply: FastifyReply,
    email: string,
    membership: { memberId: string; tenantId: string; name: string; role: Role },
  ) => {
    const { value, idHash } = newSessionCookie();
    await bus.request(
      'links.console-sessions.create',
      { idHash, tenantId: membership.tenantId, memberId: membership.memberId, email },
      { requestId: request.id },
    );
    request.principal = {
      kind: 'member',
      tenantId: membership.tenantId,
      memberId: membership.memberId,
      memberName: membership.name,
      email,
      role: membership.role,
      sessionId: idHash,
    };
    return reply
      .header('set-cookie', [
        signInCookie(PENDING_COOKIE, '', 0),
        signInCookie(CHOICE_COOKIE, '', 0),
        setCookie(SESSION_COOKIE, value, { path: SESSION_PATH, sameSite: 'Strict', secure }),
      ])
      .header('cache-control', 'no-store')
      .redirect('/console', 302);
  };

  app.get('/auth/oidc/login', { schema: { hide: true } }, async (_request, reply) => {
    if (!oidc) return sendPage(reply, 404, notConfiguredPage());
    let started: Awaited<ReturnType<OidcSignIn['start']>>;
    try {
      started = await oidc.start();
    } catch (error) {
      if (error instanceof SignInFailed)
        return sendPage(reply, 503, signInFailedPage('The identity provider cannot be reached right now. Try again in a moment.'));
      throw error;
    }
    const sealed = sealCookie(keys.signIn, { ...started.pending, expires: Date.now() + SIGN_IN_SECONDS * 1000 });
    return reply
      .header('set-cookie', signInCookie(PENDING_COOKIE, sealed, SIGN_IN_SECONDS))
      .header('cache-control', 'no-store')
      .redirect(started.url, 302);
  });

  app.get('/auth/oidc/callback', { config: { audit: signedIn }, schema: { hide: true, querystring: callbackQuery } }, async (request, reply) => {
    if (!oidc) return sendPage(reply, 404, notConfiguredPage());
    reply.header('set-cookie', signInCookie(PENDING_COOKIE, '', 0));
    const pending = pendingSignIn.safeParse(openCookie(keys.signIn, readCookie(request.headers.cookie, PENDING_COOKIE)));
    if (request.query.error !== undefined) {
      const declined = request.query.error === 'access_denied';
      return sendPage(
        reply,
        400,
        signInFailedPage(
          declined ? 'Signing in was cancelled at the identity provider.' : `The identity provider refused the sign-in (${request.query.error}).`,
        ),
      );
    }
    if (!pending.success || pending.data.expires <= Date.now()) {
      return sendPage(reply, 400, signInFailedPage('This sign-in has expired or was started in another browser. Start again.'));
    }
    let person: Awaited<ReturnType<OidcSignIn['finish']>>;
    try {
      const url = request.raw.url ?? '';
      person = await oidc.finish(url.includes('?') ? url.slice(url.indexOf('?')) : '', pending.data as PendingSignIn);
    } catch (error) {
      if (!(error instanceof SignInFailed)) throw error;
      request.log.info({ reason: error.reason, message: error.message }, 'console sign-in did not complete');
      if (error.reason === 'unreachable')
        return sendPage(reply, 503, signInFailedPage('The identity provider cannot be reached right now. Try again in a moment.'));
      return sendPage(reply, 400, signInFailedPage('The identity provider did not confirm this sign-in. Start again.'));
    }
    const email = memberEmail.safeParse(person.email ?? '');
    if (!email.success || !person.emailVerified) return sendPage(reply, 403, notAMemberPage(person.email, person.emailVerified));
    const { memberships } = await bus.request('links.members.for-email', { email: email.data }, { requestId: request.id });
    const [only] = memberships;
    if (only === undefined) return sendPage(reply, 403, notAMemberPage(email.data, true));
    if (memberships.length === 1) return startSession(request, reply, email.data, only);
    // Several tenants: the person chooses (docs/api.md); the choice is sealed, and its form carries a token.
    const csrf = newSessionCookie().value;
    const choice = sealCookie(keys.signIn, {
      email: email.data,
      memberIds: memberships.map((m) => m.memberId),
      csrf,
      expires: Date.now() + SIGN_IN_SECONDS * 1000,
    });
    reply.header('set-cookie', [signInCookie(PENDING_COOKIE, '', 0), signInCookie(CHOICE_COOKIE, choice, SIGN_IN_SECONDS)]);
    return sendPage(reply, 200, chooseTenantPage(email.data, csrf, memberships));
  });

  app.post('/auth/oidc/choose', { config: { form: true, audit: signedIn }, schema: { hide: true, body: chooseBody } }, async (request, reply) => {
    if (!oidc) return sendPage(reply, 404, notConfiguredPage());
    const choice = pendingChoice.safeParse(openCookie(keys.signIn, readCookie(request.headers.cookie, CHOICE_COOKIE)));
    if (!choice.success || choice.data.expires <= Date.now()) {
      return sendPage(reply, 400, signInFailedPage('This sign-in has expired or was started in another browser. Start again.'));
    }
    if (!sameToken(choice.data.csrf, request.body.csrf) || !choice.data.memberIds.includes(request.body.member_id)) {
      return sendPage(reply, 403, signInFailedPage('This choice did not come from the page Parley showed you. Start again.'));
    }
    // Asked again: a membership removed since the callback is not signed into.
    const { memberships } = await bus.request('links.members.for-email', { email: choice.data.email }, { requestId: request.id });
    const chosen = memberships.find((membership) => membership.memberId === request.body.member_id);
    if (!chosen) return sendPage(reply, 403, notAMemberPage(choice.data.email, true));
    return startSession(request, reply, choice.data.email, chosen);
  });

  app.post('/auth/sign-out', { config: { audit: signedOut }, schema: { hide: true } }, async (request, reply) => {
    const cookie = readCookie(request.headers.cookie, SESSION_COOKIE);
    if (cookie === undefined) throw new AppError('unauthorized', 'signing out needs the console session cookie', { details: { reason: 'session' } });
    const { principal, csrfToken } = await auth.authenticateSession(cookie).catch((error: unknown) => {
      // Already ended or expired: still checked for its token below, then its cookie is cleared.
      if (error instanceof AppError && error.code === 'unauthorized') return { principal: undefined, csrfToken: auth.csrfTokenOf(cookie) };
      throw error;
    });
    if (!sameToken(csrfToken, request.headers['x-csrf-token'])) {
      throw new AppError('forbidden', 'a console session sends its CSRF token (GET /api/me) as X-CSRF-Token with every change', {
        details: { reason: 'csrf' },
      });
    }
    const ended = await bus.request('links.console-sessions.delete', { idHash: sessionIdHash(cookie) }, { requestId: request.id });
    // Recorded (the route's audit) only when a session of a member really ended.
    if (principal && ended.memberId !== null) request.principal = principal;
    return reply
      .header('set-cookie', setCookie(SESSION_COOKIE, '', { path: SESSION_PATH, sameSite: 'Strict', secure, maxAge: 0 }))
      .code(204)
      .send();
  });
};
