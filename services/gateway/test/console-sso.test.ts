import { startOidcProvider, type TestOidcProvider, waitFor } from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withSession } from '../src/routes/management/members/members.test-kit.js';
import { expectError, type GatewayHarness, type InjectResult, startGatewayHarness } from './gateway-harness.js';

const PUBLIC_BASE_URL = 'http://127.0.0.1:18080';
const REDIRECT_URI = `${PUBLIC_BASE_URL}/auth/oidc/callback`;

/** A cookie's value from the Set-Cookie headers of an answer, and its attributes. */
function cookieOf(answer: InjectResult, name: string): { value: string; attributes: string } | undefined {
  const header = answer.headers['set-cookie'];
  const lines = Array.isArray(header) ? header : typeof header === 'string' ? [header] : [];
  const line = lines.find((candidate) => candidate.startsWith(`${name}=`));
  if (line === undefined) return undefined;
  const [pair, ...attributes] = line.split(';');
  return { value: pair!.slice(name.length + 1), attributes: attributes.map((a) => a.trim()).join('; ') };
}

/**
 * Console sign-in with SSO end to end (docs/management-api.md, "Signing in to the console with SSO"): a real
 * OpenID provider on loopback, the gateway in front of the real links service, the browser's part
 * played with plain HTTP (redirects followed by hand, cookies carried, the login form submitted).
 */
describe('console sign-in with SSO', () => {
  let h: GatewayHarness;
  let provider: TestOidcProvider;
  let tenantId: string;
  let owner: string;

  beforeAll(async () => {
    provider = await startOidcProvider({
      clientId: 'parley-console',
      clientSecret: 'parley-console-secret',
      redirectUri: REDIRECT_URI,
      people: [
        { email: 'maria@example.com', email_verified: true, name: 'Maria at the IdP' },
        { email: 'olaf@example.com', email_verified: true, name: 'Olaf' },
        { email: 'stranger@example.com', email_verified: true, name: 'Stranger' },
        { email: 'unverified@example.com', email_verified: false, name: 'Unverified' },
        { email: 'multi@example.com', email_verified: true, name: 'Multi' },
        // Another account at the provider whose email lower-cases (in Unicode) to the owner's: the Kelvin sign.
        { email: '\u212Aim@a.example', email_verified: true, name: 'Kelvin' },
        { email: 'Kim@A.example', email_verified: true, name: 'Kim' },
      ],
    });
    h = await startGatewayHarness({
      publicBaseUrl: PUBLIC_BASE_URL,
      oidc: { issuerUrl: provider.issuer, clientId: 'parley-console', clientSecret: 'parley-console-secret' },
    });
    ({ tenantId, key: owner } = await h.seedTenant('Acme'));
    for (const [email, name, role] of [
      ['Maria@Example.com', 'Maria', 'editor'],
      ['olaf@example.com', 'Olaf', 'operator'],
      ['unverified@example.com', 'Unverified', 'owner'],
      ['multi@example.com', 'Multi', 'viewer'],
      ['kim@a.example', 'Kim', 'owner'],
    ] as const) {
      expect((await h.withKey(owner, 'POST', '/api/members', { email, name, role })).status).toBe(201);
    }
  });
  afterAll(async () => {
    await h?.stop();
    await provider?.close();
  });

  /** The sign-in a browser makes: the gateway's redirect, the provider's login page, the way back. */
  async function signIn(login: string, options: { abort?: boolean } = {}) {
    const started = await h.inject({ method: 'GET', url: '/auth/oidc/login' });
    expect(started.status, started.text).toBe(302);
    const pending = cookieOf(started, 'parley_oidc');
    expect(pending).toBeDefined();
    const location = new URL(String(started.headers.location));
    expect(location.origin).toBe(provider.issuer);
    const back = new URL(await provider.signIn(location.href, login, options));
    const callback = await h.inject({ method: 'GET', url: `${back.pathname}${back.search}`, headers: { cookie: `parley_oidc=${pending!.value}` } });
    return { started, pending: pending!, back, callback };
  }

  /** A signed-in member's session cookie and CSRF token. */
  async function sessionOf(login: string) {
    const { callback } = await signIn(login);
    expect(callback.status, callback.text).toBe(302);
    const cookie = cookieOf(callback, 'parley_session')!.value;
    const me = await withSession(h, cookie, 'GET', '/api/me');
    return { cookie, csrf: me.body.csrf_token as string, me };
  }

  it('sends the browser to the provider with PKCE (S256), state and nonce, keeping them in a short-lived Lax cookie', async () => {
    const started = await h.inject({ method: 'GET', url: '/auth/oidc/login' });
    expect(started.status).toBe(302);
    const location = new URL(String(started.headers.location));
    expect(Object.fromEntries(location.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: 'parley-console',
      redirect_uri: REDIRECT_URI,
      code_challenge_method: 'S256',
      code_challenge: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      state: expect.any(String),
      nonce: expect.any(String),
    });
    const pending = cookieOf(started, 'parley_oidc')!;
    expect(pending.attributes).toBe('Path=/auth/oidc; HttpOnly; SameSite=Lax; Max-Age=600');
    // Sealed: neither the verifier nor the state can be read from it.
    expect(pending.value).not.toContain(location.searchParams.get('state'));
  });

  it('signs a member in: a session cookie, /api/me, a route their role allows, a change only with the CSRF token', async () => {
    const { callback } = await signIn('maria@example.com');
    expect(callback.status, callback.text).toBe(302);
    expect(callback.headers.location).toBe('/console');
    const session = cookieOf(callback, 'parley_session')!;
    expect(session.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(session.attributes).toBe('Path=/; HttpOnly; SameSite=Strict');
    // The sign-in cookie is spent.
    expect(cookieOf(callback, 'parley_oidc')?.attributes).toContain('Max-Age=0');

    const me = await withSession(h, session.value, 'GET', '/api/me');
    expect(me.status).toBe(200);
    expect(me.body).toEqual({
      actor: { kind: 'member', id: expect.stringMatching(/^mem_/), name: 'Maria' },
      role: 'editor',
      tenant_id: tenantId,
      email: 'maria@example.com',
      csrf_token: expect.any(String),
    });
    expect((await withSession(h, session.value, 'GET', '/api/agents')).status).toBe(200);
    const template = { name: 'by-maria', settings: { title: 'Made by Maria' } };
    const refused = await withSession(h, session.value, 'POST', '/api/link-templates', { body: template });
    expectError(refused, 403, 'forbidden');
    expect(refused.body.error.details).toEqual({ reason: 'csrf' });
    const made = await withSession(h, session.value, 'POST', '/api/link-templates', { body: template, csrf: me.body.csrf_token });
    expect(made.status, made.text).toBe(201);

    let entries: { action: string; actor: unknown }[] = [];
    await waitFor(async () => {
      entries = (await h.withKey(owner, 'GET', `/api/audit?actor=${me.body.actor.id}`)).body.entries;
      return entries.length >= 2;
    });
    expect(entries.map((entry) => entry.action).sort()).toEqual(['member.sign_in', 'template.create']);
    for (const entry of entries) expect(entry.actor).toEqual({ kind: 'member', id: me.body.actor.id, key_id: null, name: 'Maria' });
  });

  it('refuses a person who is no member with a page saying so', async () => {
    const { callback } = await signIn('stranger@example.com');
    expect(callback.status).toBe(403);
    expect(callback.headers['content-type']).toMatch(/^text\/html/);
    expect(callback.text).toContain('stranger@example.com is not a member of any team on this Parley. Ask an owner to add you.');
    expect(callback.text).toContain('href="/console"');
    expect(cookieOf(callback, 'parley_session')).toBeUndefined();
  });

  it('refuses an email the provider has not verified, even of a member', async () => {
    const { callback } = await signIn('unverified@example.com');
    expect(callback.status).toBe(403);
    expect(callback.text).toContain('has not verified unverified@example.com');
    expect(cookieOf(callback, 'parley_session')).toBeUndefined();
  });

  it('compares emails in ASCII only: one that lower-cases into a member’s (the Kelvin sign K) is nobody; the member’s in other capitals is theirs', async () => {
    const kelvin = await signIn('\u212Aim@a.example');
    expect(kelvin.callback.status).toBe(403);
    expect(kelvin.callback.text).toContain('is not a member of any team');
    expect(kelvin.callback.text).not.toContain('kim@a.example');
    expect(cookieOf(kelvin.callback, 'parley_session')).toBeUndefined();

    const { me } = await sessionOf('Kim@A.example');
    expect(me.body).toMatchObject({ role: 'owner', tenant_id: tenantId, email: 'kim@a.example', actor: { name: 'Kim' } });
  });

  it('answers a sign-in cancelled at the provider, a missing or another sign-in’s cookie, and bad input with 4xx pages', async () => {
    const aborted = await signIn('maria@example.com', { abort: true });
    expect(aborted.back.searchParams.get('error')).toBe('access_denied');
    expect(aborted.callback.status).toBe(400);
    expect(aborted.callback.text).toContain('cancelled');

    // The way back without the sign-in cookie (another browser), or with another sign-in's.
    const first = await signIn('maria@example.com');
    const other = await h.inject({ method: 'GET', url: '/auth/oidc/login' });
    const back = new URL(await provider.signIn(String(other.headers.location), 'maria@example.com'));
    const withoutCookie = await h.inject({ method: 'GET', url: `${back.pathname}${back.search}` });
    expect(withoutCookie.status).toBe(400);
    expect(withoutCookie.text).toContain('expired or was started in another browser');
    const crossed = await h.inject({ method: 'GET', url: `${back.pathname}${back.search}`, headers: { cookie: `parley_oidc=${first.pending.value}` } });
    expect(crossed.status).toBe(400);
    expect(cookieOf(crossed, 'parley_session')).toBeUndefined();
    const forged = await h.inject({
      method: 'GET',
      url: `${back.pathname}${back.search}`,
      headers: { cookie: `parley_oidc=${first.pending.value.slice(0, -4)}AAAA` },
    });
    expect(forged.status).toBe(400);

    for (const url of ['/auth/oidc/callback', `/auth/oidc/callback?code=${'x'.repeat(5_000)}&state=s`, '/auth/oidc/callback?code=%00&state=%ff']) {
      const answer = await h.inject({ method: 'GET', url });
      expect(answer.status, url).toBeGreaterThanOrEqual(400);
      expect(answer.status, url).toBeLessThan(500);
    }
    for (const payload of ['', 'csrf=x', 'member_id=mem_x&csrf=x', '{"member_id":"x","csrf":"y"}']) {
      const answer = await h.inject({ method: 'POST', url: '/auth/oidc/choose', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload });
      expect(answer.status, payload).toBeGreaterThanOrEqual(400);
      expect(answer.status, payload).toBeLessThan(500);
    }
  });

  it('lets a person who is a member of several tenants choose one, with the page’s token only', async () => {
    const { tenantId: second, key: secondOwner } = await h.seedTenant('Beta Corp');
    const made = await h.withKey(secondOwner, 'POST', '/api/members', { email: 'multi@example.com', name: 'Multi at Beta', role: 'owner' });
    const { callback } = await signIn('multi@example.com');
    expect(callback.status).toBe(200);
    expect(callback.text).toContain('Choose a team');
    expect(callback.text).toContain('Acme');
    expect(callback.text).toContain('Beta Corp');
    expect(cookieOf(callback, 'parley_session')).toBeUndefined();
    const choice = cookieOf(callback, 'parley_oidc_choice')!;
    const csrf = /name="csrf" value="([^"]+)"/.exec(callback.text)![1]!;
    const choose = (memberId: string, token: string, cookie = choice.value) =>
      h.inject({
        method: 'POST',
        url: '/auth/oidc/choose',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `parley_oidc_choice=${cookie}` },
        payload: new URLSearchParams({ csrf: token, member_id: memberId }).toString(),
      });
    expect((await choose(made.body.member_id, 'not-the-token')).status).toBe(403);
    // A member id not offered to this person.
    const stranger = await h.withKey(secondOwner, 'POST', '/api/members', { email: 'someone@example.com', name: 'Someone', role: 'owner' });
    expect((await choose(stranger.body.member_id, csrf)).status).toBe(403);
    const chosen = await choose(made.body.member_id, csrf);
    expect(chosen.status, chosen.text).toBe(302);
    expect(chosen.headers.location).toBe('/console');
    const cookie = cookieOf(chosen, 'parley_session')!.value;
    expect((await withSession(h, cookie, 'GET', '/api/me')).body).toMatchObject({ tenant_id: second, role: 'owner', actor: { name: 'Multi at Beta' } });
  });

  it('ends a removed member’s session at once, on this gateway and another', async () => {
    const other = await h.startGateway();
    const made = await h.withKey(owner, 'POST', '/api/members', { email: 'stranger@example.com', name: 'Briefly', role: 'viewer' });
    const { cookie } = await sessionOf('stranger@example.com');
    expect((await withSession(h, cookie, 'GET', '/api/agents')).status).toBe(200);
    expect((await withSession(h, cookie, 'GET', '/api/agents', { app: other })).status).toBe(200);
    expect((await h.withKey(owner, 'DELETE', `/api/members/${made.body.member_id}`)).status).toBe(204);
    expectError(await withSession(h, cookie, 'GET', '/api/agents'), 401, 'unauthorized');
    expectError(await withSession(h, cookie, 'GET', '/api/agents', { app: other }), 401, 'unauthorized');
  });

  it('holds an operator to the inbox: editor routes are refused', async () => {
    const { cookie, csrf, me } = await sessionOf('olaf@example.com');
    expect(me.body.role).toBe('operator');
    expect((await withSession(h, cookie, 'GET', '/api/inbox')).status).toBe(200);
    const refused = await withSession(h, cookie, 'POST', '/api/link-templates', { body: { name: 'nope', settings: {} }, csrf });
    expectError(refused, 403, 'forbidden');
    expect(refused.body.error.details).toEqual({ required_role: 'editor', role: 'operator' });
  });

  it('signs out with the CSRF token only: the session ends and its cookie is cleared', async () => {
    const { cookie, csrf } = await sessionOf('maria@example.com');
    const refused = await withSession(h, cookie, 'POST', '/auth/sign-out');
    expectError(refused, 403, 'forbidden');
    expect((await withSession(h, cookie, 'GET', '/api/me')).status).toBe(200);
    const out = await withSession(h, cookie, 'POST', '/auth/sign-out', { csrf });
    expect(out.status).toBe(204);
    expect(cookieOf(out, 'parley_session')?.attributes).toContain('Max-Age=0');
    expectError(await withSession(h, cookie, 'GET', '/api/me'), 401, 'unauthorized');
    expectError(await h.inject({ method: 'POST', url: '/auth/sign-out' }), 401, 'unauthorized');
  });
});
