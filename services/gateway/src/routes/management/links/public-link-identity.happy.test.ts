import { sessionCredentialPattern } from '@parley/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';
import { deviceOf, hoursFromNow, identityLink, identityToken, signedUser } from '../../../../test/identity-fixtures.js';
import { createLink, visitorPost } from '../../../../test/public-link-fixtures.js';

describe('signed visitor identity', () => {
  let h: GatewayHarness;

  beforeAll(async () => {
    h = await startGatewayHarness();
  });
  afterAll(async () => h?.stop());

  const conversation = (id: string) =>
    h.ctx.db.selectFrom('text_conversations').select(['user_id', 'visitor_email', 'metadata', 'channel']).where('id', '=', id).executeTakeFirstOrThrow();

  it('makes a secret once per call (shown only then), lists whether a link has one, and require_identity is a setting like any other', async () => {
    const link = await createLink(h);
    const path = `/api/agents/${link.agent}/public-links`;
    const listed = async () => (await h.admin('GET', path, undefined, link.tenantId)).body.links[0];
    expect(await listed()).toMatchObject({ require_identity: false, has_identity_secret: false });

    const first = await h.admin('POST', `${path}/${link.id}/identity-secret`, undefined, link.tenantId);
    expect(first.status, first.text).toBe(200);
    expect(first.body).toEqual({ secret: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(first.headers['cache-control']).toBe('no-store');
    const second = await h.admin('POST', `${path}/${link.id}/identity-secret`, undefined, link.tenantId);
    expect(second.body.secret).not.toBe(first.body.secret);

    const list = await h.admin('GET', path, undefined, link.tenantId);
    expect(list.body.links[0]).toMatchObject({ has_identity_secret: true });
    expect(list.text).not.toContain(second.body.secret);

    const updated = await h.admin('PUT', `${path}/${link.id}`, { require_identity: true }, link.tenantId);
    expect(updated.status, updated.text).toBe(200);
    expect(updated.body).toMatchObject({ require_identity: true, has_identity_secret: true });
    expect((await h.inject({ method: 'GET', url: `/api/public/links/${link.token}` })).body).toMatchObject({ require_identity: true });
    const created = await h.admin('POST', path, { title: 'Members only', require_identity: true }, link.tenantId);
    expect(created.body).toMatchObject({ require_identity: true, has_identity_secret: false });
  });

  it('binds a session started with a valid user_hash to that user, on every way a session starts; name and email are kept as said', async () => {
    const link = await identityLink(h);
    const ada = signedUser(link.secret, 'user-42', { name: 'Ada', email: 'ada@example.com' });

    const withMessage = await h.inject(visitorPost(`/api/public/chat/${link.token}`, { content: 'hello', user: ada }));
    expect(withMessage.status, withMessage.text).toBe(200);
    expect(withMessage.body.session).toMatch(sessionCredentialPattern);
    const row = await conversation(withMessage.body.conversation_id);
    expect(row).toMatchObject({ user_id: 'user-42', channel: 'link', metadata: { user: { id: 'user-42', name: 'Ada', email: 'ada@example.com' } } });
    // The email the host page passed is not a verified one.
    expect(row.visitor_email).toBeNull();

    const withoutMessage = await h.inject(visitorPost(`/api/public/sessions/${link.token}`, { user: signedUser(link.secret, 'user-43') }));
    expect(withoutMessage.status, withoutMessage.text).toBe(201);
    expect((await conversation(withoutMessage.body.conversation_id)).user_id).toBe('user-43');

    // "New conversation" keeps the user the session was bound to, with or without `user` again.
    const fresh = await h.inject(visitorPost(`/api/public/chat/${link.token}/new`, { content: 'again', session: withMessage.body.session }));
    expect(fresh.status, fresh.text).toBe(200);
    expect(fresh.body.conversation_id).not.toBe(withMessage.body.conversation_id);
    expect((await conversation(fresh.body.conversation_id)).user_id).toBe('user-42');

    // A continued session stays whose it was: `user` counts only when a session starts.
    const continued = await h.inject(
      visitorPost(`/api/public/chat/${link.token}`, { content: 'more', session: fresh.body.session, user: signedUser(link.secret, 'user-99') }),
    );
    expect(continued.status, continued.text).toBe(200);
    expect((await conversation(fresh.body.conversation_id)).user_id).toBe('user-42');
  });

  it('a require_identity link chats with signed-in users, and their new conversations need no second `user`', async () => {
    const link = await identityLink(h, { require_identity: true });
    const started = await h.inject(visitorPost(`/api/public/chat/${link.token}`, { content: 'hi', user: signedUser(link.secret, 'member-1') }));
    expect(started.status, started.text).toBe(200);
    const fresh = await h.inject(visitorPost(`/api/public/chat/${link.token}/new`, { content: 'next', session: started.body.session }));
    expect(fresh.status, fresh.text).toBe(200);
    expect((await conversation(fresh.body.conversation_id)).user_id).toBe('member-1');
  });

  it('a JWT signed with the link’s secret binds its `sub`, and signs name and email too; it is the same user as the hash form', async () => {
    const link = await identityLink(h);
    const token = identityToken(link.secret, { sub: 'user-77', name: 'Grace', email: 'grace@example.com', exp: hoursFromNow(1) });
    const withMessage = await h.inject(visitorPost(`/api/public/chat/${link.token}`, { content: 'hello', user: { token } }));
    expect(withMessage.status, withMessage.text).toBe(200);
    const row = await conversation(withMessage.body.conversation_id);
    expect(row).toMatchObject({ user_id: 'user-77', channel: 'link', metadata: { user: { id: 'user-77', name: 'Grace', email: 'grace@example.com' } } });
    expect(row.visitor_email).toBeNull();

    const withoutMessage = await h.inject(
      visitorPost(`/api/public/sessions/${link.token}`, { user: { token: identityToken(link.secret, { sub: 'user-77', exp: hoursFromNow(24) }) } }),
    );
    expect(withoutMessage.status, withoutMessage.text).toBe(201);
    // The user of a token and of a hash of the same id on the same link is one person.
    const viaHash = await deviceOf(h, link.token, signedUser(link.secret, 'user-77'));
    const listed = await viaHash.earlier();
    expect(listed.body.conversations.map((c: { conversation_id: string }) => c.conversation_id)).toEqual([withMessage.body.conversation_id]);
  });

  it('identity_token_required is a setting like any other, and such a link takes a token where it refuses user_hash', async () => {
    const link = await identityLink(h, { identity_token_required: true });
    const path = `/api/agents/${link.agent}/public-links`;
    expect((await h.admin('GET', path, undefined, link.tenantId)).body.links[0]).toMatchObject({ identity_token_required: true });

    const refused = await h.inject(visitorPost(`/api/public/chat/${link.token}`, { content: 'hi', user: signedUser(link.secret, 'member-2') }));
    expect(refused.status, refused.text).toBe(401);
    expect(refused.body.error).toMatchObject({ code: 'unauthorized', details: { reason: 'identity_token_required' } });
    const accepted = await h.inject(
      visitorPost(`/api/public/chat/${link.token}`, { content: 'hi', user: { token: identityToken(link.secret, { sub: 'member-2', exp: hoursFromNow(2) }) } }),
    );
    expect(accepted.status, accepted.text).toBe(200);

    const updated = await h.admin('PUT', `${path}/${link.id}`, { identity_token_required: false }, link.tenantId);
    expect(updated.body).toMatchObject({ identity_token_required: false });
    expect((await h.inject(visitorPost(`/api/public/chat/${link.token}`, { content: 'hi', user: signedUser(link.secret, 'member-2') }))).status).toBe(200);
    expect((await h.admin('POST', path, { title: 'Plain' }, link.tenantId)).body).toMatchObject({ identity_token_required: false });
  });
});
