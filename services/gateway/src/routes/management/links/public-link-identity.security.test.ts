import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';
import { hoursFromNow, identityLink, identityToken, signedUser, userHash } from '../../../../test/identity-fixtures.js';
import { createLink, visitorPost } from '../../../../test/public-link-fixtures.js';

describe('signed visitor identity: no one is taken for another', () => {
  let h: GatewayHarness;

  beforeAll(async () => {
    h = await startGatewayHarness({}, { mailer: { sendCode: async () => {} } });
  });
  afterAll(async () => h?.stop());

  const sessionsOf = (linkId: string) => h.ctx.db.selectFrom('text_conversations').select(['id', 'user_id']).where('link_id', '=', linkId).execute();

  it('a wrong hash – another user’s, another link’s secret, a truncated or upper-cased one – is 401 identity_invalid and starts nothing', async () => {
    const link = await identityLink(h);
    const other = await identityLink(h);
    const hash = userHash(link.secret, 'alice');
    for (const user_hash of [userHash(link.secret, 'mallory'), userHash(other.secret, 'alice'), hash.slice(0, 63), `${hash}00`, 'z'.repeat(64), '']) {
      for (const request of [
        visitorPost(`/api/public/chat/${link.token}`, { content: 'hi', user: { user_id: 'alice', user_hash } }),
        visitorPost(`/api/public/sessions/${link.token}`, { user: { user_id: 'alice', user_hash } }),
      ]) {
        const refused = await h.inject(request);
        expectError(refused, 401, 'unauthorized', /user_hash/);
        expect(refused.body.error.details).toEqual({ reason: 'identity_invalid' });
      }
    }
    expect(await sessionsOf(link.id)).toEqual([]);
    // Hex digits are hex digits, whatever their case.
    const upper = await h.inject(visitorPost(`/api/public/sessions/${link.token}`, { user: { user_id: 'alice', user_hash: hash.toUpperCase() } }));
    expect(upper.status, upper.text).toBe(201);
  });

  it('a user on a link without a secret cannot be verified: 401 identity_not_configured, never an unverified binding', async () => {
    const link = await createLink(h);
    const refused = await h.inject(visitorPost(`/api/public/chat/${link.token}`, { content: 'hi', user: { user_id: 'alice', user_hash: 'a'.repeat(64) } }));
    expectError(refused, 401, 'unauthorized');
    expect(refused.body.error.details).toEqual({ reason: 'identity_not_configured' });
    expect(await sessionsOf(link.id)).toEqual([]);
  });

  it('rotating the secret stops the old hashes at once; sessions already bound stay bound', async () => {
    const link = await identityLink(h);
    const before = await h.inject(visitorPost(`/api/public/chat/${link.token}`, { content: 'hi', user: signedUser(link.secret, 'bob') }));
    expect(before.status, before.text).toBe(200);
    const rotated = await h.admin('POST', `/api/agents/${link.agent}/public-links/${link.id}/identity-secret`, undefined, link.tenantId);
    expectError(await h.inject(visitorPost(`/api/public/sessions/${link.token}`, { user: signedUser(link.secret, 'bob') })), 401, 'unauthorized');
    expect((await h.inject(visitorPost(`/api/public/sessions/${link.token}`, { user: signedUser(rotated.body.secret, 'bob') }))).status).toBe(201);
    const still = await h.inject(visitorPost(`/api/public/chat/${link.token}`, { content: 'still me', session: before.body.session }));
    expect(still.status, still.text).toBe(200);
  });

  it('the secret is kept sealed: its row holds `sealed1.…`, never the secret, and a sealed secret moved to another link verifies no one there', async () => {
    const link = await identityLink(h);
    const other = await identityLink(h);
    const storedOf = async (id: string) =>
      (await h.ctx.db.selectFrom('public_links').select('identity_secret').where('id', '=', id).executeTakeFirstOrThrow()).identity_secret!;
    const stored = await storedOf(link.id);
    expect(stored).toMatch(/^sealed1\.[A-Za-z0-9_-]+$/);
    expect(stored).not.toContain(link.secret);
    expect((await h.inject(visitorPost(`/api/public/sessions/${link.token}`, { user: signedUser(link.secret, 'frank') }))).status).toBe(201);

    // As someone with write access to the database might: the first link's sealed secret copied onto the second.
    await h.ctx.db.updateTable('public_links').set({ identity_secret: stored }).where('id', '=', other.id).execute();
    for (const secret of [link.secret, other.secret]) {
      const refused = await h.inject(visitorPost(`/api/public/sessions/${other.token}`, { user: signedUser(secret, 'frank') }));
      expectError(refused, 401, 'unauthorized');
      expect(refused.body.error.details).toEqual({ reason: 'identity_not_configured' });
    }
    expect(await sessionsOf(other.id)).toEqual([]);
    // A new secret made for it works again.
    const renewed = await h.admin('POST', `/api/agents/${other.agent}/public-links/${other.id}/identity-secret`, undefined, other.tenantId);
    expect((await h.inject(visitorPost(`/api/public/sessions/${other.token}`, { user: signedUser(renewed.body.secret, 'frank') }))).status).toBe(201);
  });

  it("another tenant's key cannot make or see a link's secret", async () => {
    const link = await createLink(h);
    const stranger = await h.seedTenant('stranger');
    const refused = await h.withKey(stranger.key, 'POST', `/api/agents/${link.agent}/public-links/${link.id}/identity-secret`);
    expectError(refused, 404, 'not_found');
    expect(
      (await h.ctx.db.selectFrom('public_links').select('identity_secret').where('id', '=', link.id).executeTakeFirstOrThrow()).identity_secret,
    ).toBeNull();
  });

  it('the email a host page passes does not verify it: an email-verification link still asks for a verified email', async () => {
    const link = await identityLink(h, { require_email_verification: true });
    const refused = await h.inject(
      visitorPost(`/api/public/chat/${link.token}`, { content: 'hi', user: signedUser(link.secret, 'carol', { email: 'ceo@example.com' }) }),
    );
    expectError(refused, 403, 'forbidden');
    expect(refused.body.error.details).toMatchObject({ reason: 'verification_required' });
  });

  it('a token that is not a live HS256 JWT of this link’s secret is 401 with its reason, and starts nothing', async () => {
    const link = await identityLink(h);
    const other = await identityLink(h);
    const valid = identityToken(link.secret, { sub: 'eve', exp: hoursFromNow(1) });
    const [header, claims] = valid.split('.');
    for (const [token, reason] of [
      [identityToken(link.secret, { sub: 'eve', exp: hoursFromNow(-1) }), 'identity_token_expired'],
      [identityToken(link.secret, { sub: 'eve', exp: hoursFromNow(25) }), 'identity_token_exp_too_far'],
      [identityToken(link.secret, { sub: 'eve' }), 'identity_token_exp_missing'],
      [identityToken(link.secret, { exp: hoursFromNow(1) }), 'identity_token_sub_missing'],
      [identityToken(link.secret, { sub: '', exp: hoursFromNow(1) }), 'identity_token_sub_missing'],
      [identityToken(other.secret, { sub: 'eve', exp: hoursFromNow(1) }), 'identity_token_invalid'],
      [identityToken(link.secret, { sub: 'eve', exp: hoursFromNow(1) }, { alg: 'none', typ: 'JWT' }), 'identity_token_invalid'],
      [identityToken(link.secret, { sub: 'eve', exp: hoursFromNow(1) }, { alg: 'RS256', typ: 'JWT' }), 'identity_token_invalid'],
      [identityToken(link.secret, { sub: 'eve', exp: hoursFromNow(1) }, { alg: 'HS512', typ: 'JWT' }), 'identity_token_invalid'],
      [`${header}.${claims}.`, 'identity_token_invalid'],
      [
        `${header}.${Buffer.from(JSON.stringify({ sub: 'mallory', exp: hoursFromNow(1) })).toString('base64url')}.${valid.split('.')[2]}`,
        'identity_token_invalid',
      ],
      ['not.a.jwt', 'identity_token_invalid'],
      [identityToken(link.secret, { sub: 42, exp: hoursFromNow(1) }), 'identity_token_sub_missing'],
      [identityToken(link.secret, { sub: 'eve', exp: hoursFromNow(1), email: ['a'] }), 'identity_token_invalid'],
    ] as const) {
      for (const request of [
        visitorPost(`/api/public/chat/${link.token}`, { content: 'hi', user: { token } }),
        visitorPost(`/api/public/sessions/${link.token}`, { user: { token } }),
      ]) {
        const refused = await h.inject(request);
        expectError(refused, 401, 'unauthorized');
        expect(refused.body.error.details, token).toEqual({ reason });
      }
    }
    expect(await sessionsOf(link.id)).toEqual([]);
    // A token on a link without a secret: nothing could have signed it.
    const plain = await createLink(h);
    const unsigned = await h.inject(visitorPost(`/api/public/sessions/${plain.token}`, { user: { token: valid } }));
    expect(unsigned.body.error.details).toEqual({ reason: 'identity_not_configured' });
  });
});
