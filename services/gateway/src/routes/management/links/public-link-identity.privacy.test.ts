import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';
import { hoursFromNow, identityLink, identityToken, signedUser } from '../../../../test/identity-fixtures.js';
import { visitorPost } from '../../../../test/public-link-fixtures.js';

/**
 * A widget's signed-in visitor named by their email (docs/management-api.md "Privacy"): the host site's
 * `user` carries the email (as said with `user_hash`, or signed in a token's `email` claim), never
 * verified by the platform – yet it is who the conversation is about, so the data subject who
 * knows only their address finds it, and has it erased.
 */
describe('export and erasure by email reach signed-in visitors', () => {
  let h: GatewayHarness;

  beforeAll(async () => {
    h = await startGatewayHarness({}, { live: {} });
  });
  afterAll(async () => h?.stop());

  /** A signed-in visitor's session on the link, started with `user`, and one message of theirs. */
  async function talks(token: string, user: Record<string, unknown>, said: string) {
    const started = await h.inject(visitorPost(`/api/public/sessions/${token}`, { user }));
    expect(started.status, started.text).toBe(201);
    const session = started.body.session as string;
    const sent = await h.inject(visitorPost(`/api/public/chat/${token}`, { content: said, session }));
    expect(sent.status, sent.text).toBe(200);
    return { session, conversationId: started.body.conversation_id as string };
  }

  const exportOf = (email: string, tenantId: string) => h.admin('GET', `/api/visitors/${encodeURIComponent(email)}/export`, undefined, tenantId);
  const conversationView = (id: string, tenantId: string) => h.admin('GET', `/api/conversations/${id}`, undefined, tenantId);
  const liveEvents = async (conversationId: string) => (await h.live!.readAfter(conversationId, undefined, 1_000)).events;
  const memoriesOf = (tenantId: string) =>
    h.ctx.db.selectFrom('visitor_memories').select(['visitor', 'user_id']).where('tenant_id', '=', tenantId).orderBy('visitor').execute();

  it('finds both signing forms by the email (any letter case), erases their words, name, email, memory and live log, and leaves another tenant’s visitor of the same email alone', async () => {
    const link = await identityLink(h);
    // The hash form: the page says the name and email (spaces and capitals as the host wrote them).
    const hashed = await talks(link.token, signedUser(link.secret, 'u-ann-1', { name: 'Ann Hashed', email: ' Ann.Lee@Example.COM' }), 'my order is 4711');
    // The token form: the name and email are signed claims.
    const token = identityToken(link.secret, { sub: 'u-ann-2', name: 'Ann Token', email: 'ann.lee@example.com', exp: hoursFromNow(1) });
    const tokened = await talks(link.token, { token }, 'my phone is 0170 5550199');
    // Someone else on the same link, who must stay.
    const other = await talks(link.token, signedUser(link.secret, 'u-bob', { name: 'Bob', email: 'bob@example.com' }), 'bob here');

    const elsewhere = await identityLink(h);
    const outsider = await talks(
      elsewhere.token,
      signedUser(elsewhere.secret, 'u-ann-1', { name: 'Ann Elsewhere', email: 'ann.lee@example.com' }),
      'another tenant’s ann',
    );

    // Their messages are counted into what the agent remembers of each signed-in user (by the event consumer).
    await expect.poll(async () => (await memoriesOf(link.tenantId)).map((m) => m.user_id)).toEqual(expect.arrayContaining(['u-ann-1', 'u-ann-2', 'u-bob']));
    await expect.poll(async () => (await memoriesOf(elsewhere.tenantId)).length).toBe(1);
    expect((await liveEvents(hashed.conversationId)).length).toBeGreaterThan(0);

    // The export by the address – asked in another letter case – lists both conversations with their messages and memories.
    const exported = await exportOf('ANN.LEE@example.com', link.tenantId);
    expect(exported.status, exported.text).toBe(200);
    expect(exported.body.email).toBe('ann.lee@example.com');
    const byId = new Map<string, { metadata: { user: { name: string; email: string } }; messages: { content: string }[] }>(
      exported.body.conversations.map((c: { id: string }) => [c.id, c]),
    );
    expect([...byId.keys()].sort()).toEqual([hashed.conversationId, tokened.conversationId].sort());
    expect(byId.get(hashed.conversationId)?.metadata.user).toMatchObject({ name: 'Ann Hashed', email: ' Ann.Lee@Example.COM' });
    expect(byId.get(hashed.conversationId)?.messages.map((m) => m.content)).toContain('my order is 4711');
    expect(byId.get(tokened.conversationId)?.metadata.user).toMatchObject({ name: 'Ann Token', email: 'ann.lee@example.com' });
    expect(byId.get(tokened.conversationId)?.messages.map((m) => m.content)).toContain('my phone is 0170 5550199');
    expect(exported.body.memories.map((m: { visitor: string }) => m.visitor).sort()).toEqual(
      [`user:${await realmOf(link.id)}:u-ann-1`, `user:${await realmOf(link.id)}:u-ann-2`].sort(),
    );

    const erased = await h.admin('DELETE', `/api/visitors/${encodeURIComponent('ann.lee@example.com')}`, undefined, link.tenantId);
    expect(erased.status, erased.text).toBe(200);
    expect(erased.body.erased).toMatchObject({ conversations: 2, memories: 2 });
    expect(erased.body.erased.messages).toBeGreaterThanOrEqual(4);

    // Gone: the export is empty, the conversations show no messages, name or email, their live logs replay nothing.
    const after = await exportOf('ann.lee@example.com', link.tenantId);
    expect(after.body).toMatchObject({ conversations: [], memories: [], inbox_events: [] });
    for (const { conversationId, session } of [hashed, tokened]) {
      const view = await conversationView(conversationId, link.tenantId);
      expect(view.status, view.text).toBe(200);
      expect(view.body).toMatchObject({ messages: [], visitor: { name: null, email: null }, collected_data: {} });
      expect(view.text).not.toMatch(/Ann|ann\.lee|4711|0170/);
      expect(await liveEvents(conversationId)).toEqual([]);
      // The visitor's credential opens nothing any more.
      expectError(await h.inject({ method: 'GET', url: `/api/public/history/${link.token}?session=${session}` }), 401, 'unauthorized');
    }
    expect((await memoriesOf(link.tenantId)).map((m) => m.user_id)).toEqual(['u-bob']);

    // Bob on the same link, and the other tenant's visitor of the same email and user id, are untouched.
    const bob = await conversationView(other.conversationId, link.tenantId);
    expect(bob.body).toMatchObject({ visitor: { name: 'Bob', email: 'bob@example.com' } });
    expect(bob.body.messages.map((m: { content: string }) => m.content)).toContain('bob here');
    const kept = await conversationView(outsider.conversationId, elsewhere.tenantId);
    expect(kept.body).toMatchObject({ visitor: { name: 'Ann Elsewhere', email: 'ann.lee@example.com' } });
    expect(kept.body.messages.map((m: { content: string }) => m.content)).toContain('another tenant’s ann');
    expect((await liveEvents(outsider.conversationId)).length).toBeGreaterThan(0);
    expect((await exportOf('ann.lee@example.com', elsewhere.tenantId)).body.conversations.map((c: { id: string }) => c.id)).toEqual([outsider.conversationId]);
    expect(await memoriesOf(elsewhere.tenantId)).toHaveLength(1);

    // Erasing again finds nothing more.
    expect((await h.admin('DELETE', '/api/visitors/ann.lee@example.com', undefined, link.tenantId)).body.erased).toEqual({
      conversations: 0,
      messages: 0,
      memories: 0,
    });
  });

  /** The identity realm of a link (the memory key of its signed-in users names it). */
  async function realmOf(linkId: string): Promise<string> {
    const row = await h.ctx.db.selectFrom('public_links').select('identity_realm').where('id', '=', linkId).executeTakeFirstOrThrow();
    return row.identity_realm as string;
  }
});
