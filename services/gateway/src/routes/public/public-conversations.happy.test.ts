import { sha256Hex } from '@parley/auth';
import { sessionCredentialPattern } from '@parley/contracts';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from '../../../test/gateway-harness.js';
import { anotherLinkOf, deviceOf, identityLink, signedUser, transcript } from '../../../test/identity-fixtures.js';
import { createLink, visitorPost } from '../../../test/public-link-fixtures.js';

describe("a signed-in or verified visitor's earlier conversations", () => {
  let h: GatewayHarness;

  beforeAll(async () => {
    h = await startGatewayHarness({}, { live: {}, mailer: { sendCode: async () => {} } });
  });
  afterAll(async () => h?.stop());

  it('the same user on two devices: the second lists the first one’s conversation, reopens it with its history and chats on in it; the first goes on too', async () => {
    const link = await identityLink(h);
    const phone = await deviceOf(h, link.token, signedUser(link.secret, 'rider-7'));
    expect((await phone.say('My bike is BK-20417')).status).toBe(200);

    const laptop = await deviceOf(h, link.token, signedUser(link.secret, 'rider-7', { name: 'Rider' }));
    const listed = await laptop.earlier();
    expect(listed.status, listed.text).toBe(200);
    expect(listed.body).toEqual({
      conversations: [
        {
          conversation_id: phone.conversationId,
          status: 'active',
          created_at: expect.any(String),
          last_message_at: expect.any(String),
          turns: 1,
          preview: 'My bike is BK-20417',
        },
      ],
      next_cursor: null,
    });
    expect(Date.parse(listed.body.conversations[0].last_message_at)).toBeGreaterThanOrEqual(Date.parse(listed.body.conversations[0].created_at));
    // The phone's list leaves out its own conversation, and the laptop's, where nothing was said yet.
    expect((await phone.earlier()).body.conversations).toEqual([]);

    const resumed = await laptop.resume(phone.conversationId);
    expect(resumed.status, resumed.text).toBe(200);
    expect(resumed.body).toEqual({
      session: expect.stringMatching(sessionCredentialPattern),
      conversation_id: phone.conversationId,
      expires_at: expect.any(String),
      remaining_messages: null,
      last_event_id: expect.any(String),
    });
    expect(resumed.body.session).not.toBe(laptop.session);
    expect(transcript(await laptop.history(resumed.body.session))).toEqual(['assistant: Say something.', 'user: My bike is BK-20417', 'assistant: Noted.']);

    const onLaptop = await laptop.say('Is it ready?', resumed.body.session);
    expect(onLaptop.status, onLaptop.text).toBe(200);
    expect(onLaptop.body).toMatchObject({ conversation_id: phone.conversationId, session: resumed.body.session, response: 'Noted.' });
    // The phone's credential still works, in the same conversation, with what the laptop said.
    const onPhone = await phone.say('Thanks');
    expect(onPhone.body.conversation_id).toBe(phone.conversationId);
    expect(transcript(await phone.history()).slice(-4)).toEqual(['user: Is it ready?', 'assistant: Noted.', 'user: Thanks', 'assistant: Noted.']);
    // Where the laptop started is still there for it to come back to.
    expect((await laptop.history()).status).toBe(200);
  });

  it('rotating the link’s identity secret keeps its users who they were: the same user signed with the new secret lists and reopens their conversation', async () => {
    const link = await identityLink(h);
    const before = await deviceOf(h, link.token, signedUser(link.secret, 'rotated-user'));
    await before.say('before the rotation');
    const rotated = await h.admin('POST', `/api/agents/${link.agent}/public-links/${link.id}/identity-secret`, undefined, link.tenantId);
    expect(rotated.status, rotated.text).toBe(200);

    const after = await deviceOf(h, link.token, signedUser(rotated.body.secret, 'rotated-user'));
    expect((await after.earlier()).body.conversations.map((c: { conversation_id: string }) => c.conversation_id)).toEqual([before.conversationId]);
    expect((await after.resume(before.conversationId)).status).toBe(200);
  });

  it('pages through many earlier conversations newest first with the cursor, none twice', async () => {
    const link = await identityLink(h, { rate_limit_per_minute: 1_000 });
    const user = signedUser(link.secret, 'reader');
    for (let i = 0; i < 5; i++) await (await deviceOf(h, link.token, user)).say(`conversation ${i}`);
    const viewer = await deviceOf(h, link.token, user);
    const previews: string[] = [];
    let cursor: string | null = '';
    let pages = 0;
    while (cursor !== null) {
      const page = await viewer.earlier(`&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(page.status, page.text).toBe(200);
      expect(page.body.conversations.length).toBeLessThanOrEqual(2);
      previews.push(...page.body.conversations.map((c: { preview: string }) => c.preview));
      cursor = page.body.next_cursor;
      pages++;
    }
    expect(pages).toBe(3);
    expect(previews).toEqual(['conversation 4', 'conversation 3', 'conversation 2', 'conversation 1', 'conversation 0']);
    expect((await viewer.earlier('&limit=100')).body.conversations).toHaveLength(5);
  });

  it('an email-verified visitor’s conversations follow them to another link of the agent, where the one they reopen goes on', async () => {
    const first = await createLink(h, { require_email_verification: true });
    const second = await anotherLinkOf(h, first, { require_email_verification: true });
    const access = async (token: string) => h.bus.request('links.links.resolve', { tokenHash: sha256Hex(token) });
    const before = await h.bus.request('sessions.public-start', { link: await access(first.token), email: 'ada@example.com' });
    expect((await h.inject(visitorPost(`/api/public/chat/${first.token}`, { content: 'I collect maps', session: before.session }))).status).toBe(200);

    const now = await h.bus.request('sessions.public-start', { link: await access(second.token), email: 'ada@example.com' });
    const listed = await h.inject({ method: 'GET', url: `/api/public/conversations/${second.token}?session=${now.session}` });
    expect(listed.status, listed.text).toBe(200);
    expect(listed.body.conversations.map((c: { conversation_id: string; preview: string }) => [c.conversation_id, c.preview])).toEqual([
      [before.conversation_id, 'I collect maps'],
    ]);
    const languageOf = async (id: string) =>
      (await h.ctx.db.selectFrom('text_conversations').select('visitor_language').where('id', '=', id).executeTakeFirstOrThrow()).visitor_language;
    expect(await languageOf(before.conversation_id)).toBeNull();
    // Reopened from a French page: its mails to the visitor are French from now on (docs/public-chat-api.md "Visitors' language and look").
    const resumed = await h.inject(
      visitorPost(
        `/api/public/chat/${second.token}/resume`,
        { session: now.session, conversation_id: before.conversation_id },
        { headers: { 'accept-language': 'fr-FR,fr;q=0.9' } },
      ),
    );
    expect(resumed.status, resumed.text).toBe(200);
    expect(await languageOf(before.conversation_id)).toBe('fr');
    const reply = await h.inject(visitorPost(`/api/public/chat/${second.token}`, { content: 'Old ones', session: resumed.body.session }));
    expect(reply.body.conversation_id).toBe(before.conversation_id);
    // It lives on the second link now (its rules, its usage): the first link's credential no longer opens it there.
    expect((await h.inject({ method: 'GET', url: `/api/public/history/${first.token}?session=${before.session}` })).status).toBe(401);
  });

  it('reopens an abandoned conversation where its workflow stopped, its live events going on after the mark', async () => {
    const link = await identityLink(h);
    const user = signedUser(link.secret, 'returning');
    const yesterday = await deviceOf(h, link.token, user);
    await yesterday.say('hello');
    await sql`UPDATE text_conversations SET updated_at = now() - interval '2 hours' WHERE id = ${yesterday.conversationId}`.execute(h.ctx.db);
    await h.bus.request('sessions.abandon-idle', { idleSeconds: 1_800 });
    expect((await yesterday.say('still there?')).status).toBe(410);

    const today = await deviceOf(h, link.token, user);
    expect((await today.earlier()).body.conversations).toMatchObject([{ conversation_id: yesterday.conversationId, status: 'abandoned' }]);
    const resumed = await today.resume(yesterday.conversationId);
    expect(resumed.status, resumed.text).toBe(200);
    const polled = async (after: string) =>
      (await h.inject({ method: 'GET', url: `/api/public/history/${link.token}?session=${resumed.body.session}&after=${after}` })).body;
    // Its log ends with the session_ended of the abandonment; after the mark nothing has happened yet.
    expect((await polled('')).events.map((e: { event: string }) => e.event)).toContain('session_ended');
    expect((await polled(resumed.body.last_event_id)).events).toEqual([]);

    // The workflow goes on from the echo node: "stop" leads to its end.
    const ended = await today.say('stop', resumed.body.session);
    expect(ended.status, ended.text).toBe(200);
    expect(ended.body).toMatchObject({ response: 'Bye.', session_ended: true });
    expect((await polled(resumed.body.last_event_id)).events.map((e: { event: string }) => e.event)).toContain('message');
  });
});
